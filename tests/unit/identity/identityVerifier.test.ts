import { describe, expect, it } from 'vitest';
import type { IdentityClaimed, IdentityProven, SocialItem } from '@tandem/contract';
import { EventBus } from '../../../main/core/events/eventBus';
import { createMainTranslator } from '../../../main/core/i18n/mainI18n';
import { CODE_LIFETIME_MS, IdentityVerifier, READ_BACK_ATTEMPTS } from '../../../main/core/identity/identityVerifier';
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

/** Live, answered calls by id: the number main's softphone reports for each. */
const CALLS: Record<string, string> = { 'call-carla': '+12125550123', 'call-other': '+14155550100' };

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
    callerNumber: (callId) => CALLS[callId] ?? null,
  });
  const proven: IdentityProven[] = [];
  const claimed: IdentityClaimed[] = [];
  events.on('identity:proven', (payload) => proven.push(payload));
  events.on('identity:claimed', (payload) => claimed.push(payload));
  const receive = (...items: SocialItem[]) => events.emit('social:items', { items });
  return { verifier, proven, claimed, sent, receive, advance: (ms: number) => (now += ms) };
}

describe('a handle becomes verified only by proof from the customer', () => {
  it('Carla posts the code the agent read out: her account is proven, with its DID and the post as evidence', async () => {
    const { verifier, proven, receive } = await world();
    const pending = await verifier.start({ customerId: 'cust-1', network: 'bluesky', handle: '@carla.test', delivery: 'voice' });
    expect(pending.code).toMatch(/^\d{6}$/);
    receive(item({ text: `my code is ${pending.code}`, uri: 'at://did:plc:carla/app.bsky.feed.post/1' }));
    expect(proven).toEqual([
      expect.objectContaining({
        customerId: 'cust-1',
        handle: 'carla.test',
        did: 'did:plc:carla',
        method: 'code-post',
        evidenceUri: 'at://did:plc:carla/app.bsky.feed.post/1',
      }),
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

  it('an expired code proves nothing', async () => {
    const { verifier, proven, receive, advance } = await world();
    const pending = await verifier.start({ customerId: 'cust-1', network: 'bluesky', handle: 'carla.test', delivery: 'voice' });
    advance(CODE_LIFETIME_MS + 1);
    receive(item({ text: pending.code }));
    expect(proven).toEqual([]);
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

describe('a phone number sent privately is a claim; only a code round trip between that number and that account proves it (issue 9)', () => {
  it('Step 1 — a stranger privately sends Carla’s number: main reports a claim by that account, never a proof', async () => {
    const { proven, claimed, receive } = await world();
    receive(item({ text: 'call me on (212) 555-0123' }));
    receive(
      item({
        kind: 'message',
        visibility: 'private',
        uri: 'at://convo/m1',
        text: 'call me on (212) 555-0123 please',
        author: { ...CARLA, did: 'did:plc:mallory', handle: 'mallory.test' },
      }),
    );
    expect(proven).toEqual([]);
    expect(claimed).toEqual([
      { network: 'bluesky', handle: 'mallory.test', did: 'did:plc:mallory', phone: '+12125550123', evidenceUri: 'at://convo/m1', at: 1_000 },
    ]);
  });

  it('Step 2a — the code read out on a call from the number and posted by the claiming account proves it, bound to that number and DID', async () => {
    const { verifier, proven, receive } = await world();
    const pending = await verifier.start({
      customerId: 'cust-1',
      network: 'bluesky',
      handle: 'carla.test',
      delivery: 'voice',
      callId: 'call-carla',
      did: 'did:plc:carla',
    });
    expect(pending).toMatchObject({ phone: '+12125550123', did: 'did:plc:carla' });
    // The handle now belongs to another account: its post proves nothing.
    receive(item({ text: `code ${pending.code}`, author: { ...CARLA, did: 'did:plc:newowner' } }));
    expect(proven).toEqual([]);
    receive(item({ kind: 'message', visibility: 'private', text: `code ${pending.code}`, uri: 'at://convo/m2' }));
    expect(proven).toEqual([
      expect.objectContaining({ customerId: 'cust-1', did: 'did:plc:carla', phone: '+12125550123', method: 'code-message', evidenceUri: 'at://convo/m2' }),
    ]);
  });

  it('Step 2b — a code given on no live call is refused: it could bind no number', async () => {
    const { verifier } = await world();
    await expect(
      verifier.start({ customerId: 'cust-1', network: 'bluesky', handle: 'carla.test', delivery: 'voice', callId: 'call-gone' }),
    ).rejects.toMatchObject({ code: 'rejected' });
  });

  it('Step 3 — a code sent privately to the account proves nothing when the account sends it back; read back on a call from the number, it does', async () => {
    const { verifier, proven, sent, receive } = await world();
    const pending = await verifier.start({ customerId: 'cust-2', network: 'bluesky', handle: 'carla.test', delivery: 'private-message', did: 'did:plc:carla' });
    expect(sent[0]).toMatchObject({ toDid: 'did:plc:carla' });
    expect(sent[0]?.text).toContain(pending.code);
    // The account holds the code it was sent: answering with it proves nothing about the customer.
    receive(item({ kind: 'message', visibility: 'private', text: `here: ${pending.code}` }));
    expect(proven).toEqual([]);
    const spaced = `${pending.code.slice(0, 3)} ${pending.code.slice(3)}`;
    expect(await verifier.confirm({ verificationId: pending.verificationId, code: spaced, callId: 'call-gone' })).toEqual({ outcome: 'no-call' });
    expect(await verifier.confirm({ verificationId: pending.verificationId, code: spaced, callId: 'call-carla' })).toEqual({ outcome: 'proven' });
    expect(proven).toEqual([
      expect.objectContaining({
        verificationId: pending.verificationId,
        customerId: 'cust-2',
        did: 'did:plc:carla',
        phone: '+12125550123',
        method: 'code-read-back',
        evidenceUri: 'call:call-carla',
      }),
    ]);
    expect(verifier.pending()).toEqual([]);
  });

  it('Step 4 — a code sent on a call from one number is read back only on a call from that number, and wrong guesses run out', async () => {
    const { verifier, proven } = await world();
    const pending = await verifier.start({
      customerId: 'cust-2',
      network: 'bluesky',
      handle: 'carla.test',
      delivery: 'private-message',
      did: 'did:plc:carla',
      callId: 'call-carla',
    });
    expect(await verifier.confirm({ verificationId: pending.verificationId, code: pending.code, callId: 'call-other' })).toEqual({ outcome: 'no-call' });
    const wrong = pending.code === '000000' ? '111111' : '000000';
    for (let i = 1; i < READ_BACK_ATTEMPTS; i++)
      expect(await verifier.confirm({ verificationId: pending.verificationId, code: wrong, callId: 'call-carla' })).toEqual({ outcome: 'wrong-code' });
    expect(await verifier.confirm({ verificationId: pending.verificationId, code: wrong, callId: 'call-carla' })).toEqual({ outcome: 'expired' });
    expect(await verifier.confirm({ verificationId: pending.verificationId, code: pending.code, callId: 'call-carla' })).toEqual({ outcome: 'expired' });
    expect(proven).toEqual([]);
  });
});
