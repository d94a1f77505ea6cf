/**
 * sip.js in Node for signalling-only tests: the `ws` package stands in for the
 * browser WebSocket, and a fake SessionDescriptionHandler produces a fixed
 * plain-RTP SDP (media is proven elsewhere, in Chromium).
 */
import WebSocket from 'ws';
import { Registerer, RegistererState, UserAgent } from 'sip.js';
import type { BodyAndContentType, Core, Invitation, Session, SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';
import { LOOPBACK } from './ports.js';

type IncomingResponse = Core.IncomingResponse;

// sip.js looks the constructor up on globalThis when it opens the transport.
const globals = globalThis as unknown as { WebSocket?: unknown };
globals.WebSocket ??= WebSocket;

/** Records what the peer sent and answers with a fixed PCMU SDP on a dead port. */
export class FakeSessionDescriptionHandler implements SessionDescriptionHandler {
  remoteSdp: string | undefined;
  closed = false;

  constructor(private readonly rtpPort: number) {}

  close(): void {
    this.closed = true;
  }

  getDescription(): Promise<BodyAndContentType> {
    const sdp = [
      'v=0',
      `o=- ${Date.now()} 1 IN IP4 ${LOOPBACK}`,
      's=tandem-fake',
      `c=IN IP4 ${LOOPBACK}`,
      't=0 0',
      `m=audio ${this.rtpPort} RTP/AVP 0 8 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=sendrecv',
      '',
    ].join('\r\n');
    return Promise.resolve({ body: sdp, contentType: 'application/sdp' });
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  setDescription(sdp: string): Promise<void> {
    this.remoteSdp = sdp;
    return Promise.resolve();
  }

  sendDtmf(): boolean {
    return false;
  }
}

export const fakeSdhFactory: SessionDescriptionHandlerFactory = (session: Session) => {
  void session;
  return new FakeSessionDescriptionHandler(40000 + Math.floor(Math.random() * 10000) * 2);
};

export interface NodeSipAgentOptions {
  readonly wsUrl: string;
  readonly user: string;
  readonly password: string;
  readonly domain?: string;
  readonly displayName?: string;
}

export interface RegisterOutcome {
  readonly accepted: boolean;
  readonly statusCode: number;
  readonly response: IncomingResponse;
}

export interface NodeSipAgent {
  readonly ua: UserAgent;
  readonly aor: string;
  /** Invitations received so far, in order. */
  readonly invitations: Invitation[];
  /** Resolves with the next invitation not returned before (waits up to timeoutMs). */
  nextInvitation(timeoutMs?: number): Promise<Invitation>;
  /** REGISTER and resolve with the final answer (sip.js answers a challenge by itself once). */
  register(timeoutMs?: number): Promise<RegisterOutcome>;
  readonly registerer: Registerer;
  stop(): Promise<void>;
}

export async function startNodeSipAgent(options: NodeSipAgentOptions): Promise<NodeSipAgent> {
  const domain = options.domain ?? LOOPBACK;
  const aor = `sip:${options.user}@${domain}`;
  const uri = UserAgent.makeURI(aor);
  if (uri === undefined) throw new Error(`bad AOR ${aor}`);
  const invitations: Invitation[] = [];
  const waiters: Array<() => void> = [];
  let handed = 0;
  const ua = new UserAgent({
    uri,
    displayName: options.displayName ?? options.user,
    authorizationUsername: options.user,
    authorizationPassword: options.password,
    transportOptions: { server: options.wsUrl, connectionTimeout: 5 },
    sessionDescriptionHandlerFactory: fakeSdhFactory,
    logBuiltinEnabled: false,
    logLevel: 'error',
    noAnswerTimeout: 60,
    delegate: {
      onInvite: (invitation) => {
        invitations.push(invitation);
        for (const wake of waiters.splice(0)) wake();
      },
    },
  });
  await ua.start();
  const registerer = new Registerer(ua, { expires: 300 });

  return {
    ua,
    aor,
    invitations,
    registerer,
    nextInvitation: (timeoutMs = 10_000) =>
      new Promise<Invitation>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${options.user}: no INVITE within ${timeoutMs} ms`)), timeoutMs);
        const check = (): void => {
          const invitation = invitations[handed];
          if (invitation === undefined) {
            waiters.push(check);
            return;
          }
          handed += 1;
          clearTimeout(timer);
          resolve(invitation);
        };
        check();
      }),
    // A Registerer never times out by itself: our own timer bounds the wait.
    register: (timeoutMs = 10_000) =>
      new Promise<RegisterOutcome>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${options.user}: no final answer to REGISTER within ${timeoutMs} ms`)), timeoutMs);
        const finish = (accepted: boolean, response: IncomingResponse): void => {
          clearTimeout(timer);
          resolve({ accepted, statusCode: response.message.statusCode ?? 0, response });
        };
        registerer
          .register({
            requestDelegate: {
              onAccept: (response) => finish(true, response),
              onReject: (response) => finish(false, response),
            },
          })
          .catch((error: unknown) => {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(String(error)));
          });
      }),
    stop: async () => {
      // Bounded: the server may already be gone, and nothing answers then.
      const bounded = (work: Promise<unknown>): Promise<unknown> =>
        Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      if (registerer.state === RegistererState.Registered) await bounded(registerer.unregister());
      await bounded(registerer.dispose());
      await bounded(ua.stop());
    },
  };
}
