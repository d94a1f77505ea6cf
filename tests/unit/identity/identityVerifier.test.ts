import { describe, expect, it } from 'vitest';
import type { IdentityProven, SocialItem } from '../../../preload/contract';
import { EventBus } from '../../../main/core/events/eventBus';
import { createMainTranslator } from '../../../main/core/i18n/mainI18n';
import { CODE_LIFETIME_MS, IdentityVerifier } from '../../../main/core/identity/identityVerifier';
import { containsCode } from '../../../main/core/identity/verificationCode';
import { silentLogger } from '../../../main/core/log/logger';
import type { SocialService } from '../../../main/core/social/socialService';

const CARLA = { did: 'did:plc:carla', handle: 'carla.test', displayName: 'Carla', description: '', avatarUrl: null, followers: 3, following: 1 };

function item(overrides: Partial<SocialItem>): SocialItem {
  return {
    seq: 1,
    accountId: 'bluesky:acmecorp.test',
    network: 'bluesky',
    kind: 'mention',
    visibility: 'public',
    uri: `at://did:plc:carla/app.bsky.feed.post/${Math.random()}`,
    cid: null,
    conversationId: 'c',
    parentUri: null,
    author: CARLA,
    text: '',
    links: [],
    createdAt: 0,
    receivedAt: 0,
    ruleId: null,
    ...overrides,
  };
}

async function world() {
  const events = new EventBus();
  const sent: { toDid: string; text: string }[] = [];
  const social = {
    snapshot: () => ({ connectors: [{ accountId: 'bluesky:acmecorp.test', network: 'bluesky' }], outbox: [], rules: [], lastSeq: -1 }),
    getProfile: () => Promise.resolve(CARLA),
    sendMessage: (request: { toDid: string; text: string }) => {
      sent.push(request);
      return Promise.resolve({});
    },
  } as unknown as SocialService;
  let now = 1_000;
  const verifier = new IdentityVerifier({
    events,
    social,
    i18n: await createMainTranslator('en'),
    clock: { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined },
    log: silentLogger,
    defaultRegion: () => 'US',
  });
  const proven: IdentityProven[] = [];
  events.on('identity:proven', (payload) => proven.push(payload));
  const receive = (...items: SocialItem[]) => events.emit('social:items', { items });
  return { verifier, proven, sent, receive, advance: (ms: number) => (now += ms) };
}

describe('a handle becomes verified only by proof from the customer', () => {
  it('Carla posts the code the agent read out: her account is proven, with its DID and the post as evidence', async () => {
    const { verifier, proven, receive } = await world();
    const pending = await verifier.start({ customerId: 'cust-1', network: 'bluesky', handle: '@carla.test', delivery: 'voice' });
    expect(pending.code).toMatch(/^\d{6}$/);
    receive(item({ text: `my code is ${pending.code}`, uri: 'at://did:plc:carla/app.bsky.feed.post/1' }));
    expect(proven).toEqual([
      expect.objectContaining({ customerId: 'cust-1', handle: 'carla.test', did: 'did:plc:carla', method: 'code-post', evidenceUri: 'at://did:plc:carla/app.bsky.feed.post/1' }),
    ]);
    expect(verifier.pending()).toEqual([]);
  });

  it('someone else posting Carla’s code proves nothing', async () => {
    const { verifier, proven, receive } = await world();
    const pending = await verifier.start({ customerId: 'cust-1', network: 'bluesky', handle: 'carla.test', delivery: 'voice' });
    receive(item({ text: pending.code, author: { ...CARLA, did: 'did:plc:mallory', handle: 'mallory.test' } }));
    receive(item({ kind: 'brand-reply', text: pending.code }));
    expect(proven).toEqual([]);
  });

  it('a code sent by private message is answered privately', async () => {
    const { verifier, proven, sent, receive } = await world();
    const pending = await verifier.start({ customerId: 'cust-2', network: 'bluesky', handle: 'carla.test', delivery: 'private-message' });
    expect(sent[0]).toMatchObject({ toDid: 'did:plc:carla' });
    expect(sent[0]?.text).toContain(pending.code);
    receive(item({ kind: 'message', visibility: 'private', text: `here: ${pending.code}` }));
    expect(proven[0]).toMatchObject({ method: 'code-message', customerId: 'cust-2' });
  });

  it('an expired code proves nothing', async () => {
    const { verifier, proven, receive, advance } = await world();
    const pending = await verifier.start({ customerId: 'cust-1', network: 'bluesky', handle: 'carla.test', delivery: 'voice' });
    advance(CODE_LIFETIME_MS + 1);
    receive(item({ text: pending.code }));
    expect(proven).toEqual([]);
  });

  it('a phone number in a private message links that number, publicly posted numbers do not', async () => {
    const { proven, receive } = await world();
    receive(item({ text: 'call me on (212) 555-0123' }));
    receive(item({ kind: 'message', visibility: 'private', text: 'call me on (212) 555-0123 please' }));
    expect(proven).toEqual([expect.objectContaining({ method: 'phone-in-message', phone: '+12125550123', did: 'did:plc:carla', customerId: null })]);
  });

  it('the code must stand alone, not inside a longer number', () => {
    expect(containsCode('order 1234567', '234567')).toBe(false);
    expect(containsCode('code: 234567!', '234567')).toBe(true);
    // Written the way it was read out on the call.
    expect(containsCode('my code is 234 567', '234567')).toBe(true);
    expect(containsCode('234-567 thanks', '234567')).toBe(true);
    expect(containsCode('1 234 5678', '234567')).toBe(false);
  });
});
