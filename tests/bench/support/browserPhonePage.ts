/**
 * What the answer bench installs in Browser-Phone's page before its scripts run (Playwright
 * `addInitScript`), so that it can be measured like the bare sip.js page: its settings in
 * localStorage (it registers at load, past its welcome and account screens), a record of its
 * RTCPeerConnections, a MutationObserver that stamps its Answer button, and `window.__bare`, the
 * driving surface of support/barePage.ts, so the bench drives the two pages with the same code.
 *
 * Browser-Phone itself (AGPL) is never copied here: browserPhoneHost.ts serves it from the
 * directory named by BENCH_BROWSER_PHONE. Runs in the page, so it imports nothing at run time.
 */
import type { BarePage, BareRtpTiming } from './barePage';

export interface BrowserPhoneSettings {
  /** Kamailio's WebSocket host and port (Browser-Phone builds `wss://host:port` itself). */
  readonly host: string;
  readonly port: string;
  readonly domain: string;
  readonly user: string;
  readonly password: string;
  readonly displayName: string;
}

interface PhoneSession {
  readonly state: string;
  bye?(): Promise<unknown>;
  cancel?(): Promise<unknown>;
  reject?(): Promise<unknown>;
}

/** Browser-Phone's own global (`let userAgent` in phone.js): a script's lexical global, so not on `window`. */
declare const userAgent: { _sessions: Record<string, PhoneSession> } | null;

export function installBrowserPhoneProbe(settings: BrowserPhoneSettings): void {
  const now = (): number => performance.timeOrigin + performance.now();
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  // Its settings as its account screen would store them; the rest stay its defaults.
  const items: Record<string, string> = {
    wssServer: settings.host,
    WebSocketPort: settings.port,
    ServerPath: '',
    SipDomain: settings.domain,
    SipUsername: settings.user,
    SipPassword: settings.password,
    profileUserID: `bench-${settings.user}`,
    profileName: settings.displayName,
    WelcomeScreenAccept: 'yes',
    // The bench's Kamailio is a plain ws proxy with no voicemail: a Contact claiming wss, or a
    // voicemail SUBSCRIBE, would be traffic for a server that is not there and the other desks do not send.
    WssInTransport: '0',
    VoiceMailSubscribe: '0',
  };
  for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);

  let registeredSinceNavigation: number | null = null;
  // Browser-Phone hard-codes wss:// (it is made for Asterisk behind TLS); Kamailio here speaks ws
  // on loopback, as it does to Tandem and the bare page, so all three use the same transport.
  const NativeWebSocket = window.WebSocket;
  class BenchWebSocket extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(String(url).replace(/^wss:/, 'ws:'), protocols);
      this.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (registeredSinceNavigation !== null || typeof event.data !== 'string') return;
        if (event.data.startsWith('SIP/2.0 200') && /\r\nCSeq:\s*\d+\s+REGISTER\r\n/i.test(event.data)) registeredSinceNavigation = performance.now();
      });
    }
  }
  window.WebSocket = BenchWebSocket;

  // Closed connections are dropped as the next one is made, so the record does not grow per call.
  let connections: RTCPeerConnection[] = [];
  const NativePeerConnection = window.RTCPeerConnection;
  class BenchPeerConnection extends NativePeerConnection {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      connections = connections.filter((pc) => pc.signalingState !== 'closed');
      connections.push(this);
    }
  }
  window.RTCPeerConnection = BenchPeerConnection;

  let answers = 0;
  let lastAnswerAt: number | null = null;
  let ringing: Element | null = null;
  const counted = new WeakSet<Element>();
  // Its Answer UI (`#line-N-AnswerCall`) is added hidden and shown by jQuery in the same task.
  new MutationObserver(() => {
    for (const element of document.querySelectorAll('[id$="-AnswerCall"]')) {
      if (counted.has(element) || !(element instanceof HTMLElement) || element.style.display === 'none') continue;
      counted.add(element);
      answers += 1;
      lastAnswerAt = now();
      ringing = element;
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });

  const sessions = (): PhoneSession[] => {
    try {
      return userAgent === null ? [] : Object.values(userAgent._sessions);
    } catch {
      return []; // phone.js has not declared it yet
    }
  };

  async function bytesReceived(pc: RTCPeerConnection): Promise<number> {
    let bytes = 0;
    for (const stat of (await pc.getStats()).values() as IterableIterator<{ type?: string; kind?: string; bytesReceived?: number }>) {
      if (stat.type === 'inbound-rtp' && stat.kind === 'audio') bytes += stat.bytesReceived ?? 0;
    }
    return bytes;
  }

  const probe: BarePage = {
    register: () => Promise.reject(new Error('Browser-Phone registers from its own settings, at load')),
    registeredSinceNavigation: () => registeredSinceNavigation,
    registrationError: () => null,
    answersSeen: () => answers,
    lastAnswerAt: () => lastAnswerAt,
    call(target) {
      const dial = Reflect.get(window, 'DialByLine') as ((type: string, buddy: null, number: string) => void) | undefined;
      if (dial === undefined) throw new Error('Browser-Phone has no DialByLine');
      const at = now();
      // What its dial pad's Call button runs (with the number it would read from the pad).
      dial('audio', null, /^sip:([^@]+)@/.exec(target)?.[1] ?? target);
      return at;
    },
    hangupAll() {
      for (const session of sessions()) {
        if (session.state === 'Established') void session.bye?.().catch(() => undefined);
        else if (session.cancel !== undefined) void session.cancel().catch(() => undefined);
        else void session.reject?.().catch(() => undefined);
      }
    },
    domNodes: () => document.getElementsByTagName('*').length,
    async answerAndTimeRtp(timeoutMs): Promise<BareRtpTiming> {
      const button = ringing?.querySelector('button.answerButton');
      if (!(button instanceof HTMLButtonElement)) throw new Error('Browser-Phone: no Answer button');
      const before = new Set(connections);
      const clickAt = now();
      button.click();
      let polls = 0;
      let statsAt: number | null = null;
      let ssrcAt: number | null = null;
      const deadline = clickAt + timeoutMs;
      for (;;) {
        polls += 1;
        const pc = connections.find((candidate) => !before.has(candidate) && candidate.signalingState !== 'closed');
        if (pc !== undefined && ssrcAt === null && pc.getReceivers().some((receiver) => receiver.getSynchronizationSources().length > 0)) ssrcAt = now();
        if (pc !== undefined && statsAt === null && (await bytesReceived(pc)) > 0) statsAt = now();
        if (statsAt !== null && (ssrcAt !== null || now() > deadline)) return { clickAt, statsAt, ssrcAt, polls };
        if (now() > deadline) throw new Error(`Browser-Phone: no inbound RTP within ${timeoutMs} ms of the click (${polls} polls)`);
        await sleep(2);
      }
    },
    // Its sessions (sip.js removes one once it has ended) and any connection not yet closed.
    callCount: () => Math.max(sessions().length, connections.filter((pc) => pc.signalingState !== 'closed').length),
  };
  Object.defineProperty(window, '__bare', { value: probe, configurable: true });
}
