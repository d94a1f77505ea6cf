import type { BoardAgent } from '@tandem/contract';
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
 * The digits of a phone number or of a SIP URI's user part, with the
 * leading + kept: "sip:+1 (212) 555-0123@host" → "+12125550123". Null when
 * the user part is not a number (a name, an extension shorter than 6 digits
 * cannot be matched to a customer's number safely).
 */
export function phoneDigits(address: string): string | null {
  const user = address.replace(/^sips?:/i, '').split('@')[0] ?? '';
  const bare = user.split(';')[0] ?? '';
  if (!/^\+?[\d\s().-]+$/.test(bare)) return null;
  const digits = bare.replace(/[^\d]/g, '');
  if (digits.length < 6) return null;
  return digits;
}

/**
 * Every agent on a call (or ringing) with a caller whose number belongs to
 * the customer verified as the author of an open, negative, public post.
 * Numbers are compared on their digits, so "+12125550123" and
 * "sip:+12125550123@pbx" match. Pure.
 */
export function complaintAlerts(agents: readonly BoardAgent[], posts: readonly JudgedConversation[]): ComplaintAlert[] {
  const byPhone = new Map<string, JudgedConversation[]>();
  for (const post of posts) {
    if (post.tone !== 'negative' || post.conversation.visibility !== 'public' || post.conversation.status === 'closed') continue;
    for (const phone of post.conversation.phones) {
      const digits = phoneDigits(phone);
      if (digits === null) continue;
      byPhone.set(digits, [...(byPhone.get(digits) ?? []), post]);
    }
  }
  const alerts: ComplaintAlert[] = [];
  for (const agent of agents) {
    if (agent.call === undefined || (agent.state !== 'on-call' && agent.state !== 'ringing')) continue;
    const digits = phoneDigits(agent.call.party);
    if (digits === null) continue;
    for (const post of byPhone.get(digits) ?? []) {
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
