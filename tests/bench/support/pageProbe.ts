/**
 * What the bench installs in the page before any of the app's scripts run
 * (Playwright `addInitScript`): a MutationObserver that stamps, in wall clock
 * (`performance.timeOrigin + performance.now()`), every change of the
 * registration status and every new Answer button; a record of the page's
 * RTCPeerConnections (weakly held); and the in-page halves of the
 * measurements, so that a click and the poll that follows it start in the
 * same task, without a round trip to Node in between.
 *
 * Nothing here changes the app: it observes the DOM the user sees, and reads
 * media through the `?debug=media` hook and the standard WebRTC API.
 */

export interface RegistrationMark {
  /** Wall clock, ms since epoch. */
  readonly at: number;
  /** Milliseconds since navigation start (`performance.now()`). */
  readonly sinceNavigation: number;
  /** The state line as shown, e.g. "Registered", "Connection lost". */
  readonly state: string;
}

export interface AnswerMark {
  /** Wall clock when the MutationObserver saw the new Answer button. */
  readonly at: number;
  /** Wall clock at the next animation frame after that (≈ the frame that paints it). */
  frameAt?: number;
}

export interface RtpTiming {
  readonly clickAt: number;
  /** First poll of `__tandemMedia.stats(callId)` with bytesReceived > 0. */
  readonly statsAt: number;
  /** First poll where a receiver of a live RTCPeerConnection reports a synchronization source (a packet arrived). */
  readonly ssrcAt: number | null;
  readonly polls: number;
}

/** One stamped step of the page's side of a call (contract frames, WebRTC calls, ICE states). */
export interface TraceMark {
  readonly at: number;
  readonly what: string;
}

export interface BenchProbe {
  readonly registration: RegistrationMark[];
  /** Steps since the last `resetTrace()`. */
  readonly trace: TraceMark[];
  resetTrace(): void;
  /** How many Answer buttons have appeared since the page loaded. */
  answersSeen(): number;
  /** The mark of the most recent one (only the last few are kept: the probe must not grow per call itself). */
  lastAnswer(): AnswerMark | undefined;
  /** Live (not closed) RTCPeerConnections the page created. */
  livePeerConnections(): RTCPeerConnection[];
  /** Clicks the visible Answer button and polls until the first inbound RTP. */
  answerAndTimeRtp(timeoutMs: number): Promise<RtpTiming>;
  /**
   * Arms an answer for the next call to ring (the first Answer button after the `seen`th, even if it is there
   * already): `delayMs` after its Answer button appears, clicks it and polls
   * like `answerAndTimeRtp`. Settles with the timing, or with what the call's media looked like when no RTP came.
   */
  answerNextAfter(
    seen: number,
    delayMs: number,
    timeoutMs: number,
  ): Promise<{ ok: true; timing: RtpTiming; ringAt: number } | { ok: false; reason: string; media: unknown }>;
  /** Clicks the Call button (the address is already in the box); returns the click's wall-clock time. */
  clickCall(): number;
  /** Clicks the Hang up button of the only call. */
  clickHangup(): boolean;
  callCount(): number;
  domNodes(): number;
}

/** Serialised into the page by `page.addInitScript(installBenchProbe)`: self-contained. */
export function installBenchProbe(): void {
  const now = (): number => performance.timeOrigin + performance.now();
  const registration: RegistrationMark[] = [];
  const answers: AnswerMark[] = [];
  let answersSeen = 0;
  const pcs: WeakRef<RTCPeerConnection>[] = [];
  const trace: TraceMark[] = [];
  const stamp = (what: string): void => {
    if (trace.length < 500) trace.push({ at: now(), what });
  };

  // Contract frames (the browser host's one WebSocket): stamped before the app's own listener runs.
  const invoked = new Map<number, string>();
  const mediaOps = new Map<string, string>();
  const describeIn = (data: unknown): string | null => {
    if (typeof data !== 'string') return null;
    try {
      const frame = JSON.parse(data) as {
        kind?: string;
        id?: number;
        event?: string;
        payload?: Record<string, unknown>;
      };
      if (frame.kind === 'result') {
        const channel = invoked.get(frame.id ?? -1) ?? '?';
        invoked.delete(frame.id ?? -1);
        return `← result ${channel}`;
      }
      const payload = frame.payload ?? {};
      if (frame.event === 'softphone:call') return `← event softphone:call ${String(payload['direction'])} ${String(payload['state'])}`;
      if (frame.event === 'media:request') {
        const op = String((payload['operation'] as { op?: string } | undefined)?.op);
        if (mediaOps.size < 100) mediaOps.set(String(payload['requestId']), op);
        return `← event media:request ${op}`;
      }
      return frame.event === undefined ? null : `← event ${frame.event}`;
    } catch {
      return null;
    }
  };
  const describeOut = (data: unknown): string | null => {
    if (typeof data !== 'string') return null;
    try {
      const frame = JSON.parse(data) as {
        id?: number;
        channel?: string;
        payload?: { requestId?: string };
      };
      const channel = String(frame.channel);
      if (invoked.size < 100) invoked.set(frame.id ?? -1, channel);
      if (channel === 'media:reply') {
        const requestId = String(frame.payload?.requestId);
        const op = mediaOps.get(requestId) ?? '?';
        mediaOps.delete(requestId);
        return `→ invoke media:reply ${op}`;
      }
      return `→ invoke ${channel}`;
    } catch {
      return null;
    }
  };
  const NativeSocket = window.WebSocket;
  const nativeSend = Reflect.get(NativeSocket.prototype, 'send') as (this: WebSocket, data: unknown) => void;
  Reflect.set(NativeSocket.prototype, 'send', function (this: WebSocket, data: unknown) {
    const what = describeOut(data);
    if (what !== null) stamp(what);
    nativeSend.call(this, data);
  });
  const TracedSocket = function (url: string | URL, protocols?: string | string[]) {
    const socket = new NativeSocket(url, protocols);
    socket.addEventListener('message', (event: MessageEvent) => {
      const what = describeIn(event.data);
      if (what !== null) stamp(what);
    });
    return socket;
  } as unknown as typeof WebSocket;
  TracedSocket.prototype = NativeSocket.prototype;
  for (const key of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const) Object.defineProperty(TracedSocket, key, { value: NativeSocket[key] });
  window.WebSocket = TracedSocket;

  // WebRTC calls: start and settle of each.
  const traceMethod = (proto: object, name: string): void => {
    const original = Reflect.get(proto, name) as ((...args: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') return;
    Reflect.set(proto, name, function (this: unknown, ...args: unknown[]) {
      stamp(`${name} start`);
      const result = original.apply(this, args);
      if (result instanceof Promise)
        void result.then(
          () => stamp(`${name} done`),
          () => stamp(`${name} failed`),
        );
      return result;
    });
  };
  if (typeof window.RTCPeerConnection === 'function') {
    for (const name of ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription']) traceMethod(window.RTCPeerConnection.prototype, name);
  }
  if (navigator.mediaDevices !== undefined) traceMethod(navigator.mediaDevices, 'getUserMedia');

  // Keep a weak list of every RTCPeerConnection (never a strong one: the memory bench must not see ours).
  const Native = window.RTCPeerConnection;
  if (typeof Native === 'function') {
    const Wrapped = function (this: unknown, ...args: ConstructorParameters<typeof RTCPeerConnection>) {
      const pc = new Native(...args);
      pcs.push(new WeakRef(pc));
      stamp('new RTCPeerConnection');
      pc.addEventListener('icegatheringstatechange', () => stamp(`ICE gathering ${pc.iceGatheringState}`));
      pc.addEventListener('iceconnectionstatechange', () => stamp(`ICE ${pc.iceConnectionState}`));
      pc.addEventListener('connectionstatechange', () => stamp(`DTLS/connection ${pc.connectionState}`));
      return pc;
    } as unknown as typeof RTCPeerConnection;
    Wrapped.prototype = Native.prototype;
    Object.defineProperty(Wrapped, 'generateCertificate', {
      value: Native.generateCertificate.bind(Native),
    });
    window.RTCPeerConnection = Wrapped;
  }
  const livePeerConnections = (): RTCPeerConnection[] => {
    const live: RTCPeerConnection[] = [];
    for (let i = pcs.length - 1; i >= 0; i -= 1) {
      const pc = pcs[i]?.deref();
      if (pc === undefined) pcs.splice(i, 1);
      else if (pc.signalingState !== 'closed') live.push(pc);
    }
    return live;
  };

  const findButton = (scope: ParentNode, text: string): HTMLButtonElement | null => {
    for (const button of scope.querySelectorAll('button')) if (button.textContent?.trim() === text) return button;
    return null;
  };
  const callsList = (): Element | null => document.querySelector('ul[aria-label="Current calls"]');

  let lastState: string | null = null;
  let lastAnswer: Element | null = null;
  /** Who waits for the next Answer button (`answerNextAfter`). */
  let onNextAnswer: ((at: number) => void) | null = null;
  const check = (): void => {
    const status = document.querySelector('[role="status"][aria-label="Phone line"]');
    if (status !== null) {
      const line = status.querySelector('.registration-state')?.textContent ?? status.textContent ?? '';
      if (line !== lastState) {
        lastState = line;
        const sinceNavigation = performance.now();
        registration.push({
          at: performance.timeOrigin + sinceNavigation,
          sinceNavigation,
          state: line,
        });
      }
    }
    const list = callsList();
    const answer = list === null ? null : findButton(list, 'Answer');
    if (answer !== null && answer !== lastAnswer) {
      const mark: AnswerMark = { at: now() };
      stamp('Answer button in DOM');
      answers.push(mark);
      answersSeen += 1;
      if (answers.length > 4) answers.shift();
      const waiting = onNextAnswer;
      onNextAnswer = null;
      waiting?.(mark.at);
      requestAnimationFrame(() => {
        mark.frameAt = now();
      });
    }
    lastAnswer = answer;
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
  });

  type Hook = {
    calls(): { callId: string }[];
    stats(callId: string): Promise<{ bytesReceived: number } | null>;
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  const probe: BenchProbe = {
    registration,
    trace,
    resetTrace: () => {
      trace.length = 0;
    },
    answersSeen: () => answersSeen,
    lastAnswer: () => answers.at(-1),
    livePeerConnections,
    async answerAndTimeRtp(timeoutMs) {
      const list = callsList();
      const answer = list === null ? null : findButton(list, 'Answer');
      if (answer === null) throw new Error('no Answer button');
      const hook = Reflect.get(window, '__tandemMedia') as Hook | undefined;
      if (hook === undefined) throw new Error('no media debug hook (open the page with ?debug=media)');
      const clickAt = now();
      stamp('Answer click');
      answer.click();
      let statsAt: number | null = null;
      let ssrcAt: number | null = null;
      let polls = 0;
      const deadline = clickAt + timeoutMs;
      // Both marks: getStats answers from a report Chromium caches for 50 ms (renewed after a description is applied),
      // so its first bytes can lag the first packet by that much; a receiver's synchronization sources do not wait.
      while (statsAt === null || ssrcAt === null) {
        polls += 1;
        if (ssrcAt === null) {
          for (const pc of livePeerConnections()) {
            if (pc.getReceivers().some((receiver) => receiver.getSynchronizationSources().length > 0)) ssrcAt = now();
          }
        }
        for (const call of statsAt === null ? hook.calls() : []) {
          const stats = await hook.stats(call.callId);
          if (stats !== null && stats.bytesReceived > 0 && statsAt === null) {
            statsAt = now();
            stamp('getStats bytesReceived > 0');
          }
        }
        if (statsAt !== null && ssrcAt !== null) break;
        if (now() > deadline) {
          if (statsAt !== null) break;
          throw new Error(`no inbound RTP within ${timeoutMs} ms of the click (${polls} polls)`);
        }
        await sleep(2);
      }
      return { clickAt, statsAt, ssrcAt, polls };
    },
    async answerNextAfter(seen, delayMs, timeoutMs) {
      const ringAt = answersSeen > seen ? (answers.at(-1)?.at ?? now()) : await new Promise<number>((resolve) => (onNextAnswer = resolve));
      await sleep(delayMs);
      try {
        return { ok: true, timing: await probe.answerAndTimeRtp(timeoutMs), ringAt };
      } catch (error) {
        const hook = Reflect.get(window, '__tandemMedia') as { calls(): unknown[] } | undefined;
        return {
          ok: false,
          reason: String(error),
          media: { calls: hook?.calls() ?? null, trace: trace.map((mark) => `${(mark.at - ringAt).toFixed(0)} ${mark.what}`) },
        };
      }
    },
    clickCall() {
      const button = findButton(document, 'Call');
      if (button === null) throw new Error('no Call button');
      const at = now();
      stamp('Call click');
      button.click();
      return at;
    },
    clickHangup() {
      const list = callsList();
      const button = list === null ? null : findButton(list, 'Hang up');
      button?.click();
      return button !== null;
    },
    callCount: () => callsList()?.querySelectorAll('li').length ?? 0,
    domNodes: () => document.getElementsByTagName('*').length,
  };
  Object.defineProperty(window, '__bench', {
    value: probe,
    configurable: true,
  });
}
