import { sipUserPart, type BoardAgent } from '@tandem/contract';
import type { JudgedConversation } from './queueJudgement';

/** A live call from a customer with an open negative public post (issue 16, item 4a). */
export interface ComplaintAlert {
  /** Stable while the call lasts: the conversation and the party. */
  readonly key: string;
  readonly agent: Pick<BoardAgent, 'id' | 'name' | 'state'>;
  /** The caller as the SIP server reported them. */
  readonly party: string;
  readonly post: JudgedConversation;
}

/**
 * The significant digits of a phone number or of a SIP URI's user part:
 * "sip:+1 (212) 555-0123@host" → "12125550123", "sip:0612345678@pbx" →
 * "612345678" (a trunk prefix 0 dropped). Null when the user part is not a
 * number, or too short to name a customer (an extension).
 */
export function phoneDigits(address: string): string | null {
  const bare = sipUserPart(address);
  if (!/^\+?[\d\s().-]+$/.test(bare)) return null;
  const digits = bare.replace(/[^\d]/g, '').replace(/^0+/, '');
  return digits.length < MIN_DIGITS ? null : digits;
}

/** Fewer significant digits than this is an extension or a short code, never a customer's number. */
const MIN_DIGITS = 7;

/**
 * Whether two numbers are the same line: equal significant digits, or one
 * the other with its country code in front. The SIP server may report the
 * caller in national form ("2125550123") while the team stores E.164
 * ("+12125550123"), and the page does not know the desk's region; a country
 * code is at most 3 digits, so nothing longer is accepted as one.
 */
export function sameNumber(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.length - short.length <= 3 && long.endsWith(short);
}

/**
 * Every agent on a call (or ringing) with a caller whose number belongs to
 * the customer verified as the author of an open, negative, public post.
 * Numbers are compared on their significant digits (`sameNumber`), so
 * "+12125550123", "sip:+12125550123@pbx" and "sip:2125550123@pbx" match. Pure.
 */
export function complaintAlerts(agents: readonly BoardAgent[], posts: readonly JudgedConversation[]): ComplaintAlert[] {
  const complaints = posts.flatMap((post) =>
    post.tone !== 'negative' || post.conversation.visibility !== 'public' || post.conversation.status === 'closed'
      ? []
      : [{ post, numbers: post.conversation.phones.flatMap((phone) => phoneDigits(phone) ?? []) }],
  );
  const alerts: ComplaintAlert[] = [];
  for (const agent of agents) {
    if (agent.call === undefined || (agent.state !== 'on-call' && agent.state !== 'ringing')) continue;
    const digits = phoneDigits(agent.call.party);
    if (digits === null) continue;
    for (const { post } of complaints.filter(({ numbers }) => numbers.some((number) => sameNumber(number, digits)))) {
      alerts.push({
        key: `${post.conversation.id}|${agent.id}|${agent.call.party}`,
        agent: { id: agent.id, name: agent.name, state: agent.state },
        party: agent.call.party,
        post,
      });
    }
  }
  return alerts;
}
