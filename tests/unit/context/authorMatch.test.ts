import { describe, expect, it } from 'vitest';
import { authorCustomer } from '../../../renderer/src/context/authorMatch';
import type { CallerMatch } from '../../../renderer/src/customers/customerContext';
import { unverifiedIdentity, type Customer } from '../../../renderer/src/customers/model';
import { customerNameKeys } from '../../../renderer/src/customers/customerName';
import { step } from '../../integration/support/step';
import { freshDbName, openDb, REGION } from './contextFakes';

// A social conversation's author → customer (context/authorMatch.ts): the DID decides, the handle only where no link has one.

const T0 = 1_764_700_000_000;
const customer = (id: string, name: string): Customer => ({ id, name, ...customerNameKeys(name), createdAt: T0, updatedAt: T0 });
const handleMatch = (who: Customer, handle: string, did: string | null): CallerMatch => ({
  customer: who,
  identity: { ...unverifiedIdentity(who.id, 'bluesky', handle, T0), did },
});

const carla = customer('carla', 'Carla Diaz');
const oldOwner = customer('olga', 'Olga (who had carla.test before)');

describe("who a conversation's author is", () => {
  it('Carla changed her handle: her DID still finds her, and the customer under her new handle with no DID is not taken instead', () => {
    const byDid = [handleMatch(carla, 'carla-old.test', 'did:plc:carla')];
    const byHandle = [handleMatch(customer('other', 'Someone recorded by handle only'), 'carla-new.test', null)];
    expect(authorCustomer({ did: 'did:plc:carla' }, byDid, byHandle)).toBe(carla);
  });

  it('with no DID link, the handle finds the customer, unless that link carries another account’s DID (the handle changed hands)', () => {
    expect(authorCustomer({ did: 'did:plc:carla' }, [], [handleMatch(carla, 'carla.test', null)])).toBe(carla);
    expect(authorCustomer({ did: 'did:plc:carla' }, [], [handleMatch(oldOwner, 'carla.test', 'did:plc:olga')])).toBeNull();
  });

  it('two customers for one account is no match; two links of one customer are one match', () => {
    const dora = customer('dora', 'Dora Lee');
    expect(
      authorCustomer({ did: 'did:plc:shared' }, [handleMatch(carla, 'a.test', 'did:plc:shared'), handleMatch(dora, 'b.test', 'did:plc:shared')], []),
    ).toBeNull();
    expect(
      authorCustomer({ did: 'did:plc:carla' }, [handleMatch(carla, 'a.test', 'did:plc:carla'), { ...handleMatch(carla, 'b.test', 'did:plc:carla') }], []),
    ).toBe(carla);
  });

  it('the repository finds customers by DID through its index', async () => {
    const { db, repo } = openDb(freshDbName());
    await step('Carla is recorded with her handle, and the link learns her DID', async () => {
      const { identities } = await repo.createCustomer({ name: 'Carla Diaz', identities: [{ kind: 'bluesky', value: 'carla.test' }] }, REGION);
      await db.identities.update(identities[0]?.id ?? '', { did: 'did:plc:carla' });
    });
    await step('her DID finds her; an unknown DID finds nobody', async () => {
      expect((await repo.findByDid('did:plc:carla')).map((match) => match.customer.name)).toEqual(['Carla Diaz']);
      expect(await repo.findByDid('did:plc:nobody')).toEqual([]);
    });
    db.close();
  });
});
