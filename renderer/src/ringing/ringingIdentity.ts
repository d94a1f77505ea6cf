import type { CallInfo } from '@tandem/contract';
import type { CustomerContext } from '../customers/customerContext';
import type { Note } from '../customers/model';
import type { ContextStatus } from '../context/screenPopStatus';
import { ringingCall } from '../shortcuts/shortcutTargets';
import { partyLines } from '../softphone/partyText';

/** What the ringing banner says about a matched caller: what an agent wants to know before picking up. */
export interface RingingCustomer {
  readonly name: string;
  /** At least one of their social accounts is proven by the customer (consent, not guessing). */
  readonly verified: boolean;
  /** One of their posts is a complaint whose conversation is not closed. */
  readonly openComplaint: boolean;
  /** The wrap-up code of their latest call that has one; null when none has. */
  readonly lastWrapUpCode: string | null;
  /** Newest first. */
  readonly importantNotes: readonly Note[];
}

export interface RingingIdentity {
  /** The call the banner is about: the one that has rung longest, the one Answer picks up. */
  readonly call: CallInfo;
  /** The matched customer; null while the screen pop reads, or when nobody (or several) matched. */
  readonly customer: RingingCustomer | null;
  /** The screen pop has not answered for this call yet: the banner shows the caller as the network named them meanwhile. */
  readonly looking: boolean;
}

export interface RingingSource {
  readonly calls: readonly CallInfo[];
  readonly contextCall: CallInfo | null;
  readonly contextStatus: ContextStatus;
  readonly customerContext: CustomerContext | null;
}

/** The customer the screen pop matched to this call, or null (another call's panel, nobody, several, still reading). */
export function matchedCustomer(source: Omit<RingingSource, 'calls'>, callId: string): CustomerContext | null {
  if (source.contextCall?.id !== callId || source.contextStatus !== 'known') return null;
  return source.customerContext;
}

function summarise(context: CustomerContext, callId: string): RingingCustomer {
  const lastCoded = context.timeline
    .filter((entry) => entry.channel === 'call' && entry.wrapUpCode !== null && entry.callId !== callId)
    .reduce<(typeof context.timeline)[number] | null>((latest, entry) => (latest === null || entry.at > latest.at ? entry : latest), null);
  return {
    name: context.customer.name,
    verified: context.identities.some((identity) => identity.verified),
    openComplaint: context.posts.some((post) => post.openComplaint),
    lastWrapUpCode: lastCoded?.wrapUpCode ?? null,
    importantNotes: context.notes.filter((note) => note.important === true),
  };
}

/** The banner's content, or null when nothing rings in. */
export function ringingIdentity(source: RingingSource): RingingIdentity | null {
  const call = ringingCall(source.calls);
  if (call === null) return null;
  const context = matchedCustomer(source, call.id);
  // Until the pop has answered for this call (it starts on the ring and paints after its read), nobody is "not found".
  const looking = source.contextCall?.id !== call.id || source.contextStatus === 'loading';
  return { call, customer: context === null ? null : summarise(context, call.id), looking };
}

/** Who calls, in one line: the matched customer's name, else the network's display name, else the number or address. */
export function callerLine(identity: RingingIdentity): { readonly text: string; readonly isAddress: boolean } {
  if (identity.customer !== null) return { text: identity.customer.name, isAddress: false };
  const { name, address } = partyLines(identity.call.remote);
  return { text: name, isAddress: address === '' };
}
