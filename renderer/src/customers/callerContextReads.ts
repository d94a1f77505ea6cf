import Dexie from 'dexie';
import type { Party, SocialItem } from '@tandem/contract';
import type { CallLogEntry, CallLogTables } from '../softphone/callLogTables';
import type { Conversation, ConversationStatus, SocialTables } from '../social/socialTables';
import type { Meaning } from '../social/meaning/analyseMeaning';
import {
  DEFAULT_CONTEXT_LIMITS,
  type CallerMatch,
  type CallerPop,
  type ContextLimits,
  type CustomerContext,
  type CustomerPost,
  type PopOptions,
  type TimelineEntry,
  type TimelineOptions,
} from './customerContext';
import { callerKeys, type IdentityKey } from './identityValue';
import { compareIdentities, type Customer, type Identity, type InteractionChannel } from './model';
import { createPopCards } from './popCards';
import { postMeanings } from './postMeaning';
import { loadMeaning, type Analyse } from '../social/meaning/meaningEngine';
import { decide, type PopDecision } from './popDecision';
import { readPopRounds } from './popRounds';
import type { RepositoryOptions } from './repositoryOptions';
import type { CustomerTables } from './customerTables';
import { mergeTimeline } from './mergeTimeline';
import { tellWho } from './tellWho';

/**
 * The caller-context read model: who is ringing, and everything the screen
 * pop and the timeline show of them, merged from the customer history, the
 * call log and the social desk's items. Reads only; the one thing it writes
 * is a pop card, a cache that the writers delete (popCards.ts).
 */
export interface CallerContextReads {
  /**
   * The customers a call's remote party is known as: its E.164 number first,
   * then its SIP URI (`callerKeys`). One indexed read of `[kind+value]` per
   * key tried plus one `bulkGet` of customers. Several customers can share a
   * number (a family phone): all are returned, at most `limit`.
   */
  lookupCaller(remote: Pick<Party, 'uri' | 'number'>, defaultRegion: string, limit?: number): Promise<CallerMatch[]>;
  /** Like `lookupCaller`, for keys already normalised. */
  findByIdentity(keys: readonly IdentityKey[], limit?: number): Promise<CallerMatch[]>;
  /** The customers whose identities carry this account's DID (one read of the `did` index), at most `limit`. */
  findByDid(did: string, limit?: number): Promise<CallerMatch[]>;
  /**
   * Everything the screen pop shows for one customer, from Dexie only (no
   * network), in one read transaction of bounded indexed reads. Null when
   * the customer does not exist (deleted meanwhile).
   */
  loadContext(customerId: string, limits?: Partial<ContextLimits>): Promise<CustomerContext | null>;
  /**
   * The screen pop in as few IndexedDB round trips as possible: the call's
   * draft and the caller's identities (every `callerKeys` key at once), then
   * the context of the customer to show (the draft's, else the only match)
   * read in parallel with the matched customers. Read-only, outside one
   * transaction (each read resolves as soon as it is answered, without waiting
   * for a commit): a consistent enough snapshot for a panel that re-reads on change.
   */
  popCaller(callId: string, remote: Pick<Party, 'uri' | 'number'>, defaultRegion: string, options?: PopOptions): Promise<CallerPop>;
  /**
   * The caller's pop card when this window holds it in memory (a caller who
   * rang before: rememberedCards.ts), at once and without a read, so the pop
   * can paint in the ringing call's own commit; null otherwise. Like any card
   * it is confirmed by a full read once painted.
   */
  recallCard(remote: Pick<Party, 'uri' | 'number'>, defaultRegion: string): CustomerContext | null;
  /**
   * A customer's history newest first, merged from interactions, the call log
   * (by phone identity, for calls before this history existed) and social
   * items by verified DIDs; page with `before` (exclusive `at`).
   */
  timeline(customerId: string, options?: TimelineOptions): Promise<TimelineEntry[]>;
}

/** Every table a caller's context is read from; the call drafts only for the call's own. */
export type CallerContextDb = Dexie &
  Pick<CustomerTables, 'customers' | 'identities' | 'interactions' | 'notes' | 'callDrafts' | 'popCards'> &
  Pick<SocialTables, 'socialItems' | 'conversations'> &
  CallLogTables;

/** What the screen pop gives a context's read beyond the customer: who they are, read already, and when to tell it. */
interface PopRead {
  readonly who?: { readonly customer: Customer | undefined; readonly identities: Identity[] };
  readonly onWho?: PopOptions['onWho'];
  readonly historyAfterWho?: PopOptions['historyAfterWho'];
  /** The meaning engine for posts with no stored judgement (default: the desk's loader). */
  readonly engine?: () => Promise<Analyse>;
}

/** Conversations per verified DID read beside the posts, for their status. */
const CONVERSATIONS_READ_WITH_POSTS = 30;

const PUBLIC_POST_KINDS = new Set<SocialItem['kind']>(['mention', 'reply', 'quote', 'listening']);

/** A post the desk would call an open public complaint: judged a complaint (social/meaning), in a conversation not closed. */
export function isOpenComplaint(meaning: Pick<Meaning, 'complaint'>, status: ConversationStatus | null): boolean {
  return meaning.complaint && status !== 'closed';
}

const phonesOf = (identities: readonly Identity[]) => identities.filter((identity) => identity.kind === 'phone').map((identity) => identity.value);

export function createCallerContextReads(db: CallerContextDb, options: RepositoryOptions = {}): CallerContextReads {
  const cards = createPopCards(db, options.now ?? Date.now);

  async function findByIdentity(keys: readonly IdentityKey[], limit = 5): Promise<CallerMatch[]> {
    for (const key of keys) {
      const identities = await db.identities.where('[kind+value]').equals([key.kind, key.value]).limit(limit).toArray();
      if (identities.length === 0) continue;
      const customers = await db.customers.bulkGet(identities.map((identity) => identity.customerId));
      const matches: CallerMatch[] = [];
      identities.forEach((identity, i) => {
        const customer = customers[i];
        if (customer !== undefined) matches.push({ customer, identity });
      });
      if (matches.length > 0) return matches;
    }
    return [];
  }

  async function findByDid(did: string, limit = 5): Promise<CallerMatch[]> {
    const identities = await db.identities.where('did').equals(did).limit(limit).toArray();
    const customers = await db.customers.bulkGet(identities.map((identity) => identity.customerId));
    return identities.flatMap((identity, i) => {
      const customer = customers[i];
      return customer === undefined ? [] : [{ customer, identity }];
    });
  }

  /** Latest call log rows for the customer's phone numbers, newest first. */
  async function callLogFor(phones: readonly string[], limit: number, before?: number): Promise<CallLogEntry[]> {
    const perNumber = await Promise.all(
      phones.map((phone) =>
        db.calls
          .where('[remoteNumber+startedAt]')
          .between([phone, Dexie.minKey], [phone, before ?? Dexie.maxKey], true, false)
          .reverse()
          .limit(limit)
          .toArray(),
      ),
    );
    return perNumber
      .flat()
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, limit);
  }

  /** Each DID's latest conversations (as their customer's latest author), newest first per DID. */
  async function conversationsBy(dids: readonly string[], limit: number): Promise<Conversation[]> {
    const perDid = await Promise.all(
      dids.map((did) => db.conversations.where('[authorDid+lastItemAt]').between([did, Dexie.minKey], [did, Dexie.maxKey]).reverse().limit(limit).toArray()),
    );
    return perDid.flat();
  }

  async function itemsBy(dids: readonly string[], limit: number, before?: number): Promise<SocialItem[]> {
    const perDid = await Promise.all(
      dids.map((did) =>
        db.socialItems
          .where('[author.did+createdAt]')
          .between([did, Dexie.minKey], [did, before ?? Dexie.maxKey], true, false)
          .reverse()
          .limit(limit)
          .toArray(),
      ),
    );
    return perDid.flat().sort((a, b) => b.createdAt - a.createdAt);
  }

  async function timeline(customerId: string, options: TimelineOptions = {}): Promise<TimelineEntry[]> {
    const limit = options.limit ?? DEFAULT_CONTEXT_LIMITS.timeline;
    const before = options.before;
    const wants = (channel: InteractionChannel) => options.channels === undefined || options.channels.includes(channel);
    const identities = await db.identities.where('customerId').equals(customerId).toArray();
    const phones = identities.filter((identity) => identity.kind === 'phone').map((identity) => identity.value);
    const dids = verifiedDids(identities);
    const [interactions, calls, items] = await Promise.all([
      db.interactions
        .where('[customerId+at]')
        .between([customerId, Dexie.minKey], [customerId, before ?? Dexie.maxKey], true, false)
        .reverse()
        .filter((interaction) => wants(interaction.channel))
        .limit(limit)
        .toArray(),
      wants('call') ? callLogFor(phones, limit, before) : Promise.resolve([]),
      wants('social-public') || wants('social-private') ? itemsBy(dids, limit, before) : Promise.resolve([]),
    ]);
    return mergeTimeline(interactions, calls, items, limit).filter((entry) => wants(entry.channel));
  }

  /**
   * A customer's context in two rounds of parallel indexed reads: (customer,
   * identities, interactions, notes, and the call log of `knownPhone`), then
   * (other phones' call log, posts by verified DIDs, those DIDs' latest
   * conversations, for whether a complaint is still open); a third only for a
   * post whose thread is filed under someone else.
   * Works inside a transaction (loadContext) or on its own (popCaller, which
   * has read who they are already: `who`).
   */
  async function readContext(customerId: string, limits: Partial<ContextLimits>, knownPhone?: string, pop: PopRead = {}): Promise<CustomerContext | null> {
    const { timeline: timelineLimit, posts: postLimit, notes: noteLimit } = { ...DEFAULT_CONTEXT_LIMITS, ...limits };
    const { who } = pop;
    const identitiesRead = who === undefined ? db.identities.where('customerId').equals(customerId).toArray() : Promise.resolve(who.identities);
    const customerRead = who === undefined ? db.customers.get(customerId) : Promise.resolve(who.customer);
    const historyMayRead = tellWho(customerRead, identitiesRead, pop.onWho, pop.historyAfterWho);
    // The second round (their other numbers' calls, their verified accounts' posts and conversations) goes out as
    // soon as their identities answer (a first ring's: once who they are is shown), beside the rest of the first.
    const secondRound: Promise<readonly [CallLogEntry[], SocialItem[], Conversation[]]> = Promise.all([identitiesRead, historyMayRead]).then(([identities]) => {
      const otherPhones = phonesOf(identities).filter((phone) => phone !== knownPhone);
      const dids = verifiedDids(identities);
      return Promise.all([
        otherPhones.length === 0 ? Promise.resolve<CallLogEntry[]>([]) : callLogFor(otherPhones, timelineLimit),
        itemsBy(dids, Math.max(postLimit, timelineLimit)),
        conversationsBy(dids, CONVERSATIONS_READ_WITH_POSTS),
      ]);
    });
    // Awaited below, unless the reads below fail first (a database closed meanwhile): its failure is then nobody's.
    secondRound.catch(() => undefined);
    const [customer, identities, interactions, notes, knownCalls] = await Promise.all([
      customerRead,
      identitiesRead,
      historyMayRead.then(() =>
        db.interactions.where('[customerId+at]').between([customerId, Dexie.minKey], [customerId, Dexie.maxKey]).reverse().limit(timelineLimit).toArray(),
      ),
      historyMayRead.then(() =>
        db.notes.where('[customerId+updatedAt]').between([customerId, Dexie.minKey], [customerId, Dexie.maxKey]).reverse().limit(noteLimit).toArray(),
      ),
      knownPhone === undefined ? Promise.resolve([]) : historyMayRead.then(() => callLogFor([knownPhone], timelineLimit)),
    ]);
    if (customer === undefined) return null;
    // The caller's number is the customer's only when one of their identities says so.
    const known = knownPhone !== undefined && phonesOf(identities).includes(knownPhone) ? knownCalls : [];
    const [otherCalls, items, latestConversations] = await secondRound;
    const calls = otherCalls.length === 0 ? known : [...known, ...otherCalls].sort((a, b) => b.startedAt - a.startedAt).slice(0, timelineLimit);
    // A post that carried a verification code proved the link; it is not something the customer said about us.
    const evidence = new Set(identities.flatMap((identity) => (identity.evidenceUri === null ? [] : [identity.evidenceUri])));
    const publicItems = items.filter((item) => item.visibility === 'public' && PUBLIC_POST_KINDS.has(item.kind) && !evidence.has(item.uri)).slice(0, postLimit);
    const conversationOf = new Map(latestConversations.map((conversation) => [conversation.id, conversation] as const));
    // A post in someone else's thread (or one older than the latest conversations): one more read, for those only.
    const missing = [...new Set(publicItems.map((item) => item.conversationId).filter((id) => !conversationOf.has(id)))];
    if (missing.length > 0) {
      for (const conversation of await db.conversations.bulkGet(missing)) if (conversation !== undefined) conversationOf.set(conversation.id, conversation);
    }
    const judged = await postMeanings(publicItems, (id) => conversationOf.get(id), pop.engine);
    const posts = judged.map(({ post: item, meaning }): CustomerPost => {
      const conversation = conversationOf.get(item.conversationId);
      const conversationStatus = conversation?.status ?? null;
      // Not judged (the engine could not be had): shown as it is, without a judgement.
      if (meaning === undefined) return { item, sentiment: { score: 0, total: 0, words: [] }, conversationStatus, openComplaint: false };
      const sentiment = meaning.polarity.available
        ? { score: meaning.polarity.score, total: 0, words: meaning.polarity.words }
        : { score: 0, total: 0, words: [] };
      return { item, sentiment, meaning, conversationStatus, openComplaint: isOpenComplaint(meaning, conversationStatus) };
    });
    return { customer, identities: [...identities].sort(compareIdentities), posts, timeline: mergeTimeline(interactions, calls, items, timelineLimit), notes };
  }

  return {
    lookupCaller(remote, defaultRegion, limit) {
      return findByIdentity(callerKeys(remote, defaultRegion), limit);
    },

    findByIdentity,
    findByDid,

    async loadContext(customerId, limits = {}) {
      // The meaning engine before the transaction: a load awaited inside it would let IndexedDB commit it
      // (Dexie's PrematureCommit). Usually loaded already (main.tsx warms it). Inside, only its settled answer
      // is awaited: if it could not be had, unjudged posts show without a judgement, and the panel still opens.
      const engine = loadMeaning();
      await engine.catch(() => undefined);
      return db.transaction('r', [db.customers, db.identities, db.interactions, db.notes, db.calls, db.socialItems, db.conversations], () =>
        readContext(customerId, limits, undefined, { engine: () => engine }),
      );
    },

    recallCard(remote, defaultRegion) {
      return cards.recall(callerKeys(remote, defaultRegion))?.context ?? null;
    },

    async popCaller(callId, remote, defaultRegion, options = {}) {
      const keys = callerKeys(remote, defaultRegion);
      // Cards hold contexts read with the default limits only.
      const carded = options.limits === undefined;
      const phone = keys.find((key) => key.kind === 'phone')?.value;
      const keepCards = cards.beginRead();
      const useCard = options.useCard !== false;
      // The decision `next` made on the first round returned (the last one read, should the read have been retried).
      const decision: { last?: PopDecision } = {};
      // Round trips 1–2, in one transaction where it can be had: the draft, every key's identities and pop card;
      // then, unless the card answers, the matched customers and the identities of the one to show.
      const { first, second } = await readPopRounds(db, {
        draftOf: options.restoreDraft === false ? null : callId,
        keys,
        limit: options.limit ?? 5,
        readCards: carded,
        next: (read) => {
          const decided = (decision.last = decide(read, useCard));
          return decided.card !== undefined ? null : { customerIds: decided.matchedIds, target: decided.target };
        },
      });
      keepCards(first.cards);
      const { draft, perKey, cards: previous } = first;
      const decided = decision.last ?? decide(first, useCard);
      if (decided.card !== undefined && decided.matched !== undefined) {
        return { draft, matches: [{ customer: decided.card.context.customer, identity: decided.matched }], context: decided.card.context, fromCard: true };
      }
      const { target } = decided;
      const customers = second?.customers ?? [];
      const byId = new Map(customers.flatMap((customer) => (customer === undefined ? [] : [[customer.id, customer] as const])));
      // Round 3 (a 4th for a post in a thread filed under someone else): the target's history, who they are already read.
      const context =
        target === null
          ? null
          : await readContext(target, options.limits ?? {}, phone, {
              ...(draft === undefined ? { onWho: options.onWho, historyAfterWho: options.historyAfterWho } : {}),
              who: { customer: byId.get(target), identities: [...(second?.targetIdentities ?? [])] },
            });
      let matches: CallerMatch[] = [];
      for (const identities of perKey) {
        matches = identities.flatMap((identity) => {
          const customer = byId.get(identity.customerId);
          return customer === undefined ? [] : [{ customer, identity }];
        });
        if (matches.length > 0) break;
      }
      // Stored after the answer (after the paint when the pop says so), off the pop's path; a lost write only costs the next ring its card.
      const after = options.storeCardAfter;
      const keep = (shown: CustomerContext) => {
        if (!carded) return;
        const remember = () => cards.remember(keys, shown, previous).catch(() => undefined);
        void (after === undefined ? remember() : Promise.resolve(after).then(remember, remember));
      };
      if (context !== null) {
        keep(context);
        return { draft, matches, context, fromCard: false };
      }
      // The linked customer is gone (or the first key's was): the only remaining match, if there is one.
      const [only, ...more] = matches;
      const fallback =
        only !== undefined && more.length === 0 && only.customer.id !== target ? await readContext(only.customer.id, options.limits ?? {}, phone) : null;
      if (fallback !== null) keep(fallback);
      return { draft, matches, context: fallback, fromCard: false };
    },

    timeline,
  };
}

function verifiedDids(identities: readonly Identity[]): string[] {
  return [...new Set(identities.flatMap((identity) => (identity.verified && identity.kind === 'bluesky' && identity.did !== null ? [identity.did] : [])))];
}
