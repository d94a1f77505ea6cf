/**
 * What the registration controller needs from SIP, and nothing more. The
 * sip.js implementation is `sip/sipRegistrarPort.ts`; unit tests use a fake.
 * Keeping the controller behind this seam makes every timing rule (backoff,
 * expiry, keepalive) testable with fake timers and no network.
 */
export type RegisterOutcome =
  { readonly kind: 'registered'; readonly expiresSec: number } | { readonly kind: 'rejected'; readonly statusCode: number; readonly retryAfterSec?: number };

/**
 * `connect()` failed because TLS refused the server's certificate (unknown CA,
 * expired, wrong name…): not a network problem, and retrying will not help.
 */
export class UntrustedCertificateError extends Error {
  constructor(
    /** Node's verification code, e.g. 'SELF_SIGNED_CERT_IN_CHAIN'. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`the SIP server's certificate is not trusted (${code})`, options);
    this.name = 'UntrustedCertificateError';
  }
}

export interface RegistrarPort {
  /** Opens the transport (SIP over WebSocket, RFC 7118). Rejects when it cannot; with {@link UntrustedCertificateError} when TLS refused the server. */
  connect(): Promise<void>;
  /** Closes the transport on purpose; does not fire `onTransportDown`. */
  disconnect(): Promise<void>;
  isConnected(): boolean;
  /**
   * Sends REGISTER with the current credentials (read at send time) and
   * resolves with the final response. It never times out by itself (sip.js's
   * Registerer does not): the controller owns that timer.
   */
  register(): Promise<RegisterOutcome>;
  /** REGISTER with Expires: 0 (RFC 3261 §10.2.2). */
  unregister(): Promise<void>;
  /** OPTIONS to the registrar; resolves on any final response (it proves the path is alive). */
  ping(): Promise<void>;
  /** The transport dropped without us asking. */
  onTransportDown(listener: (error: Error | undefined) => void): () => void;
  dispose(): Promise<void>;
}

/** Statuses that mean "these credentials will not work": retrying would only lock the account. */
export const CREDENTIAL_FAILURES: ReadonlySet<number> = new Set([401, 403, 407]);
