import type { CallOutcome, VerificationMethod } from '@tandem/contract';

/**
 * The customer history's rows, as stored in Dexie (schema versions 3–6, db.ts).
 * Everything that came from a caller, a network or an agent's keyboard is
 * stored as plain data and only ever rendered as text.
 */

/** One person or company the desk talks to. */
export interface Customer {
  /** Random, opaque; also what `startVerification` carries as `customerId` (≤ 64 chars). */
  readonly id: string;
  readonly name: string;
  /** `name` trimmed and lower-cased (locale-independent): the export's order. */
  readonly nameLower: string;
  /** The name's words, folded (customerName.ts): the search index, multi-entry (schema version 10). */
  readonly nameWords: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Team mode: the team sequence of the copy last applied from the team database (teamRows.ts); absent on a solo desk. */
  readonly teamSeq?: number;
}

/** An agent of the team, as a shared row names its author or verifier. */
export interface TeamAgent {
  /** The agent's team login. */
  readonly id: string;
  readonly name: string;
}

export const IDENTITY_KINDS = ['phone', 'sip', 'bluesky', 'email'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** A social profile as last fetched through the connector; painted from here first while the fresh one loads. */
export interface CachedProfile {
  readonly displayName: string;
  readonly description: string;
  /** http(s) only, else null (main checks, the panel checks again). */
  readonly avatarUrl: string | null;
  readonly followers: number | null;
  readonly following: number | null;
  readonly fetchedAt: number;
}

/**
 * An account privately sent a phone number this customer has (`identity:claimed`):
 * who, when, from which message. A claim is not proof — anyone who knows the
 * number can send it — so the link stays unverified until a one-time code
 * travels between that number and that account (`recordProof`).
 */
export interface IdentityClaim {
  /** The claiming account's handle when it sent the number (lower-cased). */
  readonly handle: string;
  readonly did: string;
  /** E.164; null for a link made before the desk kept which number (downgraded by schema version 6). */
  readonly phone: string | null;
  /** The private message that carried the number. */
  readonly evidenceUri: string;
  readonly at: number;
}

/** A link shown as verified by an older release without proof, and downgraded (schema version 6): the agent sees why. */
export interface IdentityDowngrade {
  readonly reason: 'phone-in-message';
  readonly at: number;
}

/**
 * A way to reach or recognise a customer. `value` is normalised (see
 * identityValue.ts) so "identity → customer" is one read of `[kind+value]`.
 *
 * Consent, not guessing: `verified` is true only when main reported proof
 * from the customer (`identity:proven`); an agent-recorded handle and a
 * handle that merely claimed the customer's number (`claim`) stay unverified
 * and never fill the verified section of the screen pop.
 */
export interface Identity {
  /** `${customerId}|${kind}|${value}`: recording the same identity twice for a customer rewrites one row. */
  readonly id: string;
  readonly customerId: string;
  readonly kind: IdentityKind;
  readonly value: string;
  /** Bluesky: the account's DID once known (proof always carries it); else null. */
  readonly did: string | null;
  readonly verified: boolean;
  readonly verifiedHow: VerificationMethod | null;
  readonly verifiedAt: number | null;
  /** The post or message that carried the proof. */
  readonly evidenceUri: string | null;
  /** Social identities only; null until first fetched. */
  readonly profile: CachedProfile | null;
  readonly createdAt: number;
  /** Absent unless an account claimed the customer's number; dropped once the link is proven. */
  readonly claim?: IdentityClaim;
  /** Absent unless a migration took this link's "verified" away. */
  readonly downgraded?: IdentityDowngrade;
  /** Team mode: the agent who verified it (kept by the team database); absent on a solo desk. */
  readonly verifiedBy?: TeamAgent;
  readonly teamSeq?: number;
}

/** What the panel says about a link: proven, claimed by an account (not proven), or only recorded. */
export type LinkStatus = 'verified' | 'claimed' | 'unverified';

export const linkStatus = (identity: Pick<Identity, 'verified' | 'claim'>): LinkStatus =>
  identity.verified ? 'verified' : identity.claim === undefined ? 'unverified' : 'claimed';

export const INTERACTION_CHANNELS = ['call', 'social-public', 'social-private', 'note'] as const;
export type InteractionChannel = (typeof INTERACTION_CHANNELS)[number];
export type InteractionDirection = 'inbound' | 'outbound' | 'internal';

/**
 * One contact with the customer in the history the desk writes itself:
 * calls (with the agent's note and wrap-up code), notes, and social items
 * an importer or the timeline chose to record.
 */
export interface Interaction {
  /** `call:${callId}`, `note:${noteId}`, `social:${uri}` or an importer's own id. */
  readonly id: string;
  /** Null for a call from a caller nobody has linked yet; set when the agent links one. */
  readonly customerId: string | null;
  readonly channel: InteractionChannel;
  readonly direction: InteractionDirection;
  /** When it happened (a call: when it started). */
  readonly at: number;
  /** Free text: a call's note, a note, a post's beginning. */
  readonly summary: string;
  /** The wrap-up code id (settings.wrapUpCodes or a default); calls only. */
  readonly wrapUpCode: string | null;
  readonly callId: string | null;
  readonly conversationId: string | null;
  /** The call's remote URI or the post/message URI. */
  readonly uri: string | null;
  /** Calls only. */
  readonly outcome: CallOutcome | null;
  readonly endedAt: number | null;
  /** Team mode: who wrote it (another desk's call shows their name). */
  readonly author?: TeamAgent;
  readonly teamSeq?: number;
}

/** Free text the agent wrote about a customer, on a call (`callId`) or not. */
export interface Note {
  /** `call:${callId}` for a call's note (one per call), else random. */
  readonly id: string;
  readonly customerId: string;
  readonly callId: string | null;
  readonly text: string;
  /** Marked "Important": shown on the ringing banner before the agent answers (absent on notes written before issue 12). */
  readonly important?: boolean;
  readonly updatedAt: number;
  /** Team mode: who wrote it. */
  readonly author?: TeamAgent;
  readonly teamSeq?: number;
}

/**
 * What the agent has typed for a live (or just ended) call, autosaved while
 * they type so a reload loses nothing. Keyed by main's call id.
 */
export interface CallDraft {
  readonly callId: string;
  readonly customerId: string | null;
  readonly text: string;
  readonly wrapUpCode: string | null;
  readonly direction: 'inbound' | 'outbound';
  readonly remoteUri: string;
  readonly startedAt: number;
  /** The social conversation the call was placed from (issue 15): kept here so a call finished after a reload still points to it. */
  readonly conversationId?: string | null;
  readonly updatedAt: number;
  /** Set once the call's interaction row was written at hang-up. */
  readonly finishedAt: number | null;
}

/** Longest name and note kept; longer input is cut, not refused (an import must not lose a row for it). */
export const MAX_NAME = 200;
export const MAX_NOTE = 20_000;

export const DEFAULT_WRAP_UP_CODES = ['resolved', 'follow-up', 'escalated', 'no-action'] as const;

/** An identity row's key: one row per customer, kind and normalised value. */
export const identityId = (customerId: string, kind: IdentityKind, value: string) => `${customerId}|${kind}|${value}`;

/** A call's interaction (and its note) row key: one per call, however often the call is finished or relinked. */
export const callInteractionId = (callId: string) => `call:${callId}`;

/** Verified first, then kind, then value: the order the panel lists them in (a claim is not verified). */
export function compareIdentities(a: Identity, b: Identity): number {
  if (a.verified !== b.verified) return a.verified ? -1 : 1;
  return a.kind === b.kind ? a.value.localeCompare(b.value) : a.kind.localeCompare(b.kind);
}

/** An identity as the agent or an import records it: never verified until the customer proves it. */
export function unverifiedIdentity(customerId: string, kind: IdentityKind, value: string, at: number): Identity {
  return {
    id: identityId(customerId, kind, value),
    customerId,
    kind,
    value,
    did: null,
    verified: false,
    verifiedHow: null,
    verifiedAt: null,
    evidenceUri: null,
    profile: null,
    createdAt: at,
  };
}

/** A customer note's entry in the history (timeline, export), keyed by the note so it is written once. */
export function noteInteraction(note: Note): Interaction {
  return {
    id: `note:${note.id}`,
    customerId: note.customerId,
    channel: 'note',
    direction: 'internal',
    at: note.updatedAt,
    summary: note.text,
    wrapUpCode: null,
    callId: null,
    conversationId: null,
    uri: null,
    outcome: null,
    endedAt: null,
  };
}
