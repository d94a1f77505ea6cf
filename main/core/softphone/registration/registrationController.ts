import type { RegistrationState, RegistrationStatus } from '@tandem/contract';
import { ContractFailure } from '../../contract/contractFailure';
import type { Logger } from '../../log/logger';
import { TIMED_OUT, TimerSlot, withTimeout, type Clock } from '../../time/clock';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../time/backoff';
import { CREDENTIAL_FAILURES, UntrustedCertificateError, type RegistrarPort, type RegisterOutcome } from './registrarPort';
import { RegistrationMachine } from './registrationMachine';

export interface RegistrationTimings {
  /** How long one transport connect may take (sip.js's own is 5 s as well). */
  readonly connectTimeoutMs: number;
  /** A REGISTER without a final response after this is a dead path (sip.js would wait forever). */
  readonly registerTimeoutMs: number;
  /** OPTIONS keepalive period and its answer timeout: a dead peer is noticed within their sum (15 s < 30 s). */
  readonly keepaliveIntervalMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly unregisterTimeoutMs: number;
}

export const DEFAULT_TIMINGS: RegistrationTimings = {
  connectTimeoutMs: 5_000,
  registerTimeoutMs: 10_000,
  keepaliveIntervalMs: 10_000,
  keepaliveTimeoutMs: 5_000,
  unregisterTimeoutMs: 3_000,
};

export interface RegistrationControllerOptions {
  readonly port: RegistrarPort;
  readonly clock: Clock;
  readonly log: Logger;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  readonly timings?: Partial<RegistrationTimings>;
}

/**
 * When to refresh a binding of `expiresSec`: a minute before it lapses, or
 * halfway for short bindings, so that a failed refresh still leaves time to
 * retry inside the binding (sip.js refreshes at 99 % of the interval, which
 * leaves 6 s of a 600 s binding; RFC 3261 §10.2.4 only asks "before").
 */
export function refreshDelayMs(expiresSec: number): number {
  return Math.max(expiresSec * 500, (expiresSec - 60) * 1000);
}

/**
 * Keeps the agent registered: connects, registers, refreshes, watches the
 * connection with an OPTIONS keepalive and reconnects with jittered backoff.
 * It publishes a {@link RegistrationStatus} on every change. A credentials
 * failure stops all automatic retries until `register()` is called again.
 */
export class RegistrationController {
  readonly #port: RegistrarPort;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #random: () => number;
  readonly #backoff: BackoffPolicy;
  readonly #timings: RegistrationTimings;
  readonly #machine = new RegistrationMachine('unregistered');
  readonly #retry: TimerSlot;
  readonly #refresh: TimerSlot;
  readonly #expiry: TimerSlot;
  readonly #keepalive: TimerSlot;
  readonly #statusListeners = new Set<(status: RegistrationStatus) => void>();
  readonly #restoredListeners = new Set<() => void>();
  readonly #offTransportDown: () => void;
  /** Bumped whenever an in-flight attempt must be forgotten (a drop, a new attempt, unregister). */
  #generation = 0;
  #attempt = 0;
  #expiresAt: number | null = null;
  #nextRetryAt: number | null = null;
  #lastErrorKey: string | null = null;
  #certificateError: string | undefined;
  #connectedBefore = false;
  #disposed = false;

  constructor(options: RegistrationControllerOptions) {
    this.#port = options.port;
    this.#clock = options.clock;
    this.#log = options.log;
    this.#random = options.random ?? Math.random;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.#retry = new TimerSlot(this.#clock);
    this.#refresh = new TimerSlot(this.#clock);
    this.#expiry = new TimerSlot(this.#clock);
    this.#keepalive = new TimerSlot(this.#clock);
    this.#machine.onStateChange(() => this.#publish());
    this.#offTransportDown = this.#port.onTransportDown((error) => this.#onTransportDown(error));
  }

  get state(): RegistrationState {
    return this.#machine.state;
  }

  status(): RegistrationStatus {
    return {
      state: this.#machine.state,
      expiresAt: this.#machine.is('registered') ? this.#expiresAt : null,
      nextRetryAt: this.#machine.is('backoff') ? this.#nextRetryAt : null,
      lastErrorKey: this.#lastErrorKey,
      attempt: this.#attempt,
      ...(this.#machine.is('certificate-rejected') && this.#certificateError !== undefined ? { certificateError: this.#certificateError } : {}),
    };
  }

  onStatus(listener: (status: RegistrationStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** The transport came back after a drop: live calls need an ICE-restart re-INVITE. */
  onTransportRestored(listener: () => void): () => void {
    this.#restoredListeners.add(listener);
    return () => this.#restoredListeners.delete(listener);
  }

  /**
   * Registers now (or refreshes at once when already registered). Resolves on
   * the 200; rejects with the failure's i18n key, while automatic retries
   * continue in the background unless the credentials were rejected.
   */
  register(): Promise<void> {
    if (this.#disposed) return Promise.reject(new ContractFailure('unavailable', 'softphone.errors.illegalState'));
    this.#attempt = 0;
    const outcome = this.#nextOutcome();
    if (this.#machine.is('registered')) {
      void this.#sendRegister(++this.#generation);
    } else if (!this.#machine.is('connecting', 'registering')) {
      void this.#attemptNow();
    }
    return outcome;
  }

  async unregister(): Promise<void> {
    const generation = ++this.#generation;
    this.#stopTimers();
    this.#attempt = 0;
    this.#nextRetryAt = null;
    if (this.#machine.is('registered')) {
      this.#machine.transition('unregistering');
      try {
        await withTimeout(this.#port.unregister(), this.#timings.unregisterTimeoutMs, this.#clock);
      } catch (error: unknown) {
        this.#log.warn('softphone: un-REGISTER failed', { error: String(error) });
      }
      if (generation === this.#generation || this.#machine.is('unregistering')) this.#machine.transition('unregistered');
    } else if (this.#machine.is('connecting', 'registering', 'backoff', 'credentials-rejected', 'certificate-rejected')) {
      this.#machine.transition('unregistered');
    }
    this.#expiresAt = null;
  }

  /**
   * The system woke up or the network changed: the old connection may be
   * silently dead (a NAT binding gone, a new address), so reconnect and
   * re-register at once instead of waiting for keepalive or backoff timers.
   */
  networkChanged(): void {
    if (this.#disposed || !this.#machine.is('registered', 'registering', 'connecting', 'backoff')) return;
    this.#log.info('softphone: network changed, reconnecting now');
    this.#attempt = 0;
    ++this.#generation;
    this.#stopTimers();
    void this.#port
      .disconnect()
      .catch(() => undefined)
      .then(() => this.#attemptNow());
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    await this.unregister();
    this.#disposed = true;
    this.#offTransportDown();
    await this.#port.dispose();
  }

  // --- the attempt ------------------------------------------------------------

  async #attemptNow(): Promise<void> {
    if (this.#disposed) return;
    const generation = ++this.#generation;
    this.#retry.cancel();
    this.#nextRetryAt = null;
    this.#machine.transition('connecting');
    if (!this.#port.isConnected()) {
      let result: void | typeof TIMED_OUT;
      try {
        result = await withTimeout(this.#port.connect(), this.#timings.connectTimeoutMs, this.#clock);
      } catch (error: unknown) {
        if (generation !== this.#generation) return;
        if (error instanceof UntrustedCertificateError) {
          this.#certificateRejected(error.code);
          return;
        }
        this.#log.warn('softphone: transport connect failed', { error: String(error) });
        this.#fail('softphone.errors.transport');
        return;
      }
      if (generation !== this.#generation) return;
      if (result === TIMED_OUT) {
        void this.#port.disconnect().catch(() => undefined);
        this.#fail('softphone.errors.timeout');
        return;
      }
      if (this.#connectedBefore) this.#emitRestored();
      this.#connectedBefore = true;
    }
    this.#armKeepalive();
    await this.#sendRegister(generation);
  }

  async #sendRegister(generation: number): Promise<void> {
    if (this.#machine.is('connecting')) this.#machine.transition('registering');
    const sentAt = this.#clock.now();
    let outcome: RegisterOutcome | typeof TIMED_OUT;
    try {
      outcome = await withTimeout(this.#port.register(), this.#timings.registerTimeoutMs, this.#clock);
    } catch (error: unknown) {
      if (generation !== this.#generation) return;
      this.#log.warn('softphone: REGISTER could not be sent', { error: String(error) });
      this.#fail('softphone.errors.transport');
      return;
    }
    if (generation !== this.#generation) return;
    if (outcome === TIMED_OUT) {
      // No final response at all: the path is dead even if the socket looks open.
      this.#log.warn('softphone: REGISTER timed out');
      void this.#port.disconnect().catch(() => undefined);
      this.#fail('softphone.errors.timeout');
      return;
    }
    if (outcome.kind === 'registered') {
      this.#registered(sentAt, outcome.expiresSec);
      return;
    }
    if (CREDENTIAL_FAILURES.has(outcome.statusCode)) {
      this.#credentialsRejected(outcome.statusCode);
      return;
    }
    this.#log.warn('softphone: REGISTER rejected', { status: outcome.statusCode });
    this.#fail('softphone.errors.registrarRejected', (outcome.retryAfterSec ?? 0) * 1000);
  }

  #registered(sentAt: number, expiresSec: number): void {
    // Count the binding from when the REGISTER left, not when the 200 came
    // back: the registrar's clock started no later than that.
    this.#expiresAt = sentAt + expiresSec * 1000;
    this.#attempt = 0;
    this.#lastErrorKey = null;
    this.#nextRetryAt = null;
    const generation = this.#generation;
    this.#refresh.arm(refreshDelayMs(expiresSec) - (this.#clock.now() - sentAt), () => {
      if (generation === this.#generation && this.#machine.is('registered')) void this.#sendRegister(++this.#generation);
    });
    this.#expiry.arm(this.#expiresAt - this.#clock.now(), () => this.#onExpiry());
    if (this.#machine.is('registered')) this.#publish();
    else this.#machine.transition('registered');
  }

  /** The binding's time is up and no refresh got its 200: stop claiming "registered". */
  #onExpiry(): void {
    if (!this.#machine.is('registered')) return;
    if (this.#expiresAt !== null && this.#expiresAt > this.#clock.now()) return;
    this.#log.warn('softphone: registration lapsed without a successful refresh');
    this.#expiresAt = null;
    // A refresh still in flight may yet succeed; otherwise back off and retry.
    ++this.#generation;
    this.#fail('softphone.errors.timeout');
  }

  #credentialsRejected(statusCode: number): void {
    this.#log.warn('softphone: credentials rejected', { status: statusCode });
    this.#stopTimers();
    this.#expiresAt = null;
    this.#nextRetryAt = null;
    this.#lastErrorKey = 'softphone.errors.credentialsRejected';
    this.#machine.transition('credentials-rejected');
  }

  #certificateRejected(code: string): void {
    this.#log.warn('softphone: TLS refused the SIP server certificate', { code });
    this.#stopTimers();
    this.#expiresAt = null;
    this.#nextRetryAt = null;
    this.#lastErrorKey = 'softphone.errors.certificateUntrusted';
    this.#certificateError = code;
    this.#machine.transition('certificate-rejected');
  }

  #fail(errorKey: string, minDelayMs = 0): void {
    this.#stopTimers();
    this.#attempt += 1;
    this.#expiresAt = null;
    this.#lastErrorKey = errorKey;
    const delay = Math.max(minDelayMs, backoffDelay(this.#attempt, this.#random, this.#backoff));
    this.#nextRetryAt = this.#clock.now() + delay;
    this.#retry.arm(delay, () => void this.#attemptNow());
    this.#machine.transition('backoff');
  }

  #onTransportDown(error: Error | undefined): void {
    if (this.#disposed || !this.#machine.is('connecting', 'registering', 'registered')) return;
    this.#log.warn('softphone: transport dropped', { error: error?.message });
    ++this.#generation;
    this.#fail('softphone.errors.transport');
  }

  // --- keepalive --------------------------------------------------------------

  /**
   * OPTIONS every interval (RFC 3261 §11): any final response proves the
   * whole path (socket, proxy process) alive. A CRLF ping (RFC 5626 §4.4.1,
   * sip.js `keepAliveInterval`) only proves the socket takes bytes; a TCP
   * peer that vanished without a FIN is only noticed by waiting for an answer.
   */
  #armKeepalive(): void {
    const generation = this.#generation;
    this.#keepalive.arm(this.#timings.keepaliveIntervalMs, () => void this.#probe(generation));
  }

  async #probe(generation: number): Promise<void> {
    if (!this.#machine.is('registering', 'registered')) return;
    let alive: boolean;
    try {
      alive = (await withTimeout(this.#port.ping(), this.#timings.keepaliveTimeoutMs, this.#clock)) !== TIMED_OUT;
    } catch {
      alive = false;
    }
    if (!this.#machine.is('registering', 'registered')) return;
    if (alive) {
      this.#armKeepalive();
      return;
    }
    if (generation !== this.#generation && this.#machine.is('registering')) {
      // A refresh started meanwhile owns the outcome; keep probing.
      this.#armKeepalive();
      return;
    }
    this.#log.warn('softphone: keepalive got no answer, reconnecting');
    ++this.#generation;
    void this.#port.disconnect().catch(() => undefined);
    this.#fail('softphone.errors.transport');
  }

  // --- plumbing ---------------------------------------------------------------

  #stopTimers(): void {
    this.#retry.cancel();
    this.#refresh.cancel();
    this.#expiry.cancel();
    this.#keepalive.cancel();
  }

  #publish(): void {
    const status = this.status();
    for (const listener of [...this.#statusListeners]) {
      try {
        listener(status);
      } catch (error: unknown) {
        this.#log.error('softphone: registration listener failed', { error: String(error) });
      }
    }
  }

  #emitRestored(): void {
    for (const listener of [...this.#restoredListeners]) {
      try {
        listener();
      } catch (error: unknown) {
        this.#log.error('softphone: transport-restored listener failed', { error: String(error) });
      }
    }
  }

  /** Resolves on the next "registered"; rejects on the next failure state. */
  #nextOutcome(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const off = this.#machine.onStateChange((to) => {
        if (to === 'registering' || to === 'connecting' || to === 'unregistering') return;
        off();
        if (to === 'registered') resolve();
        else if (to === 'credentials-rejected') reject(new ContractFailure('rejected', 'softphone.errors.credentialsRejected'));
        else if (to === 'certificate-rejected') reject(new ContractFailure('rejected', 'softphone.errors.certificateUntrusted', this.#certificateError));
        else reject(new ContractFailure('unavailable', this.#lastErrorKey ?? 'softphone.errors.transport'));
      });
      // A refresh while registered does not change state: settle on its publish instead.
      if (this.#machine.is('registered')) {
        const offStatus = this.onStatus((status) => {
          offStatus();
          off();
          if (status.state === 'registered') resolve();
        });
      }
    });
  }
}
