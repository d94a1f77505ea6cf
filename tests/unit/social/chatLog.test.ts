/**
 * The chat log as the team's chat ingester follows it (issue 11: private
 * messages shared like posts). Driven with a fake chat service's getLog and
 * a manual clock: pages become batches with the cursor that resumes after
 * them, a failed read is tried again at the next poll from the same cursor,
 * and a rejected batch (this desk no longer leads) stops the reading.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import type { ChatClient } from '../../../main/core/social/bluesky/chat';
import { followChatLog, type MessageToItem } from '../../../main/core/social/bluesky/chatLog';
import type { FollowBatch, IncomingItem } from '../../../main/core/social/connector';
import { manualClock } from '../softphone/support/manualClock';

interface Logged {
  rev: string;
  text: string;
}

/** A chat service whose log holds `logged` (in order); `down` makes reads fail. */
function fakeChat(logged: Logged[]) {
  const state = { down: false, reads: [] as (string | undefined)[] };
  const chat = {
    convo: {
      getLog: ({ cursor }: { cursor?: string }) => {
        state.reads.push(cursor);
        if (state.down) return Promise.reject(new Error('chat service unreachable'));
        const after = logged.filter((entry) => entry.rev > (cursor ?? '')).slice(0, 2);
        const logs = after.map((entry) => ({
          $type: 'chat.bsky.convo.defs#logCreateMessage',
          rev: entry.rev,
          convoId: 'convo-1',
          message: { $type: 'chat.bsky.convo.defs#messageView', id: entry.rev, rev: entry.rev, text: entry.text, sender: { did: 'did:plc:carla' } },
        }));
        return Promise.resolve({ data: { logs, cursor: after.at(-1)?.rev ?? cursor } });
      },
    },
  };
  return { chat: chat as unknown as ChatClient, state };
}

const toItem: MessageToItem = (convoId, message) => Promise.resolve({ uri: `chat:${convoId}/${message.id}`, text: message.text } as IncomingItem);

function follow(chat: ChatClient, cursor: string | null, onBatch: (batch: FollowBatch) => Promise<void>) {
  const clock = manualClock();
  const stop = followChatLog({ chat, cursor, ready: Promise.resolve(), toItem, onBatch, log: silentLogger, clock, pollMs: 2_000 });
  return { clock, stop };
}

/** Lets the poll's promise chain run (the fake answers at once). */
const settle = async () => {
  for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
};

describe('followChatLog', () => {
  it('hands each page over as one batch with its cursor, from the stored cursor, and reads again at the next poll', async () => {
    const logged = [
      { rev: '01', text: 'old' },
      { rev: '02', text: 'my order' },
      { rev: '03', text: 'number 1234' },
      { rev: '04', text: 'thanks' },
    ];
    const { chat, state } = fakeChat(logged);
    const batches: FollowBatch[] = [];
    const { clock, stop } = follow(chat, '01', (batch) => {
      batches.push(batch);
      return Promise.resolve();
    });
    await settle();
    expect(batches.map((batch) => [batch.items.map((item) => item.text), batch.cursor])).toEqual([
      [['my order', 'number 1234'], '03'],
      [['thanks'], '04'],
    ]);
    logged.push({ rev: '05', text: 'hello?' });
    clock.advance(2_000);
    await settle();
    expect(batches.at(-1)).toMatchObject({ cursor: '05', items: [{ uri: 'chat:convo-1/05' }] });
    expect(state.reads[0]).toBe('01');
    await stop();
  });

  it('a failed read is tried again at the next poll from the same cursor; nothing is skipped', async () => {
    const { chat, state } = fakeChat([{ rev: '01', text: 'hello' }]);
    state.down = true;
    const batches: FollowBatch[] = [];
    const { clock, stop } = follow(chat, null, (batch) => {
      batches.push(batch);
      return Promise.resolve();
    });
    await settle();
    expect(batches).toEqual([]);
    state.down = false;
    clock.advance(2_000);
    await settle();
    expect(batches.map((batch) => batch.cursor)).toEqual(['01']);
    expect(state.reads.slice(0, 2)).toEqual([undefined, undefined]);
    await stop();
  });

  it('a rejected batch means this desk no longer leads: nothing more is read', async () => {
    const { chat, state } = fakeChat([{ rev: '01', text: 'hello' }]);
    const { clock, stop } = follow(chat, null, () => Promise.reject(new Error('lost the lock')));
    await settle();
    const reads = state.reads.length;
    clock.advance(10_000);
    await settle();
    expect(state.reads.length).toBe(reads);
    await stop();
  });
});
