import { describe, expect, it } from 'vitest';
import type { PrivateMessageRules } from '@tandem/contract';
import { needsAuthorFacts, privateStepVerdict, rulesOf, type AuthorChatFacts } from '../../../main/core/social/privateStep';

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;
const BLUESKY: PrivateMessageRules = { available: true, audience: 'author-setting', windowHours: null, maxGraphemes: 1000 };
// Meta's rule as issue 15 states it: one private reply to a public comment within 7 days.
const META: PrivateMessageRules = { available: true, audience: 'anyone', windowHours: 7 * 24, maxGraphemes: 2000 };
const asked = { lastCustomerMessageAt: NOW - HOUR, wroteFirst: false, now: NOW };
const facts = (patch: Partial<AuthorChatFacts> = {}): AuthorChatFacts => ({ allowIncoming: 'all', followsBrand: null, ...patch });

describe('each connector declares its private-message rules; the desk says why a private step is not possible', () => {
  it('Bluesky: an author who accepts chats from everyone can be messaged', () => {
    expect(privateStepVerdict(BLUESKY, facts({ allowIncoming: 'all' }), asked)).toEqual({ allowed: true });
  });

  it('Bluesky: "following" lets the brand write only when the author follows it', () => {
    expect(privateStepVerdict(BLUESKY, facts({ allowIncoming: 'following', followsBrand: true }), asked)).toEqual({ allowed: true });
    expect(privateStepVerdict(BLUESKY, facts({ allowIncoming: 'following', followsBrand: false }), asked)).toEqual({
      allowed: false,
      reason: 'authorAllowsFollowing',
    });
    // Not knowing whether they follow is not permission.
    expect(privateStepVerdict(BLUESKY, facts({ allowIncoming: 'following', followsBrand: null }), asked)).toEqual({
      allowed: false,
      reason: 'authorAllowsFollowing',
    });
  });

  it('Bluesky: "none" refuses a new chat, but a chat the author opened stays open', () => {
    expect(privateStepVerdict(BLUESKY, facts({ allowIncoming: 'none' }), asked)).toEqual({ allowed: false, reason: 'authorAllowsNone' });
    expect(privateStepVerdict(BLUESKY, facts({ allowIncoming: 'none' }), { ...asked, wroteFirst: true })).toEqual({ allowed: true });
  });

  it('a network that could not be asked is explained, not guessed', () => {
    expect(privateStepVerdict(BLUESKY, null, asked)).toEqual({ allowed: false, reason: 'unknown' });
  });

  it('a time window closes the private step once the customer has been silent too long', () => {
    expect(privateStepVerdict(META, null, { ...asked, lastCustomerMessageAt: NOW - 6 * 24 * HOUR })).toEqual({ allowed: true });
    expect(privateStepVerdict(META, null, { ...asked, lastCustomerMessageAt: NOW - 8 * 24 * HOUR })).toEqual({ allowed: false, reason: 'windowClosed' });
    expect(privateStepVerdict(META, null, { ...asked, lastCustomerMessageAt: null })).toEqual({ allowed: false, reason: 'windowClosed' });
  });

  it('"followers" and "wrote first" networks say which condition is missing', () => {
    const followers: PrivateMessageRules = { ...META, audience: 'followers', windowHours: null };
    expect(privateStepVerdict(followers, facts({ followsBrand: false }), asked)).toEqual({ allowed: false, reason: 'mustFollow' });
    expect(privateStepVerdict(followers, facts({ followsBrand: true }), asked)).toEqual({ allowed: true });
    const wroteFirst: PrivateMessageRules = { ...META, audience: 'wrote-first', windowHours: 24 };
    expect(privateStepVerdict(wroteFirst, null, asked)).toEqual({ allowed: false, reason: 'mustWriteFirst' });
    expect(privateStepVerdict(wroteFirst, null, { ...asked, wroteFirst: true })).toEqual({ allowed: true });
  });

  it('a network without private messages says so first, whatever else is true', () => {
    expect(privateStepVerdict({ ...BLUESKY, available: false }, facts(), { ...asked, wroteFirst: true })).toEqual({ allowed: false, reason: 'unavailable' });
  });

  it('a connector that declares no rules is read from its capability, and needs no request to the network', () => {
    const rules = rulesOf({ privateMessage: true, maxGraphemes: 300 });
    expect(rules).toEqual({ available: true, audience: 'anyone', windowHours: null, maxGraphemes: 300 });
    expect(needsAuthorFacts(rules)).toBe(false);
    expect(needsAuthorFacts(BLUESKY)).toBe(true);
    expect(rulesOf({ privateMessage: true, maxGraphemes: 300, privateMessageRules: BLUESKY })).toBe(BLUESKY);
  });
});
