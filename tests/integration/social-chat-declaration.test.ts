/**
 * Issue 15 item 5 on the real network: whether "Take offline" (and the call
 * screen's "Send a private message") may message a Bluesky author privately
 * is the author's own choice, their `chat.bsky.actor.declaration` record
 * (`allowIncoming` all / following / none, Bluesky's default "following" when
 * there is none) and, for "following", whether they follow the brand. Each
 * fact is written on Bluesky's reference PDS the way the Bluesky app writes
 * it, and the desk is asked through the dispatcher (`social:privateStep`), the
 * path a window uses. Nothing is sent: the chat stand-in proves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivateStep } from '@tandem/contract';
import { startBlueskyChat, type BlueskyChat } from '../peers/blueskyChat';
import { follow, startBlueskyPds, type BlueskyAccount, type BlueskyPds } from '../peers/blueskyPds';
import { assertLoopbackOnly } from '../peers/netns';
import { ok, openBrandDesk, type BrandDesk } from './support/bluesky';
import { step } from './support/step';

const BRAND = 'declbrand.test';
const ACCOUNT = `bluesky:${BRAND}`;

let pds: BlueskyPds;
let chat: BlueskyChat;
let brand: BlueskyAccount;
let desk: BrandDesk;
let noChatDesk: BrandDesk;

/** The author's chat setting, as the Bluesky app stores it (rkey `self`); `null` deletes it (never chose). */
async function declare(author: BlueskyAccount, allowIncoming: string | null): Promise<void> {
  const where = { repo: author.did, collection: 'chat.bsky.actor.declaration', rkey: 'self' };
  if (allowIncoming === null) {
    await author.agent.com.atproto.repo.deleteRecord(where).catch(() => undefined);
    return;
  }
  await author.agent.com.atproto.repo.putRecord({ ...where, record: { $type: 'chat.bsky.actor.declaration', allowIncoming } });
}

const ask = (on: BrandDesk, author: BlueskyAccount, wroteFirst = false) =>
  ok<PrivateStep>(on.core.dispatch('social:privateStep', { accountId: ACCOUNT, did: author.did, lastCustomerMessageAt: Date.now(), wroteFirst }));

beforeAll(async () => {
  assertLoopbackOnly();
  pds = await startBlueskyPds();
  brand = await pds.createAccount(BRAND);
  const appPassword = await pds.createAppPassword(brand);
  chat = await startBlueskyChat({
    plcUrl: pds.plcUrl,
    handleOf: async (did) => (await brand.agent.com.atproto.repo.describeRepo({ repo: did })).data.handle,
  });
  desk = await openBrandDesk({ service: pds.url, handle: BRAND, appPassword, chatService: { url: chat.url, did: chat.did } });
  noChatDesk = await openBrandDesk({ service: pds.url, handle: BRAND, appPassword });
  await desk.connector('live');
  await noChatDesk.connector('live');
});

afterAll(async () => {
  await desk?.close();
  await noChatDesk?.close();
  await chat?.close();
  await pds?.close();
});

describe('the Bluesky connector reads who may message an author privately from the author’s own chat declaration', () => {
  it('each declaration value gives its verdict and its reason, and nothing private is attempted', async () => {
    const nina = await pds.createAccount('nina.test');
    const omar = await pds.createAccount('omar.test');

    await step('Nina never chose: Bluesky’s default, "following", and she does not follow the brand', async () => {
      expect(await ask(desk, nina)).toEqual({ allowed: false, reason: 'authorAllowsFollowing' });
    });

    await step('Nina allows "all": a private message may go', async () => {
      await declare(nina, 'all');
      expect(await ask(desk, nina)).toEqual({ allowed: true });
    });

    await step('Nina allows "none": nobody may message her, and the reason says so', async () => {
      await declare(nina, 'none');
      expect(await ask(desk, nina)).toEqual({ allowed: false, reason: 'authorAllowsNone' });
    });

    await step('a conversation Nina opened herself stays open whatever she declares now', async () => {
      expect(await ask(desk, nina, true)).toEqual({ allowed: true });
    });

    await step('Nina allows "following": refused while she does not follow the brand, allowed once she does', async () => {
      await declare(nina, 'following');
      expect(await ask(desk, nina)).toEqual({ allowed: false, reason: 'authorAllowsFollowing' });
      await follow(nina, brand);
      expect(await ask(desk, nina)).toEqual({ allowed: true });
    });

    await step('Omar follows the brand and never chose: the default lets the brand write', async () => {
      await follow(omar, brand);
      expect(await ask(desk, omar)).toEqual({ allowed: true });
    });

    await step('a value this desk does not know reads as the default, never as "all"', async () => {
      await declare(omar, 'everyone-please');
      expect(await ask(desk, omar)).toEqual({ allowed: true });
      const stranger = await pds.createAccount('pia.test');
      await declare(stranger, 'everyone-please');
      expect(await ask(desk, stranger)).toEqual({ allowed: false, reason: 'authorAllowsFollowing' });
    });

    await step('an account without a chat service offers no private messages at all', async () => {
      await declare(nina, 'all');
      expect(await ask(noChatDesk, nina)).toEqual({ allowed: false, reason: 'unavailable' });
    });

    await step('asking sent nothing: the chat stand-in holds no message and was asked for no conversation', () => {
      expect(chat.messages()).toEqual([]);
      expect(chat.calls().get('chat.bsky.convo.getConvoForMembers') ?? 0).toBe(0);
      expect(chat.calls().get('chat.bsky.convo.sendMessage') ?? 0).toBe(0);
    });
  });
});
