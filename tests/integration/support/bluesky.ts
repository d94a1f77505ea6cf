import { RichText } from '@atproto/api';
import { createCore, type Core } from '../../../main/core/app/createCore';
import { createConsoleLogger, silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';
import type { ConnectorState, ConnectorStatus, SocialItem, SocialSnapshot } from '@tandem/contract';
import type { BlueskyAccount } from '../../peers/blueskyPds';
import { EventRecorder } from './eventRecorder';

export async function ok<T>(result: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`request failed: ${JSON.stringify(settled.error)}`);
  return settled.value as T;
}

/** A desk (core + recorder) for the brand account, as the browser host builds it. */
export interface BrandDesk {
  readonly core: Core;
  readonly events: EventRecorder;
  snapshot(): Promise<SocialSnapshot>;
  connector(state: ConnectorState, options?: { from?: number; timeoutMs?: number }): Promise<ConnectorStatus>;
  /** Every journalled item (through `social:sync`, as a window catches up). */
  journal(afterSeq?: number): Promise<SocialItem[]>;
  /** Waits until an item matching `where` has been emitted as `social:items`. */
  item(where: (item: SocialItem) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<SocialItem>;
  close(): Promise<void>;
}

export async function openBrandDesk(options: {
  service: string;
  handle: string;
  appPassword: string;
  dataDir?: string;
  chatService?: { url: string; did: string };
}): Promise<BrandDesk> {
  const core = await createCore({
    profile: Profile.parse({
      language: 'en',
      agent: { name: 'Ana Ruiz', role: 'agent' },
      social: [
        {
          network: 'bluesky',
          service: options.service,
          handle: options.handle,
          appPassword: options.appPassword,
          ...(options.chatService === undefined ? {} : { chatService: options.chatService }),
        },
      ],
    }),
    secrets: new MemorySecretStore(),
    preferences: new MemoryPreferencesStore(),
    shell: 'web',
    version: '0.0.0-test',
    log: process.env['TANDEM_TEST_LOG'] === '1' ? createConsoleLogger('social-test') : silentLogger,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  });
  const events = new EventRecorder(core);
  const snapshot = () => ok<SocialSnapshot>(core.dispatch('social:getState', {}));
  return {
    core,
    events,
    snapshot,
    async connector(state, waitOptions = {}) {
      const now = (await snapshot()).connectors[0];
      if (now?.state === state && waitOptions.from === undefined) return now;
      return events.waitFor('social:connector', (status) => status.state === state, waitOptions);
    },
    async journal(afterSeq = -1) {
      const items: SocialItem[] = [];
      let cursor = afterSeq;
      for (;;) {
        const page = await ok<{ items: SocialItem[]; lastSeq: number }>(core.dispatch('social:sync', { afterSeq: cursor, limit: 1000 }));
        items.push(...page.items);
        const last = page.items.at(-1);
        if (last === undefined || last.seq >= page.lastSeq) return items;
        cursor = last.seq;
      }
    },
    async item(where, waitOptions = {}) {
      const found = await events.waitFor('social:items', (payload) => payload.items.some(where), waitOptions);
      const item = found.items.find(where);
      if (item === undefined) throw new Error('unreachable');
      return item;
    },
    async close() {
      events.stop();
      await core.dispose();
    },
  };
}

/**
 * The customer posts `text`. Mentions of the accounts in `mentions` (handle → DID) become
 * `app.bsky.richtext.facet#mention` facets over their `@handle`, links become link facets.
 */
export async function post(
  account: BlueskyAccount,
  text: string,
  extra: Record<string, unknown> = {},
  mentions: Readonly<Record<string, string>> = {},
): Promise<{ uri: string; cid: string }> {
  const rich = new RichText({ text });
  rich.detectFacetsWithoutResolution();
  const facets = (rich.facets ?? []).filter((facet) => facet.features.every((feature) => feature.$type !== 'app.bsky.richtext.facet#mention'));
  const bytes = new TextEncoder();
  for (const [handle, did] of Object.entries(mentions)) {
    const at = text.indexOf(`@${handle}`);
    if (at === -1) continue;
    const byteStart = bytes.encode(text.slice(0, at)).length;
    facets.push({
      index: { byteStart, byteEnd: byteStart + bytes.encode(`@${handle}`).length },
      features: [{ $type: 'app.bsky.richtext.facet#mention', did }],
    });
  }
  const record = { $type: 'app.bsky.feed.post', text, ...(facets.length === 0 ? {} : { facets }), createdAt: new Date().toISOString(), ...extra };
  const create = () => account.agent.com.atproto.repo.createRecord({ repo: account.did, collection: 'app.bsky.feed.post', record });
  let created;
  try {
    created = await create();
  } catch (error: unknown) {
    // After a PDS restart the first request may go out on a pooled keep-alive socket the old server closed;
    // it never reached the server, so sending it once more cannot double it.
    if (!/other side closed|UND_ERR_SOCKET/.test(String((error as { cause?: { cause?: unknown } }).cause?.cause))) throw error;
    created = await create();
  }
  return { uri: created.data.uri, cid: created.data.cid };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}
