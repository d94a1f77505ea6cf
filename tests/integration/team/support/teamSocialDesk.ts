/**
 * A team desk core with the brand's Bluesky account (and, when given, the
 * chat stand-in) for the team social stories: createCore from a profile that
 * names the team database and the account, as main builds it, resolved once
 * the team session is connected.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SocialItem, TeamStatus } from '@tandem/contract';
import { createCore, type Core } from '../../../../main/core/app/createCore';
import { createConsoleLogger, silentLogger } from '../../../../main/core/log/logger';
import { Profile } from '../../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../../main/core/settings/preferencesStore';
import { ok } from '../../support/bluesky';
import { EventRecorder } from '../../support/eventRecorder';
import type { AgentLogin } from './teamCluster';

export interface TeamSocialDesk {
  readonly name: string;
  readonly dataDir: string;
  readonly core: Core;
  readonly events: EventRecorder;
  journal(): Promise<SocialItem[]>;
  /** How many times the desk's journal (what its inbox shows) holds `uri`. */
  copies(uri: string): Promise<number>;
  close(): Promise<void>;
}

export interface TeamSocialDeskOptions {
  readonly login: AgentLogin;
  readonly name: string;
  /** The team database's URL for this agent (through a relay when a story cuts it). */
  readonly databaseUrl: string;
  readonly brand: { readonly handle: string; readonly appPassword: string; readonly service: string };
  readonly chatService?: { readonly url: string; readonly did: string };
  /** The desk's data folder: the same one again is the same desk restarting. Default: a new one. */
  readonly dataDir?: string;
}

export async function startTeamSocialDesk(options: TeamSocialDeskOptions): Promise<TeamSocialDesk> {
  const { login, name, brand } = options;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), `tandem-team-social-${login.id}-`)));
  const account = { network: 'bluesky', service: brand.service, handle: brand.handle, appPassword: brand.appPassword };
  const core = await createCore({
    profile: Profile.parse({
      language: 'en',
      agent: { name, id: login.id },
      social: [{ ...account, ...(options.chatService === undefined ? {} : { chatService: options.chatService }) }],
      team: { database: { url: options.databaseUrl, password: login.password, tls: 'disable' } },
    }),
    secrets: new MemorySecretStore(),
    preferences: new MemoryPreferencesStore(),
    shell: 'web',
    version: '0.0.0-test',
    log: process.env['TANDEM_TEST_LOG'] === '1' ? createConsoleLogger(`desk-${login.id}`) : silentLogger,
    dataDir,
  });
  const events = new EventRecorder(core);
  let closed = false;
  const journal = async () => (await ok<{ items: SocialItem[] }>(core.dispatch('social:sync', { afterSeq: -1, limit: 1_000 }))).items;
  const desk: TeamSocialDesk = {
    name,
    dataDir,
    core,
    events,
    journal,
    copies: async (uri) => (await journal()).filter((item) => item.uri === uri).length,
    async close() {
      if (closed) return;
      closed = true;
      events.stop();
      await core.dispose();
    },
  };
  await expect.poll(async () => (await ok<TeamStatus>(core.dispatch('team:getStatus', {}))).state, { timeout: 20_000, interval: 50 }).toBe('connected');
  return desk;
}
