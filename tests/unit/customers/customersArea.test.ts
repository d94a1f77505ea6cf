import { describe, expect, it } from 'vitest';
import { checkCustomerForm, checkIdentityField } from '../../../renderer/src/customers/customerForm';
import { planMerge, combineIdentities, MergeRefusedError } from '../../../renderer/src/customers/mergePlan';
import { unverifiedIdentity, type Customer, type Identity, type Interaction, type Note } from '../../../renderer/src/customers/model';
import { customerNameKeys } from '../../../renderer/src/customers/customerName';
import { validateRow } from '../../../renderer/src/customers/io/rowValidation';
import { rejectedRowsToCsv } from '../../../renderer/src/customers/io/rejectedCsv';
import type { ImportCandidate } from '../../../renderer/src/customers/io/portable';
import { CARLA_DID, openDb, proof, REGION } from '../context/contextFakes';
import { freshDbName } from '../context/contextFakes';

const candidate = (patch: Partial<ImportCandidate>): ImportCandidate => ({ row: 2, id: null, name: '', identities: [], note: '', cells: [], ...patch });
const customer = (id: string, name: string, at = 1_000): Customer => ({ id, name, ...customerNameKeys(name), createdAt: at, updatedAt: at });

describe('an imported row is checked field by field', () => {
  it('a bad number is dropped with a warning and the rest of the row is kept', () => {
    const checked = validateRow(
      candidate({
        name: ' Ana  Ruiz ',
        identities: [
          { kind: 'phone', raw: '12' },
          { kind: 'bluesky', raw: '@Ana.test' },
          { kind: 'email', raw: 'ana@' },
        ],
      }),
      REGION,
    );
    expect(checked).toEqual({
      ok: true,
      customer: { id: null, name: 'Ana Ruiz', identities: [{ kind: 'bluesky', value: 'ana.test' }], note: '' },
      warnings: [
        { key: 'importExport.reason.badPhone', values: { value: '12' } },
        { key: 'importExport.reason.badEmail', values: { value: 'ana@' } },
      ],
    });
  });

  it('a row without a name is kept under its number, said in a warning; with no valid number either it is rejected', () => {
    const named = validateRow(
      candidate({
        identities: [
          { kind: 'bluesky', raw: 'ana.test' },
          { kind: 'phone', raw: '(212) 555-0123' },
        ],
      }),
      REGION,
    );
    expect(named.ok && named.customer.name).toBe('+12125550123');
    expect(named.ok && named.warnings).toEqual([{ key: 'importExport.reason.nameFromIdentity', values: { value: '+12125550123' } }]);
    expect(validateRow(candidate({ name: '  ', identities: [{ kind: 'phone', raw: '12' }] }), REGION)).toEqual({
      ok: false,
      reason: { key: 'importExport.reason.nothingToImport', values: {} },
    });
  });
});

describe('the rejected rows come back as a CSV to fix', () => {
  it('the file’s own columns and cells, then the row and the reason in the agent’s language; formula cells neutralised', () => {
    const csv = rejectedRowsToCsv(
      ['Name', 'Phone'],
      [
        { row: 9, reason: { key: 'importExport.reason.nothingToImport', values: {} }, cells: ['', '12'] },
        { row: 4, reason: { key: 'importExport.reason.identityTaken', values: { value: '+12125550199' } }, cells: ['=cmd()', '+1 212 555 0199', 'extra'] },
      ],
      { row: 'Fila', reason: 'Motivo', translate: (reason) => `${reason.key}:${String(reason.values.value ?? '')}` },
    );
    expect(csv).toBe(
      '\uFEFFName,Phone,,Fila,Motivo\r\n' +
        "'=cmd(),'+1 212 555 0199,extra,4,importExport.reason.identityTaken:+12125550199\r\n" +
        ',12,,9,importExport.reason.nothingToImport:\r\n',
    );
  });
});

describe('the Customers area form checks each field', () => {
  it('a name is needed; a number must be valid for libphonenumber-js in the default region; a handle must be a domain', () => {
    expect(checkCustomerForm({ name: ' Ana ', phone: '(212) 555-0123', handle: '@Ana.test' }, REGION)).toEqual({
      ok: true,
      values: { name: 'Ana', phone: '+12125550123', handle: 'ana.test' },
    });
    expect(checkCustomerForm({ name: '', phone: '555-0123', handle: 'not a handle' }, REGION)).toEqual({
      ok: false,
      errors: { name: 'customers.form.nameRequired', phone: 'customers.form.badPhone', handle: 'customers.form.badHandle' },
    });
    expect(checkCustomerForm({ name: 'Ana', phone: '', handle: '' }, REGION)).toEqual({ ok: true, values: { name: 'Ana', phone: null, handle: null } });
    expect(checkIdentityField('phone', '+44 20 7946 0958', REGION)).toEqual({ ok: true, value: '+442079460958' });
    expect(checkIdentityField('bluesky', 'x', REGION)).toEqual({ ok: false, error: 'customers.form.badHandle' });
  });
});

describe('merging two customers', () => {
  const kept = customer('kept', 'Ana Ruiz', 2_000);
  const merged = customer('dup', 'A. Ruiz', 1_000);
  const verifiedHandle = (customerId: string): Identity => ({
    ...unverifiedIdentity(customerId, 'bluesky', 'ana.test', 1_500),
    did: 'did:plc:ana',
    verified: true,
    verifiedHow: 'code-post',
    verifiedAt: 1_600,
    evidenceUri: 'at://post',
  });

  it('plans every identity under the kept customer, the more certain link winning, and re-points history without new ids', () => {
    const interaction = { id: 'call:1', customerId: 'dup', channel: 'call', at: 5 } as Interaction;
    const note = { id: 'n1', customerId: 'dup', callId: null, text: 'VIP', updatedAt: 6 } as Note;
    const plan = planMerge({
      kept,
      merged,
      keptIdentities: [unverifiedIdentity('kept', 'bluesky', 'ana.test', 2_000)],
      mergedIdentities: [verifiedHandle('dup'), unverifiedIdentity('dup', 'phone', '+12125550123', 1_000)],
      mergedInteractions: [interaction],
      mergedNotes: [note],
      mergedDrafts: [],
      at: 9_000,
    });
    expect(plan.kept).toEqual({ ...kept, createdAt: 1_000, updatedAt: 9_000 });
    expect(plan.deletedIdentityIds).toEqual(['dup|bluesky|ana.test', 'dup|phone|+12125550123']);
    expect(plan.identities.map((identity) => [identity.id, identity.verified, identity.did])).toEqual([
      ['kept|bluesky|ana.test', true, 'did:plc:ana'],
      ['kept|phone|+12125550123', false, null],
    ]);
    expect(plan.interactions).toEqual([{ ...interaction, customerId: 'kept' }]);
    expect(plan.notes).toEqual([{ ...note, customerId: 'kept' }]);
  });

  it('a merge never makes a link look more certain than either row was', () => {
    const recorded = unverifiedIdentity('kept', 'bluesky', 'ana.test', 1);
    const claimed: Identity = {
      ...unverifiedIdentity('dup', 'bluesky', 'ana.test', 2),
      claim: { handle: 'ana.test', did: 'did:plc:x', phone: '+12125550123', evidenceUri: 'chat:1', at: 2 },
    };
    const combined = combineIdentities(recorded, { ...claimed, id: recorded.id, customerId: 'kept' });
    expect(combined.verified).toBe(false);
    expect(combined.claim?.did).toBe('did:plc:x');
    expect(() =>
      planMerge({ kept, merged: kept, keptIdentities: [], mergedIdentities: [], mergedInteractions: [], mergedNotes: [], mergedDrafts: [], at: 1 }),
    ).toThrow(MergeRefusedError);
  });

  it('in the desk database: the duplicate is gone, its number rings the kept customer, with its note and verified handle', async () => {
    const { repo } = openDb(freshDbName());
    const ana = await repo.createCustomer({ name: 'Ana Ruiz', identities: [{ kind: 'phone', value: '+12125550123' }] }, REGION);
    const dup = await repo.createCustomer({ name: 'A. Ruiz', identities: [{ kind: 'phone', value: '+442079460958' }] }, REGION);
    await repo.recordProof(proof({ customerId: dup.customer.id }));
    await repo.addNote(dup.customer.id, 'prefers mornings');

    const plan = await repo.mergeCustomers(ana.customer.id, dup.customer.id);
    expect(plan?.kept.name).toBe('Ana Ruiz');
    expect(await repo.getCustomer(dup.customer.id)).toBeUndefined();
    const [match] = await repo.lookupCaller({ uri: 'sip:+442079460958@pbx.test', number: '+442079460958' }, REGION);
    expect(match?.customer.id).toBe(ana.customer.id);
    const context = await repo.loadContext(ana.customer.id);
    expect(context?.notes.map((note) => note.text)).toEqual(['prefers mornings']);
    expect(context?.identities.find((identity) => identity.kind === 'bluesky')).toMatchObject({ verified: true, did: CARLA_DID });
    expect(await repo.mergeCustomers(ana.customer.id, dup.customer.id)).toBeNull();
  });
});
