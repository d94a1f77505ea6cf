import type { PrivateMessageRules, PrivateStep } from '@tandem/contract';

/**
 * Whether "Take offline" (issue 15) may message an author privately now,
 * decided from the rules the connector declares and what the network says
 * about this author. Pure, so each network's rule is a table row in the
 * tests rather than a live account.
 */
export interface AuthorChatFacts {
  /** The author's own choice where the network has one (Bluesky's `allowIncoming`); null where it has none. */
  readonly allowIncoming: 'all' | 'following' | 'none' | null;
  /** Whether the author follows the brand; null when the network could not say. */
  readonly followsBrand: boolean | null;
}

export interface PrivateStepQuestion {
  /** The author's latest item the desk holds, public or private (ms); null when none. */
  readonly lastCustomerMessageAt: number | null;
  /** The author already wrote to the brand privately. */
  readonly wroteFirst: boolean;
  readonly now: number;
}

const HOUR_MS = 3_600_000;

/** The rules of a connector that declares none: private messages as its capability says, to anyone, any time. */
export function rulesOf(capabilities: {
  privateMessage: boolean;
  maxGraphemes: number;
  privateMessageRules?: PrivateMessageRules | undefined;
}): PrivateMessageRules {
  return (
    capabilities.privateMessageRules ?? {
      available: capabilities.privateMessage,
      audience: 'anyone',
      windowHours: null,
      maxGraphemes: capabilities.maxGraphemes,
    }
  );
}

/** Facts the verdict needs from the network, so a rule that needs none costs no request. */
export const needsAuthorFacts = (rules: PrivateMessageRules): boolean =>
  rules.available && (rules.audience === 'followers' || rules.audience === 'author-setting');

export function privateStepVerdict(rules: PrivateMessageRules, facts: AuthorChatFacts | null, question: PrivateStepQuestion): PrivateStep {
  if (!rules.available) return { allowed: false, reason: 'unavailable' };
  if (rules.windowHours !== null) {
    const last = question.lastCustomerMessageAt;
    if (last === null || question.now - last > rules.windowHours * HOUR_MS) return { allowed: false, reason: 'windowClosed' };
  }
  switch (rules.audience) {
    case 'anyone':
      return { allowed: true };
    case 'wrote-first':
      return question.wroteFirst ? { allowed: true } : { allowed: false, reason: 'mustWriteFirst' };
    case 'followers':
      if (facts === null) return { allowed: false, reason: 'unknown' };
      return facts.followsBrand === true ? { allowed: true } : { allowed: false, reason: 'mustFollow' };
    case 'author-setting':
      // The author's setting says who may *start* a chat: a conversation the author opened stays open.
      if (question.wroteFirst) return { allowed: true };
      if (facts === null) return { allowed: false, reason: 'unknown' };
      if (facts.allowIncoming === 'none') return { allowed: false, reason: 'authorAllowsNone' };
      if (facts.allowIncoming === 'following' && facts.followsBrand !== true) return { allowed: false, reason: 'authorAllowsFollowing' };
      return { allowed: true };
  }
}
