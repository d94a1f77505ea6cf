/**
 * The bare sip.js page: the baseline of "Answer click → first inbound RTP"
 * (issue 14). What a phone on the same path costs with nothing of Tandem's:
 * one page, sip.js's own Web SessionDescriptionHandler (getUserMedia with
 * Chromium's fake device, one RTCPeerConnection per call, ICE gathered when
 * the answer is made), registered to the same Kamailio and answering the same
 * baresip call through the same rtpengine. Its only settings are no ICE
 * servers (as the bench desk) and an Answer button in the DOM.
 *
 * Bundled by esbuild at bench time (`barePageHtml`) and served by Playwright
 * `page.route`, so it has no build step and no server. The bench drives it
 * through `window.__bare`, which measures like the Tandem probe does: the
 * click and the 2 ms getStats poll that follows it run in the same task.
 */
import type { Web } from 'sip.js';
import { Inviter, Registerer, RegistererState, SessionState, UserAgent, type Invitation, type Session } from 'sip.js';

export interface BareRtpTiming {
  readonly clickAt: number;
  readonly statsAt: number;
  /** First poll where the call's receiver reports a synchronization source (a packet arrived), as the Tandem probe's. */
  readonly ssrcAt: number | null;
  readonly polls: number;
}

export interface BareRegistration {
  readonly wsUrl: string;
  readonly uri: string;
  readonly user: string;
  readonly password: string;
}

export interface BarePage {
  register(options: BareRegistration): Promise<void>;
  /**
   * Milliseconds from navigation start to Registered, when the page registered itself at load
   * (its settings in the address's fragment, as barePageHost.ts `loadBarePage` writes them); null until then.
   */
  registeredSinceNavigation(): number | null;
  /** Why the registration at load failed, if it did. */
  registrationError(): string | null;
  answersSeen(): number;
  /** Wall clock when the latest Answer button was put in the DOM (as the Tandem probe's MutationObserver stamps its own). */
  lastAnswerAt(): number | null;
  /** Places a call to `target` (a SIP URI), as a click on a Call button would; returns the wall clock of the "click". */
  call(target: string): number;
  /** Ends every call (BYE, CANCEL or reject, whichever its state allows). */
  hangupAll(): void;
  /** Elements in the document (the DOM's size after N calls). */
  domNodes(): number;
  /** Clicks the Answer button of the ringing call and polls getStats every 2 ms until bytesReceived > 0. */
  answerAndTimeRtp(timeoutMs: number): Promise<BareRtpTiming>;
  callCount(): number;
}

const now = (): number => performance.timeOrigin + performance.now();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function bytesReceived(pc: RTCPeerConnection): Promise<number> {
  let bytes = 0;
  for (const stat of (await pc.getStats()).values() as IterableIterator<{ type?: string; kind?: string; bytesReceived?: number }>) {
    if (stat.type === 'inbound-rtp' && stat.kind === 'audio') bytes += stat.bytesReceived ?? 0;
  }
  return bytes;
}

function install(): void {
  const sessions = new Set<Session>();
  let ringing: Invitation | null = null;
  let answers = 0;
  let lastAnswerAt: number | null = null;
  let userAgent: UserAgent | null = null;
  let registeredSinceNavigation: number | null = null;
  let registrationError: string | null = null;
  const list = document.createElement('ul');
  list.setAttribute('aria-label', 'Current calls');
  document.body.append(list);
  const audio = document.createElement('audio');
  audio.autoplay = true;

  const onInvite = (invitation: Invitation): void => {
    sessions.add(invitation);
    ringing = invitation;
    const row = document.createElement('li');
    const button = document.createElement('button');
    button.textContent = 'Answer';
    button.addEventListener('click', () => {
      ringing = null;
      void invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } }).catch(() => undefined);
    });
    row.append(button);
    list.append(row);
    lastAnswerAt = now();
    answers += 1;
    invitation.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        const sdh = invitation.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
        if (sdh !== undefined) audio.srcObject = sdh.remoteMediaStream;
      } else if (state === SessionState.Terminated) {
        sessions.delete(invitation);
        if (ringing === invitation) ringing = null;
        row.remove();
      }
    });
  };

  const bare: BarePage = {
    async register({ wsUrl, uri, user, password }) {
      const target = UserAgent.makeURI(uri);
      if (target === undefined) throw new Error(`bad URI ${uri}`);
      const ua = new UserAgent({
        uri: target,
        transportOptions: { server: wsUrl },
        authorizationUsername: user,
        authorizationPassword: password,
        logLevel: 'error',
        // The same as the bench desk: no STUN/TURN (the netns has loopback only).
        sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] } },
        delegate: { onInvite },
      });
      userAgent = ua;
      await ua.start();
      const registerer = new Registerer(ua);
      await new Promise<void>((resolve, reject) => {
        registerer.stateChange.addListener((state) => {
          if (state === RegistererState.Registered) resolve();
        });
        registerer.register({ requestDelegate: { onReject: () => reject(new Error('REGISTER rejected')) } }).catch(reject);
      });
    },
    registeredSinceNavigation: () => registeredSinceNavigation,
    registrationError: () => registrationError,
    answersSeen: () => answers,
    lastAnswerAt: () => lastAnswerAt,
    call(target) {
      const uri = UserAgent.makeURI(target);
      if (userAgent === null || uri === undefined) throw new Error(`cannot call ${target}`);
      const at = now();
      const inviter = new Inviter(userAgent, uri, { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
      sessions.add(inviter);
      inviter.stateChange.addListener((state) => {
        if (state === SessionState.Terminated) sessions.delete(inviter);
      });
      void inviter.invite().catch(() => sessions.delete(inviter));
      return at;
    },
    hangupAll() {
      for (const session of sessions) {
        if (session.state === SessionState.Established) void session.bye().catch(() => undefined);
        else if (session instanceof Inviter) void session.cancel().catch(() => undefined);
        else void (session as Invitation).reject().catch(() => undefined);
      }
    },
    domNodes: () => document.getElementsByTagName('*').length,
    async answerAndTimeRtp(timeoutMs) {
      const call = ringing;
      const button = list.querySelector('li:last-child button');
      if (call === null || !(button instanceof HTMLButtonElement)) throw new Error('no Answer button');
      const clickAt = now();
      button.click();
      let polls = 0;
      let statsAt: number | null = null;
      let ssrcAt: number | null = null;
      const deadline = clickAt + timeoutMs;
      for (;;) {
        polls += 1;
        const sdh = call.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
        const pc = sdh?.peerConnection;
        if (pc !== undefined && ssrcAt === null && pc.getReceivers().some((receiver) => receiver.getSynchronizationSources().length > 0)) ssrcAt = now();
        if (pc !== undefined && statsAt === null && (await bytesReceived(pc)) > 0) statsAt = now();
        if (statsAt !== null && (ssrcAt !== null || now() > deadline)) return { clickAt, statsAt, ssrcAt, polls };
        if (now() > deadline) throw new Error(`bare page: no inbound RTP within ${timeoutMs} ms of the click (${polls} polls)`);
        await sleep(2);
      }
    },
    callCount: () => sessions.size,
  };
  Object.defineProperty(window, '__bare', { value: bare, configurable: true });
  // Settings in the fragment: register at load, so "page load → registered" is the page's own time.
  const params = new URLSearchParams(location.hash.slice(1));
  const wsUrl = params.get('wsUrl');
  if (wsUrl !== null) {
    bare
      .register({ wsUrl, uri: params.get('uri') ?? '', user: params.get('user') ?? '', password: params.get('password') ?? '' })
      .then(() => (registeredSinceNavigation = performance.now()))
      .catch((error: unknown) => (registrationError = String(error)));
  }
}

install();
