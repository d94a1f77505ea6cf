import Dexie from 'dexie';
import type { CallInfo, IdentityClaimed, IdentityProven, Party, SocialAuthor, SocialItem } from '@tandem/contract';
import type { CallLogEntry, TandemDb } from '../data/db';
import type { Conversation, ConversationStatus } from '../social/socialTables';
import { newClientId } from '../social/clientId';
import { analyseSentiment, toneOf, type Sentiment } from '../social/sentiment';
import { callerKeys, identityPrefixes, normaliseHandle, normaliseIdentity, normalisePhone, type IdentityKey } from './identityValue';
import { createPopCards, type PopCard } from './popCards';
import { identityId, linkStatus, noteInteraction, unverifiedIdentity, type CallDraft, type Customer, type Identity, type IdentityKind, type Interaction, type InteractionChannel, type Note } from './model';

/**
 * The customer history's data access: every read and write of customers,
 * identities, interactions, notes and call drafts goes through here, each
 * write in one Dexie transaction. The context panel, the timeline and
 * import/export build on this interface; keep it stable.
 *
 * Text is stored exactly as given (trimmed, length-capped): names, notes and
 * posts are data, never markup, and are only ever rendered as text.
 */
export interface CustomerRepository {
  // --- the ringing call -----------------------------------------------------

  /**
   * The customers a call's remote party is known as: its E.164 number first,
   * then its SIP URI (`callerKeys`). One indexed read of `[kind+value]` per
   * key tried plus one `bulkGet` of customers. Several customers can share a
   * number (a family phone): all are returned, at most `limit`.
   */
  lookupCaller(remote: Pick<Party, 'uri' | 'number'>, defaultRegion: string, limit?: number): Promise<CallerMatch[]>;
  /** Like `lookupCaller`, for keys already normalised. */
  findByIdentity(keys: readonly IdentityKey[], limit?: number): Promise<CallerMatch[]>;
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

  // --- the unknown caller ---------------------------------------------------

  /** Prefix search on name (`nameLower`) and identity values (`[kind+value]`); each hit once, at most `limit`. */
  search(query: string, defaultRegion: string, limit?: number): Promise<CustomerSearchHit[]>;
  /**
   * A new customer with optional identities (normalised; unverified — proof
   * comes only from `recordProof`). Identities that don't normalise are
   * returned in `rejected` rather than stored. Throws `RangeError` for an empty name.
   */
  createCustomer(input: NewCustomer, defaultRegion: string): Promise<CreatedCustomer>;
  renameCustomer(customerId: string, name: string): Promise<Customer | null>;
  getCustomer(customerId: string): Promise<Customer | undefined>;
  /** All of a customer's identities, verified first, then by kind and value. */
  identities(customerId: string): Promise<Identity[]>;

  // --- identities and consent ------------------------------------------------

  /**
   * Records an identity the agent typed, always unverified. Recording one the
   * customer already has changes nothing (a verified link stays verified).
   */
  addIdentity(customerId: string, kind: IdentityKind, text: string, defaultRegion: string): Promise<AddIdentityResult>;
  /** Removes the link (one row); the customer's history stays. */
  unlinkIdentity(identityId: string): Promise<void>;
  /**
   * Main reported proof (`identity:proven`): marks the handle verified with
   * how, when and the evidence, creating the identity when the agent had not
   * recorded it. A handle that only *claimed* the customer's number is
   * upgraded only by a proof that binds that number and the claiming DID
   * (a code round trip on a call from the number): anything less is 'unbound'.
   */
  recordProof(proof: IdentityProven): Promise<ProofOutcome>;
  /**
   * An account privately sent a phone number (`identity:claimed`): the one
   * customer who owns that number gets the handle as a link *claimed* by that
   * account — unverified, with who, when and which message. A proven link
   * stays as it is. Several owners, or none: nothing is recorded.
   */
  recordClaim(claim: IdentityClaimed): Promise<ClaimOutcome>;
  /**
   * Caches a freshly fetched profile on a social identity. A verified
   * identity whose handle now resolves to another DID is not overwritten
   * (the handle changed hands; the proof was for the old account): null.
   */
  updateProfile(identityId: string, author: SocialAuthor): Promise<Identity | null>;

  // --- calls, notes, history -------------------------------------------------

  callDraft(callId: string): Promise<CallDraft | undefined>;
  /**
   * Autosave: stores what the agent typed for a call. After hang-up (the
   * draft is finished) the call's interaction and note are updated in the
   * same transaction, so a wrap-up code picked late lands on the same row.
   */
  saveCallDraft(call: CallRef, patch: CallDraftPatch): Promise<CallDraft>;
  /**
   * Hang-up: in one transaction writes the call's interaction (with note
   * text and wrap-up code), its note row, and marks the draft finished.
   * `patch` is what the panel holds now (newer than the last autosave).
   * Idempotent: a repeated 'ended' event rewrites the same rows.
   */
  finishCall(call: CallInfo, patch?: CallDraftPatch): Promise<Interaction>;
  /**
   * After a (re)load: drafts of calls that are no longer live and were never
   * finished (the call ended while no window was open) are recorded as
   * finished calls now, and drafts finished more than `DRAFT_RETENTION_MS`
   * ago are dropped (the interaction and note keep the text). Returns how
   * many were finished. Reads the small drafts table only.
   */
  finishAbandonedDrafts(liveCallIds: readonly string[]): Promise<number>;
  /** Links a call (draft, interaction and note) to a customer, e.g. after "Link to existing customer". */
  assignCall(callId: string, customerId: string): Promise<void>;
  /** A note not tied to a call; also an interaction of channel 'note'. */
  addNote(customerId: string, text: string): Promise<Note>;
  /** Writes interactions as given (importers, the timeline); ids decide what is replaced. */
  putInteractions(interactions: readonly Interaction[]): Promise<void>;
  /**
   * A customer's history newest first, merged from interactions, the call log
   * (by phone identity, for calls before this history existed) and social
   * items by verified DIDs; page with `before` (exclusive `at`).
   */
  timeline(customerId: string, options?: TimelineOptions): Promise<TimelineEntry[]>;
}

export interface CallerMatch {
  readonly customer: Customer;
  /** The identity the caller matched. */
  readonly identity: Identity;
}

export interface PopOptions {
  /** Read the call's draft (a reload mid-call, a call linked by hand); default true. */
  readonly restoreDraft?: boolean;
  /** Answer from the caller's pop card when it is still theirs (default true); false reads everything. */
  readonly useCard?: boolean;
  readonly limit?: number;
  readonly limits?: Partial<ContextLimits>;
}

export interface CallerPop {
  readonly draft: CallDraft | undefined;
  /** As `lookupCaller` answers. */
  readonly matches: CallerMatch[];
  /** The customer the panel shows: the draft's (a hand-made link wins over the number), else the only match; null for none. */
  readonly context: CustomerContext | null;
  /** The context is the caller's pop card (as last shown): read again with `useCard: false` once it has painted. */
  readonly fromCard: boolean;
}

export interface ContextLimits {
  readonly timeline: number;
  readonly posts: number;
  readonly notes: number;
}

export const DEFAULT_CONTEXT_LIMITS: ContextLimits = { timeline: 20, posts: 10, notes: 10 };
/** Conversations per verified DID read beside the posts, for their status. */
const CONVERSATIONS_READ_WITH_POSTS = 30;

/** A post (or listening match) by one of the customer's verified accounts, as the panel shows it. */
export interface CustomerPost {
  readonly item: SocialItem;
  readonly sentiment: Sentiment;
  /** The inbox status of its conversation; null when it never became one (a listening match). */
  readonly conversationStatus: ConversationStatus | null;
  /** Negative sentiment and its conversation not closed. */
  readonly openComplaint: boolean;
}

/** One line of a customer's history, whatever it came from: an interaction's fields, plus where it was read. */
export type TimelineEntry = Pick<Interaction, 'channel' | 'direction' | 'at' | 'summary' | 'wrapUpCode' | 'callId' | 'conversationId' | 'uri' | 'outcome'> & {
  readonly id: string;
  readonly source: 'interaction' | 'callLog' | 'social';
};

export interface TimelineOptions {
  readonly limit?: number;
  /** Only entries strictly older than this. */
  readonly before?: number;
  readonly channels?: readonly InteractionChannel[];
}

export interface CustomerContext {
  readonly customer: Customer;
  /** Verified first. The panel shows verified and unverified in separate lists. */
  readonly identities: readonly Identity[];
  /** Newest first. */
  readonly posts: readonly CustomerPost[];
  readonly timeline: readonly TimelineEntry[];
  /** Newest first. */
  readonly notes: readonly Note[];
}

export interface CustomerSearchHit {
  readonly customer: Customer;
  /** The identity whose value matched; null for a name match. */
  readonly identity: Identity | null;
}

export interface NewCustomer {
  readonly name: string;
  readonly identities?: readonly { readonly kind: IdentityKind; readonly value: string }[];
}

export interface CreatedCustomer {
  readonly customer: Customer;
  readonly identities: readonly Identity[];
  readonly rejected: readonly { readonly kind: IdentityKind; readonly value: string }[];
}

export type AddIdentityResult =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly reason: 'invalid' | 'no-customer' };

export type ProofOutcome =
  | { readonly status: 'verified'; readonly identity: Identity }
  /** The customer is gone, the proof is malformed, or it does not bind a claimed link's number and account: nothing changed. */
  | { readonly status: 'unmatched'; readonly reason: 'no-customer' | 'invalid' | 'unbound' };

export type ClaimOutcome =
  /** Recorded as claimed (unverified); 'verified': the handle was already proven for this customer, nothing changed. */
  | { readonly status: 'claimed' | 'verified'; readonly identity: Identity }
  /** Nobody (or more than one customer) owns the phone number / the customer is gone: nothing was linked. */
  | { readonly status: 'unmatched'; readonly reason: 'no-customer' | 'ambiguous' | 'invalid' };

/** What a call draft needs of the call. */
export type CallRef = Pick<CallInfo, 'id' | 'direction' | 'startedAt'> & { readonly remote: Pick<Party, 'uri'> };

export interface CallDraftPatch {
  readonly text?: string;
  readonly wrapUpCode?: string | null;
  readonly customerId?: string | null;
}

export interface RepositoryOptions {
  readonly now?: () => number;
  readonly newId?: () => string;
}

/** Longest name and note kept; longer input is cut, not refused (an import must not lose a row for it). */
export const MAX_NAME = 200;
export const MAX_NOTE = 20_000;
/** How long a finished call's draft is kept so a late wrap-up code still finds it. */
export const DRAFT_RETENTION_MS = 7 * 86_400_000;

const PUBLIC_POST_KINDS = new Set<SocialItem['kind']>(['mention', 'reply', 'quote', 'listening']);
const BRAND_KINDS = new Set<SocialItem['kind']>(['brand-reply', 'brand-message']);

export { identityId } from './model';
export const callInteractionId = (callId: string) => `call:${callId}`;

const cleanName = (name: string) => name.trim().slice(0, MAX_NAME);
const lowerName = (name: string) => name.toLowerCase();

/** Verified first, then kind, then value: the order the panel lists them in (a claim is not verified). */
export function compareIdentities(a: Identity, b: Identity): number {
  if (a.verified !== b.verified) return a.verified ? -1 : 1;
  return a.kind === b.kind ? a.value.localeCompare(b.value) : a.kind.localeCompare(b.kind);
}

/** A post the desk would call an open public complaint. */
export function isOpenComplaint(sentiment: Sentiment, status: ConversationStatus | null): boolean {
  return toneOf(sentiment.score) === 'negative' && status !== 'closed';
}

export function createCustomerRepository(db: TandemDb, options: RepositoryOptions = {}): CustomerRepository {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? newClientId;
  const cards = createPopCards(db, now);

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
      dids.map((did) =>
        db.conversations
          .where('[authorDid+lastItemAt]')
          .between([did, Dexie.minKey], [did, Dexie.maxKey])
          .reverse()
          .limit(limit)
          .toArray(),
      ),
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
   * Works inside a transaction (loadContext) or on its own (popCaller).
   */
  async function readContext(customerId: string, limits: Partial<ContextLimits>, knownPhone?: string): Promise<CustomerContext | null> {
    const { timeline: timelineLimit, posts: postLimit, notes: noteLimit } = { ...DEFAULT_CONTEXT_LIMITS, ...limits };
    const [customer, identities, interactions, notes, knownCalls] = await Promise.all([
      db.customers.get(customerId),
      db.identities.where('customerId').equals(customerId).toArray(),
      db.interactions.where('[customerId+at]').between([customerId, Dexie.minKey], [customerId, Dexie.maxKey]).reverse().limit(timelineLimit).toArray(),
      db.notes.where('[customerId+updatedAt]').between([customerId, Dexie.minKey], [customerId, Dexie.maxKey]).reverse().limit(noteLimit).toArray(),
      knownPhone === undefined ? Promise.resolve([]) : callLogFor([knownPhone], timelineLimit),
    ]);
    if (customer === undefined) return null;
    const phones = identities.filter((identity) => identity.kind === 'phone').map((identity) => identity.value);
    const otherPhones = phones.filter((phone) => phone !== knownPhone);
    // The caller's number is the customer's only when one of their identities says so.
    const known = knownPhone !== undefined && phones.includes(knownPhone) ? knownCalls : [];
    const dids = verifiedDids(identities);
    const [otherCalls, items, latestConversations] = await Promise.all([
      otherPhones.length === 0 ? Promise.resolve([]) : callLogFor(otherPhones, timelineLimit),
      itemsBy(dids, Math.max(postLimit, timelineLimit)),
      conversationsBy(dids, CONVERSATIONS_READ_WITH_POSTS),
    ]);
    const calls = otherCalls.length === 0 ? known : [...known, ...otherCalls].sort((a, b) => b.startedAt - a.startedAt).slice(0, timelineLimit);
    // A post that carried a verification code proved the link; it is not something the customer said about us.
    const evidence = new Set(identities.flatMap((identity) => (identity.evidenceUri === null ? [] : [identity.evidenceUri])));
    const publicItems = items.filter((item) => item.visibility === 'public' && PUBLIC_POST_KINDS.has(item.kind) && !evidence.has(item.uri)).slice(0, postLimit);
    const statusOf = new Map(latestConversations.map((conversation) => [conversation.id, conversation.status] as const));
    // A post in someone else's thread (or one older than the latest conversations): one more read, for those only.
    const missing = [...new Set(publicItems.map((item) => item.conversationId).filter((id) => !statusOf.has(id)))];
    if (missing.length > 0) {
      for (const conversation of await db.conversations.bulkGet(missing)) if (conversation !== undefined) statusOf.set(conversation.id, conversation.status);
    }
    const posts = publicItems.map((item): CustomerPost => {
      const sentiment = analyseSentiment(item.text);
      const conversationStatus = statusOf.get(item.conversationId) ?? null;
      return { item, sentiment, conversationStatus, openComplaint: isOpenComplaint(sentiment, conversationStatus) };
    });
    return { customer, identities: [...identities].sort(compareIdentities), posts, timeline: mergeTimeline(interactions, calls, items, timelineLimit), notes };
  }

  /**
   * A claimed link is proven only by a code round trip between the claimed
   * number and the claiming account: the proof's DID is the claim's, and its
   * number (the call the code went through) is the claimed one — or, for a
   * claim recorded before the desk kept the number (schema version 6), one
   * of the customer's own numbers.
   */
  async function bindsClaim(identity: Identity, proof: IdentityProven): Promise<boolean> {
    const claim = identity.claim;
    if (claim === undefined || proof.phone === null || proof.did !== claim.did) return false;
    if (claim.phone !== null) return proof.phone === claim.phone;
    return (await db.identities.get(identityId(identity.customerId, 'phone', proof.phone))) !== undefined;
  }

  async function upsertVerified(customerId: string, handle: string, proof: IdentityProven): Promise<Identity> {
    const id = identityId(customerId, 'bluesky', handle);
    const existing = await db.identities.get(id);
    // Proven now: the claim and a downgrade note have said what they had to.
    const { claim: _claim, downgraded: _downgraded, ...base } = existing ?? unverifiedIdentity(customerId, 'bluesky', handle, now());
    const identity: Identity = {
      ...base,
      did: proof.did,
      verified: true,
      verifiedHow: proof.method,
      verifiedAt: proof.at,
      evidenceUri: proof.evidenceUri,
      // A cached profile of some other account (the handle was unverified, maybe a different DID) goes.
      profile: existing?.did === proof.did ? existing.profile : null,
    };
    await db.identities.put(identity);
    await db.customers.update(customerId, { updatedAt: now() });
    await cards.forget([customerId]);
    return identity;
  }

  function draftFor(call: CallRef, previous: CallDraft | undefined, patch: CallDraftPatch, at: number): CallDraft {
    return {
      callId: call.id,
      direction: call.direction,
      remoteUri: call.remote.uri,
      startedAt: call.startedAt,
      customerId: patch.customerId !== undefined ? patch.customerId : (previous?.customerId ?? null),
      text: patch.text !== undefined ? patch.text.slice(0, MAX_NOTE) : (previous?.text ?? ''),
      wrapUpCode: patch.wrapUpCode !== undefined ? patch.wrapUpCode : (previous?.wrapUpCode ?? null),
      updatedAt: at,
      finishedAt: previous?.finishedAt ?? null,
    };
  }

  /** Writes the call's interaction and note from its (finished) draft; inside a caller's transaction. */
  async function writeCallRecord(draft: CallDraft, call: Pick<CallInfo, 'outcome' | 'endedAt'> | null): Promise<Interaction> {
    const id = callInteractionId(draft.callId);
    const previous = await db.interactions.get(id);
    const interaction: Interaction = {
      id,
      customerId: draft.customerId,
      channel: 'call',
      direction: draft.direction,
      at: draft.startedAt,
      summary: draft.text,
      wrapUpCode: draft.wrapUpCode,
      callId: draft.callId,
      conversationId: null,
      uri: draft.remoteUri,
      outcome: call?.outcome ?? previous?.outcome ?? null,
      endedAt: call?.endedAt ?? previous?.endedAt ?? draft.finishedAt,
    };
    await db.interactions.put(interaction);
    if (draft.customerId !== null && draft.text.trim() !== '') {
      await db.notes.put({ id, customerId: draft.customerId, callId: draft.callId, text: draft.text, updatedAt: draft.updatedAt });
    } else {
      await db.notes.delete(id);
    }
    return interaction;
  }

  return {
    lookupCaller(remote, defaultRegion, limit) {
      return findByIdentity(callerKeys(remote, defaultRegion), limit);
    },

    findByIdentity,

    loadContext(customerId, limits = {}) {
      return db.transaction('r', [db.customers, db.identities, db.interactions, db.notes, db.calls, db.socialItems, db.conversations], () => readContext(customerId, limits));
    },

    async popCaller(callId, remote, defaultRegion, options = {}) {
      const limit = options.limit ?? 5;
      const keys = callerKeys(remote, defaultRegion);
      // Cards hold contexts read with the default limits only.
      const carded = options.limits === undefined;
      // Round trip 1: the draft, every key's identities and every key's pop card, at once.
      const [draft, perKey, previous] = await Promise.all([
        options.restoreDraft === false ? Promise.resolve(undefined) : db.callDrafts.get(callId),
        Promise.all(keys.map((key) => db.identities.where('[kind+value]').equals([key.kind, key.value]).limit(limit).toArray())),
        carded ? cards.read(keys) : Promise.resolve<(PopCard | undefined)[]>([]),
      ]);
      const linked = draft?.customerId ?? null;
      const firstIndex = perKey.findIndex((identities) => identities.length > 0);
      const first = perKey[firstIndex] ?? [];
      const target = linked ?? (first.length === 1 ? (first[0]?.customerId ?? null) : null);
      const phone = keys.find((key) => key.kind === 'phone')?.value;
      const card = previous[firstIndex];
      const matched = first[0];
      // The card is the caller's only while this round's identity rows still say so (one owner, the draft's if linked).
      if (options.useCard !== false && card !== undefined && matched !== undefined && first.length === 1 && card.customerId === target && matched.customerId === target) {
        return { draft, matches: [{ customer: card.context.customer, identity: matched }], context: card.context, fromCard: true };
      }
      // Round trips 2–3 (a 4th for a post in a thread filed under someone else): the target's context, with the matched customers alongside.
      const [customers, context] = await Promise.all([
        db.customers.bulkGet([...new Set(perKey.flat().map((identity) => identity.customerId))]),
        target === null ? Promise.resolve(null) : readContext(target, options.limits ?? {}, phone),
      ]);
      const byId = new Map(customers.flatMap((customer) => (customer === undefined ? [] : [[customer.id, customer] as const])));
      let matches: CallerMatch[] = [];
      for (const identities of perKey) {
        matches = identities.flatMap((identity) => {
          const customer = byId.get(identity.customerId);
          return customer === undefined ? [] : [{ customer, identity }];
        });
        if (matches.length > 0) break;
      }
      // Stored after the answer, off the pop's path; a lost write only costs the next ring its card.
      const keep = (shown: CustomerContext) => {
        if (carded) void cards.remember(keys, shown, previous).catch(() => undefined);
      };
      if (context !== null) {
        keep(context);
        return { draft, matches, context, fromCard: false };
      }
      // The linked customer is gone (or the first key's was): the only remaining match, if there is one.
      const [only, ...more] = matches;
      const fallback = only !== undefined && more.length === 0 && only.customer.id !== target ? await readContext(only.customer.id, options.limits ?? {}, phone) : null;
      if (fallback !== null) keep(fallback);
      return { draft, matches, context: fallback, fromCard: false };
    },

    async search(query, defaultRegion, limit = 20) {
      const text = query.trim();
      if (text === '') return [];
      const lower = lowerName(text);
      const prefixes = identityPrefixes(text, defaultRegion);
      const [byName, byIdentity] = await Promise.all([
        db.customers.where('nameLower').startsWith(lower).limit(limit).toArray(),
        Promise.all(
          prefixes.map((key) =>
            db.identities
              .where('[kind+value]')
              .between([key.kind, key.value], [key.kind, `${key.value}\uffff`])
              .limit(limit)
              .toArray(),
          ),
        ).then((lists) => lists.flat()),
      ]);
      const hits = new Map<string, CustomerSearchHit>();
      for (const customer of byName) hits.set(customer.id, { customer, identity: null });
      const missing = [...new Set(byIdentity.map((identity) => identity.customerId).filter((id) => !hits.has(id)))];
      const customers = new Map((await db.customers.bulkGet(missing)).flatMap((customer) => (customer === undefined ? [] : [[customer.id, customer] as const])));
      for (const identity of byIdentity) {
        const customer = customers.get(identity.customerId);
        if (customer !== undefined && !hits.has(customer.id)) hits.set(customer.id, { customer, identity });
      }
      return [...hits.values()].slice(0, limit);
    },

    createCustomer(input, defaultRegion) {
      const name = cleanName(input.name);
      if (name === '') return Promise.reject(new RangeError('A customer needs a name'));
      return db.transaction('rw', db.customers, db.identities, async () => {
        const at = now();
        const customer: Customer = { id: newId(), name, nameLower: lowerName(name), createdAt: at, updatedAt: at };
        const identities: Identity[] = [];
        const rejected: { kind: IdentityKind; value: string }[] = [];
        for (const wanted of input.identities ?? []) {
          const value = normaliseIdentity(wanted.kind, wanted.value, defaultRegion);
          if (value === null) rejected.push({ kind: wanted.kind, value: wanted.value });
          else if (!identities.some((known) => known.kind === wanted.kind && known.value === value)) identities.push(unverifiedIdentity(customer.id, wanted.kind, value, at));
        }
        await db.customers.add(customer);
        await db.identities.bulkPut(identities);
        return { customer, identities, rejected };
      });
    },

    renameCustomer(customerId, rawName) {
      const name = cleanName(rawName);
      if (name === '') return Promise.reject(new RangeError('A customer needs a name'));
      return db.transaction('rw', db.customers, db.popCards, async () => {
        const customer = await db.customers.get(customerId);
        if (customer === undefined) return null;
        const next: Customer = { ...customer, name, nameLower: lowerName(name), updatedAt: now() };
        await db.customers.put(next);
        await cards.forget([customerId]);
        return next;
      });
    },

    getCustomer(customerId) {
      return db.customers.get(customerId);
    },

    async identities(customerId) {
      return (await db.identities.where('customerId').equals(customerId).toArray()).sort(compareIdentities);
    },

    addIdentity(customerId, kind, text, defaultRegion) {
      const value = normaliseIdentity(kind, text, defaultRegion);
      if (value === null) return Promise.resolve({ ok: false, reason: 'invalid' });
      return db.transaction('rw', db.customers, db.identities, db.popCards, async (): Promise<AddIdentityResult> => {
        if ((await db.customers.get(customerId)) === undefined) return { ok: false, reason: 'no-customer' };
        const id = identityId(customerId, kind, value);
        const existing = await db.identities.get(id);
        if (existing !== undefined) return { ok: true, identity: existing };
        const identity = unverifiedIdentity(customerId, kind, value, now());
        await db.identities.add(identity);
        await db.customers.update(customerId, { updatedAt: now() });
        await cards.forget([customerId]);
        return { ok: true, identity };
      });
    },

    async unlinkIdentity(identityId) {
      await db.transaction('rw', db.identities, db.popCards, async () => {
        const identity = await db.identities.get(identityId);
        if (identity === undefined) return;
        await db.identities.delete(identityId);
        await cards.forget([identity.customerId]);
      });
    },

    recordProof(proof) {
      const handle = normaliseHandle(proof.handle);
      if (proof.network !== 'bluesky' || handle === null || !proof.did.startsWith('did:')) return Promise.resolve({ status: 'unmatched', reason: 'invalid' });
      return db.transaction('rw', db.customers, db.identities, db.popCards, async (): Promise<ProofOutcome> => {
        if ((await db.customers.get(proof.customerId)) === undefined) return { status: 'unmatched', reason: 'no-customer' };
        const existing = await db.identities.get(identityId(proof.customerId, 'bluesky', handle));
        if (existing !== undefined && linkStatus(existing) === 'claimed' && !(await bindsClaim(existing, proof))) return { status: 'unmatched', reason: 'unbound' };
        return { status: 'verified', identity: await upsertVerified(proof.customerId, handle, proof) };
      });
    },

    recordClaim(claim) {
      const handle = normaliseHandle(claim.handle);
      const phone = normalisePhone(claim.phone, 'ZZ');
      if (claim.network !== 'bluesky' || handle === null || phone === null || !claim.did.startsWith('did:')) return Promise.resolve({ status: 'unmatched', reason: 'invalid' });
      return db.transaction('rw', db.customers, db.identities, db.popCards, async (): Promise<ClaimOutcome> => {
        const owners = await db.identities.where('[kind+value]').equals(['phone', phone]).limit(2).toArray();
        const customerIds = [...new Set(owners.map((identity) => identity.customerId))];
        if (customerIds.length > 1) return { status: 'unmatched', reason: 'ambiguous' };
        const [customerId] = customerIds;
        if (customerId === undefined || (await db.customers.get(customerId)) === undefined) return { status: 'unmatched', reason: 'no-customer' };
        const existing = await db.identities.get(identityId(customerId, 'bluesky', handle));
        // A proven link stays proven: a later claim neither adds to it nor takes it away.
        if (existing?.verified === true) return { status: 'verified', identity: existing };
        const identity: Identity = {
          ...(existing ?? unverifiedIdentity(customerId, 'bluesky', handle, now())),
          claim: { handle, did: claim.did, phone, evidenceUri: claim.evidenceUri, at: claim.at },
        };
        await db.identities.put(identity);
        await db.customers.update(customerId, { updatedAt: now() });
        await cards.forget([customerId]);
        return { status: 'claimed', identity };
      });
    },

    updateProfile(identityId, author) {
      return db.transaction('rw', db.identities, async () => {
        const identity = await db.identities.get(identityId);
        if (identity === undefined) return null;
        if (identity.did !== null && identity.did !== author.did) return null;
        const next: Identity = {
          ...identity,
          did: identity.did ?? (identity.verified ? null : author.did),
          profile: {
            displayName: author.displayName,
            description: author.description,
            avatarUrl: author.avatarUrl,
            followers: author.followers,
            following: author.following,
            fetchedAt: now(),
          },
        };
        await db.identities.put(next);
        return next;
      });
    },

    callDraft(callId) {
      return db.callDrafts.get(callId);
    },

    saveCallDraft(call, patch) {
      return db.transaction('rw', db.callDrafts, db.interactions, db.notes, async () => {
        const previous = await db.callDrafts.get(call.id);
        const draft = draftFor(call, previous, patch, now());
        await db.callDrafts.put(draft);
        if (draft.finishedAt !== null) await writeCallRecord(draft, null);
        return draft;
      });
    },

    finishCall(call, patch = {}) {
      return db.transaction('rw', db.callDrafts, db.interactions, db.notes, async () => {
        const previous = await db.callDrafts.get(call.id);
        const at = now();
        const draft: CallDraft = { ...draftFor(call, previous, patch, at), finishedAt: previous?.finishedAt ?? call.endedAt ?? at };
        await db.callDrafts.put(draft);
        return writeCallRecord(draft, call);
      });
    },

    finishAbandonedDrafts(liveCallIds) {
      const live = new Set(liveCallIds);
      return db.transaction('rw', db.callDrafts, db.interactions, db.notes, async () => {
        const expired = now() - DRAFT_RETENTION_MS;
        await db.callDrafts.filter((draft) => draft.finishedAt !== null && draft.updatedAt < expired).delete();
        const abandoned = await db.callDrafts.filter((draft) => draft.finishedAt === null && !live.has(draft.callId)).toArray();
        for (const draft of abandoned) {
          const finished: CallDraft = { ...draft, finishedAt: draft.updatedAt };
          await db.callDrafts.put(finished);
          await writeCallRecord(finished, null);
        }
        return abandoned.length;
      });
    },

    assignCall(callId, customerId) {
      return db.transaction('rw', db.callDrafts, db.interactions, db.notes, async () => {
        const draft = await db.callDrafts.get(callId);
        if (draft === undefined) {
          await db.interactions.update(callInteractionId(callId), { customerId });
          return;
        }
        const next: CallDraft = { ...draft, customerId, updatedAt: now() };
        await db.callDrafts.put(next);
        if (next.finishedAt !== null) await writeCallRecord(next, null);
      });
    },

    addNote(customerId, rawText) {
      const text = rawText.slice(0, MAX_NOTE);
      return db.transaction('rw', db.notes, db.interactions, async () => {
        const at = now();
        const note: Note = { id: newId(), customerId, callId: null, text, updatedAt: at };
        await db.notes.add(note);
        await db.interactions.put(noteInteraction(note));
        return note;
      });
    },

    async putInteractions(interactions) {
      await db.transaction('rw', db.interactions, () => db.interactions.bulkPut([...interactions]));
    },

    timeline,
  };
}

function verifiedDids(identities: readonly Identity[]): string[] {
  return [...new Set(identities.flatMap((identity) => (identity.verified && identity.kind === 'bluesky' && identity.did !== null ? [identity.did] : [])))];
}

/**
 * Merges the three sources newest first. A call with an interaction row is
 * shown once (the interaction carries the note and code); a social item the
 * history already recorded (same URI) likewise; the brand's own replies are
 * not the customer's items.
 */
export function mergeTimeline(interactions: readonly Interaction[], calls: readonly CallLogEntry[], items: readonly SocialItem[], limit: number): TimelineEntry[] {
  const callIds = new Set(interactions.flatMap((interaction) => (interaction.callId === null ? [] : [interaction.callId])));
  const uris = new Set(interactions.flatMap((interaction) => (interaction.uri === null ? [] : [interaction.uri])));
  const entries: TimelineEntry[] = interactions.map((interaction) => ({
    id: interaction.id,
    source: 'interaction',
    channel: interaction.channel,
    direction: interaction.direction,
    at: interaction.at,
    summary: interaction.summary,
    wrapUpCode: interaction.wrapUpCode,
    callId: interaction.callId,
    conversationId: interaction.conversationId,
    uri: interaction.uri,
    outcome: interaction.outcome,
  }));
  for (const call of calls) {
    if (callIds.has(call.id)) continue;
    entries.push({
      id: callInteractionId(call.id),
      source: 'callLog',
      channel: 'call',
      direction: call.direction,
      at: call.startedAt,
      summary: '',
      wrapUpCode: null,
      callId: call.id,
      conversationId: null,
      uri: call.remoteUri,
      outcome: call.outcome,
    });
  }
  for (const item of items) {
    if (uris.has(item.uri) || BRAND_KINDS.has(item.kind)) continue;
    entries.push({
      id: `social:${item.uri}`,
      source: 'social',
      channel: item.visibility === 'public' ? 'social-public' : 'social-private',
      direction: 'inbound',
      at: item.createdAt,
      summary: item.text,
      wrapUpCode: null,
      callId: null,
      conversationId: item.conversationId,
      uri: item.uri,
      outcome: null,
    });
  }
  return entries.sort((a, b) => b.at - a.at).slice(0, limit);
}
