import { describe, expect, it, vi } from 'vitest';
import type { CallMediaInfo } from '../../../renderer/src/softphone/media/callMedia';
import { MediaFailure } from '../../../renderer/src/softphone/media/mediaFailure';
import { createMediaEngine, toRtcIceServers, type CallMediaLike, type DeviceFeed } from '../../../renderer/src/softphone/media/mediaEngine';
import { createFakeMediaHost, mediaRequest } from './fakes';

/** A call's media that records what the engine asked of it. */
function fakeCall(callId: string, iceServers: RTCIceServer[]) {
  const calls: string[] = [];
  const call: CallMediaLike & { calls: string[]; iceServers: RTCIceServer[] } = {
    calls,
    iceServers,
    prepare: (options) => (
      calls.push(options === undefined || Object.keys(options).length === 0 ? 'prepare' : `prepare ${JSON.stringify(options)}`),
      Promise.resolve()
    ),
    getDescription: (hold, iceRestart) => (calls.push(`get hold=${hold} restart=${iceRestart}`), Promise.resolve(`sdp-of-${callId}`)),
    setDescription: (sdp, hold) => (calls.push(`set ${sdp} hold=${hold}`), Promise.resolve()),
    dtmf: (tones) => {
      if (tones === 'X') throw new MediaFailure('no-dtmf-sender');
      calls.push(`dtmf ${tones}`);
    },
    mute: (muted) => void calls.push(`mute ${muted}`),
    updateIceServers: (servers) => void calls.push(`ice ${JSON.stringify(servers)}`),
    switchMicrophone: () => (calls.push('switch'), Promise.resolve()),
    setSpeaker: (deviceId) => void calls.push(`speaker ${deviceId}`),
    stats: () => Promise.resolve({ bytesReceived: 1, packetsReceived: 1, bytesSent: 1, packetsSent: 1, audioEnergyReceived: 0 }),
    info: () => ({ callId }) as CallMediaInfo,
    close: () => void calls.push('close'),
  };
  return call;
}

function fakeDevices() {
  const listeners = new Set<() => void>();
  let snapshot = {
    microphone: { deviceId: 'default', label: '', preferred: null, fallback: false },
    speaker: { deviceId: 'default', label: '', preferred: null, fallback: false },
  };
  const feed: DeviceFeed = {
    getSnapshot: () => snapshot,
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
  };
  return {
    feed,
    change(microphone: string, speaker: string) {
      snapshot = { microphone: { ...snapshot.microphone, deviceId: microphone }, speaker: { ...snapshot.speaker, deviceId: speaker } };
      for (const listener of listeners) listener();
    },
  };
}

function setup(yieldToPaint?: () => Promise<void>) {
  const host = createFakeMediaHost();
  const devices = fakeDevices();
  const made: ReturnType<typeof fakeCall>[] = [];
  const engine = createMediaEngine({
    host: host.api,
    devices: devices.feed,
    createCall: (callId, iceServers) => {
      const call = fakeCall(callId, iceServers);
      made.push(call);
      return call;
    },
    ...(yieldToPaint === undefined ? {} : { yieldToPaint }),
  });
  const send = async (request: ReturnType<typeof mediaRequest>) => {
    host.emit('media:request', request);
    await vi.waitFor(() => expect(host.replies.some((reply) => reply.requestId === request.requestId)).toBe(true));
    return host.replies.find((reply) => reply.requestId === request.requestId)!.result;
  };
  return { host, devices, engine, made, send };
}

describe('the media engine', () => {
  it('on start it listens for media requests first, and only then tells main it is ready', () => {
    const { host, engine } = setup();
    engine.start();
    engine.start();
    expect(host.log).toEqual(['on:media:request', 'mediaReady']);
    expect(host.ready()).toBe(1);
  });

  it('a page unloaded for good tells main it lets go of its media; an engine not started says nothing', () => {
    const { host, engine } = setup();
    engine.letGo();
    expect(host.log).toEqual([]);
    engine.start();
    engine.letGo();
    expect(host.log).toEqual(['on:media:request', 'mediaReady', 'releaseMedia']);
  });

  it('a ringing call is prepared once the page has painted it (and the screen pop), not before', async () => {
    let painted: () => void = () => {};
    const { engine, made, send, host } = setup(() => new Promise<void>((resolve) => (painted = resolve)));
    engine.start();
    const prepared = send(mediaRequest('c1', { op: 'prepare' }));
    await Promise.resolve();
    // No microphone, no connection yet: the frame showing the ringing call and its screen pop comes first.
    expect(made).toHaveLength(0);
    expect(host.replies).toHaveLength(0);
    painted();
    expect(await prepared).toEqual({ ok: true });
    expect(made[0]?.calls.filter((op) => !op.startsWith('ice'))).toEqual(['prepare']);
  });

  it('a preparation still waiting for a quiet page starts at once when the agent answers', async () => {
    const { engine, made, send } = setup(() => new Promise<void>(() => {}));
    engine.start();
    const prepared = send(mediaRequest('c1', { op: 'prepare' }));
    await Promise.resolve();
    expect(made).toHaveLength(0);
    expect(await send(mediaRequest('c1', { op: 'getDescription', hold: false, iceRestart: false }))).toEqual({ ok: true, sdp: 'sdp-of-c1' });
    expect(await prepared).toEqual({ ok: true });
    expect(made[0]?.calls.filter((op) => !op.startsWith('ice'))).toEqual(['prepare', 'get hold=false restart=false']);
  });

  it('an incoming call: prepared while ringing, then the offer applied and the answer produced on the same call media', async () => {
    const { engine, made, send } = setup();
    engine.start();
    expect(await send(mediaRequest('c1', { op: 'prepare' }))).toEqual({ ok: true });
    expect(await send(mediaRequest('c1', { op: 'setDescription', sdp: 'offer', hold: false }))).toEqual({ ok: true });
    expect(await send(mediaRequest('c1', { op: 'getDescription', hold: false, iceRestart: false }))).toEqual({ ok: true, sdp: 'sdp-of-c1' });
    expect(made).toHaveLength(1);
    expect(made[0]!.calls).toEqual(['prepare', 'ice []', 'set offer hold=false', 'ice []', 'get hold=false restart=false']);
  });

  it("passes the ringing call's offer and the standby's microphone: false on to prepare", async () => {
    const { engine, made, send } = setup();
    engine.start();
    expect(await send(mediaRequest('c1', { op: 'prepare', sdp: 'offer' }))).toEqual({ ok: true });
    expect(await send(mediaRequest('next', { op: 'prepare', microphone: false }))).toEqual({ ok: true });
    expect(made.map((call) => call.calls)).toEqual([['prepare {"sdp":"offer"}'], ['prepare {"microphone":false}']]);
  });

  it('ICE servers come from the request, with absent credentials left out; none means none', async () => {
    expect(toRtcIceServers([{ urls: 'turn:turn.example.test', username: 'u', credential: undefined }])).toEqual([
      { urls: 'turn:turn.example.test', username: 'u' },
    ]);
    const { engine, made, send } = setup();
    engine.start();
    await send(mediaRequest('c1', { op: 'prepare' }, [{ urls: ['turn:127.0.0.1:3478'], username: 'a', credential: 'b' }]));
    await send(mediaRequest('c2', { op: 'prepare' }));
    expect(made.map((call) => call.iceServers)).toEqual([[{ urls: ['turn:127.0.0.1:3478'], username: 'a', credential: 'b' }], []]);
  });

  it('DTMF for a call without media is refused with no-dtmf-sender, so main sends SIP INFO', async () => {
    const { engine, made, send } = setup();
    engine.start();
    expect(await send(mediaRequest('c9', { op: 'dtmf', tones: '5' }))).toEqual({ ok: false, reason: 'no-dtmf-sender: no media for this call' });
    await send(mediaRequest('c1', { op: 'prepare' }));
    expect(await send(mediaRequest('c1', { op: 'dtmf', tones: 'X' }))).toEqual({ ok: false, reason: 'no-dtmf-sender' });
    expect(await send(mediaRequest('c1', { op: 'dtmf', tones: '5#' }))).toEqual({ ok: true });
    expect(made).toHaveLength(1);
  });

  it('close ends the call’s media and forgets it; closing an unknown call is fine', async () => {
    const { engine, made, send } = setup();
    engine.start();
    await send(mediaRequest('c1', { op: 'mute', muted: true }));
    expect(await send(mediaRequest('c1', { op: 'close' }))).toEqual({ ok: true });
    expect(await send(mediaRequest('c1', { op: 'close' }))).toEqual({ ok: true });
    expect(made[0]!.calls).toEqual(['mute true', 'close']);
    expect(engine.calls()).toEqual([]);
    expect(await engine.stats('c1')).toBeNull();
  });

  it('a request that arrives for a call already closed does not bring its media back', async () => {
    const { engine, made, send } = setup();
    engine.start();
    await send(mediaRequest('c1', { op: 'prepare' }));
    await send(mediaRequest('c1', { op: 'close' }));
    expect(await send(mediaRequest('c1', { op: 'getDescription', hold: false, iceRestart: false }))).toEqual({ ok: false, reason: 'closed' });
    expect(made).toHaveLength(1);
  });

  it('after reading main (a reconnect), it closes the media of calls main no longer holds, as main’s close would', async () => {
    const { engine, made, send } = setup();
    engine.start();
    // Step 1: two calls have media; the page then loses main for a while, and one of them ends meanwhile.
    await send(mediaRequest('ended-away', { op: 'prepare' }));
    await send(mediaRequest('live', { op: 'prepare' }));

    // Step 2: main could not be read: nothing is known, nothing is closed.
    await engine.reconcile(
      () => Promise.resolve(null),
      (held) => held,
    );
    expect(made.map((call) => call.calls.includes('close'))).toEqual([false, false]);

    // Step 3: main's answer is on its way while a new call rings, and its media is asked for.
    let answer: (held: ReadonlySet<string>) => void = () => undefined;
    const reading = engine.reconcile(
      () => new Promise<ReadonlySet<string>>((resolve) => (answer = resolve)),
      (held) => held,
    );
    await send(mediaRequest('rang-meanwhile', { op: 'prepare' }));

    // Step 4: the answer holds only the live call: the call that ended while away is closed, the newer one kept.
    answer(new Set(['live']));
    await reading;
    expect(made.map((call) => call.calls.includes('close'))).toEqual([true, false, false]);
    expect(engine.calls()).toHaveLength(2);
    expect(await engine.stats('ended-away')).toBeNull();

    // Step 5: a request for the closed call that was still on its way does not bring its media back.
    expect(await send(mediaRequest('ended-away', { op: 'getDescription', hold: false, iceRestart: false }))).toEqual({ ok: false, reason: 'closed' });
    expect(made).toHaveLength(3);
  });

  it('a preparation still waiting for the page to paint, for a call main no longer holds, never opens anything', async () => {
    const { engine, made, send } = setup(() => new Promise<void>(() => {}));
    engine.start();
    const prepared = send(mediaRequest('cancelled-away', { op: 'prepare' }));
    await Promise.resolve();
    await engine.reconcile(
      () => Promise.resolve(new Set<string>()),
      (held) => held,
    );
    expect(await prepared).toEqual({ ok: false, reason: 'closed' });
    expect(made).toHaveLength(0);
  });

  it('a new microphone or speaker is passed on to every live call', async () => {
    const { engine, made, send, devices } = setup();
    engine.start();
    await send(mediaRequest('c1', { op: 'prepare' }));
    await send(mediaRequest('c2', { op: 'prepare' }));
    devices.change('headset', 'default');
    devices.change('headset', 'jabra-out');
    expect(made.map((call) => call.calls.slice(1))).toEqual([
      ['switch', 'speaker jabra-out'],
      ['switch', 'speaker jabra-out'],
    ]);
  });

  it('stop unsubscribes and closes every call', async () => {
    const { host, engine, made, send } = setup();
    engine.start();
    await send(mediaRequest('c1', { op: 'prepare' }));
    engine.stop();
    expect(host.listenerCount('media:request')).toBe(0);
    expect(made[0]!.calls.at(-1)).toBe('close');
  });
});
