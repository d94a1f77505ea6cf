import { describe, expect, it } from 'vitest';
import type { TeamWrite } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { createDexieImportSink } from '../../../renderer/src/customers/io/customerStorage';
import { importCustomers } from '../../../renderer/src/customers/io/importCustomers';
import { createTeamImportSender, teamWriteBatches } from '../../../renderer/src/customers/teamImports';
import { freshDbName } from '../context/contextFakes';

// Team mode: customers a CSV import stores go to the team like customers made by hand (customers/teamImports.ts).

/** Main's side: every `team:writeMany` batch the desk sent, in order. */
function teamOutbox(enabled = true) {
  const batches: TeamWrite[][] = [];
  let sent = Promise.resolve();
  const send = createTeamImportSender(
    {
      enabled: () => enabled,
      sendMany: (writes) => {
        batches.push([...writes]);
        return Promise.resolve();
      },
    },
    { maxWrites: 3 },
  );
  return {
    batches,
    onStored: (stored: Parameters<typeof send>[0]) => {
      send(stored);
      sent = sent.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    },
    settled: () => sent.then(() => new Promise<void>((resolve) => setTimeout(resolve, 10))),
  };
}

describe("an import on a team desk reaches the team's database", () => {
  it('each stored batch is sent with the Dexie ids, customers before their numbers and notes, in batches main accepts', async () => {
    const db = openTandemDb(freshDbName());
    const outbox = teamOutbox();
    const sink = createDexieImportSink(db, { onStored: outbox.onStored });
    const csv = 'Name,Phone,Bluesky,Note\nMaya Lopez,(415) 555-2671,@maya.bsky.social,VIP\nOmar Silva,212 555 0134,,\n';
    expect(await importCustomers({ name: 'crm.csv', text: csv }, sink, { defaultRegion: 'US' })).toMatchObject({ imported: 2, rejected: [] });
    await outbox.settled();

    const writes = outbox.batches.flat();
    // At most three writes a batch here (maxWrites), none split or reordered.
    expect(outbox.batches.map((batch) => batch.length)).toEqual([3, 3]);
    expect(writes.map((write) => write.kind)).toEqual(['customer', 'customer', 'identityLink', 'identityLink', 'identityLink', 'note']);
    const maya = (await db.customers.where('nameLower').equals('maya lopez').first())!;
    expect(writes[0]).toEqual({ kind: 'customer', id: maya.id, name: 'Maya Lopez', createdAt: maya.createdAt });
    // An import proves nothing: every link goes as unverified, under the row's own id.
    const identities = await db.identities.toArray();
    expect(writes.filter((write) => write.kind === 'identityLink').map((write) => [write.id, write.status])).toEqual(
      expect.arrayContaining(identities.map((identity) => [identity.id, 'unverified'])),
    );
    const note = (await db.notes.toArray())[0]!;
    expect(writes.at(-1)).toEqual({ kind: 'note', id: note.id, customerId: maya.id, callId: null, text: 'VIP', createdAt: note.updatedAt });
    db.close();
  });

  it('a re-import sends only what changed: a new name, no repeated customers, numbers or notes', async () => {
    const db = openTandemDb(freshDbName());
    const outbox = teamOutbox();
    const sink = createDexieImportSink(db, { onStored: outbox.onStored });
    await importCustomers({ name: 'crm.csv', text: 'Name,Phone,Note\nMaya Lopez,(415) 555-2671,VIP\n' }, sink, { defaultRegion: 'US' });
    await outbox.settled();
    const maya = (await db.customers.toArray())[0]!;
    outbox.batches.length = 0;

    const again = `Name,Phone,Note,Tandem ID\nMaya López,(415) 555-2671,VIP,${maya.id}\n`;
    await importCustomers({ name: 'back.csv', text: again }, sink, { defaultRegion: 'US' });
    await outbox.settled();
    const [rename, ...rest] = outbox.batches.flat();
    expect(rest).toEqual([]);
    expect(rename).toMatchObject({ kind: 'customerRename', id: maya.id, name: 'Maya López' });
    db.close();
  });

  it('a solo desk sends nothing', async () => {
    const db = openTandemDb(freshDbName());
    const outbox = teamOutbox(false);
    await importCustomers({ name: 'crm.csv', text: 'Name,Phone\nMaya Lopez,(415) 555-2671\n' }, createDexieImportSink(db, { onStored: outbox.onStored }), {
      defaultRegion: 'US',
    });
    await outbox.settled();
    expect(outbox.batches).toEqual([]);
    db.close();
  });

  it('a batch stays well under the 1 MB frame: long notes cut it by size, never mid-write', () => {
    const note = (n: number): TeamWrite => ({ kind: 'note', id: `n-${n}`, customerId: 'c', callId: null, text: 'x'.repeat(20_000), createdAt: n });
    const batches = teamWriteBatches(Array.from({ length: 50 }, (_, n) => note(n)));
    expect(batches.flat().map((write) => write.id)).toEqual(Array.from({ length: 50 }, (_, n) => `n-${n}`));
    for (const batch of batches) expect(JSON.stringify(batch).length).toBeLessThan(500_000);
  });
});
