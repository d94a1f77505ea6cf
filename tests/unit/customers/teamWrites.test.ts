import { describe, expect, it } from 'vitest';
import type { TeamWrite } from '@tandem/contract';
import { createCustomerRepository } from '../../../renderer/src/customers/customerRepository';
import { withTeamWrites } from '../../../renderer/src/customers/teamWrites';
import { openTandemDb } from '../../../renderer/src/data/db';
import { CARLA_PHONE, carlaCalls, freshDbName, proof, REGION } from '../context/contextFakes';

// Team mode: each history write this desk makes also goes to the team, with the Dexie row's own id (customers/teamWrites.ts).

function openTeamDesk(team: boolean) {
  const db = openTandemDb(freshDbName());
  const sent: TeamWrite[] = [];
  let delivered: () => void = () => undefined;
  const repo = withTeamWrites(createCustomerRepository(db, { now: () => 1_764_700_000_000 }), db, {
    enabled: () => team,
    send: (write) => {
      sent.push(write);
      delivered();
      return Promise.resolve();
    },
  });
  /** Resolves once `count` writes have been handed to main (they go out after the local write committed). */
  const sentCount = (count: number) =>
    new Promise<void>((resolve) => {
      delivered = () => sent.length >= count && resolve();
      delivered();
    });
  return { db, repo, sent, sentCount };
}

describe('what a team desk sends after its own Dexie write', () => {
  it('a new customer, then each of their links, with the ids the cache uses', async () => {
    const { db, repo, sent, sentCount } = openTeamDesk(true);
    const { customer, identities } = await repo.createCustomer({ name: 'Carla Diaz', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    await sentCount(2);
    expect(sent).toEqual([
      { kind: 'customer', id: customer.id, name: 'Carla Diaz', createdAt: customer.createdAt },
      expect.objectContaining({ kind: 'identityLink', id: identities[0]?.id, customerId: customer.id, status: 'unverified', value: CARLA_PHONE }),
    ]);
    db.close();
  });

  it('a note, a rename, an unlink and a proof, each as the cache wrote it', async () => {
    const { db, repo, sent, sentCount } = openTeamDesk(true);
    const { customer, identities } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'bluesky', value: 'carla.test' }] }, REGION);
    await sentCount(2);
    const note = await repo.addNote(customer.id, 'Wants a callback');
    await repo.renameCustomer(customer.id, 'Carla Diaz');
    await repo.recordProof(proof({ customerId: customer.id, handle: 'carla.test' }));
    await repo.unlinkIdentity(identities[0]?.id ?? '');
    await sentCount(6);
    expect(sent.slice(2)).toEqual([
      { kind: 'note', id: note.id, customerId: customer.id, callId: null, text: 'Wants a callback', createdAt: note.updatedAt, important: false },
      expect.objectContaining({ kind: 'customerRename', id: customer.id, name: 'Carla Diaz' }),
      expect.objectContaining({ kind: 'identityLink', id: identities[0]?.id, status: 'verified', did: 'did:plc:carla' }),
      { kind: 'identityUnlink', id: identities[0]?.id },
    ]);
    db.close();
  });

  it('a call at hang-up, and again when its wrap-up code is picked afterwards', async () => {
    const { db, repo, sent, sentCount } = openTeamDesk(true);
    const call = carlaCalls({ id: 'c-77', state: 'ended', endedAt: 1_764_700_060_000 });
    await repo.saveCallDraft(call, { text: 'Refund promised' });
    const finished = await repo.finishCall(call);
    await sentCount(1);
    await repo.saveCallDraft(call, { wrapUpCode: 'resolved' });
    await sentCount(2);
    expect(sent).toEqual([
      expect.objectContaining({ kind: 'call', id: finished.id, callId: 'c-77', summary: 'Refund promised', wrapUpCode: null, direction: 'inbound' }),
      expect.objectContaining({ kind: 'call', id: finished.id, wrapUpCode: 'resolved' }),
    ]);
    db.close();
  });

  it('a call placed from a conversation tells the team which one: a colleague opening the case finds it', async () => {
    const { db, repo, sent, sentCount } = openTeamDesk(true);
    const call = carlaCalls({ id: 'c-78', direction: 'outbound', state: 'ended', endedAt: 1_764_700_060_000, conversationId: 'at://did:plc:carla/post/1' });
    await repo.saveCallDraft(call, { text: 'Called back' });
    await repo.finishCall(call);
    await sentCount(1);
    expect(sent).toEqual([expect.objectContaining({ kind: 'call', callId: 'c-78', conversationId: 'at://did:plc:carla/post/1' })]);
    db.close();
  });

  it('a merge is sent as the pair the agent chose, after the cache merged them, with a client-made id', async () => {
    const { db, repo, sent, sentCount } = openTeamDesk(true);
    const { customer: carla } = await repo.createCustomer({ name: 'Carla Diaz' }, REGION);
    const { customer: dup } = await repo.createCustomer({ name: 'C. Diaz' }, REGION);
    await sentCount(2);
    await repo.mergeCustomers(carla.id, dup.id);
    await sentCount(3);
    expect(sent[2]).toMatchObject({ kind: 'customerMerge', keptId: carla.id, mergedId: dup.id });
    expect(await db.customers.get(dup.id)).toBeUndefined();
    // Merging again (the duplicate is gone here) sends nothing more.
    await repo.mergeCustomers(carla.id, dup.id);
    expect(sent).toHaveLength(3);
    db.close();
  });

  it('a solo desk sends nothing', async () => {
    const { db, repo, sent } = openTeamDesk(false);
    const { customer } = await repo.createCustomer({ name: 'Carla Diaz' }, REGION);
    await repo.addNote(customer.id, 'Local only');
    await repo.finishCall(carlaCalls({ id: 'c-1', state: 'ended', endedAt: 1 }));
    // Team mode is asked as each save resolves: a solo desk queues nothing at all.
    expect(sent).toEqual([]);
    db.close();
  });
});
