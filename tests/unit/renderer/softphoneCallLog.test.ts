import { describe, expect, it } from 'vitest';
import { createCallLog, toCallLogEntry } from '../../../renderer/src/softphone/callLog';
import { openTandemDb } from '../../../renderer/src/data/db';
import { callInfo } from './softphoneFakes';

let dbCount = 0;
const freshDb = () => openTandemDb(`calllog-test-${++dbCount}-${Date.now()}`);

describe('the call log in IndexedDB', () => {
  it('a call is written when it ends, with direction, parties, timestamps and outcome', async () => {
    const db = freshDb();
    const log = createCallLog(db);
    const call = callInfo({ direction: 'outbound', startedAt: 1000, answeredAt: 2000 });

    await log.record(call);
    expect(await db.calls.count()).toBe(0);

    await log.record({ ...call, state: 'ended', endedAt: 9000, outcome: 'answered' });
    expect(await db.calls.get(call.id)).toEqual({
      id: call.id,
      direction: 'outbound',
      remoteUri: 'sip:+34600111222@example.com',
      remoteNumber: '+34600111222',
      remoteDisplayName: 'Lucía Fernández',
      startedAt: 1000,
      answeredAt: 2000,
      endedAt: 9000,
      outcome: 'answered',
      conversationId: null,
    });
    db.close();
  });

  it('a call placed from a social conversation ("Call now") keeps which one in its log entry', async () => {
    const db = freshDb();
    const log = createCallLog(db);
    const call = callInfo({ direction: 'outbound', state: 'ended', endedAt: 9000, outcome: 'answered', conversationId: 'at://did:plc:carla/post/1' });
    await log.record(call);
    expect((await db.calls.get(call.id))?.conversationId).toBe('at://did:plc:carla/post/1');
    db.close();
  });

  it('recording the same ended call twice keeps one row (a repeated event, a second window)', async () => {
    const db = freshDb();
    const log = createCallLog(db);
    const ended = callInfo({ state: 'ended', endedAt: 5000, outcome: 'missed' });
    await log.record(ended);
    await log.record(ended);
    expect(await db.calls.count()).toBe(1);
    db.close();
  });

  it('recent calls come newest first, at most as many as asked for', async () => {
    const db = freshDb();
    const log = createCallLog(db);
    for (let index = 0; index < 25; index += 1) {
      await log.record(callInfo({ state: 'ended', startedAt: index * 10, endedAt: index * 10 + 5, outcome: 'answered' }));
    }
    const recent = await log.recent(20);
    expect(recent).toHaveLength(20);
    expect(recent[0]?.endedAt).toBe(245);
    expect(recent.at(-1)?.endedAt).toBe(55);
    db.close();
  });

  it('a call main ended without an outcome is logged as failed rather than dropped', () => {
    expect(toCallLogEntry(callInfo({ state: 'ended', endedAt: 10 }))?.outcome).toBe('failed');
    expect(toCallLogEntry(callInfo({ state: 'active' }))).toBeNull();
  });
});
