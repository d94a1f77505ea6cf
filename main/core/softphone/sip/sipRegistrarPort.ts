import { Registerer, RegistererState, TransportState, UserAgentState, type Core, type UserAgent } from 'sip.js';
import type { SipAccountRef } from '../../secrets/accountSecrets';
import { UntrustedCertificateError, type RegistrarPort, type RegisterOutcome } from '../registration/registrarPort';
import type { SipTls } from './sipTls';

export interface SipRegistrarPortOptions {
  readonly ua: UserAgent;
  /**
   * Read at each REGISTER so a password changed in settings applies without a
   * restart. It is asked for the account of the UserAgent that will answer the
   * challenge (its live server, URI and authorization user), and must answer
   * only with a secret bound to that very account (accountSecrets.ts).
   */
  readonly password: (account: SipAccountRef) => Promise<string | undefined>;
  /** The transport's TLS trust: read again before each connect, asked afterwards why a connect failed. */
  readonly tls: SipTls;
  /** Binding interval we ask for, in seconds (the registrar may shorten it). */
  readonly expiresSec?: number;
}

type IncomingResponse = Core.IncomingResponse;
interface ParsedContact {
  readonly uri?: { readonly user?: string; readonly host?: string };
  getParam(name: string): string | undefined;
}

/** The registration controller's view of sip.js: a UserAgent, a Registerer and OPTIONS. */
export class SipRegistrarPort implements RegistrarPort {
  readonly #ua: UserAgent;
  readonly #password: (account: SipAccountRef) => Promise<string | undefined>;
  readonly #tls: SipTls;
  readonly #expiresSec: number;
  readonly #downListeners = new Set<(error: Error | undefined) => void>();
  #registerer: Registerer | undefined;
  #closingOnPurpose = false;

  constructor(options: SipRegistrarPortOptions) {
    this.#ua = options.ua;
    this.#password = options.password;
    this.#tls = options.tls;
    this.#expiresSec = options.expiresSec ?? 600;
    // No password bound to this account: answer no challenge at all (sip.js would send a digest of an empty one).
    const core = this.#ua.userAgentCore.configuration;
    const digest = core.authenticationFactory.bind(core);
    core.authenticationFactory = () => (this.#ua.configuration.authorizationPassword === '' ? undefined : digest());
  }

  /** Called by the owner from the UserAgent delegate's onDisconnect. */
  transportDisconnected(error: Error | undefined): void {
    if (this.#closingOnPurpose) return;
    for (const listener of [...this.#downListeners]) listener(error);
  }

  async connect(): Promise<void> {
    this.#closingOnPurpose = false;
    await this.#tls.prepare();
    try {
      if (this.#ua.state === UserAgentState.Started) await this.#ua.reconnect();
      else await this.#ua.start();
    } catch (error: unknown) {
      // sip.js only says "WebSocket closed (code: 1006)"; the socket told us why.
      const refusal = this.#tls.refusal;
      if (refusal !== undefined) throw new UntrustedCertificateError(refusal, { cause: error });
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    this.#closingOnPurpose = true;
    try {
      if (this.#ua.transport.state !== TransportState.Disconnected) await this.#ua.transport.disconnect();
    } finally {
      this.#closingOnPurpose = false;
    }
  }

  isConnected(): boolean {
    return this.#ua.transport.isConnected();
  }

  async register(): Promise<RegisterOutcome> {
    const password = await this.#password(this.#account());
    // sip.js reads the credentials from the UA options when it meets a challenge.
    const configuration = this.#ua.configuration as { authorizationPassword: string };
    configuration.authorizationPassword = password ?? '';
    const registerer = this.#freshRegisterer();
    return new Promise<RegisterOutcome>((resolve, reject) => {
      registerer
        .register({
          requestDelegate: {
            onAccept: (response) => resolve({ kind: 'registered', expiresSec: this.#grantedExpires(response) }),
            onReject: (response) => resolve(rejection(response)),
          },
        })
        .catch((error: unknown) => reject(error instanceof Error ? error : new Error(String(error))));
    });
  }

  async unregister(): Promise<void> {
    const registerer = this.#registerer;
    if (registerer === undefined || registerer.state !== RegistererState.Registered) return;
    await new Promise<void>((resolve, reject) => {
      registerer
        .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
        .catch((error: unknown) => reject(error instanceof Error ? error : new Error(String(error))));
    });
  }

  ping(): Promise<void> {
    const core = this.#ua.userAgentCore;
    const aor = this.#ua.configuration.uri;
    const target = aor.clone();
    target.user = undefined;
    const message = core.makeOutgoingRequestMessage('OPTIONS', target, aor, target, {});
    return new Promise<void>((resolve) => {
      // Any final answer, even 404 or 405, proves the proxy is there.
      core.request(message, { onAccept: () => resolve(), onReject: () => resolve(), onRedirect: () => resolve() });
    });
  }

  onTransportDown(listener: (error: Error | undefined) => void): () => void {
    this.#downListeners.add(listener);
    return () => this.#downListeners.delete(listener);
  }

  async dispose(): Promise<void> {
    const registerer = this.#registerer;
    this.#registerer = undefined;
    await registerer?.dispose().catch(() => undefined);
    await this.#ua.stop().catch(() => undefined);
  }

  /** Who this UserAgent authenticates as, and where: read from its own configuration, not from what we meant to give it. */
  #account(): SipAccountRef {
    const configuration = this.#ua.configuration;
    const transport = configuration.transportOptions as { server?: unknown } | undefined;
    return {
      server: typeof transport?.server === 'string' ? transport.server : '',
      uri: configuration.uri.toString(),
      // The user sip.js puts in the digest: the authorization user, else the URI's user.
      authorizationUser: configuration.authorizationUsername === '' ? configuration.uri.user : configuration.authorizationUsername,
    };
  }

  /**
   * A Registerer whose REGISTER never got a final answer stays "waiting"
   * forever and refuses to send another (RFC 3261 §10.2 forbids overlapping
   * REGISTERs): after a dead connection we start over with a new one.
   */
  #freshRegisterer(): Registerer {
    const current = this.#registerer;
    if (current !== undefined && !isWaiting(current) && current.state !== RegistererState.Terminated) return current;
    void current?.dispose().catch(() => undefined);
    // refreshFrequency 99: sip.js's own refresh is only a last resort; the controller refreshes earlier.
    const next = new Registerer(this.#ua, { expires: this.#expiresSec, refreshFrequency: 99, logConfiguration: false });
    this.#registerer = next;
    return next;
  }

  /** The interval the registrar granted to our contact (RFC 3261 §10.2.4), else Expires, else what we asked. */
  #grantedExpires(response: IncomingResponse): number {
    const message = response.message;
    const ours = this.#ua.contact.uri;
    const count = message.getHeaders('contact').length;
    for (let index = 0; index < count; index += 1) {
      const contact = message.parseHeader('contact', index) as ParsedContact | undefined;
      if (contact === undefined || contact.uri === undefined) continue;
      if (contact.uri.user === ours.user && contact.uri.host === ours.host) {
        const value = Number(contact.getParam('expires'));
        if (Number.isFinite(value) && value > 0) return value;
      }
    }
    const header = Number(message.getHeader('expires'));
    return Number.isFinite(header) && header > 0 ? header : this.#expiresSec;
  }
}

/** sip.js keeps `waiting` private; it is the only way to know a REGISTER is stuck without a final answer. */
function isWaiting(registerer: Registerer): boolean {
  return (registerer as unknown as { waiting: boolean }).waiting;
}

function rejection(response: IncomingResponse): RegisterOutcome {
  const statusCode = response.message.statusCode ?? 0;
  const retryAfter = Number.parseInt(response.message.getHeader('retry-after') ?? '', 10);
  return Number.isFinite(retryAfter) && retryAfter >= 0
    ? { kind: 'rejected', statusCode, retryAfterSec: Math.min(retryAfter, 3600) }
    : { kind: 'rejected', statusCode };
}
