// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCustomerIo } from '../../../renderer/src/customers/customerIo';
import { createCustomerRepository } from '../../../renderer/src/customers/customerRepository';
import { callInteractionId } from '../../../renderer/src/customers/model';
import { openTandemDb, type TandemDb } from '../../../renderer/src/data/db';
import type { Desk } from '../../../renderer/src/startDesk';
import { angryPost, CARLA_DID, CARLA_PHONE, createContextHost, freshDbName, openDb, proof, REGION, storeItems } from '../context/contextFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';
import { withInboxKey } from '../../../renderer/src/social/inboxSortKey';
import { storedConversation } from '../social-ui/socialFakes';

/** Every file the desk handed to the browser's download: name and text. */
let downloads: { name: string; text: Promise<string> }[] = [];

beforeEach(() => {
  downloads = [];
  const blobs = new Map<string, Blob>();
  let count = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:tandem/${++count}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, text: blobs.get(this.href)!.text() });
  });
});

afterEach(() => {
  closeDesk();
  vi.restoreAllMocks();
});

/** The desk as main.tsx opens it, with the customer storage the composition root provides to the tools. */
async function openDesk(dbName: string): Promise<{ desk: Desk; db: TandemDb }> {
  const host = createContextHost();
  const db = openTandemDb(dbName);
  // App provides the storage to the tools itself (an outer CustomerIoContext would be shadowed by App's).
  const desk = renderDesk(host, { db, media: null, notifications: null, customerIo: createCustomerIo(db, createCustomerRepository(db)) });
  await screen.findByText('Maya Lopez');
  return { desk, db };
}

const panel = () => screen.getByRole('region', { name: 'Caller context' });
/** Import and export sit at the top of the Customers area, one tab away from the inbox. */
const importExport = () => {
  fireEvent.click(screen.getByRole('tab', { name: 'Customers' }));
  return screen.getByRole('region', { name: 'Import and export customers' });
};
const timeline = () => within(panel()).getByRole('region', { name: 'Customer timeline' });
const entries = () => within(timeline()).queryAllByRole('listitem');

/** Carla: a past call with a note and a wrap-up code, a note, and an angry post from her verified account. */
async function seedCarla(dbName: string) {
  const { db, repo } = openDb(dbName);
  const { customer } = await repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
  await repo.recordProof(proof({ customerId: customer.id }));
  const hour = 3_600_000;
  await repo.putInteractions([
    {
      id: callInteractionId('old-call'),
      customerId: customer.id,
      channel: 'call',
      direction: 'inbound',
      at: Date.now() - 5 * hour,
      summary: 'Refund promised =HYPERLINK("http://evil.test")',
      wrapUpCode: 'resolved',
      callId: 'old-call',
      conversationId: null,
      uri: `sip:${CARLA_PHONE}@pbx.test`,
      outcome: 'answered',
      endedAt: Date.now() - 5 * hour + 60_000,
    },
  ]);
  await repo.addNote(customer.id, '<img src=x onerror="alert(1)"> prefers mornings');
  await storeItems(db, angryPost());
  db.close();
  return customer;
}

/** An export reads every customer from IndexedDB before the download: on CI's two busy cores that took over testing-library's default second. */
const DOWNLOAD_WAIT = { timeout: 5_000 };
describe('the customer timeline', () => {
  it('the agent filters to calls and opens one: the dial box holds the number', async () => {
    const dbName = freshDbName();
    const carla = await seedCarla(dbName);
    const { desk } = await openDesk(dbName);
    await act(() => desk.store.getState().openCustomer(carla.id));

    await waitFor(() => expect(entries()).toHaveLength(3));
    // Newest first: the note (just now), the post (a minute ago), the call (five hours ago).
    expect(entries().map((entry) => within(entry).getByText(/^(Call|Social|Note)$/).textContent)).toEqual(['Note', 'Social', 'Call']);
    // Hostile text is text: the note's markup is shown, never parsed.
    expect(within(entries()[0]!).getByText(/<img src=x onerror="alert\(1\)"> prefers mornings/)).toBeInTheDocument();
    expect(timeline().querySelector('img')).toBeNull();

    fireEvent.click(within(timeline()).getByRole('button', { name: 'Calls' }));
    await waitFor(() => expect(entries()).toHaveLength(1));
    expect(within(timeline()).getByRole('button', { name: 'Calls' })).toHaveAttribute('aria-pressed', 'true');
    const call = entries()[0]!;
    expect(within(call).getByText('Inbound')).toBeInTheDocument();
    expect(within(call).getByText(/Refund promised/)).toBeInTheDocument();
    expect(within(call).getByText('Resolved')).toBeInTheDocument();
    expect(call.querySelector('time')?.getAttribute('dateTime')).toMatch(/^\d{4}-\d\d-\d\dT/);

    fireEvent.click(within(call).getByRole('button', { name: 'Open call' }));
    expect(desk.store.getState().dialDraft).toBe(`sip:${CARLA_PHONE}@pbx.test`);
    const calls = screen.getByRole('region', { name: 'Calls' });
    expect(within(calls).getByRole('combobox', { name: /number or SIP address/i })).toHaveProperty('value', `sip:${CARLA_PHONE}@pbx.test`);
  });

  it('a call placed from a case that closed a month ago names the case, read back from IndexedDB, and opens it', async () => {
    // Given: Carla's call was placed from her complaint's case, which was closed a month ago (so not in the inbox's memory).
    const dbName = freshDbName();
    const carla = await seedCarla(dbName);
    const day = 86_400_000;
    const closedCase = storedConversation(7, Date.now() - 40 * day, {
      status: 'closed',
      closedAt: Date.now() - 30 * day,
      firstWaitingSince: null,
      preview: 'the replacement arrived broken too',
    });
    const { db, repo } = openDb(dbName);
    await db.conversations.put(withInboxKey(closedCase));
    await repo.putInteractions([
      {
        id: callInteractionId('case-call'),
        customerId: carla.id,
        channel: 'call',
        direction: 'outbound',
        at: Date.now() - 30 * day,
        summary: 'Replacement arranged',
        wrapUpCode: 'resolved',
        callId: 'case-call',
        conversationId: closedCase.id,
        uri: `sip:${CARLA_PHONE}@pbx.test`,
        outcome: 'answered',
        endedAt: Date.now() - 30 * day + 60_000,
      },
    ]);
    db.close();
    const { desk } = await openDesk(dbName);
    expect(desk.store.getState().conversations.has(closedCase.id)).toBe(false);

    // When: the agent opens Carla's history.
    await act(() => desk.store.getState().openCustomer(carla.id));

    // Then: the call names its case, and "Open conversation" opens it.
    await waitFor(() => expect(entries()).toHaveLength(4));
    const call = await within(timeline()).findByText('Placed from the conversation: the replacement arrived broken too');
    fireEvent.click(within(call.closest('p')!).getByRole('button', { name: 'Open conversation' }));
    await waitFor(() => expect(desk.store.getState().selectedConversationId).toBe(closedCase.id));
  });

  it('the agent filters to social and opens the conversation in the inbox', async () => {
    const dbName = freshDbName();
    const carla = await seedCarla(dbName);
    const { desk } = await openDesk(dbName);
    await act(() => desk.store.getState().openCustomer(carla.id));
    await waitFor(() => expect(entries()).toHaveLength(3));

    fireEvent.click(within(timeline()).getByRole('button', { name: 'Social' }));
    await waitFor(() => expect(entries()).toHaveLength(1));
    expect(within(entries()[0]!).getByText(/my order arrived broken/)).toBeInTheDocument();
    fireEvent.click(within(entries()[0]!).getByRole('button', { name: 'Open conversation' }));
    await waitFor(() => expect(desk.store.getState().selectedConversationId).toBe(`at://${CARLA_DID}/app.bsky.feed.post/angry`));

    fireEvent.click(within(timeline()).getByRole('button', { name: 'Notes' }));
    await waitFor(() => expect(entries()).toHaveLength(1));
    expect(within(entries()[0]!).queryByRole('button')).not.toBeInTheDocument();
  });

  it('the agent exports the timeline as CSV: a local download, formula cells neutralised', async () => {
    const dbName = freshDbName();
    const carla = await seedCarla(dbName);
    const { desk } = await openDesk(dbName);
    await act(() => desk.store.getState().openCustomer(carla.id));
    await waitFor(() => expect(entries()).toHaveLength(3));

    fireEvent.click(within(timeline()).getByRole('button', { name: 'Export timeline (CSV)' }));
    await waitFor(() => expect(downloads).toHaveLength(1), DOWNLOAD_WAIT);
    expect(downloads[0]?.name).toMatch(/^customer-timeline-\d{4}-\d\d-\d\d\.csv$/);
    const csv = await downloads[0]!.text;
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('time,channel,direction,summary,wrap_up_code,outcome,call_id,conversation_id,uri');
    expect(lines.filter((line) => line !== '')).toHaveLength(4);
    expect(csv).toContain(',call,inbound,"Refund promised =HYPERLINK(""http://evil.test"")",resolved,answered,old-call,,');
    expect(csv).not.toMatch(/(^|,)=/m);
  });
});

// A story waits up to DOWNLOAD_WAIT for each download, after opening a desk: more than vitest's default 5 s per test.
describe('import and export of customers', { timeout: 4 * DOWNLOAD_WAIT.timeout }, () => {
  it('the agent imports a CRM file, reads which rows lost a field and which were rejected, and downloads the rejected ones', async () => {
    const { desk } = await openDesk(freshDbName());
    expect(desk).toBeTruthy();
    const tools = importExport();
    const csv = [
      'Name,Phone,Bluesky',
      'Ana Ruiz,(415) 555-2671,@ana.test',
      'Bad Phone,12,',
      ',+1 212 555 0188,',
      'Ana Twin,+1 415 555 2671,',
      '"\u202Eevil",,<script>alert(1)</script>',
    ].join('\r\n');
    const file = new File([csv], 'crm.csv', { type: 'text/csv' });
    fireEvent.change(within(tools).getByLabelText('Import customers'), { target: { files: [file] } });

    expect(await within(tools).findByText('Imported: 4. With warnings: 3. Rejected: 1.')).toBeInTheDocument();
    const warned = within(tools).getByRole('list', { name: 'Imported without some fields' });
    expect(
      within(warned)
        .getAllByRole('listitem')
        .map((row) => row.textContent),
    ).toEqual([
      'Row 3 "12" is not a valid phone number.',
      'Row 4 No name: saved as +12125550188.',
      'Row 6 "<script>alert(1)</script>" is not a valid Bluesky handle.',
    ]);
    const rejected = within(tools).getByRole('list', { name: 'Rejected rows' });
    expect(within(rejected).getByRole('listitem').textContent).toBe('Row 5 +14155552671 is already in row 2 of this file.');
    expect(tools.querySelector('script')).toBeNull();

    fireEvent.click(within(tools).getByRole('button', { name: 'Download rejected rows (CSV)' }));
    await waitFor(() => expect(downloads).toHaveLength(1), DOWNLOAD_WAIT);
    expect(downloads[0]?.name).toMatch(/^rejected-customers-\d{4}-\d\d-\d\d\.csv$/);
    expect(await downloads[0]!.text).toBe(
      `\uFEFFName,Phone,Bluesky,Row,Reason\r\nAna Twin,'+1 415 555 2671,,5,'+14155552671 is already in row 2 of this file.\r\n`,
    );

    // The imported customer is found by name, unverified.
    await act(() => desk.store.getState().searchCustomers('Ana'));
    expect(desk.store.getState().customerSearch.hits?.map((hit) => hit.customer.name)).toEqual(['Ana Ruiz']);
  });

  it('a file that is not CSV or vCard is refused as a whole, with the reason', async () => {
    await openDesk(freshDbName());
    const tools = importExport();
    fireEvent.change(within(tools).getByLabelText('Import customers'), { target: { files: [new File(['<html>'], 'page.html')] } });
    const report = await within(tools).findByRole('list', { name: 'Rejected rows' });
    expect(report.textContent).toBe('File Only CSV (.csv) and vCard (.vcf) files can be imported.');
  });

  it('the agent exports every customer as CSV and as vCard', async () => {
    const dbName = freshDbName();
    await seedCarla(dbName);
    await openDesk(dbName);
    const tools = importExport();

    fireEvent.click(within(tools).getByRole('button', { name: 'Export customers (CSV)' }));
    await waitFor(() => expect(downloads).toHaveLength(1), DOWNLOAD_WAIT);
    expect(downloads[0]?.name).toMatch(/^customers-\d{4}-\d\d-\d\d\.csv$/);
    const csv = await downloads[0]!.text;
    expect(csv).toMatch(/^\uFEFFName,Phone,Email,SIP URI,Bluesky,Note,Tandem ID\r\nCarla Gómez,'\+12125550123,,,carla\.test,,\S+\r\n$/);

    // The buttons are disabled while an export runs, and enabled again in the render after its download: the agent
    // (and the story) clicks the next one once it is enabled, or the click lands on a disabled button and nothing starts.
    const vcard = within(tools).getByRole('button', { name: 'Export customers (vCard)' });
    await waitFor(() => expect(vcard).toBeEnabled());
    fireEvent.click(vcard);
    await waitFor(() => expect(downloads).toHaveLength(2), DOWNLOAD_WAIT);
    expect(downloads[1]?.name).toMatch(/\.vcf$/);
    const vcf = await downloads[1]!.text;
    expect(vcf).toContain('FN:Carla Gómez\r\n');
    expect(vcf).toContain('TEL:+12125550123\r\n');
    expect(vcf).toContain('X-SOCIALPROFILE;TYPE=bluesky:https://bsky.app/profile/carla.test\r\n');
  });
});
