// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type CallInfo, type MediaOperation, type RegistrationStatus, type Result, type SoftphoneSnapshot } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import type { Desk } from '../../../renderer/src/startDesk';
import { installFakeWebRtc, type FakeWebRtc } from '../media/fakeWebRtc';
import { callInfo, createPhoneHost, registered } from './softphoneFakes';
import { closeDesk, renderDesk } from './deskFixture';
import { watchMainReads } from './mainReads';

let desk: Desk | undefined;
let dbCount = 0;
let webRtc: FakeWebRtc | undefined;

afterEach(closeDesk);
afterEach(() => {
  webRtc?.remove();
  webRtc = undefined;
});

const callsRegion = () => screen.getByRole('region', { name: 'Calls' });
const callList = () => within(callsRegion()).getByRole('list', { name: 'Current calls' });
const recentCalls = () => within(callsRegion()).findByRole('list', { name: 'Recent calls' });
const lineStatus = () => screen.getByRole('status', { name: 'Phone line' });
const connecting: RegistrationStatus = { state: 'connecting', expiresAt: null, nextRetryAt: null, lastErrorKey: null, attempt: 1 };

/**
 * A desk whose host answers the softphone snapshot with whatever main holds at the time, or holds the reply back.
 * `withMedia`: the page's real media engine runs, on a fake WebRTC (its microphones and connections say whether they are open).
 */
function openReconnectingDesk({ withMedia = false }: { withMedia?: boolean } = {}) {
  let main: SoftphoneSnapshot = { registration: registered(), calls: [], transferRequests: [], ended: [], standby: null };
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
  if (withMedia) webRtc = installFakeWebRtc(window);
  desk = renderDesk(host, {
    // Without `media` the desk starts its own engine, as the page does, when the window can do WebRTC.
    ...(withMedia ? {} : { media: null }),
    notifications: null,
    db: openTandemDb(`tandem-reconnect-phone-${dbCount}-${Date.now()}`),
  });
  const reads = watchMainReads(desk, host);
  let requestNumber = 0;
  return {
    host,
    /** Main asks the page's media engine for one operation on a call; resolves once the engine has answered. */
    mainAsksMedia: async (callId: string, operation: MediaOperation) => {
      const requestId = `media-${++requestNumber}`;
      act(() => host.emit('media:request', { requestId, callId, iceServers: [], operation }));
      await waitFor(() => expect(host.sent('media:reply')).toContainEqual(expect.objectContaining({ requestId })));
      return host.sent('media:reply').find((reply) => (reply as { requestId: string }).requestId === requestId);
    },
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

/** A caller's offer as the PBX's media server (rtpengine) sends it. */
const OFFER = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\n';
const ended = (call: CallInfo, outcome: CallInfo['outcome']): CallInfo => ({ ...call, state: 'ended', endedAt: Date.now(), outcome });

describe('Ana’s microphone after her desk reconnects to main', () => {
  it('the microphone is released for a call that ended while the desk was disconnected', async () => {
    const { host, mainNowHas, mainAsksMedia, reconnect } = openReconnectingDesk({ withMedia: true });
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));
    const media = webRtc!;

    // Step 1: Ana is talking to Lucía: the page's media engine took her offer and answered it, with Ana's microphone.
    const lucia = { ...ringing('Lucía Fernández', '+34600111222'), state: 'active' as const, answeredAt: Date.now() };
    mainNowHas({ calls: [lucia] });
    act(() => host.emit('softphone:call', lucia));
    await mainAsksMedia(lucia.id, { op: 'setDescription', sdp: OFFER, hold: false });
    await mainAsksMedia(lucia.id, { op: 'getDescription', hold: false, iceRestart: false });
    expect(media.liveMicrophones()).toHaveLength(1);
    expect(media.openConnections()).toHaveLength(1);

    // Step 2: the connection drops, and Lucía hangs up. Main's close for her call's media has no window to go to.
    mainNowHas({ calls: [], ended: [ended(lucia, 'answered')] });

    // Step 3: the connection reopens: main no longer holds her call, so the desk stops the microphone and closes the connection.
    await reconnect();
    expect(media.liveMicrophones()).toHaveLength(0);
    expect(media.openConnections()).toHaveLength(0);

    // Step 4: a request for her call that was still on its way does not open them again.
    expect(await mainAsksMedia(lucia.id, { op: 'getDescription', hold: false, iceRestart: false })).toMatchObject({ result: { ok: false } });
    expect(media.liveMicrophones()).toHaveLength(0);
  });

  it('a call that rang with its media prepared and was answered elsewhere while the desk was away gives the microphone back', async () => {
    const { host, mainNowHas, mainAsksMedia, reconnect } = openReconnectingDesk({ withMedia: true });
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));
    const media = webRtc!;

    // Step 1: Lucía rings; once her call has painted, the page prepares its media: the microphone opens and the answer is made.
    const lucia = ringing('Lucía Fernández', '+34600111222');
    mainNowHas({ calls: [lucia] });
    act(() => host.emit('softphone:call', lucia));
    await mainAsksMedia(lucia.id, { op: 'prepare', sdp: OFFER });
    expect(media.liveMicrophones()).toHaveLength(1);

    // Step 2: the connection drops, and Ben picks Lucía up at another phone of the hunt group: her call ends here unheard.
    mainNowHas({ calls: [], ended: [ended(lucia, 'missed')] });

    // Step 3: the connection reopens: what was prepared for her call is released.
    await reconnect();
    expect(media.liveMicrophones()).toHaveLength(0);
    expect(media.openConnections()).toHaveLength(0);
  });

  it('what main still holds keeps its media: a live call, the standby for the next call, and a call that rang while main’s answer was on its way', async () => {
    const { host, mainNowHas, mainAsksMedia, reconnect, holdNextSnapshot, releaseSnapshot } = openReconnectingDesk({ withMedia: true });
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));
    const media = webRtc!;

    // Step 1: Ana talks to Ben, and the line keeps a connection ready for her next outbound call (no microphone).
    const ben = callInfo({ state: 'active', answeredAt: Date.now(), remote: { uri: 'sip:1002@example.com', displayName: 'Ben K.', number: null } });
    mainNowHas({ calls: [ben], standby: 'standby-1' });
    act(() => host.emit('softphone:call', ben));
    await mainAsksMedia(ben.id, { op: 'setDescription', sdp: OFFER, hold: false });
    await mainAsksMedia(ben.id, { op: 'getDescription', hold: false, iceRestart: false });
    await mainAsksMedia('standby-1', { op: 'prepare', microphone: false });
    expect(media.openConnections()).toHaveLength(2);

    // Step 2: the connection drops and reopens; main's answer is held on its way. Meanwhile Lucía rings and her media is prepared.
    holdNextSnapshot();
    const reconnected = reconnect();
    const lucia = ringing('Lucía Fernández', '+34600111222');
    act(() => host.emit('softphone:call', lucia));
    await mainAsksMedia(lucia.id, { op: 'prepare', sdp: OFFER });

    // Step 3: the older answer lands, listing Ben's call and the standby but not Lucía's: nothing is released.
    await releaseSnapshot();
    await reconnected;
    expect(media.liveMicrophones()).toHaveLength(2);
    expect(media.openConnections()).toHaveLength(3);
  });
});

describe('main hears which calls’ media Ana’s page still holds when its connection reopens', () => {
  it('a page that opens holds nothing and says so once; after each reconnect it lists what it plays, so its calls stay its own', async () => {
    const { host, mainNowHas, mainAsksMedia, reconnect } = openReconnectingDesk({ withMedia: true });
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));

    // Step 1: the page opened: its media engine told main it is ready, with no list (main renegotiates every live call, as after a reload).
    expect(host.sent('media:ready')).toEqual([{}]);

    // Step 2: Ana talks to Ben, the line keeps the standby ready, and Lucía rings with her media prepared.
    const ben = callInfo({ state: 'active', answeredAt: Date.now(), remote: { uri: 'sip:1002@example.com', displayName: 'Ben K.', number: null } });
    const lucia = ringing('Lucía Fernández', '+34600111222');
    mainNowHas({ calls: [ben, lucia], standby: 'standby-1' });
    act(() => host.emit('softphone:call', ben));
    act(() => host.emit('softphone:call', lucia));
    await mainAsksMedia(ben.id, { op: 'setDescription', sdp: OFFER, hold: false });
    await mainAsksMedia(ben.id, { op: 'getDescription', hold: false, iceRestart: false });
    await mainAsksMedia('standby-1', { op: 'prepare', microphone: false });
    await mainAsksMedia(lucia.id, { op: 'prepare', sdp: OFFER });

    // Step 3: the connection drops and reopens (a new window to main): the page lists the media it still holds.
    await reconnect();
    expect(host.sent('media:ready')).toHaveLength(2);
    const [, again] = host.sent('media:ready') as Array<{ held?: string[] }>;
    expect(new Set(again?.held)).toEqual(new Set([ben.id, 'standby-1', lucia.id]));

    // Step 4: away again, Lucía's call is answered elsewhere. The list goes out before main is read (main ignores an id it no
    // longer has); the read then releases her media, and the next reconnect's list no longer names her.
    mainNowHas({ calls: [ben], ended: [ended(lucia, 'missed')] });
    await reconnect();
    expect(new Set((host.sent('media:ready').at(-1) as { held?: string[] }).held)).toEqual(new Set([ben.id, 'standby-1', lucia.id]));
    await reconnect();
    const last = host.sent('media:ready').at(-1) as { held?: string[] };
    expect(new Set(last.held)).toEqual(new Set([ben.id, 'standby-1']));
  });
});
