/**
 * Media prepared while a call rings (issue 14): main's call manager sends the
 * INVITE's offer in `prepare`, the page's media engine opens the microphone,
 * applies the offer and makes the answer. Whatever happens to the ringing
 * call, nothing prepared may stay open. The two halves are wired as in the
 * app — main's CallManager and MediaBroker on a real EventBus, the page's
 * media engine answering through the bus — with fake far ends
 * (support/farEnd.ts) and a fake call media that counts what it holds open
 * (a peer connection and a microphone per prepared call).
 */
import type { UserAgent } from 'sip.js';
import { describe, expect, it, vi } from 'vitest';
import type { CallInfo, MediaReply, MediaRequest } from '@tandem/contract';
import { EventBus } from '../../../main/core/events/eventBus';
import { silentLogger } from '../../../main/core/log/logger';
import { CallManager } from '../../../main/core/softphone/calls/callManager';
import { StandbyMedia } from '../../../main/core/softphone/calls/standbyMedia';
import { MediaBroker } from '../../../main/core/softphone/media/mediaBroker';
import type { Clock } from '../../../main/core/time/clock';
import type { PrepareOptions } from '../../../renderer/src/softphone/media/callMedia';
import { MediaFailure } from '../../../renderer/src/softphone/media/mediaFailure';
import { createMediaEngine, type CallMediaLike } from '../../../renderer/src/softphone/media/mediaEngine';
import { createFakeMediaHost, quietCallMedia } from '../media/fakes';
import { farEnd } from './support/farEnd';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\n';
const LUCIA = '"Lucía" <sip:+12125550123@pbx.example.com>;tag=1';

const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A call's media that holds a connection and a microphone from `prepare` until `close`; `prepare` may be held half-way. */
function countingMedia(callId: string, gate: { opened: Promise<void> }, open: Set<string>, log: string[]): CallMediaLike {
  let closed = false;
  const fail = () => {
    throw new MediaFailure('closed');
  };
  return {
    async prepare(options?: PrepareOptions) {
      if (closed) fail();
      open.add(callId); // the connection exists, the offer is applied
      log.push(`prepare ${callId}${options?.sdp === undefined ? '' : ' with the offer'}`);
      await gate.opened; // getUserMedia under way
      if (closed) fail();
    },
    getDescription: () => (closed ? Promise.reject(new MediaFailure('closed')) : Promise.resolve('answer')),
    setDescription: () => (closed ? Promise.reject(new MediaFailure('closed')) : Promise.resolve()),
    ...quietCallMedia(callId),
    close() {
      closed = true;
      open.delete(callId);
      log.push(`close ${callId}`);
    },
  };
}

/** Ana's desk: main's call manager and one page's media engine, joined by the event bus. */
function desk({ paint = () => Promise.resolve() }: { paint?: () => Promise<void> } = {}) {
  const events = new EventBus();
  const broker = new MediaBroker(events, clock, [], silentLogger);
  const calls: CallInfo[] = [];
  const manager = new CallManager({
    userAgent: () => ({}) as UserAgent,
    broker,
    standby: new StandbyMedia({ broker, clock }),
    clock,
    log: silentLogger,
    defaultRegion: 'US',
    domain: 'pbx.example.com',
    onCall: (info) => calls.push(info),
  });
  const host = createFakeMediaHost();
  const replies: MediaReply[] = [];
  let release: () => void = () => undefined;
  const gate = { opened: new Promise<void>((resolve) => (release = resolve)) };
  const open = new Set<string>();
  const log: string[] = [];
  const page = events.attachWindow((event, payload) => {
    if (event === 'media:request') host.emit('media:request', payload as MediaRequest);
  });
  const engine = createMediaEngine({
    host: {
      ...host.api,
      mediaReply: (reply) => {
        replies.push(reply);
        broker.reply(reply, page.id);
        return Promise.resolve({ ok: true, value: null });
      },
    },
    devices: {
      getSnapshot: () => ({
        microphone: { deviceId: 'default', label: '', preferred: null, fallback: false },
        speaker: { deviceId: 'default', label: '', preferred: null, fallback: false },
      }),
      subscribe: () => () => undefined,
    },
    createCall: (callId) => countingMedia(callId, gate, open, log),
    yieldToPaint: paint,
  });
  engine.start();
  const ring = () => {
    const far = farEnd(LUCIA, { offer: OFFER });
    manager.incoming(far.invitation);
    const callId = calls.at(-1)?.id ?? '';
    return { ...far, callId };
  };
  return { manager, calls, engine, open, log, ring, microphoneOpened: () => release(), replies };
}

describe('media prepared while Lucía’s call rings never outlives the ringing', () => {
  it('the call rings: the engine is asked to prepare with the INVITE’s offer, and prepares one connection', async () => {
    const { ring, open, log } = desk();
    ring();
    await vi.waitFor(() => expect(log).toEqual([expect.stringMatching(/^prepare .* with the offer$/)]));
    expect(open.size).toBe(1);
  });

  it('Ana declines while the microphone is still opening: 486 goes out and nothing stays open', async () => {
    const { manager, ring, open, log, microphoneOpened } = desk();
    const lucia = ring();
    await vi.waitFor(() => expect(open.size).toBe(1));
    await manager.decline(lucia.callId);
    expect(lucia.rejections).toEqual([486]);
    await vi.waitFor(() => expect(log).toContain(`close ${lucia.callId}`));
    microphoneOpened();
    await vi.waitFor(() => expect(open.size).toBe(0));
    expect(manager.list()).toEqual([]);
  });

  it('Lucía gives up (CANCEL) after the answer was prepared: the prepared connection is closed', async () => {
    const { manager, ring, open, log, microphoneOpened, calls } = desk();
    const lucia = ring();
    microphoneOpened();
    await vi.waitFor(() => expect(open.size).toBe(1));
    lucia.terminate();
    await vi.waitFor(() => expect(calls.at(-1)).toMatchObject({ state: 'ended', outcome: 'missed' }));
    await vi.waitFor(() => expect(log.at(-1)).toBe(`close ${lucia.callId}`));
    expect(open.size).toBe(0);
    expect(manager.list()).toEqual([]);
  });

  it('answered elsewhere before the page had even painted the call: its preparation never starts, nothing opens', async () => {
    // The page is busy painting the ring (the preparation waits for it); the call is picked up by another phone
    // of the hunt group meanwhile (CANCEL, Reason: SIP;cause=200), which ends it here as sip.js reports Terminated.
    const { ring, open, log, calls, replies } = desk({ paint: () => new Promise<void>(() => undefined) });
    const lucia = ring();
    lucia.terminate();
    await vi.waitFor(() => expect(calls.at(-1)).toMatchObject({ state: 'ended' }));
    // Both requests are answered: the close at once, the preparation woken by it and refused (the call is closed).
    await vi.waitFor(() => expect(replies).toHaveLength(2));
    expect(replies.map((reply) => reply.result.ok)).toEqual([true, false]);
    expect(log).toEqual([]);
    expect(open.size).toBe(0);
  });

  it('ten calls ring and end every way a ringing call can: no connection or microphone is left open', async () => {
    const { manager, ring, open, microphoneOpened, calls, engine } = desk();
    microphoneOpened();
    for (let i = 0; i < 10; i += 1) {
      const lucia = ring();
      await vi.waitFor(() => expect(open.has(lucia.callId)).toBe(true));
      if (i % 2 === 0) await manager.decline(lucia.callId);
      else lucia.terminate();
      await vi.waitFor(() => expect(calls.at(-1)).toMatchObject({ id: lucia.callId, state: 'ended' }));
    }
    await vi.waitFor(() => expect(open.size).toBe(0));
    expect(engine.calls()).toEqual([]);
  });
});
