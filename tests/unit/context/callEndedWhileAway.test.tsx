// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type CallInfo, type TeamWrite } from '@tandem/contract';
import { NOTE_AUTOSAVE_MS } from '../../../renderer/src/context/callNoteSlice';
import { callInteractionId } from '../../../renderer/src/customers/model';
import { openTandemDb } from '../../../renderer/src/data/db';
import { closeDesk, renderDesk } from '../renderer/deskFixture';
import { watchMainReads } from '../renderer/mainReads';
import { carlaAuthor, carlaCalls, createContextHost, freshDbName, openDb, REGION, type ContextHost } from './contextFakes';
import { step } from '../../integration/support/step';

afterEach(closeDesk);

const panel = () => screen.getByRole('region', { name: 'Caller context' });

/** Ana's desk on a team, with Carla a customer by her phone number. */
async function openTeamDesk() {
  const dbName = freshDbName();
  const seed = openDb(dbName);
  const { customer } = await seed.repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
  seed.db.close();
  // The team database is there: each call's record is sent to it (teamWrites.ts).
  const host = createContextHost(carlaAuthor(), { 'team:getStatus': () => ok({ state: 'connected', pending: 0 }) });
  const desk = renderDesk(host, { db: openTandemDb(dbName), media: null, notifications: null });
  const reads = watchMainReads(desk, host);
  await screen.findByText('Maya Lopez');
  let connectedOnce = false;
  return {
    host,
    customer,
    dbName,
    /** The connection drops and reopens; resolves once the desk has read main again and done what the reply said. */
    reconnect: async () => {
      // The first `app:connected` is the connection the desk opened on, not a reconnect.
      if (!connectedOnce) act(() => host.emit('app:connected', {}));
      connectedOnce = true;
      act(() => host.emit('app:connected', {}));
      await reads.allDone();
    },
    /** The call records this desk sent to the team for a call. */
    teamCallWrites: (callId: string) =>
      host
        .sent('team:write')
        .map((write) => write as TeamWrite)
        .filter((write) => write.kind === 'call' && write.callId === callId),
  };
}

/** Carla rings and Ana answers: Carla's panel is up, and main lists the call as live. */
async function carlaAnswered(host: ContextHost): Promise<{ ringing: CallInfo; active: CallInfo }> {
  const ringing = carlaCalls();
  act(() => host.emit('softphone:call', ringing));
  await within(panel()).findByRole('heading', { name: 'Carla Gómez' });
  const active: CallInfo = { ...ringing, state: 'active', answeredAt: Date.now() };
  host.liveCalls = [active];
  act(() => host.emit('softphone:call', active));
  return { ringing, active };
}

describe('a call that ends while the desk is disconnected', () => {
  it('the panel shows it ended, and Carla’s history gets the call with its outcome and Ana’s note, sent to the team once', async () => {
    const { host, customer, dbName, reconnect, teamCallWrites } = await openTeamDesk();

    // Step 1: Carla rings and Ana answers; she types a note, which is autosaved.
    const { ringing, active } = await carlaAnswered(host);
    fireEvent.change(within(panel()).getByRole('textbox', { name: 'Call notes' }), { target: { value: 'Parcel broken; refund promised' } });
    await waitFor(() => expect(within(panel()).getByText('Saved')).toBeInTheDocument(), { timeout: NOTE_AUTOSAVE_MS * 4 });

    // Step 2: the connection drops, and Carla hangs up. Main keeps the call's end; no event reaches this window.
    const ended: CallInfo = { ...active, state: 'ended', endedAt: Date.now(), outcome: 'answered' };
    host.liveCalls = [];
    host.endedCalls = [ended];

    // Step 3: the connection reopens: the panel says the call ended, for the wrap-up.
    await reconnect();
    expect(within(panel()).getByText('Call ended with')).toBeInTheDocument();
    await waitFor(() => expect(within(panel()).getByText('Saved with the call')).toBeInTheDocument());

    // Step 4: the call is in Carla's history with main's outcome and Ana's note, and the team has it, once.
    const { db } = openDb(dbName);
    expect(await db.interactions.get(callInteractionId(ringing.id))).toMatchObject({
      customerId: customer.id,
      summary: 'Parcel broken; refund promised',
      outcome: 'answered',
      endedAt: ended.endedAt,
    });
    const history = within(panel()).getByRole('region', { name: 'Customer timeline' });
    await waitFor(() => expect(within(history).getByText('Parcel broken; refund promised')).toBeInTheDocument());
    await waitFor(() => expect(teamCallWrites(ringing.id)).toHaveLength(1));
    expect(teamCallWrites(ringing.id)[0]).toMatchObject({ customerId: customer.id, summary: 'Parcel broken; refund promised' });

    // Step 5: the connection drops and reopens again; main still keeps the end. Nothing is written twice.
    const recorded = await db.callDrafts.get(ringing.id);
    await reconnect();
    expect(await db.callDrafts.get(ringing.id)).toEqual(recorded);
    expect(teamCallWrites(ringing.id)).toHaveLength(1);
    expect(await db.interactions.where('callId').equals(ringing.id).count()).toBe(1);
    db.close();
  });

  it('a customer who rang while the desk was away pops over the panel, as the ring would have', async () => {
    const { host, reconnect } = await openTeamDesk();
    await step('Carla rings and Ana answers: her panel is up', () => carlaAnswered(host));
    const stranger = carlaCalls({ id: 'call-stranger', remote: { uri: 'sip:+12125550199@pbx.test;transport=ws', displayName: '', number: '+12125550199' } });
    await step('the connection drops; Carla hangs up, and a number the desk has never seen rings', () => {
      host.liveCalls = [stranger];
      host.endedCalls = [{ ...carlaCalls(), state: 'ended', answeredAt: Date.now() - 60_000, endedAt: Date.now(), outcome: 'answered' }];
    });
    await step('the connection reopens: the panel is the ringing caller’s, not Carla’s ended call', async () => {
      await reconnect();
      await waitFor(() => expect(within(panel()).queryByRole('heading', { name: 'Carla Gómez' })).toBeNull());
      await waitFor(() => expect(panel().textContent).toMatch(/555.?0199/));
    });
  });
});
