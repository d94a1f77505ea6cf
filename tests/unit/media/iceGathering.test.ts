import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOST_CANDIDATES_QUIET_MS, waitForIceGathering } from '../../../renderer/src/softphone/media/iceGathering';

/** The parts of an RTCPeerConnection that ICE gathering is read from. */
function fakePc(sdp = 'v=0\r\n') {
  const target = new EventTarget();
  const pc = Object.assign(target, {
    iceGatheringState: 'gathering',
    signalingState: 'stable',
    localDescription: { type: 'offer', sdp } as RTCSessionDescription,
  });
  const candidate = (value: object | null) => target.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: value }));
  return { pc: pc as unknown as RTCPeerConnection, candidate, raw: pc };
}

const settled = (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  return () => done;
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('waiting for ICE candidates before the SDP goes out', () => {
  it('with ICE servers, waits for gathering to complete', async () => {
    const { pc, candidate } = fakePc();
    const done = settled(waitForIceGathering(pc, 2000));
    candidate({ candidate: 'host' });
    await vi.advanceTimersByTimeAsync(500);
    expect(done()).toBe(false);
    candidate(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
  });

  it('without ICE servers, stops once the host candidates have come in', async () => {
    const { pc, candidate } = fakePc();
    const done = settled(waitForIceGathering(pc, 2000, { hostOnly: true }));
    await vi.advanceTimersByTimeAsync(50);
    expect(done()).toBe(false);
    candidate({ candidate: 'host 127.0.0.1' });
    await vi.advanceTimersByTimeAsync(HOST_CANDIDATES_QUIET_MS - 1);
    candidate({ candidate: 'host 10.0.0.2' });
    await vi.advanceTimersByTimeAsync(HOST_CANDIDATES_QUIET_MS - 1);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('without ICE servers, candidates gathered ahead (the pool) are enough at once', async () => {
    const { pc } = fakePc('v=0\r\na=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n');
    const done = settled(waitForIceGathering(pc, 2000, { hostOnly: true }));
    await vi.advanceTimersByTimeAsync(HOST_CANDIDATES_QUIET_MS);
    expect(done()).toBe(true);
  });

  it('never waits longer than the timeout', async () => {
    const { pc } = fakePc();
    const done = settled(waitForIceGathering(pc, 2000, { hostOnly: true }));
    await vi.advanceTimersByTimeAsync(2000);
    expect(done()).toBe(true);
  });
});
