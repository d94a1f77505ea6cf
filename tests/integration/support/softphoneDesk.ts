/**
 * Agents' desks for softphone integration tests: a real Core built by
 * createCore with a SIP account on the test Kamailio, its events recorded and
 * its media requests answered by a Node test media engine.
 */
import { createCore, type Core } from '../../../main/core/app/createCore';
import { createConsoleLogger, silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';
import type { CallInfo } from '@tandem/contract';
import type { Kamailio } from '../../peers/kamailio';
import { EventRecorder } from './eventRecorder';
import { TestMediaEngine } from './testMediaEngine';

export interface Desk {
  readonly user: string;
  readonly core: Core;
  readonly events: EventRecorder;
  readonly media: TestMediaEngine;
  dispose(): Promise<void>;
}

export interface DeskOptions {
  readonly displayName?: string;
  /** The profile's `sip.transfer` (who may transfer this desk with a REFER). */
  readonly transfer?: { readonly allowedTargets?: string[]; readonly allowFromExternal?: boolean; readonly allowPhoneNumbers?: boolean };
  /** The profile's `team.roster`. */
  readonly roster?: Array<{ readonly name: string; readonly uri: string }>;
  /** The SIP server URL (default: the Kamailio's ws:// one). */
  readonly server?: string;
  /** The profile's `sip.trustedCertificates`: a PEM file of extra CAs. */
  readonly trustedCertificates?: string;
}

/** Opens a desk for `user` as the browser host would build it; it starts registering at once. */
export async function openDesk(kamailio: Kamailio, user: string, password: string, options: DeskOptions = {}): Promise<Desk> {
  const core = await createCore({
    profile: Profile.parse({
      agent: { name: `Agent ${user}` },
      sip: {
        server: options.server ?? kamailio.wsUrl,
        uri: `sip:${user}@${kamailio.domain}`,
        authorizationUser: user,
        password,
        displayName: options.displayName ?? `Agent ${user}`,
        defaultRegion: 'US',
        ...(options.transfer === undefined ? {} : { transfer: options.transfer }),
        ...(options.trustedCertificates === undefined ? {} : { trustedCertificates: options.trustedCertificates }),
      },
      ...(options.roster === undefined ? {} : { team: { roster: options.roster } }),
    }),
    secrets: new MemorySecretStore(),
    preferences: new MemoryPreferencesStore(),
    shell: 'web',
    version: '0.0.0-test',
    log: process.env['TANDEM_SOFTPHONE_LOG'] === '1' ? createConsoleLogger(user) : silentLogger,
  });
  const events = new EventRecorder(core);
  const media = new TestMediaEngine(core);
  return {
    user,
    core,
    events,
    media,
    dispose: async () => {
      await core.dispose();
      media.stop();
      events.stop();
    },
  };
}

/** Opens a desk registered as `user` and waits until the registrar said 200. */
export async function openRegisteredDesk(kamailio: Kamailio, user: string, password: string, options: DeskOptions = {}): Promise<Desk> {
  const desk = await openDesk(kamailio, user, password, options);
  const { events } = desk;
  try {
    await events.registration('registered');
  } catch (error: unknown) {
    await desk.dispose();
    throw error;
  }
  return desk;
}

/** The value of a successful contract request; throws with the failure otherwise. */
export async function ok<T>(result: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`request failed: ${JSON.stringify(settled.error)}`);
  return settled.value as T;
}

/** The desk's current list of calls, as the renderer would read it. */
export async function listedCalls(desk: Desk): Promise<CallInfo[]> {
  return (await ok<{ calls: CallInfo[] }>(desk.core.dispatch('softphone:getState', {}))).calls;
}
