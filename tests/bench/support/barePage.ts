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
import { Registerer, RegistererState, SessionState, UserAgent, type Invitation } from 'sip.js';

export interface BareRtpTiming {
  readonly clickAt: number;
  readonly statsAt: number;
  readonly polls: number;
}

export interface BarePage {
  register(options: { wsUrl: string; uri: string; user: string; password: string }): Promise<void>;
  answersSeen(): number;
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
  const sessions = new Set<Invitation>();
  let ringing: Invitation | null = null;
  let answers = 0;
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
      await ua.start();
      const registerer = new Registerer(ua);
      await new Promise<void>((resolve, reject) => {
        registerer.stateChange.addListener((state) => {
          if (state === RegistererState.Registered) resolve();
        });
        registerer.register({ requestDelegate: { onReject: () => reject(new Error('REGISTER rejected')) } }).catch(reject);
      });
    },
    answersSeen: () => answers,
    async answerAndTimeRtp(timeoutMs) {
      const call = ringing;
      const button = list.querySelector('li:last-child button');
      if (call === null || !(button instanceof HTMLButtonElement)) throw new Error('no Answer button');
      const clickAt = now();
      button.click();
      let polls = 0;
      const deadline = clickAt + timeoutMs;
      for (;;) {
        polls += 1;
        const sdh = call.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
        const pc = sdh?.peerConnection;
        if (pc !== undefined && (await bytesReceived(pc)) > 0) return { clickAt, statsAt: now(), polls };
        if (now() > deadline) throw new Error(`bare page: no inbound RTP within ${timeoutMs} ms of the click (${polls} polls)`);
        await sleep(2);
      }
    },
    callCount: () => sessions.size,
  };
  Object.defineProperty(window, '__bare', { value: bare, configurable: true });
}

install();
