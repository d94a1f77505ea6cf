import { ok, type ConnectorStatus, type ListeningRule, type OutboxEntry, type SocialItem } from '@tandem/contract';
import { createFakeHost, type FakeHost, type FakeHostOptions } from '../renderer/fakeHost';
import type { Conversation } from '../../../renderer/src/social/socialTables';

export const BRAND = 'acme.test';
export const ACCOUNT = `bluesky:${BRAND}`;

export const liveConnector = (patch: Partial<ConnectorStatus> = {}): ConnectorStatus => ({
  accountId: ACCOUNT,
  network: 'bluesky',
  handle: BRAND,
  state: 'live',
  nextRetryAt: null,
  lastErrorKey: null,
  capabilities: { publicReply: true, privateMessage: true, like: true, maxGraphemes: 300 },
  ...patch,
});

let uriCounter = 0;

/** A journalled item as main would send it; `seq` is filled in by the host's journal. */
export function socialItem(patch: Partial<SocialItem> = {}): Omit<SocialItem, 'seq'> {
  uriCounter += 1;
  const uri = patch.uri ?? `at://did:plc:customer/app.bsky.feed.post/${uriCounter}`;
  return {
    accountId: ACCOUNT,
    network: 'bluesky',
    kind: 'mention',
    visibility: 'public',
    uri,
    cid: `cid${uriCounter}`,
    conversationId: uri,
    parentUri: null,
    author: {
      did: 'did:plc:customer',
      handle: 'carla.test',
      displayName: 'Carla',
      description: '',
      avatarUrl: null,
      followers: 1200,
      following: 10,
    },
    text: 'hello @acme.test',
    links: [],
    createdAt: Date.now() - 60_000,
    receivedAt: Date.now(),
    ruleId: null,
    ...patch,
  };
}

/** The `i`th customer's stored conversation summary (a new public mention, waiting since `now - i` s). */
export function storedConversation(i: number, now: number, patch: Partial<Conversation> = {}): Conversation {
  const id = `at://did:plc:c${i}/app.bsky.feed.post/${i}`;
  return {
    id,
    network: 'bluesky',
    accountId: ACCOUNT,
    visibility: 'public',
    status: 'new',
    assignedToMe: false,
    lastItemAt: now - i * 1000,
    firstWaitingSince: now - i * 1000,
    authorDid: `did:plc:c${i}`,
    authorHandle: `customer${i}.test`,
    authorDisplayName: `Customer ${i}`,
    authorFollowers: 10,
    sentimentScore: 0,
    sentimentWords: [],
    priority: 0,
    replyToUri: id,
    preview: `post number ${i}`,
    itemCount: 1,
    ...patch,
  };
}

export interface SocialHost extends FakeHost {
  /** Journals items (numbering them) and emits them as `social:items`, as main does. */
  deliver(...items: Omit<SocialItem, 'seq'>[]): SocialItem[];
  readonly journal: SocialItem[];
  /** Replays the whole journal on every sync, whatever `afterSeq` says: the worst case for de-duplication. */
  replayEverything: boolean;
  rules: ListeningRule[];
  connectors: ConnectorStatus[];
}

/** The fake host with main's social desk played in memory: a journal, an outbox that queues, rules it stores. */
export function createSocialHost(options: FakeHostOptions = {}): SocialHost {
  const journal: SocialItem[] = [];
  const state = { replayEverything: false, rules: [] as ListeningRule[], connectors: [liveConnector()] };
  const queued = (payload: unknown, kind: OutboxEntry['kind']): OutboxEntry => ({
    clientId: (payload as { clientId: string }).clientId,
    accountId: ACCOUNT,
    kind,
    state: 'queued',
    attempts: 0,
    uri: null,
    lastErrorKey: null,
  });
  const host = createFakeHost({
    ...options,
    answers: {
      'social:getState': () => ok({ connectors: state.connectors, outbox: [], rules: state.rules, lastSeq: journal.at(-1)?.seq ?? -1 }),
      'social:sync': (payload) => {
        const { afterSeq, limit = 500 } = payload as { afterSeq: number; limit?: number };
        const items = journal.filter((item) => state.replayEverything || item.seq > afterSeq).slice(0, limit);
        return ok({ items, lastSeq: journal.at(-1)?.seq ?? -1 });
      },
      'social:getThread': (payload) => ok({ items: journal.filter((item) => item.conversationId === (payload as { uri: string }).uri) }),
      'social:reply': (payload) => ok(queued(payload, 'reply')),
      'social:sendMessage': (payload) => ok(queued(payload, 'message')),
      'social:setListeningRules': (payload) => {
        state.rules = (payload as { rules: ListeningRule[] }).rules;
        return ok(state.rules);
      },
      ...options.answers,
    },
  });
  return {
    ...host,
    journal,
    deliver(...items) {
      const out = items.map((item) => {
        const next = { ...item, seq: (journal.at(-1)?.seq ?? 0) + 1 };
        journal.push(next);
        return next;
      });
      host.emit('social:items', { items: out });
      return out;
    },
    get replayEverything() {
      return state.replayEverything;
    },
    set replayEverything(value) {
      state.replayEverything = value;
    },
    get rules() {
      return state.rules;
    },
    set rules(value) {
      state.rules = value;
    },
    get connectors() {
      return state.connectors;
    },
    set connectors(value) {
      state.connectors = value;
    },
  };
}
