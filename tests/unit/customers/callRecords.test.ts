import { describe, expect, it } from 'vitest';
import { createCallRecords, DRAFT_RETENTION_MS, type CallRecordDb } from '../../../renderer/src/customers/callRecords';
import { callInteractionId } from '../../../renderer/src/customers/model';
import { CARLA_PHONE, carlaCalls, freshDbName, openDb, REGION } from '../context/contextFakes';
import { openPartDb } from './partDb';

// Call records and drafts (customers/callRecords.ts): what the agent typed for a call, and its row at hang-up.

describe('call records and drafts', () => {
  it('hang-up writes the interaction with note and code atomically; a code picked later updates the same row', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    const live = carlaCalls({ state: 'active' });
    await repo.saveCallDraft(live, { customerId: customer.id, text: 'Wants a replacement' });

    await repo.finishCall(
      { ...live, state: 'ended', endedAt: Date.now(), outcome: 'answered' },
      { text: 'Wants a replacement, sending one', wrapUpCode: null },
    );
    await repo.saveCallDraft(live, { wrapUpCode: 'resolved' });

    const rows = await db.interactions.where('callId').equals(live.id).toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: callInteractionId(live.id),
      customerId: customer.id,
      channel: 'call',
      summary: 'Wants a replacement, sending one',
      wrapUpCode: 'resolved',
      outcome: 'answered',
    });
    expect((await db.notes.get(callInteractionId(live.id)))?.text).toBe('Wants a replacement, sending one');
    db.close();
  });

  it('a call placed from a conversation points to it: its record keeps the link through a late wrap-up code and after a reload, and the case reads its calls by it', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    const conversationId = 'at://did:plc:carla/app.bsky.feed.post/1';
    const fromCase = carlaCalls({ state: 'active', direction: 'outbound', conversationId });
    const other = carlaCalls({ state: 'active' });
    await repo.saveCallDraft(fromCase, { customerId: customer.id, text: 'Refund agreed' });
    await repo.finishCall({ ...fromCase, state: 'ended', endedAt: Date.now(), outcome: 'answered' });
    await repo.saveCallDraft(fromCase, { wrapUpCode: 'resolved' });
    await repo.finishCall({ ...other, state: 'ended', endedAt: Date.now(), outcome: 'answered' });

    const calls = await repo.conversationCalls(conversationId);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ callId: fromCase.id, conversationId, summary: 'Refund agreed', wrapUpCode: 'resolved' });

    // Ended while no window was open: the draft kept the link.
    const dropped = carlaCalls({ state: 'active', direction: 'outbound', conversationId });
    await repo.saveCallDraft(dropped, { customerId: customer.id });
    await repo.finishAbandonedDrafts([]);
    expect((await repo.conversationCalls(conversationId)).map((call) => call.callId)).toEqual([fromCase.id, dropped.id]);
    db.close();
  });

  it('a call that ended while no window was open is recorded from its draft at the next load', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla' }, REGION);
    const gone = carlaCalls({ state: 'active' });
    const stillLive = carlaCalls({ state: 'active' });
    await repo.saveCallDraft(gone, { customerId: customer.id, text: 'Line dropped', wrapUpCode: 'follow-up' });
    await repo.saveCallDraft(stillLive, { customerId: customer.id, text: 'Still talking' });

    expect(await repo.finishAbandonedDrafts([stillLive.id])).toBe(1);

    expect(await db.interactions.get(callInteractionId(gone.id))).toMatchObject({ summary: 'Line dropped', wrapUpCode: 'follow-up', customerId: customer.id });
    expect(await db.interactions.get(callInteractionId(stillLive.id))).toBeUndefined();
    expect(await repo.finishAbandonedDrafts([stillLive.id])).toBe(0);
    db.close();
  });

  it('needs only drafts, interactions and notes: a call linked after hang-up keeps one row each, and its draft goes after the retention', async () => {
    const db = openPartDb<CallRecordDb>(['callDrafts', 'interactions', 'notes']);
    let now = 1_000;
    const records = createCallRecords(db, { now: () => now });
    const call = carlaCalls({ state: 'active' });
    await records.saveCallDraft(call, { text: 'Wants a refund' });
    await records.finishCall({ ...call, state: 'ended', endedAt: 2_000, outcome: 'answered' });
    // Nobody to file the note under yet: the interaction is written, the note is not.
    expect(await db.notes.count()).toBe(0);

    await records.assignCall(call.id, 'carla');
    expect(await db.interactions.toArray()).toMatchObject([
      { id: callInteractionId(call.id), customerId: 'carla', summary: 'Wants a refund', outcome: 'answered', endedAt: 2_000 },
    ]);
    expect(await db.notes.toArray()).toMatchObject([{ id: callInteractionId(call.id), customerId: 'carla', text: 'Wants a refund' }]);

    now += DRAFT_RETENTION_MS + 1;
    expect(await records.finishAbandonedDrafts([])).toBe(0);
    expect(await records.callDraft(call.id)).toBeUndefined();
    expect(await db.interactions.count()).toBe(1);
    db.close();
  });
});
