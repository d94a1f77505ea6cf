import { describe, expect, it } from 'vitest';
import type { TeamRowChange } from '@tandem/contract';
import { identityId, linkStatus, unverifiedIdentity } from '../../../renderer/src/customers/model';
import { createTeamRowsApplier, type TeamRowsDb } from '../../../renderer/src/customers/teamRows';
import { openTandemDb } from '../../../renderer/src/data/db';
import { CARLA_PHONE, carlaCalls, freshDbName, openDb, REGION } from '../context/contextFakes';
import { openPartDb } from './partDb';

// Team mode: rows of the team's shared history written into this desk's cache (customers/teamRows.ts).

const ANA = { id: 'ana', name: 'Ana Ruiz' };
const T0 = 1_764_700_000_000;

const customerRow = (seq: number, name = 'Carla Diaz'): TeamRowChange => ({
  table: 'customers',
  id: 'carla',
  seq,
  row: { name, createdBy: 'ana', createdAt: T0, updatedAt: T0 + seq },
});
const phoneRow = (seq: number): TeamRowChange => ({
  table: 'identities',
  id: identityId('carla', 'phone', CARLA_PHONE),
  seq,
  row: {
    customerId: 'carla',
    kind: 'phone',
    value: CARLA_PHONE,
    did: null,
    status: 'unverified',
    verifiedBy: null,
    verifiedHow: null,
    verifiedAt: null,
    claim: null,
  },
});
const noteRow = (seq: number, text: string): TeamRowChange => ({
  table: 'notes',
  id: 'n-ana-1',
  seq,
  row: { customerId: 'carla', callId: null, text, important: false, author: ANA, createdAt: T0 + 1_000, updatedAt: T0 + 1_000 + seq },
});
const handleRow = (seq: number, status: 'verified' | 'unverified'): TeamRowChange => ({
  table: 'identities',
  id: identityId('carla', 'bluesky', 'carla.test'),
  seq,
  row: {
    customerId: 'carla',
    kind: 'bluesky',
    value: 'carla.test',
    did: 'did:plc:carla',
    status,
    verifiedBy: status === 'verified' ? ANA : null,
    verifiedHow: status === 'verified' ? 'code-post' : null,
    verifiedAt: status === 'verified' ? T0 + 3_000 : null,
    claim: null,
  },
});

describe("another desk's history lands in this desk's cache", () => {
  it("Ana's customer, number and note make a screen pop here show her note, with her name", async () => {
    const { db, repo } = openDb(freshDbName());
    await createTeamRowsApplier(db).apply([noteRow(3, 'Wants a callback'), phoneRow(2), customerRow(1)]);

    const pop = await repo.popCaller('call-1', carlaCalls().remote, REGION);
    expect(pop.context?.customer).toMatchObject({ id: 'carla', name: 'Carla Diaz' });
    expect(pop.context?.notes.map((note) => ({ text: note.text, author: note.author }))).toEqual([{ text: 'Wants a callback', author: ANA }]);
    // The note is in the timeline too, as a local note would be.
    expect((await repo.timeline('carla')).map((entry) => [entry.source, entry.id])).toContainEqual(['interaction', 'note:n-ana-1']);
    db.close();
  });

  it('is idempotent by id and keeps the newest copy: a repeat or an older copy arriving late changes nothing', async () => {
    const db = openPartDb<TeamRowsDb>(['customers', 'identities', 'interactions', 'notes', 'popCards']);
    const applier = createTeamRowsApplier(db);
    await applier.apply([customerRow(1), noteRow(5, 'Second version')]);
    await applier.apply([noteRow(5, 'Second version'), noteRow(4, 'First version'), customerRow(1)]);
    expect(await db.notes.toArray()).toEqual([expect.objectContaining({ id: 'n-ana-1', text: 'Second version', teamSeq: 5 })]);
    expect(await db.interactions.count()).toBe(1);
    expect(await db.customers.count()).toBe(1);
    db.close();
  });

  it('several changes to one row in one batch: each sees the one before, and the newest stays', async () => {
    const db = openPartDb<TeamRowsDb>(['customers', 'identities', 'interactions', 'notes', 'popCards']);
    await createTeamRowsApplier(db).apply([
      noteRow(7, 'Third'),
      noteRow(5, 'Second'),
      { table: 'notes', id: 'n-ana-1', seq: 6, row: null },
      noteRow(4, 'First'),
    ]);
    expect(await db.notes.toArray()).toEqual([expect.objectContaining({ id: 'n-ana-1', text: 'Third', teamSeq: 7 })]);
    expect(await db.interactions.count()).toBe(1);
    db.close();
  });

  it('a batch called off before it committed leaves nothing of itself, nor the cursor', async () => {
    const db = openTandemDb(freshDbName());
    const applier = createTeamRowsApplier(db);
    const callOff = new AbortController();
    const applying = applier.apply([customerRow(1), phoneRow(2), noteRow(3, 'Wants a callback')], 3, callOff.signal);
    callOff.abort();
    await expect(applying).rejects.toThrow();
    expect([await db.customers.count(), await db.identities.count(), await db.notes.count(), await db.teamCursors.count()]).toEqual([0, 0, 0, 0]);
    db.close();
  });

  it("this desk's own call comes back as an echo: the same row, with what only this desk knows kept", async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla Diaz' }, REGION);
    const call = carlaCalls({ id: 'c-77', state: 'ended', endedAt: T0 + 60_000, outcome: 'answered' });
    await repo.saveCallDraft(call, { customerId: customer.id, text: 'Refund promised', wrapUpCode: 'resolved' });
    const finished = await repo.finishCall(call);

    await createTeamRowsApplier(db).apply([
      {
        table: 'interactions',
        id: finished.id,
        seq: 9,
        row: {
          customerId: customer.id,
          channel: 'call',
          direction: 'inbound',
          at: finished.at,
          summary: 'Refund promised',
          wrapUpCode: 'resolved',
          callId: 'c-77',
          conversationId: null,
          uri: null,
          author: ANA,
        },
      },
    ]);
    expect(await db.interactions.get(finished.id)).toEqual({ ...finished, author: ANA, teamSeq: 9 });
    expect(await db.notes.get(finished.id)).toMatchObject({ text: 'Refund promised', customerId: customer.id });
    db.close();
  });

  it('a proof made on another desk shows here as verified, with who verified it and how; a late unverified copy cannot take it away', async () => {
    const db = openPartDb<TeamRowsDb>(['customers', 'identities', 'interactions', 'notes', 'popCards']);
    const applier = createTeamRowsApplier(db);
    await applier.apply([customerRow(1), handleRow(2, 'unverified'), handleRow(3, 'verified')]);
    const id = identityId('carla', 'bluesky', 'carla.test');
    expect(await db.identities.get(id)).toMatchObject({
      verified: true,
      verifiedHow: 'code-post',
      verifiedAt: T0 + 3_000,
      verifiedBy: ANA,
      did: 'did:plc:carla',
    });
    await applier.apply([handleRow(4, 'unverified')]);
    expect(await db.identities.get(id)).toMatchObject({ verified: true, verifiedBy: ANA, teamSeq: 4 });
    db.close();
  });

  it('a link claimed on another desk shows here as claimed, by whom, how and when, never as verified; a proof later replaces the claim', async () => {
    const db = openPartDb<TeamRowsDb>(['customers', 'identities', 'interactions', 'notes', 'popCards']);
    const applier = createTeamRowsApplier(db);
    const id = identityId('carla', 'bluesky', 'carla.test');
    const claim = {
      handle: 'carla.test',
      did: 'did:plc:carla',
      phone: CARLA_PHONE,
      evidenceUri: 'at://did:plc:carla/chat.bsky.convo.message/m1',
      at: T0 + 2_000,
    };
    const base = handleRow(2, 'unverified');
    if (base.table !== 'identities' || base.row === null) throw new Error('an identity row');
    await applier.apply([customerRow(1), { ...base, row: { ...base.row, status: 'claimed', claim } }]);
    const claimed = await db.identities.get(id);
    expect(claimed).toMatchObject({ verified: false, verifiedHow: null, verifiedAt: null, claim });
    expect(claimed?.verifiedBy).toBeUndefined();
    expect(claimed && linkStatus(claimed)).toBe('claimed');

    await applier.apply([handleRow(3, 'verified')]);
    const proven = await db.identities.get(id);
    expect(proven).toMatchObject({ verified: true, verifiedBy: ANA, verifiedHow: 'code-post' });
    expect(proven?.claim).toBeUndefined();
    db.close();
  });

  it("an unlink or a rename on another desk deletes this customer's pop cards in the same write, so no card shows the old link", async () => {
    const db = openPartDb<TeamRowsDb>(['customers', 'identities', 'interactions', 'notes', 'popCards']);
    await db.identities.put(unverifiedIdentity('carla', 'phone', CARLA_PHONE, T0));
    const card = { kind: 'phone', value: CARLA_PHONE, customerId: 'carla', context: {} as never, writtenAt: T0 } as const;
    await db.popCards.put(card);
    const applier = createTeamRowsApplier(db);

    await applier.apply([{ table: 'identities', id: identityId('carla', 'phone', CARLA_PHONE), seq: 7, row: null }]);
    expect(await db.identities.count()).toBe(0);
    expect(await db.popCards.count()).toBe(0);

    await applier.apply([customerRow(8)]);
    await db.popCards.put(card);
    await applier.apply([customerRow(9, 'Carla Díaz')]);
    expect(await db.customers.get('carla')).toMatchObject({ name: 'Carla Díaz', nameLower: 'carla díaz' });
    expect(await db.popCards.count()).toBe(0);
    db.close();
  });

  it('a new note keeps the pop card (the panel re-reads after painting it), and a deleted note goes with its timeline entry', async () => {
    const db = openPartDb<TeamRowsDb>(['customers', 'identities', 'interactions', 'notes', 'popCards']);
    await db.popCards.put({ kind: 'phone', value: CARLA_PHONE, customerId: 'carla', context: {} as never, writtenAt: T0 });
    const applier = createTeamRowsApplier(db);
    await applier.apply([noteRow(3, 'Wants a callback')]);
    expect(await db.popCards.count()).toBe(1);
    await applier.apply([{ table: 'notes', id: 'n-ana-1', seq: 6, row: null }]);
    expect(await db.notes.count()).toBe(0);
    expect(await db.interactions.count()).toBe(0);
    db.close();
  });
  it('a customer merged on another desk folds into the kept one here: gone, with the history only this desk held under the kept customer', async () => {
    const { db, repo } = openDb(freshDbName());
    const applier = createTeamRowsApplier(db);
    await applier.apply([customerRow(1), { table: 'customers', id: 'dup', seq: 2, row: { name: 'C. Diaz', createdBy: 'ben', createdAt: T0, updatedAt: T0 } }]);
    // Written here while this desk was offline: the team has not seen it yet.
    const offline = await repo.addNote('dup', 'Written offline');
    await applier.apply([
      { table: 'customers', id: 'dup', seq: 9, row: { name: 'C. Diaz', createdBy: 'ben', createdAt: T0, updatedAt: T0 + 9, mergedInto: 'carla' } },
    ]);
    expect(await db.customers.get('dup')).toBeUndefined();
    expect((await db.notes.get(offline.id))?.customerId).toBe('carla');
    // A late copy of the merged customer does not bring it back.
    await applier.apply([
      { table: 'customers', id: 'dup', seq: 9, row: { name: 'C. Diaz', createdBy: 'ben', createdAt: T0, updatedAt: T0 + 9, mergedInto: 'carla' } },
    ]);
    expect(await db.customers.get('dup')).toBeUndefined();
    expect(await db.customers.get('carla')).toMatchObject({ name: 'Carla Diaz' });
    db.close();
  });
});
