/**
 * A desk's core (createCore from a profile that names the team database, the
 * agent's own login) for integration stories, resolved once its team session
 * is live: what the real app runs, without a window.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TeamStatus } from '@tandem/contract';
import { createCore, type Core } from '../../../../main/core/app/createCore';
import { silentLogger } from '../../../../main/core/log/logger';
import { Profile } from '../../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../../main/core/settings/preferencesStore';
import type { AgentLogin, TeamCluster } from './teamCluster';

const CONNECT_MS = 20_000;

export interface TeamDeskCoreOptions {
  readonly cluster: TeamCluster;
  readonly database: string;
  readonly login: AgentLogin;
  readonly name: string;
  /** The desk's data folder (default: a new temporary one). */
  readonly dataDir?: string;
}

/** Starts the desk and waits until its header would read "Team: connected". */
export async function startTeamDeskCore({ cluster, database, login, name, dataDir }: TeamDeskCoreOptions): Promise<Core> {
  const core = await createCore({
    profile: Profile.parse({
      agent: { name, id: login.id },
      team: { database: { url: cluster.url(database, login.id), password: login.password, tls: 'disable' } },
    }),
    secrets: new MemorySecretStore(),
    preferences: new MemoryPreferencesStore(),
    shell: 'web',
    version: '0.0.0-test',
    log: silentLogger,
    dataDir: dataDir ?? (await mkdtemp(join(tmpdir(), `tandem-team-${login.id}-`))),
  });
  await teamConnected(core, login.id);
  return core;
}

/** Resolves when the core's team status is `connected` (already, or by a later `team:status`). */
export function teamConnected(core: Core, who: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${who}'s desk never connected`)), CONNECT_MS);
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const unsubscribe = core.events.on('team:status', (status) => {
      if (status.state === 'connected') done();
    });
    void core.dispatch('team:getStatus', {}).then((answer) => {
      if (answer.ok && (answer.value as TeamStatus).state === 'connected') done();
    });
  });
}
