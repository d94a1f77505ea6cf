import { afterEach, describe, expect, it } from 'vitest';
import { openTandemDb, type TandemDb } from '../../../renderer/src/data/db';
import { createCustomerRepository } from '../../../renderer/src/customers/customerRepository';
import { createDexieImportSink, readCustomersForExport } from '../../../renderer/src/customers/io/customerStorage';
import { cleanBlueskyHandle, cleanEmail, cleanPhone, cleanSipUri, type PortableIdentity } from '../../../renderer/src/customers/io/identity';
import { importCustomers, type CustomerImportSink, type ImportProgress } from '../../../renderer/src/customers/io/importCustomers';
import { customersToCsv, customersToVCards, type PortableCustomer } from '../../../renderer/src/customers/io/portable';

/** An in-memory sink: what the import stored, and which identities "already exist". */
function memorySink(taken: Record<string, string> = {}): CustomerImportSink & { stored: PortableCustomer[]; batches: number } {
  const sink = {
    stored: [] as PortableCustomer[],
    batches: 0,
    ownersOf(identities: readonly PortableIdentity[]) {
      return Promise.resolve(
        new Map(
          identities.flatMap((identity) =>
            `${identity.kind}:${identity.value}` in taken
              ? [[`${identity.kind}:${identity.value}`, taken[`${identity.kind}:${identity.value}`]!] as const]
              : [],
          ),
        ),
      );
    },
    addCustomers(customers: readonly PortableCustomer[]) {
      sink.stored.push(...customers);
      sink.batches += 1;
      return Promise.resolve();
    },
  };
  return sink;
}

const noYield = () => Promise.resolve();

describe('identities are normalised to what the screen pop looks up', () => {
  it('phones become E.164 with the default region; "12" and local-only numbers are refused', () => {
    expect(cleanPhone('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(cleanPhone('tel:+44-20-7946-0958;ext=12', 'US')).toBe('+442079460958');
    expect(cleanPhone('0034 612 34 56 78', 'US')).toBe('+34612345678');
    expect(cleanPhone('612 34 56 78', 'ES')).toBe('+34612345678');
    expect(cleanPhone('\u202D+1 415 555 2671\u200B', 'US')).toBe('+14155552671');
    expect(cleanPhone('12', 'US')).toBeNull();
    expect(cleanPhone('555-1234', 'US')).toBeNull();
    expect(cleanPhone('=1+1', 'US')).toBeNull();
  });

  it('SIP URIs lose display names, parameters and case; Bluesky handles lose @ and profile URLs; emails are lower-cased', () => {
    expect(cleanSipUri('"Maya" <sip:Maya@PBX.Example.com;transport=ws>')).toBe('sip:maya@pbx.example.com');
    expect(cleanSipUri('1001@pbx.example.com')).toBe('sip:1001@pbx.example.com');
    expect(cleanSipUri('not a uri')).toBeNull();
    expect(cleanSipUri('sip:pbx.example.com')).toBeNull();
    expect(cleanBlueskyHandle('@Maya.BSKY.social')).toBe('maya.bsky.social');
    expect(cleanBlueskyHandle('https://bsky.app/profile/maya.bsky.social')).toBe('maya.bsky.social');
    expect(cleanBlueskyHandle('at://maya.bsky.social')).toBe('maya.bsky.social');
    expect(cleanBlueskyHandle('did:plc:abc')).toBeNull();
    expect(cleanBlueskyHandle('<script>')).toBeNull();
    expect(cleanEmail('mailto:Maya@Example.COM')).toBe('maya@example.com');
    expect(cleanEmail('maya@')).toBeNull();
  });
});

describe('the agent imports a CRM export and reads the report', () => {
  it('a row with a bad field is imported without it and warned; a row with nothing to identify it, a duplicate and a taken number are rejected with their cells', async () => {
    const csv = [
      'Name,Phone,Email,Bluesky',
      'Maya Lopez,(415) 555-2671,maya@example.com,@maya.bsky.social',
      'Bad Phone,12,bad@example.com,',
      ',+1 212 555 0123,,',
      'Maya Again,+1 415 555 2671,,',
      '"Carla ""CJ"" Ruiz","+34 612 34 56 78; +44 20 7946 0958",,',
      'Taken,+1 212 555 0199,,',
      'Bad Handle,,,not a handle!',
      ',12,,',
    ].join('\r\n');
    const sink = memorySink({ 'phone:+12125550199': 'someone-else' });
    const report = await importCustomers({ name: 'crm.csv', text: csv }, sink, { defaultRegion: 'US', yieldToPage: noYield });

    expect(report.imported).toBe(5);
    expect(report.header).toEqual(['Name', 'Phone', 'Email', 'Bluesky']);
    expect(report.warned).toEqual([
      { row: 3, warnings: [{ key: 'importExport.reason.badPhone', values: { value: '12' } }] },
      { row: 4, warnings: [{ key: 'importExport.reason.nameFromIdentity', values: { value: '+12125550123' } }] },
      { row: 8, warnings: [{ key: 'importExport.reason.badHandle', values: { value: 'not a handle!' } }] },
    ]);
    expect(report.rejected).toEqual([
      {
        row: 5,
        reason: { key: 'importExport.reason.duplicateIdentity', values: { value: '+14155552671', row: 2 } },
        cells: ['Maya Again', '+1 415 555 2671', '', ''],
      },
      { row: 9, reason: { key: 'importExport.reason.nothingToImport', values: {} }, cells: ['', '12', '', ''] },
      { row: 7, reason: { key: 'importExport.reason.identityTaken', values: { value: '+12125550199' } }, cells: ['Taken', '+1 212 555 0199', '', ''] },
    ]);
    expect(sink.stored.map((customer) => customer.name)).toEqual(['Maya Lopez', 'Bad Phone', '+12125550123', 'Carla "CJ" Ruiz', 'Bad Handle']);
    expect(sink.stored[0]?.identities).toEqual([
      { kind: 'phone', value: '+14155552671' },
      { kind: 'email', value: 'maya@example.com' },
      { kind: 'bluesky', value: 'maya.bsky.social' },
    ]);
    // The bad phone is dropped, the good email kept.
    expect(sink.stored[1]?.identities).toEqual([{ kind: 'email', value: 'bad@example.com' }]);
    expect(sink.stored[3]?.identities).toEqual([
      { kind: 'phone', value: '+34612345678' },
      { kind: 'phone', value: '+442079460958' },
    ]);
  });

  it('a hostile file is only data: formulas are unprotected, markup kept as text, a 10 kB value quoted back short', async () => {
    const csv = `First name,Last name,Phone,Notes\r\n"<img src=x onerror=alert(1)>","'=HYPERLINK(""x"")",+14155552671,"<script>alert(1)</script>"\r\nLong,Value,${'9'.repeat(10_240)},\r\n`;
    const sink = memorySink();
    const report = await importCustomers({ name: 'x.csv', text: csv }, sink, { defaultRegion: 'US', yieldToPage: noYield });
    expect(sink.stored[0]?.name).toBe('<img src=x onerror=alert(1)> =HYPERLINK("x")');
    expect(sink.stored[0]?.note).toBe('<script>alert(1)</script>');
    const quoted = report.warned[0]?.warnings[0]?.values.value;
    expect(typeof quoted === 'string' && quoted.length <= 64).toBe(true);
  });

  it('a damaged file, a file without a name column and a file of another type are each one reason for the whole file', async () => {
    const sink = memorySink();
    const run = (name: string, text: string) => importCustomers({ name, text }, sink, { defaultRegion: 'US', yieldToPage: noYield });
    expect((await run('a.csv', 'Name\nok\n"never closed')).rejected).toEqual([
      { row: 3, reason: { key: 'importExport.reason.malformedCsv', values: { row: 3 } } },
    ]);
    expect((await run('a.csv', 'Phone\n+14155552671')).rejected[0]?.reason.key).toBe('importExport.reason.noNameColumn');
    expect((await run('a.xlsx', 'PK\u0003\u0004')).rejected[0]?.reason.key).toBe('importExport.reason.unsupportedFile');
    expect((await run('a.vcf', 'hello')).rejected[0]?.reason.key).toBe('importExport.reason.emptyFile');
    expect(sink.stored).toHaveLength(0);
  });

  it('a vCard address book imports with SIP and Bluesky identities; other networks are left out', async () => {
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Maya Lopez',
      'TEL:+1 415 555 2671',
      'TEL:12',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'N:Ruiz;Carla;;;',
      'TEL;VALUE=uri:tel:+34-612-34-56-78',
      'IMPP:sip:carla@pbx.example.com',
      'X-SOCIALPROFILE;type=bluesky:https://bsky.app/profile/carla.test',
      'X-SOCIALPROFILE;type=twitter:https://twitter.com/carla',
      'END:VCARD',
    ].join('\r\n');
    const sink = memorySink();
    const report = await importCustomers({ name: 'contacts.vcf', text: vcf }, sink, { defaultRegion: 'US', yieldToPage: noYield });
    expect(report).toMatchObject({
      imported: 2,
      rejected: [],
      warned: [{ row: 1, warnings: [{ key: 'importExport.reason.badPhone', values: { value: '12' } }] }],
    });
    expect(sink.stored[0]?.identities).toEqual([{ kind: 'phone', value: '+14155552671' }]);
    expect(sink.stored[1]).toEqual({
      id: null,
      name: 'Carla Ruiz',
      note: '',
      identities: [
        { kind: 'phone', value: '+34612345678' },
        { kind: 'sip', value: 'sip:carla@pbx.example.com' },
        { kind: 'bluesky', value: 'carla.test' },
      ],
    });
  });
});

describe('10 000 rows do not freeze the page', () => {
  it('the import writes in batches, yields to the page between them and reports progress', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `Customer ${i},+1415555${String(i).padStart(4, '0')}`);
    const sink = memorySink();
    const progress: ImportProgress[] = [];
    let yields = 0;
    const report = await importCustomers({ name: 'big.csv', text: `Name,Phone\n${rows.join('\n')}` }, sink, {
      defaultRegion: 'US',
      batchSize: 500,
      onProgress: (p) => progress.push(p),
      yieldToPage: () => {
        yields += 1;
        return Promise.resolve();
      },
    });
    expect(report.imported + report.rejected.length).toBe(10_000);
    expect(sink.batches).toBe(20);
    expect(yields).toBe(20);
    expect(progress[0]).toEqual({ done: 0, total: 10_000 });
    expect(progress.at(-1)).toEqual({ done: 10_000, total: 10_000 });
    expect(progress).toHaveLength(21);
  });
});

describe('import into and export from the desk database', () => {
  let db: TandemDb | undefined;
  let counter = 0;
  afterEach(() => {
    db?.close();
  });

  it('10 000 rows go into IndexedDB a batch per transaction, with the page given a turn between batches', async () => {
    db = openTandemDb(`tandem-customers-io-${++counter}`);
    const rows = Array.from({ length: 10_000 }, (_, i) => `Customer ${i},+1415555${String(i).padStart(4, '0')}`);
    const progress: ImportProgress[] = [];
    let turns = 0;
    const report = await importCustomers({ name: 'big.csv', text: `Name,Phone\n${rows.join('\n')}` }, createDexieImportSink(db), {
      defaultRegion: 'US',
      onProgress: (p) => progress.push(p),
      // A real macrotask, as in the page: timers, input and paint get their turn here.
      yieldToPage: () =>
        new Promise((resolve) =>
          setTimeout(() => {
            turns += 1;
            resolve();
          }, 0),
        ),
    });
    expect(report.rejected).toEqual([]);
    expect(report.imported).toBe(10_000);
    expect(await db.customers.count()).toBe(10_000);
    expect(turns).toBe(40);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 41 }, (_, i) => Math.min(i * 250, 10_000)));
    const exported = await readCustomersForExport(db, { yieldToPage: noYield });
    expect(exported).toHaveLength(10_000);
    expect(exported[0]).toMatchObject({ name: 'Customer 0', identities: [{ kind: 'phone', value: '+14155550000' }] });
  }, 60_000);

  it('imported customers are found when they ring, unverified; export → re-import changes nothing', async () => {
    db = openTandemDb(`tandem-customers-io-${++counter}`);
    const repository = createCustomerRepository(db);
    const existing = await repository.createCustomer({ name: 'Existing', identities: [{ kind: 'phone', value: '+12125550199' }] }, 'US');
    const sink = createDexieImportSink(db);
    const csv = 'Name,Phone,Bluesky,Note\nMaya Lopez,(415) 555-2671,@maya.bsky.social,VIP\nTaken,212 555 0199,,\n';
    const report = await importCustomers({ name: 'crm.csv', text: csv }, sink, { defaultRegion: 'US' });
    expect(report).toMatchObject({
      imported: 1,
      warned: [],
      rejected: [{ row: 3, reason: { key: 'importExport.reason.identityTaken', values: { value: '+12125550199' } } }],
    });

    const [match] = await repository.lookupCaller({ uri: 'sip:+14155552671@pbx.example.com', number: '+14155552671' }, 'US');
    expect(match?.customer.name).toBe('Maya Lopez');
    const identities = await repository.identities(match!.customer.id);
    expect(identities.every((identity) => !identity.verified)).toBe(true);
    expect((await repository.timeline(match!.customer.id)).map((entry) => [entry.channel, entry.summary])).toEqual([['note', 'VIP']]);

    const exported = await readCustomersForExport(db, { pageSize: 1, yieldToPage: noYield });
    expect(exported.map((customer) => customer.name)).toEqual(['Existing', 'Maya Lopez']);
    const csvOut = customersToCsv(exported);
    expect(csvOut).toContain("'+14155552671");
    expect(csvOut.startsWith('\uFEFFName,Phone,Email,SIP URI,Bluesky,Note,Tandem ID\r\n')).toBe(true);

    const again = await importCustomers({ name: 'back.csv', text: csvOut }, sink, { defaultRegion: 'US' });
    expect(again).toMatchObject({ imported: 2, warned: [], rejected: [] });
    expect(await db.customers.count()).toBe(2);
    expect(await db.identities.count()).toBe(3);
    expect(await readCustomersForExport(db)).toEqual(exported);
    expect(existing.customer.id).toBe(exported[0]?.id);
  });

  it('the vCard export reads back as the same customers', async () => {
    const customers: PortableCustomer[] = [
      {
        id: 'c1',
        name: 'Maya Lopez, PhD',
        note: '',
        identities: [
          { kind: 'phone', value: '+14155552671' },
          { kind: 'phone', value: '+442079460958' },
          { kind: 'email', value: 'maya@example.com' },
          { kind: 'sip', value: 'sip:maya@pbx.example.com' },
          { kind: 'bluesky', value: 'maya.bsky.social' },
        ],
      },
    ];
    for (const version of ['3.0', '4.0'] as const) {
      const sink = memorySink();
      await importCustomers({ name: 'out.vcf', text: customersToVCards(customers, version) }, sink, { defaultRegion: 'US', yieldToPage: noYield });
      expect(sink.stored).toEqual([
        {
          ...customers[0],
          id: null,
          identities: [...customers[0]!.identities].sort(
            (a, b) => ['phone', 'email', 'sip', 'bluesky'].indexOf(a.kind) - ['phone', 'email', 'sip', 'bluesky'].indexOf(b.kind),
          ),
        },
      ]);
    }
  });
});
