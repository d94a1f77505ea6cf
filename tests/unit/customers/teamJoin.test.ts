import { describe, expect, it } from 'vitest';
import { ok, TEAM_JOIN_LIMITS, type JoinBatch, type JoinBatchOutcome, type Result } from '@tandem/contract';
import { createCustomerRepository } from '../../../renderer/src/customers/customerRepository';
import { createLocalHistory, sized, type LocalSkip } from '../../../renderer/src/customers/teamJoin/localHistory';
import { moveLocalHistory } from '../../../renderer/src/customers/teamJoin/moveHistory';
import { openTandemDb } from '../../../renderer/src/data/db';
import { carlaCalls, freshDbName, openDb, REGION } from '../context/contextFakes';

async function seeded() {
  const db = openTandemDb(freshDbName());
  const repo = createCustomerRepository(db);
  const carla = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
  const refusedOne = await repo.createCustomer({ name: 'Refused', identities: [{ kind: 'email', value: 'r@example.test' }] }, REGION);
  await repo.addNote(carla.customer.id, 'on Carla');
  await repo.addNote(refusedOne.customer.id, 'on a customer the team refused');
  return { db, history: createLocalHistory(db), carlaId: carla.customer.id, refusedId: refusedOne.customer.id };
}

describe('batches of the first join stay inside the contract and the socket frame', () => {
  it('cuts by count and by bytes, never splitting a row', () => {
    expect([...sized([1, 2, 3, 4, 5], 2)].map((batch) => batch.length)).toEqual([2, 2, 1]);
    const big = 'x'.repeat(400);
    const batches = [...sized([big, big, big], 10, 1000)];
    expect(batches.map((batch) => batch.length)).toEqual([2, 1]);
    expect([...sized(['x'.repeat(5000)], 10, 1000)]).toHaveLength(1);
  });

  it('a customer with more identities than a batch may carry keeps the verified ones and lists the rest as not sent', async () => {
    const db = openTandemDb(freshDbName());
    const repo = createCustomerRepository(db);
    const identities = Array.from({ length: TEAM_JOIN_LIMITS.identitiesPerCustomer + 2 }, (_, index) => ({
      kind: 'email' as const,
      value: `a${index}@example.test`,
    }));
    await repo.createCustomer({ name: 'Many', identities }, REGION);
    const skipped: LocalSkip[] = [];
    const batches = [];
    for await (const batch of createLocalHistory(db).customerBatches(skipped)) batches.push(batch);
    expect(batches[0]?.[0]?.identities).toHaveLength(TEAM_JOIN_LIMITS.identitiesPerCustomer);
    expect(skipped.map((skip) => skip.reason)).toEqual(['too-many-identities', 'too-many-identities']);
    db.close();
  });
});

describe('moving: notes follow their customer to the team customer it became', () => {
  it('a merged customer’s note carries the team id; a refused customer’s note is not sent and is listed', async () => {
    const { db, history, carlaId, refusedId } = await seeded();
    const sent: JoinBatch[] = [];
    const send = (batch: JoinBatch): Promise<Result<JoinBatchOutcome>> => {
      sent.push(batch);
      if (batch.phase === 'customers') {
        return Promise.resolve(
          ok({
            phase: 'customers',
            customers: batch.customers
              .filter((customer) => customer.id === carlaId)
              .map((customer) => ({
                localId: customer.id,
                outcome: 'merged' as const,
                teamId: 'team-carla',
                teamName: 'Carla G.',
                matchedBy: 'phone:+12125550123',
                identitiesLinked: 0,
              })),
            refused: [{ table: 'customers', id: refusedId, reason: 'sqlstate:42501' }],
          }),
        );
      }
      return Promise.resolve(ok({ phase: 'history', notes: batch.notes.length, calls: batch.calls.length, refused: [] }));
    };
    const moved = await moveLocalHistory(history, send);
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    const notes = sent.flatMap((batch) => (batch.phase === 'history' ? batch.notes : []));
    expect(notes.map((note) => [note.text, note.customerId])).toEqual([['on Carla', 'team-carla']]);
    expect(moved.report).toMatchObject({ created: 0, merged: 1, notes: 1, refused: [{ table: 'customers', id: refusedId }] });
    const refusedNote = (await db.notes.filter((note) => note.customerId === refusedId).first())?.id;
    expect(moved.report.skipped).toEqual([{ table: 'notes', id: refusedNote, reason: 'customer-not-moved' }]);
    expect(moved.merged).toEqual([{ localId: carlaId, teamId: 'team-carla', teamName: 'Carla G.' }]);
    db.close();
  });

  it('a call placed from a conversation ("Call now") moves with its conversation link, so the team’s case still shows it', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
    const conversationId = 'at://did:plc:carla/app.bsky.feed.post/complaint';
    const fromCase = carlaCalls({ state: 'active', direction: 'outbound', conversationId });
    await repo.saveCallDraft(fromCase, { customerId: customer.id, text: 'Refund agreed' });
    await repo.finishCall({ ...fromCase, state: 'ended', endedAt: Date.now(), outcome: 'answered' });
    const plain = carlaCalls({ id: 'plain-call', state: 'active' });
    await repo.saveCallDraft(plain, { customerId: customer.id, text: 'Asked about opening hours' });
    await repo.finishCall({ ...plain, state: 'ended', endedAt: Date.now(), outcome: 'answered' });

    const batches = [];
    for await (const batch of createLocalHistory(db).historyBatches(() => customer.id, [])) batches.push(batch);
    const calls = batches.flatMap((batch) => batch.calls);
    expect(calls.map((call) => [call.callId, call.conversationId]).sort()).toEqual(
      [
        [fromCase.id, conversationId],
        ['plain-call', null],
      ].sort(),
    );
    db.close();
  });

  it('a batch main cannot write stops the move with its error; nothing is reported done', async () => {
    const { db, history } = await seeded();
    const moved = await moveLocalHistory(history, () => Promise.resolve({ ok: false, error: { code: 'unavailable', messageKey: 'teamJoin.errors.offline' } }));
    expect(moved).toEqual({ ok: false, error: { code: 'unavailable', messageKey: 'teamJoin.errors.offline' } });
    db.close();
  });
});
