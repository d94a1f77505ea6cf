// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { callInteractionId, type Customer } from '../../../renderer/src/customers/model';
import { openTandemDb } from '../../../renderer/src/data/db';
import type { Desk } from '../../../renderer/src/startDesk';
import { NOTE_AUTOSAVE_MS } from '../../../renderer/src/context/callNoteSlice';
import { angryPost, CARLA_PHONE, carlaCalls, claim, createContextHost, freshDbName, openDb, proof, REGION, storeItems, type ContextHost } from './contextFakes';
import * as deskFixture from '../renderer/deskFixture';

let desk: Desk | undefined;

/** Opens the desk as main.tsx does, on the named database (fake-indexeddb). */
async function openDesk(host: ContextHost, dbName: string): Promise<Desk> {
  desk = deskFixture.renderDesk(host, { db: openTandemDb(dbName), media: null, notifications: null });
  await screen.findByText('Maya Lopez');
  return desk;
}

/** The window goes away (a reload): React unmounts, the store and database handle are dropped. */
function closeDesk() {
  deskFixture.closeDesk();
  desk = undefined;
}

afterEach(closeDesk);

const panel = () => screen.getByRole('region', { name: 'Caller context' });
const verifiedSection = () => within(panel()).getByRole('region', { name: 'Verified social accounts' });

/** Carla: a phone number, a Bluesky account she proved by posting a code, and an angry public mention. */
async function seedCarla(dbName: string, options: { verified: boolean; handle?: boolean } = { verified: true }) {
  const { db, repo } = openDb(dbName);
  const { customer } = await repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
  if (options.verified) await repo.recordProof(proof({ customerId: customer.id }));
  else if (options.handle !== false) await repo.addIdentity(customer.id, 'bluesky', '@carla.test', REGION);
  await storeItems(db, angryPost());
  db.close();
  return customer;
}

describe('the screen pop', () => {
  it('a ringing call from a verified customer pops name, verified handle, flagged complaint — then the live profile', async () => {
    const dbName = freshDbName();
    await seedCarla(dbName);
    const host = createContextHost();
    await openDesk(host, dbName);

    act(() => host.emit('softphone:call', carlaCalls()));

    expect(await within(panel()).findByRole('heading', { name: 'Carla Gómez' })).toBeInTheDocument();
    expect(within(panel()).getByText(/Incoming call from/)).toBeInTheDocument();
    expect(within(verifiedSection()).getByText('@carla.test')).toBeInTheDocument();
    expect(within(verifiedSection()).getByText(/proven by posting a one-time code/)).toBeInTheDocument();
    // Their history follows one frame after who they are.
    const posts = await within(panel()).findByRole('region', { name: 'Recent posts about us' });
    expect(within(posts).getByText('Open complaint')).toBeInTheDocument();
    expect(within(posts).getByText(/my order arrived broken and support is terrible/)).toBeInTheDocument();
    expect(within(posts).getByText(/^Sentiment -/)).toBeInTheDocument();
    // The same post in the one history list (the customer timeline), with the other channels.
    const history = within(panel()).getByRole('region', { name: 'Customer timeline' });
    expect(within(history).getByText(/my order arrived broken and support is terrible/)).toBeInTheDocument();
    expect(within(panel()).queryByRole('region', { name: 'Latest interactions' })).not.toBeInTheDocument();

    // Then the connector's fresh profile replaces the cache: display name, bio, reach, avatar.
    expect(await within(verifiedSection()).findByText('Carla on Bluesky')).toBeInTheDocument();
    expect(within(verifiedSection()).getByText('Coffee, cats and complaints')).toBeInTheDocument();
    expect(within(verifiedSection()).getByText(/1,500 followers/)).toBeInTheDocument();
    expect(verifiedSection().querySelector('img')).toHaveAttribute('src', 'https://cdn.test/carla.jpg');
    expect(host.requests.filter((r) => r.channel === 'social:getProfile').map((r) => r.payload)).toEqual([
      { accountId: 'bluesky:acme.test', actor: 'did:plc:carla' },
    ]);
  });

  it('an unverified handle shows the word unverified and is not in the verified section', async () => {
    const dbName = freshDbName();
    await seedCarla(dbName, { verified: false });
    const host = createContextHost();
    await openDesk(host, dbName);

    act(() => host.emit('softphone:call', carlaCalls()));

    await within(panel()).findByRole('heading', { name: 'Carla Gómez' });
    const unverified = within(panel()).getByRole('region', { name: 'Unverified social handles' });
    expect(within(unverified).getByText('@carla.test')).toBeInTheDocument();
    expect(within(unverified).getByText('unverified')).toBeInTheDocument();
    expect(within(verifiedSection()).queryByText('@carla.test')).not.toBeInTheDocument();
    expect(within(verifiedSection()).getByText('No social account proven by the customer yet.')).toBeInTheDocument();
    // A guessed link shows no profile and its posts are not the customer's.
    expect(within(panel()).queryByText('Open complaint')).not.toBeInTheDocument();
    expect(host.requests.some((r) => r.channel === 'social:getProfile')).toBe(false);
  });

  it('the agent verifies by voice: the code to read out, then proof turns the link verified', async () => {
    const dbName = freshDbName();
    const customer = await seedCarla(dbName, { verified: false });
    const host = createContextHost();
    await openDesk(host, dbName);
    act(() => host.emit('softphone:call', carlaCalls()));
    await within(panel()).findByRole('heading', { name: 'Carla Gómez' });

    fireEvent.click(within(panel()).getByRole('button', { name: 'Verify: read a code on the call' }));

    expect(await within(panel()).findByText('123 456')).toBeInTheDocument();
    expect(within(panel()).getByText('Read this code to the customer:')).toBeInTheDocument();
    expect(within(panel()).getByText(/Expires at/)).toBeInTheDocument();
    expect(host.requests.find((r) => r.channel === 'identity:startVerification')?.payload).toEqual({
      customerId: customer.id,
      network: 'bluesky',
      handle: 'carla.test',
      delivery: 'voice',
    });

    act(() => host.emit('identity:proven', proof({ verificationId: 'v1', customerId: customer.id })));

    expect(await within(verifiedSection()).findByText('@carla.test')).toBeInTheDocument();
    expect(within(panel()).queryByText('123 456')).not.toBeInTheDocument();
    expect(within(panel()).queryByRole('region', { name: 'Unverified social handles' })).not.toBeInTheDocument();
    expect(await within(panel()).findByText('Open complaint')).toBeInTheDocument();
  });

  it('a stranger privately sends Carla’s number: her pop shows that handle as claimed and unverified, never verified — on every ring, with no profile fetched', async () => {
    const dbName = freshDbName();
    await seedCarla(dbName, { verified: false, handle: false });
    const host = createContextHost();
    await openDesk(host, dbName);

    // Step 1: the claim arrives while the panel is closed; the first ring reads it.
    act(() => host.emit('identity:claimed', claim()));
    await waitFor(async () => {
      const check = openDb(dbName);
      const claimed = await check.db.identities.filter((identity) => identity.claim !== undefined).count();
      check.db.close();
      expect(claimed).toBe(1);
    });
    act(() => host.emit('softphone:call', carlaCalls({ id: 'ring-1' })));
    await within(panel()).findByRole('heading', { name: 'Carla Gómez' });
    const unverified = within(panel()).getByRole('region', { name: 'Unverified social handles' });
    expect(within(unverified).getByText('@mallory.test')).toBeInTheDocument();
    expect(within(unverified).getByText(/claimed by @mallory.test in a private message, not verified/)).toBeInTheDocument();
    expect(within(verifiedSection()).getByText('No social account proven by the customer yet.')).toBeInTheDocument();
    // Unanswered, the code cannot be bound to her number yet: the panel says how to verify instead of offering it.
    // The number sits in a left-to-right isolate (U+2066…U+2069), so an Arabic sentence cannot reorder it.
    expect(within(unverified).getByText(/To verify, take a call from \u2066\+12125550123\u2069/)).toBeInTheDocument();
    expect(within(unverified).queryByRole('button', { name: 'Verify: read a code on the call' })).not.toBeInTheDocument();

    // Step 2: hang up and ring again: painted from her pop card, then the full read after it — still only a claim.
    act(() => host.emit('softphone:call', carlaCalls({ id: 'ring-1', state: 'ended', endedAt: Date.now(), outcome: 'missed' })));
    await waitFor(async () => {
      const check = openDb(dbName);
      const cards = await check.db.popCards.count();
      check.db.close();
      expect(cards).toBe(1);
    });
    act(() => host.emit('softphone:call', carlaCalls({ id: 'ring-2' })));
    await within(panel()).findByText(/claimed by @mallory.test/);
    expect(within(verifiedSection()).queryByText('@mallory.test')).not.toBeInTheDocument();
    // The profile refresh fetches verified handles only: nothing about the claimer went to the network.
    expect(host.sent('social:getProfile')).toEqual([]);
  });

  it('the claimed link turns verified only by the code round trip: sent privately to the claiming account, read back on a call from Carla’s number', async () => {
    const dbName = freshDbName();
    const customer = await seedCarla(dbName, { verified: false, handle: false });
    const host = createContextHost();
    await openDesk(host, dbName);
    act(() => host.emit('identity:claimed', claim()));
    act(() => host.emit('softphone:call', carlaCalls({ id: 'ring-1' })));
    await within(panel()).findByText(/claimed by @mallory.test/);

    // Step 1: the agent answers Carla's number; the code can now travel between it and @mallory.test.
    const answered = carlaCalls({ id: 'ring-1', state: 'active', answeredAt: Date.now() });
    host.liveCalls = [answered];
    act(() => host.emit('softphone:call', answered));
    fireEvent.click(await within(panel()).findByRole('button', { name: 'Verify: send a code privately' }));
    const typed = await within(panel()).findByRole('textbox', { name: 'Code read back by the caller' });
    expect(host.startRequests).toEqual([
      { customerId: customer.id, network: 'bluesky', handle: 'mallory.test', delivery: 'private-message', callId: 'ring-1', did: 'did:plc:mallory' },
    ]);
    expect(within(panel()).getByText(/Code sent privately to @mallory.test/)).toBeInTheDocument();

    // Step 2: a wrong code proves nothing.
    fireEvent.change(typed, { target: { value: '999 999' } });
    fireEvent.click(within(panel()).getByRole('button', { name: 'Check code' }));
    expect(await within(panel()).findByRole('alert')).toHaveTextContent(/isn’t the code that was sent/);
    expect(within(verifiedSection()).queryByText('@mallory.test')).not.toBeInTheDocument();

    // Step 3: the caller reads back the code the account received: verified, bound to this call's number.
    fireEvent.change(typed, { target: { value: '123 456' } });
    fireEvent.click(within(panel()).getByRole('button', { name: 'Check code' }));
    expect(await within(verifiedSection()).findByText('@mallory.test')).toBeInTheDocument();
    expect(within(verifiedSection()).getByText(/proven by reading back, on a call from their number, a one-time code sent privately/)).toBeInTheDocument();
    expect(host.confirmations.at(-1)).toEqual({ verificationId: 'v1', code: '123 456', callId: 'ring-1' });
    expect(within(panel()).queryByRole('region', { name: 'Unverified social handles' })).not.toBeInTheDocument();
  });

  it('the other way round: the code read out on a call from Carla’s number, posted by the claiming account, turns the claimed link verified', async () => {
    const dbName = freshDbName();
    const customer = await seedCarla(dbName, { verified: false, handle: false });
    const host = createContextHost();
    await openDesk(host, dbName);
    act(() => host.emit('identity:claimed', claim()));
    const answered = carlaCalls({ id: 'ring-1', state: 'active', answeredAt: Date.now() });
    host.liveCalls = [answered];
    act(() => host.emit('softphone:call', carlaCalls({ id: 'ring-1' })));
    act(() => host.emit('softphone:call', answered));
    await within(panel()).findByText(/claimed by @mallory.test/);

    // Step 1: the code is issued for this call's number and the claiming DID.
    fireEvent.click(await within(panel()).findByRole('button', { name: 'Verify: read a code on the call' }));
    expect(await within(panel()).findByText('123 456')).toBeInTheDocument();
    expect(host.startRequests).toEqual([
      { customerId: customer.id, network: 'bluesky', handle: 'mallory.test', delivery: 'voice', callId: 'ring-1', did: 'did:plc:mallory' },
    ]);

    // Step 2: main saw that account post it (identityVerifier.ts): proof bound to her number and that DID.
    act(() =>
      host.emit(
        'identity:proven',
        proof({ verificationId: 'v1', customerId: customer.id, handle: 'mallory.test', did: 'did:plc:mallory', phone: CARLA_PHONE }),
      ),
    );
    expect(await within(verifiedSection()).findByText('@mallory.test')).toBeInTheDocument();
    expect(within(verifiedSection()).getByText(/proven by posting a one-time code/)).toBeInTheDocument();
  });

  it('a code that came back without binding the claimed number leaves the claim unverified, and the agent is told', async () => {
    const dbName = freshDbName();
    const customer = await seedCarla(dbName, { verified: false, handle: false });
    const host = createContextHost();
    await openDesk(host, dbName);
    act(() => host.emit('identity:claimed', claim()));
    act(() => host.emit('softphone:call', carlaCalls({ id: 'ring-1' })));
    await within(panel()).findByText(/claimed by @mallory.test/);

    act(() => host.emit('identity:proven', proof({ customerId: customer.id, handle: 'mallory.test', did: 'did:plc:mallory', phone: null })));

    expect(await within(panel()).findByRole('alert')).toHaveTextContent(/not between the claimed number and the claiming account/);
    expect(within(verifiedSection()).queryByText('@mallory.test')).not.toBeInTheDocument();
  });

  it('a link an older release verified from a phone number sent privately pops unverified, with the note that says why', async () => {
    const dbName = freshDbName();
    // Step 1: the database as version 5 wrote it — Carla, her number, and a "verified" handle that only sent it.
    const v5 = openTandemDb(dbName, 5);
    const at = Date.now() - 86_400_000;
    await v5.customers.put({ id: 'carla', name: 'Carla Gómez', nameLower: 'carla gómez', createdAt: at, updatedAt: at } as Customer);
    const base = { customerId: 'carla', did: null, verified: false, verifiedHow: null, verifiedAt: null, evidenceUri: null, profile: null, createdAt: at };
    // Written untyped: this release's types no longer have the 'phone-in-message' method.
    await v5.table('identities').bulkPut([
      { ...base, id: `carla|phone|${CARLA_PHONE}`, kind: 'phone', value: CARLA_PHONE },
      {
        ...base,
        id: 'carla|bluesky|mallory.test',
        kind: 'bluesky',
        value: 'mallory.test',
        did: 'did:plc:mallory',
        verified: true,
        verifiedHow: 'phone-in-message',
        verifiedAt: at,
        evidenceUri: 'at://convo/m1',
      },
    ]);
    v5.close();

    // Step 2: this release opens it and Carla's number rings.
    const host = createContextHost();
    await openDesk(host, dbName);
    act(() => host.emit('softphone:call', carlaCalls()));
    await within(panel()).findByRole('heading', { name: 'Carla Gómez' });

    const unverified = within(panel()).getByRole('region', { name: 'Unverified social handles' });
    expect(within(unverified).getByText(/claimed by @mallory.test in a private message, not verified/)).toBeInTheDocument();
    expect(within(unverified).getByRole('note').textContent).toBe(
      'downgraded: a phone number sent privately is a claim, not proof — verify with a one-time code',
    );
    expect(within(verifiedSection()).getByText('No social account proven by the customer yet.')).toBeInTheDocument();
    expect(host.sent('social:getProfile')).toEqual([]);
  });

  it('a phone number sent privately that no customer has, or several share, links nobody — and the agent is told', async () => {
    const dbName = freshDbName();
    await seedCarla(dbName, { verified: false });
    const { db, repo } = openDb(dbName);
    await repo.createCustomer({ name: 'Ana Ruiz', identities: [{ kind: 'phone', value: '+34 612 345 678' }] }, REGION);
    await repo.createCustomer({ name: 'Luis Ruiz', identities: [{ kind: 'phone', value: '+34 612 345 678' }] }, REGION);
    db.close();
    const host = createContextHost();
    await openDesk(host, dbName);
    const phoneClaim = (phone: string, evidence: string, handle = 'stranger.test') =>
      claim({ phone, handle, did: 'did:plc:stranger', evidenceUri: `at://convo/${evidence}` });

    act(() => host.emit('identity:claimed', phoneClaim('+14155550100', 'm1')));
    act(() => host.emit('identity:claimed', phoneClaim('+34612345678', 'm2', 'luis.test')));

    const notice = await screen.findByRole('region', { name: 'Phone numbers sent privately, not linked' });
    expect(within(notice).getByText(/@stranger.test sent \u2066\+14155550100\u2069 in a private message, but no customer has that number/)).toBeInTheDocument();
    expect(await within(notice).findByText(/sent \u2066\+34612345678\u2069 in a private message, but several customers share that number/)).toBeInTheDocument();
    // Nothing was linked to anyone, not even as a claim.
    const check = openDb(dbName);
    expect(
      (await check.db.identities.toArray()).filter((identity) => identity.kind === 'bluesky' && (identity.verified || identity.claim !== undefined)),
    ).toEqual([]);
    check.db.close();

    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss: +14155550100 from @stranger.test' }));
    await waitFor(() => expect(within(notice).queryByText(/\+14155550100/)).not.toBeInTheDocument());
    expect(within(notice).getByText(/\+34612345678/)).toBeInTheDocument();
  });

  it('unlink is one click and the history stays', async () => {
    const dbName = freshDbName();
    const customer = await seedCarla(dbName);
    const { db, repo } = openDb(dbName);
    await repo.addNote(customer.id, 'Prefers calls after 5pm');
    db.close();
    const host = createContextHost();
    await openDesk(host, dbName);
    act(() => host.emit('softphone:call', carlaCalls()));
    await within(panel()).findByRole('heading', { name: 'Carla Gómez' });

    fireEvent.click(within(verifiedSection()).getByRole('button', { name: 'Unlink carla.test' }));

    await waitFor(() => expect(within(verifiedSection()).queryByText('@carla.test')).not.toBeInTheDocument());
    expect(within(panel()).getByRole('heading', { name: 'Carla Gómez' })).toBeInTheDocument();
    expect(within(panel()).getByRole('region', { name: 'Notes' })).toHaveTextContent('Prefers calls after 5pm');
    expect(within(panel()).queryByRole('region', { name: 'Unverified social handles' })).not.toBeInTheDocument();
  });
});

describe('a caller who rang before', () => {
  it('pops as the panel last showed them, then shows what changed since (a note from another desk)', async () => {
    const dbName = freshDbName();
    const customer = await seedCarla(dbName);
    const host = createContextHost();
    const { store } = await openDesk(host, dbName);
    const first = carlaCalls();
    act(() => host.emit('softphone:call', first));
    await within(panel()).findByRole('heading', { name: 'Carla Gómez' });
    act(() => host.emit('softphone:call', { ...first, state: 'ended', endedAt: Date.now(), outcome: 'missed' }));
    // At hang-up her pop card takes this call, so her next ring paints it at once.
    const cards = openDb(dbName);
    await waitFor(async () =>
      expect((await cards.db.popCards.get(['phone', CARLA_PHONE]))?.context.timeline.some((entry) => entry.callId === first.id)).toBe(true),
    );
    cards.db.close();
    await act(() => store.getState().closeContext());
    // Meanwhile someone else writes a note on her (another window on the same database).
    const other = openDb(dbName);
    await other.repo.addNote(customer.id, 'Prefers calls after 5pm');
    other.db.close();

    act(() => host.emit('softphone:call', carlaCalls({ id: 'call-2' })));

    expect(await within(panel()).findByRole('heading', { name: 'Carla Gómez' })).toBeInTheDocument();
    expect(within(verifiedSection()).getByText('@carla.test')).toBeInTheDocument();
    await waitFor(() => expect(within(panel()).getByRole('region', { name: 'Notes' })).toHaveTextContent('Prefers calls after 5pm'));
  });
});

describe('notes and wrap-up', () => {
  it('notes survive a reload (store re-created) and are saved with the wrap-up code at hang-up', async () => {
    const dbName = freshDbName();
    const customer = await seedCarla(dbName);
    const host = createContextHost();
    await openDesk(host, dbName);
    const ringing = carlaCalls();
    act(() => host.emit('softphone:call', ringing));
    await within(panel()).findByRole('heading', { name: 'Carla Gómez' });
    const active = { ...ringing, state: 'active' as const, answeredAt: Date.now() };
    host.liveCalls = [active];
    act(() => host.emit('softphone:call', active));

    fireEvent.change(within(panel()).getByRole('textbox', { name: 'Call notes' }), { target: { value: 'Parcel broken; <b>refund</b> promised' } });
    await waitFor(() => expect(within(panel()).getByText('Saved')).toBeInTheDocument(), { timeout: NOTE_AUTOSAVE_MS * 4 });

    // Reload mid-call: a new store from the same database and main's snapshot of the live call.
    closeDesk();
    await openDesk(host, dbName);
    const notes = await within(panel()).findByRole<HTMLTextAreaElement>('textbox', { name: 'Call notes' });
    await waitFor(() => expect(notes).toHaveValue('Parcel broken; <b>refund</b> promised'));
    expect(await within(panel()).findByRole('heading', { name: 'Carla Gómez' })).toBeInTheDocument();

    fireEvent.change(within(panel()).getByRole('combobox', { name: 'Wrap-up code' }), { target: { value: 'resolved' } });
    const ended = { ...active, state: 'ended' as const, endedAt: Date.now(), outcome: 'answered' as const };
    host.liveCalls = [];
    act(() => host.emit('softphone:call', ended));

    // The panel stays after hang-up, with the call in the history.
    await waitFor(() => expect(within(panel()).getByText('Saved with the call')).toBeInTheDocument());
    const history = within(panel()).getByRole('region', { name: 'Customer timeline' });
    await waitFor(() => expect(within(history).getByText('Parcel broken; <b>refund</b> promised')).toBeInTheDocument());

    const { db } = openDb(dbName);
    await waitFor(async () =>
      expect(await db.interactions.get(callInteractionId(ringing.id))).toMatchObject({
        customerId: customer.id,
        summary: 'Parcel broken; <b>refund</b> promised',
        wrapUpCode: 'resolved',
        outcome: 'answered',
      }),
    );

    // A code changed after hang-up updates the same row.
    fireEvent.change(within(panel()).getByRole('combobox', { name: 'Wrap-up code' }), { target: { value: 'escalated' } });
    await waitFor(async () => expect((await db.interactions.get(callInteractionId(ringing.id)))?.wrapUpCode).toBe('escalated'));
    expect(await db.interactions.where('callId').equals(ringing.id).count()).toBe(1);
    db.close();

    fireEvent.click(within(panel()).getByRole('button', { name: 'Close' }));
    expect(await within(panel()).findByText(/When a call rings/)).toBeInTheDocument();
  });
});

describe('an unknown caller', () => {
  it('is searched, linked to an existing customer, and the next call pops them', async () => {
    const dbName = freshDbName();
    const { db, repo } = openDb(dbName);
    await repo.createCustomer({ name: 'Dario Rossi', identities: [{ kind: 'email', value: 'dario@example.com' }] }, REGION);
    db.close();
    const host = createContextHost();
    await openDesk(host, dbName);
    const stranger = { uri: 'sip:+13125550188@pbx.test', displayName: 'Cell', number: '+13125550188' };

    act(() => host.emit('softphone:call', carlaCalls({ remote: stranger })));

    expect(await within(panel()).findByText(/Unknown caller/)).toBeInTheDocument();
    fireEvent.change(within(panel()).getByRole('searchbox', { name: 'Search customers' }), { target: { value: 'dar' } });
    expect(await within(panel()).findByText('Dario Rossi')).toBeInTheDocument();
    fireEvent.click(within(panel()).getByRole('button', { name: 'Link to existing customer' }));
    expect(await within(panel()).findByRole('heading', { name: 'Dario Rossi' })).toBeInTheDocument();

    const second = carlaCalls({ remote: stranger });
    act(() => host.emit('softphone:call', second));
    await waitFor(() => expect(desk?.store.getState()).toMatchObject({ contextCall: { id: second.id }, contextStatus: 'known' }));
    expect(within(panel()).getByRole('heading', { name: 'Dario Rossi' })).toBeInTheDocument();
    expect(within(panel()).getByRole('region', { name: 'Phone numbers and addresses' })).toHaveTextContent('+13125550188');
  });

  it('becomes a new customer with the caller’s number', async () => {
    const host = createContextHost();
    await openDesk(host, freshDbName());
    act(() => host.emit('softphone:call', carlaCalls()));
    await within(panel()).findByText(/Unknown caller/);

    fireEvent.change(within(panel()).getByRole('textbox', { name: 'New customer name' }), { target: { value: 'Carla Gómez' } });
    fireEvent.click(within(panel()).getByRole('button', { name: 'New customer' }));

    expect(await within(panel()).findByRole('heading', { name: 'Carla Gómez' })).toBeInTheDocument();
    expect(within(panel()).getByRole('region', { name: 'Phone numbers and addresses' })).toHaveTextContent(CARLA_PHONE);
  });
});

describe('hostile data', () => {
  it('a hostile customer name, bio and note render as inert text', async () => {
    const dbName = freshDbName();
    const { db, repo } = openDb(dbName);
    const hostileName = '<img src=x onerror="window.pwned=1">\u202Eevil';
    const { customer } = await repo.createCustomer({ name: hostileName, identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    await repo.addNote(customer.id, '<script>window.pwned=2</script>');
    db.close();
    const host = createContextHost();
    await openDesk(host, dbName);

    act(() => host.emit('softphone:call', carlaCalls()));

    const heading = await within(panel()).findByRole('heading', { level: 3, name: /onerror/ });
    expect(heading.querySelector('img')).toBeNull();
    expect(heading.querySelector('bdi')?.textContent).toBe('<img src=x onerror="window.pwned=1">evil');
    expect((await within(panel()).findAllByText('<script>window.pwned=2</script>')).length).toBeGreaterThan(0);
    expect(panel().querySelector('script')).toBeNull();
    expect(Reflect.get(window, 'pwned')).toBeUndefined();
  });
});
