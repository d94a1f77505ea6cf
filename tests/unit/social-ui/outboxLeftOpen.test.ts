import { describe, expect, it } from 'vitest';
import type { OutboxEntry, SocialItem } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { FORGET_CLOSED_EVERY_MS } from '../../../renderer/src/social/closedInMemory';
import { createSocialStore } from '../../../renderer/src/social/socialStore';
import { createTandemStore } from '../../../renderer/src/store/store';
import { step } from '../../integration/support/step';
import { freshDbName } from '../context/contextFakes';
import { ACCOUNT, createSocialHost, socialItem } from './socialFakes';

// Issue 14 item 4: the page kept main's outbox entry of every send (`socialOutbox`), and this session's
// record of it (`sends`), for as long as it ran. A sent reply or message now leaves them an hour or two
// after main sent it, as a reload would have it; nothing still to be sent or retried leaves, and a like
// stays (it is the post's only record of being liked).

const HOUR = FORGET_CLOSED_EVERY_MS;

let seq = 0;
const mention = (name: string, hour: number): SocialItem => ({ ...socialItem({ uri: `at://did:plc:${name}/app.bsky.feed.post/${hour}` }), seq: ++seq });

describe('a page left open a day, and the sends it keeps', () => {
  it('each sent reply leaves the page at the second hourly pass after it went out; queued, failed, liked and on-screen ones stay, and nothing goes out twice', async () => {
    const clock = { now: Date.UTC(2026, 11, 7, 9, 0) };
    const db = openTandemDb(freshDbName());
    const host = createSocialHost();
    const store = createTandemStore({ api: host.api, social: createSocialStore(db), now: () => clock.now });
    const replies = () =>
      host.requests.filter((request) => request.channel === 'social:reply').map((request) => (request.payload as { clientId: string }).clientId);
    /** Maya replies to `post`; main takes it, and says `state` (sent unless told otherwise). */
    const reply = async (post: SocialItem, state: OutboxEntry['state'] = 'sent') => {
      await store.getState().sendText(post.conversationId, 'reply', `Sorry to hear that, ${post.uri}`);
      const clientId = replies().at(-1)!;
      const entry: OutboxEntry = { clientId, accountId: ACCOUNT, kind: 'reply', state, attempts: 1, uri: null, lastErrorKey: null };
      if (state === 'sent') store.getState().outboxChanged({ ...entry, uri: `at://did:plc:acme/app.bsky.feed.post/${clientId}` });
      if (state === 'failed') store.getState().outboxChanged({ ...entry, lastErrorKey: 'social.errors.sendFailed' });
      return clientId;
    };
    const sentReplies = () =>
      Object.values(store.getState().socialOutbox)
        .filter((entry) => entry.kind === 'reply' && entry.state === 'sent')
        .map((entry) => entry.clientId);
    const recorded = () => Object.values(store.getState().sends).flatMap((list) => list.map((send) => send.clientId));

    const [carla, dora, eve, gil] = ['carla', 'dora', 'eve', 'gil'].map((name) => mention(name, 0)) as [SocialItem, SocialItem, SocialItem, SocialItem];
    const like: OutboxEntry = {
      clientId: 'like-finn-post-1',
      accountId: ACCOUNT,
      kind: 'like',
      state: 'sent',
      attempts: 1,
      uri: 'at://like/1',
      lastErrorKey: null,
    };
    const at9 = await step(
      'Given at 9:00 Maya replies to Carla (sent), Dora (failed), Eve (still queued), and Gil, whose conversation stays open on screen (sent); and likes a post',
      async () => {
        await store.getState().loadSocial();
        await store.getState().ingestSocial([carla, dora, eve, gil]);
        await store.getState().selectConversation(gil.conversationId);
        await store.getState().loadComposer(gil.conversationId);
        const sent = { carla: await reply(carla), dora: await reply(dora, 'failed'), eve: await reply(eve, 'queued'), gil: await reply(gil) };
        store.getState().outboxChanged(like);
        return sent;
      },
    );

    const hourly: string[] = [];
    await step('When for a whole day a customer posts every hour and Maya’s reply goes out', async () => {
      for (let hour = 1; hour <= 24; hour += 1) {
        clock.now += HOUR;
        const post = mention(`customer${hour}`, hour);
        await store.getState().ingestSocial([post]);
        hourly.push(await reply(post));
      }
    });

    await step('Then the page holds only the last two hours’ sent replies, and Gil’s', () => {
      expect(sentReplies().sort()).toEqual([at9.gil, ...hourly.slice(-2)].sort());
      expect(recorded()).not.toContain(at9.carla);
      expect(recorded()).not.toContain(hourly[0]);
    });

    await step('And Dora’s failed reply, Eve’s queued one and the like are all still there', () => {
      const { socialOutbox } = store.getState();
      expect(socialOutbox[at9.dora]?.state).toBe('failed');
      expect(socialOutbox[at9.eve]?.state).toBe('queued');
      expect(socialOutbox[like.clientId]?.state).toBe('sent');
      expect(recorded()).toEqual(expect.arrayContaining([at9.dora, at9.eve, at9.gil]));
    });

    await step('And nothing goes out twice: Carla’s reply cannot be retried, Dora’s still can, under its own id', async () => {
      const before = replies().length;
      await store.getState().retrySend(at9.carla);
      expect(replies()).toHaveLength(before);
      await store.getState().retrySend(at9.dora);
      expect(replies().slice(before)).toEqual([at9.dora]);
      expect(new Set(replies().slice(0, before)).size).toBe(before);
    });

    await step('And once Maya closes Gil’s conversation, his sent reply leaves at the next pass', async () => {
      await store.getState().selectConversation(null);
      clock.now += HOUR;
      await store.getState().ingestSocial([mention('hana', 25)]);
      expect(sentReplies()).not.toContain(at9.gil);
    });
    db.close();
  });
});
