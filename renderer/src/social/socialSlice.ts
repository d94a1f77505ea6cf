import type { ConnectorStatus, ContractError, OutboxEntry, SocialItem } from '@tandem/contract';
import type { Conversation } from './socialTables';
import { shareValues } from './sharedValues';
import { conversationsForget, conversationsUpdate, type ConversationChange } from './conversationChanges';
import { FORGET_CLOSED_EVERY_MS, entryKeptInMemory, keptInMemory } from './closedInMemory';
import { entryOf, type InboxEntry } from './inboxEntry';
import { conversationsInUse, pageKeeps } from './conversationsInUse';
import { callTandem } from '../tandemClient';
import { createHeardWhileAsking } from '../store/heardWhileAsking';
import type { SliceCreator } from '../store/store';
import { MeaningEngineUnavailable } from './meaning/meaningEngine';

/** Journal entries asked for per `social:sync` round trip. */
export const SYNC_PAGE = 500;
/** Listening matches kept on screen. */
export const LISTENING_SHOWN = 200;
/** Conversations read first after a reload, in the inbox's order, so it paints before all are read (a few screenfuls). */
import { INBOX_HEAD } from './inboxHead';

export { INBOX_HEAD };
/** Conversations per read of the rest of the table: each page is one task of deserialising, short enough not to hold a frame long. */
export const CONVERSATIONS_PAGE = 2_000;

/** The social desk's own failures, shown in its region (`social.problems.*`). */
export type SocialOperation = 'load' | 'sync' | 'storage' | 'engine' | 'thread' | 'rules' | 'send' | 'update';

export interface SocialProblem {
  readonly operation: SocialOperation;
  readonly error: ContractError;
}

const STORAGE_ERROR: ContractError = { code: 'internal', messageKey: 'errors.internal' };
const ENGINE_ERROR: ContractError = { code: 'unavailable', messageKey: 'social.errors.engineUnavailable' };

export interface SocialSlice {
  socialConnectors: readonly ConnectorStatus[];
  /** Outbox entries by clientId, as main last reported them. */
  socialOutbox: Readonly<Record<string, OutboxEntry>>;
  /**
   * Every conversation the page holds (not closed, or closed within a week: closedInMemory.ts), as its
   * place in the inbox (inboxEntry.ts). Updated in place (see `conversationsUpdate`): select
   * `conversationsVersion` to hear about changes, and `conversationChanges` for which ones.
   */
  inboxEntries: ReadonlyMap<string, InboxEntry>;
  /**
   * The conversations held in full, by id (heldConversations.ts): those on screen, those the desk has open
   * and the latest written or read back. One that is not here but has an entry is in IndexedDB:
   * `readConversations` brings it. Updated in place with `inboxEntries`.
   */
  conversations: ReadonlyMap<string, Conversation>;
  /** Bumped by every change to `conversations`; a fresh map (a reload) starts a new log. */
  conversationsVersion: number;
  /** The latest changes, oldest first, at most CONVERSATION_CHANGES_KEPT. */
  conversationChanges: readonly ConversationChange[];
  /** False until Dexie has been read (or, after a reload, until its most urgent conversations have). */
  conversationsLoaded: boolean;
  /** False while `conversations` holds only the inbox's head (INBOX_HEAD per open status) and the rest is being read. */
  conversationsComplete: boolean;
  /** The highest journal seq stored in Dexie; -1 before any. */
  socialLastSeq: number;
  listeningItems: readonly SocialItem[];
  socialProblem: SocialProblem | null;
  /** Startup and every reconnect: Dexie first (the inbox paints from cache), then main's snapshot, then the journal catch-up. */
  readonly loadSocial: () => Promise<void>;
  /** `social:items`: stores them, or catches up first when seqs were missed. */
  readonly socialItemsArrived: (items: readonly SocialItem[]) => Promise<void>;
  readonly connectorChanged: (status: ConnectorStatus) => void;
  /** The accounts in force now (settings): a connector of an account the agent removed leaves the list. */
  readonly keepConnectors: (accountIds: ReadonlySet<string>) => void;
  readonly outboxChanged: (entry: OutboxEntry) => void;
  readonly reportSocialProblem: (operation: SocialOperation, error: ContractError) => void;
  readonly dismissSocialProblem: () => void;
  /** Writes items to Dexie and merges what changed into the store (serialised with every other ingest). */
  readonly ingestSocial: (items: readonly SocialItem[]) => Promise<void>;
  /**
   * Lets go of the conversations closed more than CLOSED_KEPT_MS ago, but never one on screen or in use; and,
   * in the same pass, of the claims of conversations the page no longer holds and of the settled sends.
   */
  readonly forgetClosedConversations: () => void;
  /** Asks main for everything after what Dexie holds, page by page. */
  readonly catchUpSocial: () => Promise<void>;
  /**
   * `identity:proven`: the post or message that carried a one-time code did
   * its job, so its conversation closes by itself (issue 12 item 8) — unless
   * the customer has said more since. A proof heard before the item is stored
   * waits for it.
   */
  readonly verificationPostUsed: (evidenceUri: string) => Promise<void>;
}

export const createSocialSlice: SliceCreator<SocialSlice> = (deps) => (set, get) => {
  // Every write to the journal cursor goes through this chain, so a live event
  // and a catch-up page can never interleave and store a seq out of order.
  let queue: Promise<void> = Promise.resolve();
  const serialise = (work: () => Promise<void>): Promise<void> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };

  /** Code posts proven before the journal brought them here (bounded: a proof names one post). */
  const usedCodePosts = new Set<string>();
  const closeUsedCodePost = async (item: SocialItem) => {
    usedCodePosts.delete(item.uri);
    // Its entry: the page may not hold the conversation in full (heldConversations.ts).
    const entry = get().inboxEntries.get(item.conversationId);
    if (entry === undefined || entry.status === 'closed' || entry.lastItemAt > item.createdAt) return;
    await get().setConversationStatus(entry.id, 'closed');
  };

  const now = () => deps.now?.() ?? Date.now();
  /** When closed conversations were last let go of (the full read at load leaves them out too). */
  let forgotClosedAt = Number.NEGATIVE_INFINITY;

  const ingestNow = async (items: readonly SocialItem[]) => {
    if (items.length === 0) return;
    try {
      await ingestStored(items);
    } finally {
      if (usedCodePosts.size > 0) for (const item of items) if (usedCodePosts.has(item.uri)) await closeUsedCodePost(item);
    }
    // Only arriving traffic grows the map, so this is where a page left open for days lets the closed go.
    if (now() - forgotClosedAt >= FORGET_CLOSED_EVERY_MS) get().forgetClosedConversations();
  };

  const ingestStored = async (items: readonly SocialItem[]) => {
    if (!deps.social) {
      // No IndexedDB: the listening view still shows what arrives live.
      set((state) => ({ listeningItems: [...items.filter((i) => i.kind === 'listening').reverse(), ...state.listeningItems].slice(0, LISTENING_SHOWN) }));
      return;
    }
    const result = await deps.social.ingest(items, now());
    set((state) => {
      const patch: Partial<SocialSlice> = { socialLastSeq: result.lastSeq };
      if (result.conversations.length > 0) Object.assign(patch, conversationsUpdate(state, result.conversations));
      if (result.listening.length > 0) {
        patch.listeningItems = [...[...result.listening].sort((a, b) => b.createdAt - a.createdAt), ...state.listeningItems].slice(0, LISTENING_SHOWN);
      }
      return patch;
    });
    get().holdFewerConversations();
    // The open conversation shows new items as they are stored (our sent reply, the customer's follow-up).
    const selected = get().selectedConversationId;
    if (selected !== null && items.some((item) => item.conversationId === selected)) await get().reloadThread(selected);
  };

  const catchUpNow = async () => {
    for (;;) {
      const afterSeq = get().socialLastSeq;
      const result = await callTandem(deps.api, (api) => api.syncSocial({ afterSeq, limit: SYNC_PAGE }));
      if (!result.ok) return get().reportSocialProblem('sync', result.error);
      const items = result.value.items.filter((item) => item.seq > afterSeq);
      await ingestNow(items);
      if (items.length === 0 || result.value.items.length < SYNC_PAGE) return;
    }
  };

  // Connector and outbox events heard while a snapshot request is out are newer than its answer;
  // anything older (from before a reconnect) is not, and the snapshot replaces it.
  const events = createHeardWhileAsking(['connectors', 'outbox']);
  /** `social:items` events not yet stored, oldest first (see `socialItemsArrived`). */
  let arrived: (readonly SocialItem[])[] = [];

  const guarded = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error: unknown) {
      // The meaning engine's chunk is gone (an upgrade replaced the files): a reload fetches it.
      if (error instanceof MeaningEngineUnavailable) get().reportSocialProblem('engine', ENGINE_ERROR);
      // IndexedDB can fail (quota, a blocked upgrade); the desk keeps working from what it has.
      else get().reportSocialProblem('storage', STORAGE_ERROR);
    }
  };

  return {
    socialConnectors: [],
    socialOutbox: {},
    inboxEntries: new Map(),
    conversations: new Map(),
    conversationsVersion: 0,
    conversationChanges: [],
    conversationsLoaded: false,
    conversationsComplete: false,
    socialLastSeq: -1,
    listeningItems: [],
    socialProblem: null,

    async loadSocial() {
      await serialise(() =>
        guarded(async () => {
          if (!deps.social) return set({ conversationsLoaded: true, conversationsComplete: true });
          // Reading and cloning 100 000 conversations takes seconds; the inbox's first screenful is one bounded
          // read of the index kept in its own order (inboxSortKey.ts).
          const head = get().inboxEntries.size === 0 ? deps.social.inboxHead(INBOX_HEAD) : null;
          const first = head === null ? [] : await head;
          const loadedAt = now();
          const kept = first.filter((c) => keptInMemory(c, loadedAt));
          if (kept.length > 0 && !get().conversationsComplete) {
            set((state) => ({
              inboxEntries: new Map(kept.map((c) => [c.id, entryOf(c)])),
              conversations: new Map(kept.map((c) => [c.id, shareValues(c)])),
              conversationsVersion: state.conversationsVersion + 1,
              conversationChanges: [],
              conversationsLoaded: true,
            }));
            // The whole table only once the head is on screen (issue 14 item 2): asked for at once, its
            // answer (100 000 rows deserialised in one task, then mapped and sorted) came in before the
            // head's render and held the first row back by hundreds of ms.
            await deps.afterPaint?.();
          }
          const [lastSeq, listening] = await Promise.all([deps.social.lastSeq(), deps.social.listening(LISTENING_SHOWN)]);
          // Every conversation's entry; in full, only those held (the head, what the desk has open, the rows on screen), as now stored.
          const entries = new Map<string, InboxEntry>();
          const conversations = new Map<string, Conversation>();
          for (let after: string | null = null; ;) {
            const page = await deps.social.conversationsPage(after, CONVERSATIONS_PAGE);
            const held = get().conversations;
            for (const conversation of page) {
              if (!keptInMemory(conversation, loadedAt)) continue;
              entries.set(conversation.id, entryOf(conversation));
              if (held.has(conversation.id)) conversations.set(conversation.id, shareValues(conversation));
            }
            if (page.length < CONVERSATIONS_PAGE) break;
            after = page[page.length - 1]!.id;
          }
          forgotClosedAt = loadedAt;
          set((state) => {
            // What the page came to hold while the table was read (opened, scrolled to, read back after its page went by) stays
            // held; what the agent has open stays however long ago it closed (read back meanwhile, or before a reconnect).
            const inUse = conversationsInUse(state);
            for (const held of state.conversations.values()) {
              if (!entries.has(held.id)) {
                if (!inUse.has(held.id)) continue;
                entries.set(held.id, entryOf(held));
              }
              if (!conversations.has(held.id)) conversations.set(held.id, held);
            }
            return {
              socialLastSeq: lastSeq,
              inboxEntries: entries,
              conversations,
              // A new map: nothing in the log describes it, so every reader starts over.
              conversationsVersion: state.conversationsVersion + 1,
              conversationChanges: [],
              listeningItems: listening,
              conversationsLoaded: true,
              conversationsComplete: true,
            };
          });
        }),
      );
      const { reply: snapshot, meanwhile: heard } = await events.asking(() => callTandem(deps.api, (api) => api.getSocialState({})));
      if (!snapshot.ok) return get().reportSocialProblem('load', snapshot.error);
      const outbox = { ...get().socialOutbox };
      for (const entry of snapshot.value.outbox) if (!heard.outbox.has(entry.clientId)) outbox[entry.clientId] = entry;
      // A `social:connector` event that arrived while we waited is newer than the snapshot.
      const seen = new Map(get().socialConnectors.map((c) => [c.accountId, c]));
      const connectors = snapshot.value.connectors.map((c) => (heard.connectors.has(c.accountId) ? (seen.get(c.accountId) ?? c) : c));
      set({ socialConnectors: connectors, socialOutbox: outbox, listeningRules: snapshot.value.rules });
      if (snapshot.value.lastSeq > get().socialLastSeq) await get().catchUpSocial();
    },

    socialItemsArrived(items) {
      // Events heard while an ingest runs wait here and are stored together when their turn comes: one
      // IndexedDB transaction and one store update (one render of the inbox) for however many arrived
      // meanwhile, where each event once cost its own (issue 14 item 2: 1 000 mentions a minute).
      arrived.push(items);
      return serialise(() =>
        guarded(async () => {
          const events = arrived;
          arrived = [];
          // Nothing left: an earlier turn took these items with its own.
          if (events.length === 0) return;
          // A gap (a reload, a missed event): the journal has everything in order; take it from there.
          let expected = get().socialLastSeq + 1;
          for (const event of events) {
            const first = event[0];
            if (first === undefined) continue;
            if (first.seq > expected) return catchUpNow();
            for (const item of event) expected = Math.max(expected, item.seq + 1);
          }
          const lastSeq = get().socialLastSeq;
          await ingestNow(events.flat().filter((item) => item.seq > lastSeq));
        }),
      );
    },

    ingestSocial(items) {
      return serialise(() => guarded(() => ingestNow(items)));
    },

    catchUpSocial() {
      return serialise(() => guarded(catchUpNow));
    },

    forgetClosedConversations() {
      const at = now();
      forgotClosedAt = at;
      const state = get();
      const inUse = conversationsInUse(state);
      const gone: string[] = [];
      for (const entry of state.inboxEntries.values()) {
        if (!entryKeptInMemory(entry, at) && !inUse.has(entry.id)) gone.push(entry.id);
      }
      if (gone.length > 0) set((current) => conversationsForget(current, gone));
      // Two more maps that grew with every team conversation heard and every send (issue 14 item 4).
      get().keepClaims(pageKeeps(get()));
      get().forgetSettledSends((id) => inUse.has(id));
    },

    verificationPostUsed(evidenceUri) {
      // A code read back on a call has no post to close.
      if (evidenceUri.startsWith('call:')) return Promise.resolve();
      return serialise(() =>
        guarded(async () => {
          const item = await deps.social?.item(evidenceUri);
          if (item === undefined) usedCodePosts.add(evidenceUri);
          else await closeUsedCodePost(item);
        }),
      );
    },

    connectorChanged(status) {
      events.heard('connectors', status.accountId);
      set((state) => {
        const others = state.socialConnectors.filter((c) => c.accountId !== status.accountId);
        return { socialConnectors: [...others, status].sort((a, b) => a.accountId.localeCompare(b.accountId)) };
      });
    },

    keepConnectors(accountIds) {
      set((state) =>
        state.socialConnectors.every((c) => accountIds.has(c.accountId))
          ? {}
          : { socialConnectors: state.socialConnectors.filter((c) => accountIds.has(c.accountId)) },
      );
    },

    outboxChanged(entry) {
      events.heard('outbox', entry.clientId);
      set((state) => ({ socialOutbox: { ...state.socialOutbox, [entry.clientId]: entry } }));
      // Main has it: the draft that carried this clientId is done, whether or not our own call's reply arrived.
      get().draftAccepted(entry.clientId);
      // Delivered: main's snapshot after a reload no longer lists it, so the stored send would read
      // "unconfirmed" with a Retry. This session still lists it until the thread shows it.
      if (entry.state === 'sent' && entry.kind !== 'like') void deps.social?.forgetSend(entry.clientId).catch(() => undefined);
    },

    reportSocialProblem(operation, error) {
      set({ socialProblem: { operation, error } });
    },

    dismissSocialProblem() {
      set({ socialProblem: null });
    },
  };
};
