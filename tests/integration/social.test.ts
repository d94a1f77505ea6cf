/**
 * The social desk against Bluesky's own reference servers (PLC + PDS from
 * @atproto/dev-env, in-process) and a local chat stand-in, all on 127.0.0.1
 * inside a loopback-only network namespace. Every request goes through
 * `createCore`'s dispatcher, the path a window uses.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../main/core/social/bluesky/chat';
import type { OutboxEntry, SocialAuthor, SocialItem } from '@tandem/contract';
import { startBlueskyChat, type BlueskyChat } from '../peers/blueskyChat';
import { follow, startBlueskyPds, type BlueskyAccount, type BlueskyPds } from '../peers/blueskyPds';
import { assertLoopbackOnly } from '../peers/netns';
import { ok, openBrandDesk, post, type BrandDesk } from './support/bluesky';
import { step } from './support/step';

const BRAND = 'acmecorp.test';

let pds: BlueskyPds;
let chat: BlueskyChat;
let brand: BlueskyAccount;
let appPassword: string;
let carla: BlueskyAccount;
let dan: BlueskyAccount;
const dirs: string[] = [];

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-social-'));
  dirs.push(dir);
  return dir;
}

async function liveDesk(dir?: string): Promise<BrandDesk> {
  const desk = await openBrandDesk({
    service: pds.url,
    handle: BRAND,
    appPassword,
    chatService: { url: chat.url, did: chat.did },
    ...(dir === undefined ? {} : { dataDir: dir }),
  });
  await desk.connector('live');
  return desk;
}

beforeAll(async () => {
  assertLoopbackOnly();
  pds = await startBlueskyPds();
  brand = await pds.createAccount(BRAND);
  appPassword = await pds.createAppPassword(brand);
  carla = await pds.createAccount('carla.test');
  dan = await pds.createAccount('dan.test');
  // A hostile display name: a right-to-left override and a control character must not survive.
  await carla.agent.com.atproto.repo.putRecord({
    repo: carla.did,
    collection: 'app.bsky.actor.profile',
    rkey: 'self',
    record: { $type: 'app.bsky.actor.profile', displayName: 'Carla \u202Egnol\u0007 Ruiz', description: 'Loves phones.' },
  });
  chat = await startBlueskyChat({
    plcUrl: pds.plcUrl,
    handleOf: async (did) => (await brand.agent.com.atproto.repo.describeRepo({ repo: did })).data.handle,
  });
});

afterAll(async () => {
  await chat?.close();
  await pds?.close();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('Bluesky desk on a real PDS', () => {
  it('Carla mentions the brand: the mention is journalled and emitted with her (sanitised) profile', async () => {
    const desk = await liveDesk(await dataDir());
    try {
      const mention = await post(carla, `@${BRAND} my phone will not charge, see https://example.com/help`, {}, { [BRAND]: brand.did });
      const item = await desk.item((candidate) => candidate.uri === mention.uri);
      expect(item).toMatchObject({
        kind: 'mention',
        visibility: 'public',
        network: 'bluesky',
        accountId: `bluesky:${BRAND}`,
        cid: mention.cid,
        conversationId: mention.uri,
      });
      expect(item.author).toMatchObject({ did: carla.did, handle: 'carla.test', displayName: 'Carla gnol Ruiz', description: 'Loves phones.' });
      expect(item.links).toEqual([{ url: 'https://example.com/help', text: 'https://example.com/help' }]);
      const journal = await desk.journal();
      expect(journal.filter((entry) => entry.uri === mention.uri)).toHaveLength(1);
    } finally {
      await desk.close();
    }
  });

  it('the brand replies from the desk: the reply sits in Carla’s thread with the right root and parent', async () => {
    const desk = await liveDesk();
    try {
      const root = await step('Carla mentions the brand and the desk receives it', async () => {
        const posted = await post(carla, `@${BRAND} hello?`, {}, { [BRAND]: brand.did });
        await desk.item((item) => item.uri === posted.uri);
        return posted;
      });

      const { sent, reply } = await step('Ana replies: the reply is queued, then sent, with Carla’s post as root and parent', async () => {
        const first = await ok<OutboxEntry>(
          desk.core.dispatch('social:reply', {
            accountId: `bluesky:${BRAND}`,
            clientId: 'reply-first-0001',
            parentUri: root.uri,
            text: 'Hi Carla, we are on it. – Ana R.',
          }),
        );
        expect(first.state).toBe('queued');
        const outbox = await desk.events.waitFor('social:outbox', (entry) => entry.clientId === 'reply-first-0001' && entry.state === 'sent');
        const rkey = outbox.uri?.split('/').at(-1) ?? '';
        const record = await carla.agent.com.atproto.repo.getRecord({ repo: brand.did, collection: 'app.bsky.feed.post', rkey });
        expect(record.data.value).toMatchObject({ reply: { root: { uri: root.uri, cid: root.cid }, parent: { uri: root.uri, cid: root.cid } } });
        return { sent: outbox, reply: record };
      });

      const followUp = await step('Carla answers the brand’s reply and the brand answers again: the root stays hers', async () => {
        // Her answer addresses the brand by being a reply.
        const answer = await post(carla, 'still broken', { reply: { root, parent: { uri: reply.data.uri, cid: reply.data.cid } } });
        const followItem = await desk.item((item) => item.uri === answer.uri);
        expect(followItem).toMatchObject({ kind: 'reply', conversationId: root.uri, parentUri: reply.data.uri });
        await ok(
          desk.core.dispatch('social:reply', {
            accountId: `bluesky:${BRAND}`,
            clientId: 'reply-second-001',
            parentUri: answer.uri,
            text: 'Sending a courier.',
          }),
        );
        const second = await desk.events.waitFor('social:outbox', (entry) => entry.clientId === 'reply-second-001' && entry.state === 'sent');
        const secondRecord = await carla.agent.com.atproto.repo.getRecord({
          repo: brand.did,
          collection: 'app.bsky.feed.post',
          rkey: second.uri?.split('/').at(-1) ?? '',
        });
        expect(secondRecord.data.value).toMatchObject({ reply: { root: { uri: root.uri }, parent: { uri: answer.uri } } });
        return answer;
      });

      await step('the same clientId again is the same send, not a second post', async () => {
        const again = await ok<OutboxEntry>(
          desk.core.dispatch('social:reply', {
            accountId: `bluesky:${BRAND}`,
            clientId: 'reply-first-0001',
            parentUri: root.uri,
            text: 'Hi Carla, we are on it. – Ana R.',
          }),
        );
        expect(again).toMatchObject({ state: 'sent', uri: sent.uri });
      });

      await step('the thread reads mention, brand reply, reply, brand reply, and the brand posted exactly two replies', async () => {
        const thread = await ok<{ items: SocialItem[] }>(desk.core.dispatch('social:getThread', { accountId: `bluesky:${BRAND}`, uri: followUp.uri }));
        expect(thread.items.map((item) => item.kind)).toEqual(['mention', 'brand-reply', 'reply', 'brand-reply']);
        const brandPosts = await brand.agent.com.atproto.repo.listRecords({ repo: brand.did, collection: 'app.bsky.feed.post' });
        expect(
          brandPosts.data.records.filter((record) => (record.value as { reply?: { root?: { uri?: string } } }).reply?.root?.uri === root.uri),
        ).toHaveLength(2);
      });
    } finally {
      await desk.close();
    }
  });

  it('the app is restarted mid-stream and the PDS is restarted: no mention is lost or doubled', async () => {
    const dir = await dataDir();
    const tag = `restart-${Date.now()}`;
    const posted: string[] = [];
    const mention = async (index: number) => posted.push((await post(carla, `@${BRAND} ${tag} #${index}`, {}, { [BRAND]: brand.did })).uri);

    const first = await step('the desk is live and receives the first three mentions', async () => {
      const live = await liveDesk(dir);
      for (let index = 0; index < 3; index += 1) await mention(index);
      await live.item((item) => item.uri === posted[2]);
      return live;
    });

    await step('the app is killed while mentions keep coming, and the PDS restarts while it is down', async () => {
      const closing = first.close();
      for (let index = 3; index < 6; index += 1) await mention(index);
      await closing;
      for (let index = 6; index < 9; index += 1) await mention(index);
      await pds.stop();
      await pds.start();
      for (let index = 9; index < 12; index += 1) await mention(index);
    });

    const desk = await openBrandDesk({ service: pds.url, handle: BRAND, appPassword, dataDir: dir });
    try {
      await step('the app comes back live; the PDS goes down (backoff) and up again (live)', async () => {
        await desk.connector('live');
        await pds.stop();
        await desk.connector('backoff', { from: 0 });
        await pds.start();
        await desk.connector('live', { from: desk.events.mark });
      });

      await step('three more mentions arrive and the journal holds each of the 15 exactly once', async () => {
        for (let index = 12; index < 15; index += 1) await mention(index);
        await desk.item((item) => item.uri === posted[14]);
        const ours = (await desk.journal()).filter((item) => item.text.includes(tag));
        expect(ours.map((item) => item.uri).sort()).toEqual([...posted].sort());
        expect(new Set(ours.map((item) => item.seq)).size).toBe(15);
      });
    } finally {
      await desk.close();
    }
  });

  it('without an AppView, Carla’s profile comes from her profile record: her follower counts are unknown (null)', async () => {
    const desk = await liveDesk();
    try {
      await follow(dan, carla);
      const profile = await ok<SocialAuthor>(desk.core.dispatch('social:getProfile', { accountId: `bluesky:${BRAND}`, actor: carla.did }));
      expect(profile).toMatchObject({ did: carla.did, handle: 'carla.test', displayName: 'Carla gnol Ruiz', followers: null, following: null });
    } finally {
      await desk.close();
    }
  });

  it('a wrong app password ends in credentials-rejected with a clear key, and no retries', async () => {
    const desk = await openBrandDesk({ service: pds.url, handle: BRAND, appPassword: 'wrong-wrong-wrong-wrong' });
    try {
      const status = await desk.connector('credentials-rejected');
      expect(status).toMatchObject({ lastErrorKey: 'social.errors.credentialsRejected', nextRetryAt: null });
      const mark = desk.events.mark;
      // Prove that nothing is scheduled: a round trip through the dispatcher still shows the same state, no new events.
      expect((await desk.snapshot()).connectors[0]?.state).toBe('credentials-rejected');
      expect(desk.events.all('social:connector', mark)).toEqual([]);
      const refused = await desk.core.dispatch('social:reply', {
        accountId: `bluesky:${BRAND}`,
        clientId: 'refused-000001',
        parentUri: `at://${carla.did}/app.bsky.feed.post/3kabcdefghij2`,
        text: 'hi',
      });
      expect(refused).toMatchObject({ ok: false, error: { messageKey: 'social.errors.credentialsRejected' } });
    } finally {
      await desk.close();
    }
  });

  it('outbox: a reply queued while the PDS is down is delivered exactly once after it returns', async () => {
    const dir = await dataDir();
    const desk = await liveDesk(dir);
    try {
      const root = await post(carla, `@${BRAND} are you there?`, {}, { [BRAND]: brand.did });
      await desk.item((item) => item.uri === root.uri);
      await pds.stop();
      await desk.connector('backoff', { from: 0 });
      const queued = await ok<OutboxEntry>(
        desk.core.dispatch('social:reply', { accountId: `bluesky:${BRAND}`, clientId: 'while-down-0001', parentUri: root.uri, text: 'Yes, we are.' }),
      );
      expect(queued.state).toBe('queued');
      await pds.start();
      const sent = await desk.events.waitFor('social:outbox', (entry) => entry.clientId === 'while-down-0001' && entry.state === 'sent', { timeoutMs: 40_000 });
      const brandPosts = await brand.agent.com.atproto.repo.listRecords({ repo: brand.did, collection: 'app.bsky.feed.post', limit: 100 });
      const replies = brandPosts.data.records.filter((record) => (record.value as { reply?: { parent?: { uri?: string } } }).reply?.parent?.uri === root.uri);
      expect(replies.map((record) => record.uri)).toEqual([sent.uri]);
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('a listening rule catches a post that does not address the brand, apart from the inbox', async () => {
    const desk = await liveDesk();
    try {
      await ok(
        desk.core.dispatch('social:setListeningRules', {
          rules: [{ id: 'acme-phone', name: 'Acme phones', anyWords: ['acme phone', 'acmephone'], allWords: [], excludeWords: ['job'] }],
        }),
      );
      const excluded = await post(dan, 'Acme Phone job opening, apply now');
      const ignored = await post(dan, 'acmeville is lovely');
      const match = await post(dan, 'Thinking about buying an ACME phone… any advice?');
      const item = await desk.item((candidate) => candidate.uri === match.uri);
      expect(item).toMatchObject({ kind: 'listening', ruleId: 'acme-phone', visibility: 'public', author: { handle: 'dan.test' } });
      const uris = (await desk.journal()).map((entry) => entry.uri);
      expect(uris).not.toContain(excluded.uri);
      expect(uris).not.toContain(ignored.uri);
    } finally {
      await desk.close();
    }
  });

  it('a private message round trip through the chat stand-in (never the PDS)', async () => {
    const desk = await liveDesk();
    try {
      const carlaChat = new ChatClient(carla.agent, { url: chat.url, did: chat.did }, Date.now);
      const convo = await carlaChat.convoWith(brand.did);
      await carlaChat.convo.sendMessage({ convoId: convo.id, message: { text: 'My order number is 1234' } });
      const incoming = await desk.item((item) => item.kind === 'message' && item.conversationId === convo.id);
      expect(incoming).toMatchObject({ visibility: 'private', text: 'My order number is 1234', author: { did: carla.did, handle: 'carla.test' } });

      await ok(
        desk.core.dispatch('social:sendMessage', {
          accountId: `bluesky:${BRAND}`,
          clientId: 'dm-answer-00001',
          toDid: carla.did,
          text: 'Thanks, looking it up.',
        }),
      );
      const sent = await desk.events.waitFor('social:outbox', (entry) => entry.clientId === 'dm-answer-00001' && entry.state === 'sent');
      const outgoing = await desk.item((item) => item.uri === sent.uri);
      expect(outgoing).toMatchObject({ kind: 'brand-message', visibility: 'private', conversationId: convo.id });
      const seen = await carlaChat.convo.getMessages({ convoId: convo.id });
      expect(seen.data.messages.map((message) => (message as { text: string }).text)).toEqual(['Thanks, looking it up.', 'My order number is 1234']);
      expect(chat.calls().get('chat.bsky.convo.sendMessage')).toBe(2);
    } finally {
      await desk.close();
    }
  });
});

describe('Bluesky desk on a PDS with the AppView (indexing into PostgreSQL)', () => {
  const APPVIEW_BRAND = 'viewbrand.test';
  let network: BlueskyPds;
  let viewBrand: BlueskyAccount;
  let viewPassword: string;
  let erin: BlueskyAccount;

  beforeAll(async () => {
    assertLoopbackOnly();
    const startedAt = performance.now();
    network = await startBlueskyPds({ appView: true });
    console.info(`PLC + PDS + AppView: ${(performance.now() - startedAt).toFixed(0)} ms, of which PostgreSQL + AppView ${network.appView?.startMs ?? NaN} ms`);
    viewBrand = await network.createAccount(APPVIEW_BRAND);
    viewPassword = await network.createAppPassword(viewBrand);
    erin = await network.createAccount('erin.test');
    const fans = [await network.createAccount('fan-one.test'), await network.createAccount('fan-two.test')];
    await erin.agent.com.atproto.repo.putRecord({
      repo: erin.did,
      collection: 'app.bsky.actor.profile',
      rkey: 'self',
      record: { $type: 'app.bsky.actor.profile', displayName: 'Erin Park', description: 'Phone collector.' },
    });
    for (const fan of fans) await follow(fan, erin);
    await follow(erin, viewBrand);
    const appView = network.appView;
    if (appView === null) throw new Error('startBlueskyPds({ appView: true }) started no AppView');
    // The connector asks the AppView once, after login, whether it answers (for the brand itself);
    // and the counts must be indexed before the mention is, or its author is read too early.
    await appView.waitForProfile(viewBrand.did, (profile) => profile.handle === APPVIEW_BRAND);
    await appView.waitForProfile(erin.did, (profile) => profile.followersCount === 2 && profile.followsCount === 1 && profile.displayName === 'Erin Park');
  });

  afterAll(async () => {
    await network?.close();
  });

  it('Erin, followed by two accounts, mentions the brand: the item’s author is her AppView profile, with her counts', async () => {
    const desk = await openBrandDesk({ service: network.url, handle: APPVIEW_BRAND, appPassword: viewPassword });
    try {
      await desk.connector('live');
      const mention = await post(erin, `@${APPVIEW_BRAND} is the new model out yet?`, {}, { [APPVIEW_BRAND]: viewBrand.did });
      const item = await desk.item((candidate) => candidate.uri === mention.uri);
      expect(item.author).toMatchObject({
        did: erin.did,
        handle: 'erin.test',
        displayName: 'Erin Park',
        description: 'Phone collector.',
        followers: 2,
        following: 1,
      });
      const profile = await ok<SocialAuthor>(desk.core.dispatch('social:getProfile', { accountId: `bluesky:${APPVIEW_BRAND}`, actor: 'erin.test' }));
      expect(profile).toMatchObject({ did: erin.did, followers: 2, following: 1 });
    } finally {
      await desk.close();
    }
  });
});
