import { MEDIA_HELD_MAX, type MediaRequest, type TandemApi, type Unsubscribe } from '@tandem/contract';
import { createHeardWhileAsking } from '../../store/heardWhileAsking';
import type { AudioDevicesSnapshot } from './audioDevices';
import type { CallMediaInfo, PrepareOptions } from './callMedia';
import { MediaFailure } from './mediaFailure';
import type { AudioStats } from './mediaStats';
import { createRequestRouter, type MediaOutcome } from './requestRouter';

const CLOSED_CALLS_REMEMBERED = 256;

/** The slice of `window.tandem` the engine needs. */
export type MediaHost = Pick<TandemApi, 'on' | 'mediaReady' | 'mediaReply' | 'releaseMedia'>;

/** What the engine asks of one call's media (`CallMedia`; a fake in unit tests). */
export interface CallMediaLike {
  prepare(options?: PrepareOptions): Promise<void>;
  getDescription(hold: boolean, iceRestart: boolean): Promise<string>;
  setDescription(sdp: string, hold: boolean): Promise<void>;
  dtmf(tones: string): void;
  mute(muted: boolean): void;
  updateIceServers(iceServers: RTCIceServer[]): void;
  switchMicrophone(): Promise<void>;
  setSpeaker(deviceId: string): void;
  stats(): Promise<AudioStats | null>;
  info(): CallMediaInfo;
  close(): void;
}

/** The device store as the engine sees it. */
export interface DeviceFeed {
  getSnapshot(): Pick<AudioDevicesSnapshot, 'microphone' | 'speaker'>;
  subscribe(listener: () => void): () => void;
}

export interface MediaEngineOptions {
  readonly host: MediaHost;
  readonly devices: DeviceFeed;
  readonly createCall: (callId: string, iceServers: RTCIceServer[]) => CallMediaLike;
  readonly timeoutMs?: number;
  /**
   * Resolves when a `prepare` may start: once the page has painted what the ringing call brought
   * (startMedia: its frame, then the screen pop's panel). The call's next operation ends the wait
   * early. Default: at once.
   */
  readonly yieldToPaint?: () => Promise<void>;
}

/** The contract's ICE server, with absent fields left out (RTCIceServer has no `undefined` members). */
export function toRtcIceServers(servers: MediaRequest['iceServers']): RTCIceServer[] {
  return servers.map(({ urls, username, credential }) => ({
    urls,
    ...(username === undefined ? {} : { username }),
    ...(credential === undefined ? {} : { credential }),
  }));
}

/**
 * The renderer's media engine: the other half of main's bridge
 * SessionDescriptionHandler. Main sends `media:request` events naming a call
 * and an operation, to this page only for the calls whose media it owns
 * (another page open on the same desk hears none of them; MediaBroker in main
 * chooses the owner); the engine performs it on that call's media and answers
 * every request exactly once with `mediaReply` (see `createRequestRouter`).
 *
 * `start()` subscribes first and only then tells main `mediaReady`: after a
 * reload main renegotiates every live call, and none of its requests may fall
 * between a page that is gone and an engine not yet listening. A page whose
 * connection to main drops and reopens (the browser host) keeps its media but
 * is a new window to main, which forgot what it owned: `reconnected()` tells
 * main again, with the calls whose media it holds. A page unloaded for good
 * says so as it goes (`letGo`), so that main hands its calls on at once.
 *
 * Main's `close` is the only way the engine learns a call is over, and it goes
 * only to an attached window: a page that was away when the call ended (a
 * dropped browser-host connection, main restarted) never hears it. So every
 * read of main's state goes through `reconcile`, which closes what main no
 * longer holds the same way.
 */
export function createMediaEngine({ host, devices, createCall, timeoutMs, yieldToPaint = () => Promise.resolve() }: MediaEngineOptions) {
  const calls = new Map<string, CallMediaLike>();
  /**
   * Calls closed lately. An operation queued before `close` but run after it
   * must not bring the call's media (and microphone) back to life.
   */
  const closed = new Set<string>();

  function remember(callId: string) {
    closed.add(callId);
    if (closed.size > CLOSED_CALLS_REMEMBERED) closed.delete(closed.values().next().value as string);
  }

  /** Ends a call's media: the microphone stops, the connection closes, its stats go; later requests for it are refused. */
  function closeCall(callId: string) {
    calls.get(callId)?.close();
    calls.delete(callId);
    remember(callId);
  }

  function callFor(request: MediaRequest): CallMediaLike {
    if (closed.has(request.callId)) throw new MediaFailure('closed');
    const iceServers = toRtcIceServers(request.iceServers);
    const existing = calls.get(request.callId);
    if (existing) {
      existing.updateIceServers(iceServers);
      return existing;
    }
    const call = createCall(request.callId, iceServers);
    calls.set(request.callId, call);
    return call;
  }

  async function handle(request: MediaRequest): Promise<MediaOutcome> {
    const { operation, callId } = request;
    switch (operation.op) {
      case 'close':
        closeCall(callId);
        return {};
      case 'dtmf': {
        const call = calls.get(callId);
        if (!call) throw new MediaFailure('no-dtmf-sender', 'no media for this call');
        call.dtmf(operation.tones);
        return {};
      }
      case 'mute':
        // Remembered even before the connection exists, so a call muted while ringing starts muted.
        callFor(request).mute(operation.muted);
        return {};
      case 'prepare': {
        const { sdp, microphone } = operation;
        // Preparing is a head start for the answer, not something the agent sees: the ringing row and the
        // caller's screen pop paint first (getUserMedia, a new RTCPeerConnection and addTrack cost several ms
        // of main thread). The call's next operation (the answer) ends the wait, and queues behind this one.
        await new Promise<void>((resolve) => {
          waking.set(callId, resolve);
          void yieldToPaint().then(resolve);
        });
        waking.delete(callId);
        await callFor(request).prepare({ ...(sdp === undefined ? {} : { sdp }), ...(microphone === undefined ? {} : { microphone }) });
        return {};
      }
      case 'getDescription':
        return { sdp: await callFor(request).getDescription(operation.hold, operation.iceRestart) };
      case 'setDescription':
        await callFor(request).setDescription(operation.sdp, operation.hold);
        return {};
    }
  }

  /** Prepares that are waiting for the page to be quiet, by call: the call's next operation wakes them. */
  const waking = new Map<string, () => void>();

  /** The calls main sent requests for while a read of its state was out: newer than the read's reply. */
  const requested = createHeardWhileAsking(['calls']);

  const router = createRequestRouter({
    handle,
    reply: (reply) => host.mediaReply(reply),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });

  let lastMicrophone = devices.getSnapshot().microphone.deviceId;
  let lastSpeaker = devices.getSnapshot().speaker.deviceId;
  const onDevices = () => {
    const { microphone, speaker } = devices.getSnapshot();
    if (microphone.deviceId !== lastMicrophone) {
      lastMicrophone = microphone.deviceId;
      for (const call of calls.values()) void call.switchMicrophone().catch(() => undefined);
    }
    if (speaker.deviceId !== lastSpeaker) {
      lastSpeaker = speaker.deviceId;
      for (const call of calls.values()) call.setSpeaker(speaker.deviceId);
    }
  };

  let unsubscribes: Unsubscribe[] = [];

  return {
    /** Subscribes to `media:request` and device changes, then tells main the engine is ready. */
    start(): void {
      if (unsubscribes.length > 0) return;
      unsubscribes = [
        host.on('media:request', (request) => {
          requested.heard('calls', request.callId);
          // The agent answered (or the call ended) while its media waited: prepare now, the answer is next in line.
          if (request.operation.op !== 'prepare') waking.get(request.callId)?.();
          void router.route(request);
        }),
        devices.subscribe(onDevices),
      ];
      void host.mediaReady({}).catch(() => undefined);
    },
    /**
     * The connection to main reopened (not the page's first: bindContract counts them). Tells main which calls'
     * media this page holds, a preparation still waiting for the paint included: main makes this window their
     * owner again (their hold, renegotiation and close come here, not to the newest page) and restores only what
     * no page holds (a `prepare` lost while the page was away). Electron's IPC never reconnects.
     */
    reconnected(): void {
      if (unsubscribes.length === 0) return;
      // Never more than the contract takes: a longer list would be refused whole, and nothing restored.
      const held = [...new Set([...calls.keys(), ...waking.keys()])].slice(0, MEDIA_HELD_MAX);
      void host.mediaReady({ held }).catch(() => undefined);
    },
    /**
     * The page is being unloaded for good (startMedia: `pagehide`, not into the back/forward cache), and every
     * call's media goes with it. Main hears it (`media:release`), so that when this page's connection closes it
     * hands the calls on to another page at once rather than waiting OWNER_RETURN_GRACE_MS for this one to list
     * them, which it never will. Sent whatever the engine holds: main knows which calls this window plays.
     */
    letGo(): void {
      if (unsubscribes.length === 0) return;
      void host.releaseMedia().catch(() => undefined);
    },
    /**
     * Runs `read` (main's softphone state, at startup and after every reconnect) and then closes, as main's
     * `close` would, the media of every call main does not hold in its reply (`held`: its live calls and the
     * standby connection; null when main could not be read, and nothing is closed). Main's close for a call that
     * ended while this page was disconnected (hung up, a ringing call cancelled or answered elsewhere) went to
     * no window, and the microphone would stay open and the connection leak for the page's life. A call main
     * sent a request for while the read was out is newer than the reply (a call that rang meanwhile) and is kept.
     */
    async reconcile<T>(read: () => Promise<T>, held: (reply: T) => ReadonlySet<string> | null): Promise<T> {
      const { reply, meanwhile } = await requested.asking(read);
      const keep = held(reply);
      if (keep === null) return reply;
      // A preparation still waiting for the page to paint holds nothing yet, but would open the microphone.
      for (const callId of new Set([...calls.keys(), ...waking.keys()])) {
        if (keep.has(callId) || meanwhile.calls.has(callId)) continue;
        // Woken as main's close wakes it: it then finds the call closed and opens nothing.
        waking.get(callId)?.();
        closeCall(callId);
      }
      return reply;
    },
    /** Unsubscribes and ends every call's media (the page is going away or the engine is replaced). */
    stop(): void {
      for (const unsubscribe of unsubscribes) unsubscribe();
      unsubscribes = [];
      for (const call of calls.values()) call.close();
      calls.clear();
    },
    /** Audio counters of one call, or null when it has no connection. */
    stats(callId: string): Promise<AudioStats | null> {
      return calls.get(callId)?.stats() ?? Promise.resolve(null);
    },
    calls(): CallMediaInfo[] {
      return [...calls.values()].map((call) => call.info());
    },
  };
}

export type MediaEngine = ReturnType<typeof createMediaEngine>;
