// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type CallInfo, type RegistrationStatus, type Result, type SoftphoneSnapshot } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import type { Desk } from '../../../renderer/src/startDesk';
import { callInfo, createPhoneHost, registered } from './softphoneFakes';
import { closeDesk, renderDesk } from './deskFixture';
import { watchMainReads } from './mainReads';

let desk: Desk | undefined;
let dbCount = 0;

afterEach(closeDesk);

const callsRegion = () => screen.getByRole('region', { name: 'Calls' });
const callList = () => within(callsRegion()).getByRole('list', { name: 'Current calls' });
const recentCalls = () => within(callsRegion()).findByRole('list', { name: 'Recent calls' });
const lineStatus = () => screen.getByRole('status', { name: 'Phone line' });
const connecting: RegistrationStatus = { state: 'connecting', expiresAt: null, nextRetryAt: null, lastErrorKey: null, attempt: 1 };

/** A desk whose host answers the softphone snapshot with whatever main holds at the time, or holds the reply back. */
function openReconnectingDesk() {
  let main: SoftphoneSnapshot = { registration: registered(), calls: [], transferRequests: [], ended: [] };
  let heldReply: ((reply: Result<SoftphoneSnapshot>) => void) | null = null;
  let holdNext = false;
  let connectedOnce = false;
  const host = createPhoneHost({
    answers: {
      'softphone:getState': () => {
        if (!holdNext) return ok(main);
        holdNext = false;
        return new Promise<Result<SoftphoneSnapshot>>((resolve) => (heldReply = resolve));
      },
    },
  });
  Object.defineProperty(window, 'tandem', { value: host.api, configurable: true });
  dbCount += 1;
  desk = renderDesk(host, { media: null, notifications: null, db: openTandemDb(`tandem-reconnect-phone-${dbCount}-${Date.now()}`) });
  const reads = watchMainReads(desk, host);
  return {
    host,
    mainNowHas: (snapshot: Partial<SoftphoneSnapshot>) => (main = { ...main, ...snapshot }),
    holdNextSnapshot: () => (holdNext = true),
    /** The connection drops and reopens; resolves once the desk has read main again and done what the reply said. */
    reconnect: async () => {
      // The first `app:connected` is the connection the desk opened on, not a reconnect.
      if (!connectedOnce) act(() => host.emit('app:connected', {}));
      connectedOnce = true;
      act(() => host.emit('app:connected', {}));
      await reads.allDone();
    },
    /** Lets main's reply land, once the request has reached it. */
    releaseSnapshot: async () => {
      await waitFor(() => expect(heldReply).not.toBeNull());
      heldReply?.(ok(main));
    },
  };
}

const ringing = (name: string, number: string): CallInfo => callInfo({ remote: { uri: `sip:${number}@example.com`, displayName: name, number } });

describe('a window that reconnects to main mid-shift', () => {
  it('shows main’s calls and line as they are now, not as it heard them before the connection dropped', async () => {
    const { host, mainNowHas } = openReconnectingDesk();
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));

    // Step 1: Lucía rings and Ben's call is live; the window hears both by event.
    const lucia = ringing('Lucía Fernández', '+34600111222');
    const ben = callInfo({ state: 'active', answeredAt: Date.now(), remote: { uri: 'sip:1002@example.com', displayName: 'Ben K.', number: null } });
    act(() => host.emit('softphone:call', lucia));
    act(() => host.emit('softphone:call', ben));
    expect(within(callList()).getByRole('listitem', { name: /Lucía Fernández/ })).toHaveTextContent(/Answer/);

    // Step 2: the connection drops. Meanwhile Ana answers Lucía at another of her windows, Ben hangs up, and
    // the line starts registering again. No event reaches this window.
    mainNowHas({ calls: [{ ...lucia, state: 'active', answeredAt: Date.now() }], registration: connecting });

    // Step 3: the connection reopens: the window reads main again and believes the reply.
    act(() => host.emit('app:connected', {}));
    act(() => host.emit('app:connected', {}));
    await waitFor(() => expect(within(callList()).getAllByRole('listitem')).toHaveLength(1));
    const luciaRow = within(callList()).getByRole('listitem', { name: /Lucía Fernández/ });
    expect(within(luciaRow).queryByRole('button', { name: 'Answer' })).not.toBeInTheDocument();
    expect(within(luciaRow).getByRole('button', { name: 'Hang up' })).toBeInTheDocument();
    expect(lineStatus()).toHaveTextContent('Connecting');
  });

  it('an event that arrives while the snapshot is on its way is newer than the snapshot', async () => {
    const { host, mainNowHas, holdNextSnapshot, releaseSnapshot } = openReconnectingDesk();
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));
    const lucia = ringing('Lucía Fernández', '+34600111222');
    mainNowHas({ calls: [lucia] });

    // Step 1: the window reads main again (as on a reconnect); main's reply, with Lucía ringing, is held on the way.
    holdNextSnapshot();
    const reading = desk!.store.getState().loadSoftphoneState();

    // Step 2: before it lands, Lucía hangs up and the line drops, each told by event.
    act(() => host.emit('softphone:call', { ...lucia, state: 'ended', endedAt: Date.now(), outcome: 'missed' }));
    act(() => host.emit('softphone:registration', connecting));

    // Step 3: the older reply lands: Lucía does not come back, the line stays as the event said.
    await releaseSnapshot();
    await act(() => reading);
    expect(screen.queryByRole('listitem', { name: /Lucía Fernández/ })).not.toBeInTheDocument();
    expect(lineStatus()).toHaveTextContent('Connecting');
  });

  it('a call that ended while the desk was disconnected is in Recent calls after the reconnect, once', async () => {
    const { host, mainNowHas, reconnect } = openReconnectingDesk();
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));
    expect(await within(callsRegion()).findByText('No calls yet.')).toBeInTheDocument();

    // Step 1: Ana is talking to Lucía; the window hears the call by event.
    const lucia = { ...ringing('Lucía Fernández', '+34600111222'), state: 'active' as const, answeredAt: Date.now() - 60_000 };
    mainNowHas({ calls: [lucia] });
    act(() => host.emit('softphone:call', lucia));
    expect(within(callList()).getByRole('listitem', { name: /Lucía Fernández/ })).toBeInTheDocument();

    // Step 2: the connection drops, and Lucía hangs up. Main forgets the live call and keeps its end; no event reaches this window.
    mainNowHas({ calls: [], ended: [{ ...lucia, state: 'ended', endedAt: Date.now(), outcome: 'answered' }] });

    // Step 3: the connection reopens: her row leaves the list, and her call is in Recent calls.
    await reconnect();
    expect(within(callsRegion()).queryByRole('list', { name: 'Current calls' })).not.toBeInTheDocument();
    const entry = await within(await recentCalls()).findByRole('button', { name: /Lucía Fernández/ });
    expect(entry).toHaveTextContent('Incoming · Answered');

    // Step 4: the connection drops and reopens again; main still keeps her end. Recent calls lists her call once.
    await reconnect();
    expect(within(await recentCalls()).getAllByRole('button', { name: /Lucía Fernández/ })).toHaveLength(1);
  });
});
