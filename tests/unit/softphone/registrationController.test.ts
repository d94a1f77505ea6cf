import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import type { Clock } from '../../../main/core/time/clock';
import { backoffCeiling, backoffDelay } from '../../../main/core/time/backoff';
import { UntrustedCertificateError, type RegisterOutcome, type RegistrarPort } from '../../../main/core/softphone/registration/registrarPort';
import { RegistrationController, refreshDelayMs } from '../../../main/core/softphone/registration/registrationController';
import type { RegistrationStatus } from '@tandem/contract';

/** A registrar that answers as each test scripts it. */
class FakePort implements RegistrarPort {
  connected = false;
  connects = 0;
  registers = 0;
  pings = 0;
  disconnects = 0;
  connectWith: () => Promise<void> = () => Promise.resolve();
  registerWith: () => Promise<RegisterOutcome> = () => Promise.resolve({ kind: 'registered', expiresSec: 600 });
  pingWith: () => Promise<void> = () => Promise.resolve();
  readonly #down = new Set<(error: Error | undefined) => void>();

  async connect(): Promise<void> {
    this.connects += 1;
    await this.connectWith();
    this.connected = true;
  }
  disconnect(): Promise<void> {
    this.disconnects += 1;
    this.connected = false;
    return Promise.resolve();
  }
  isConnected(): boolean {
    return this.connected;
  }
  register(): Promise<RegisterOutcome> {
    this.registers += 1;
    return this.registerWith();
  }
  unregister(): Promise<void> {
    return Promise.resolve();
  }
  ping(): Promise<void> {
    this.pings += 1;
    return this.pingWith();
  }
  onTransportDown(listener: (error: Error | undefined) => void): () => void {
    this.#down.add(listener);
    return () => this.#down.delete(listener);
  }
  drop(): void {
    this.connected = false;
    for (const listener of this.#down) listener(new Error('socket closed'));
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

const fakeTimersClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

function controller(port: FakePort, random: () => number = () => 0.5) {
  const ctl = new RegistrationController({ port, clock: fakeTimersClock, log: silentLogger, random });
  const statuses: RegistrationStatus[] = [];
  ctl.onStatus((status) => statuses.push(status));
  return { ctl, statuses, states: () => statuses.map((status) => status.state) };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-22T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('backoff with full jitter', () => {
  it('doubles its ceiling from 0.5 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => backoffCeiling(attempt))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('waits anywhere between 0 and the ceiling', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, () => 0.999999)).toBe(1999);
    for (let attempt = 1; attempt < 12; attempt += 1) {
      const delay = backoffDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(backoffCeiling(attempt));
    }
  });
});

describe('the registration controller', () => {
  it('Ana registers: connecting → registering → registered, with the binding’s expiry published', async () => {
    const port = new FakePort();
    const { ctl, statuses, states } = controller(port);
    await ctl.register();
    expect(states()).toEqual(['connecting', 'registering', 'registered']);
    expect(statuses.at(-1)).toMatchObject({ state: 'registered', expiresAt: Date.now() + 600_000, nextRetryAt: null, attempt: 0 });
  });

  it('refreshes a minute before a 600 s binding lapses, staying registered', async () => {
    const port = new FakePort();
    const { ctl, states } = controller(port);
    await ctl.register();
    expect(refreshDelayMs(600)).toBe(540_000);
    await vi.advanceTimersByTimeAsync(539_000);
    expect(port.registers).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(port.registers).toBe(2);
    // The refresh republishes "registered" with the new expiry; it never passes through another state.
    expect(states()).toEqual(['connecting', 'registering', 'registered', 'registered']);
    expect(ctl.status().expiresAt).toBe(Date.now() + 600_000);
  });

  it('stops claiming "registered" when the binding lapses without a successful refresh', async () => {
    const port = new FakePort();
    const ctl = new RegistrationController({
      port,
      clock: fakeTimersClock,
      log: silentLogger,
      random: () => 0.5,
      // A registrar that swallows the refresh, and a REGISTER timer longer than the binding.
      timings: { registerTimeoutMs: 120_000 },
    });
    port.registerWith = () => Promise.resolve({ kind: 'registered', expiresSec: 30 });
    await ctl.register();
    const expiresAt = ctl.status().expiresAt ?? 0;
    port.registerWith = never;
    await vi.advanceTimersByTimeAsync(29_999);
    expect(ctl.state).toBe('registered');
    await vi.advanceTimersByTimeAsync(1);
    expect(Date.now()).toBe(expiresAt);
    expect(ctl.state).toBe('backoff');
    expect(ctl.status().expiresAt).toBeNull();
  });

  it('backs off with growing, jittered, capped waits and publishes the next retry time', async () => {
    const port = new FakePort();
    port.connectWith = () => Promise.reject(new Error('ECONNREFUSED'));
    const { ctl, statuses } = controller(port, () => 0.999);
    await expect(ctl.register()).rejects.toMatchObject({ messageKey: 'softphone.errors.transport' });
    const waits: number[] = [];
    for (let retry = 0; retry < 9; retry += 1) {
      const backoff = statuses.at(-1);
      expect(backoff?.state).toBe('backoff');
      const wait = (backoff?.nextRetryAt ?? 0) - Date.now();
      waits.push(wait);
      await vi.advanceTimersByTimeAsync(wait);
    }
    expect(waits).toEqual([499, 999, 1998, 3996, 7992, 15984, 29970, 29970, 29970]);
    expect(port.connects).toBe(10);
    expect(ctl.status().attempt).toBe(10);
    expect(ctl.status().lastErrorKey).toBe('softphone.errors.transport');
  });

  it('spreads retries with full jitter (random 0 → at once, random 0.5 → half the ceiling)', async () => {
    const port = new FakePort();
    port.connectWith = () => Promise.reject(new Error('down'));
    const early = controller(port, () => 0);
    await early.ctl.register().catch(() => undefined);
    expect(early.ctl.status().nextRetryAt).toBe(Date.now());
    const other = new FakePort();
    other.connectWith = () => Promise.reject(new Error('down'));
    const half = controller(other, () => 0.5);
    await half.ctl.register().catch(() => undefined);
    expect(half.ctl.status().nextRetryAt).toBe(Date.now() + 250);
  });

  it('wrong password: credentials-rejected, and nothing retries until Ana asks', async () => {
    const port = new FakePort();
    port.registerWith = () => Promise.resolve({ kind: 'rejected', statusCode: 401 });
    const { ctl, states } = controller(port);
    await expect(ctl.register()).rejects.toMatchObject({ messageKey: 'softphone.errors.credentialsRejected' });
    expect(ctl.status()).toMatchObject({ state: 'credentials-rejected', nextRetryAt: null, lastErrorKey: 'softphone.errors.credentialsRejected' });
    ctl.networkChanged();
    port.drop();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(port.registers).toBe(1);
    expect(states()).toEqual(['connecting', 'registering', 'credentials-rejected']);
    await expect(ctl.register()).rejects.toMatchObject({ messageKey: 'softphone.errors.credentialsRejected' });
    expect(port.registers).toBe(2);
  });

  it('an untrusted server certificate: certificate-rejected with the TLS reason, and nothing retries until Ana asks', async () => {
    const port = new FakePort();
    port.connectWith = () => Promise.reject(new UntrustedCertificateError('SELF_SIGNED_CERT_IN_CHAIN'));
    const { ctl, states } = controller(port);
    await expect(ctl.register()).rejects.toMatchObject({ messageKey: 'softphone.errors.certificateUntrusted' });
    expect(ctl.status()).toMatchObject({
      state: 'certificate-rejected',
      nextRetryAt: null,
      lastErrorKey: 'softphone.errors.certificateUntrusted',
      certificateError: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    ctl.networkChanged();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(port.connects).toBe(1);
    expect(port.registers).toBe(0);
    expect(states()).toEqual(['connecting', 'certificate-rejected']);

    // The administrator fixed the certificate: an explicit register gets through, and the reason is gone.
    port.connectWith = () => Promise.resolve();
    await ctl.register();
    expect(ctl.status()).toMatchObject({ state: 'registered', lastErrorKey: null });
    expect(ctl.status()).not.toHaveProperty('certificateError');
  });

  it('a 403 counts as rejected credentials too', async () => {
    const port = new FakePort();
    port.registerWith = () => Promise.resolve({ kind: 'rejected', statusCode: 403 });
    const { ctl } = controller(port);
    await ctl.register().catch(() => undefined);
    expect(ctl.state).toBe('credentials-rejected');
  });

  it('honours Retry-After on a 503 as the least wait', async () => {
    const port = new FakePort();
    port.registerWith = () => Promise.resolve({ kind: 'rejected', statusCode: 503, retryAfterSec: 20 });
    const { ctl } = controller(port);
    await ctl.register().catch(() => undefined);
    expect(ctl.status()).toMatchObject({ state: 'backoff', lastErrorKey: 'softphone.errors.registrarRejected', nextRetryAt: Date.now() + 20_000 });
  });

  it('a REGISTER that never gets an answer is dropped after 10 s and the connection is reopened', async () => {
    const port = new FakePort();
    port.registerWith = never;
    const { ctl } = controller(port);
    const outcome = ctl.register().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await outcome).toMatchObject({ messageKey: 'softphone.errors.timeout' });
    expect(port.disconnects).toBe(1);
    expect(ctl.state).toBe('backoff');
  });

  it('the keepalive notices a dead peer within 30 s and reconnects', async () => {
    const port = new FakePort();
    const { ctl, states } = controller(port);
    await ctl.register();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(port.pings).toBe(1);
    port.pingWith = never; // the peer vanished without a FIN
    const diedAt = Date.now();
    let noticedAt = 0;
    ctl.onStatus((status) => {
      if (status.state === 'backoff' && noticedAt === 0) noticedAt = Date.now();
    });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(noticedAt).toBeGreaterThan(0);
    expect(noticedAt - diedAt).toBeLessThanOrEqual(30_000);
    expect(port.disconnects).toBeGreaterThanOrEqual(1);
    expect(states()).toContain('backoff');
  });

  it('a dropped transport backs off, reconnects, and tells the calls to renegotiate', async () => {
    const port = new FakePort();
    const { ctl, states } = controller(port, () => 0.5);
    let restored = 0;
    ctl.onTransportRestored(() => (restored += 1));
    await ctl.register();
    port.drop();
    expect(ctl.state).toBe('backoff');
    await vi.advanceTimersByTimeAsync(250);
    expect(ctl.state).toBe('registered');
    expect(restored).toBe(1);
    expect(states()).toEqual(['connecting', 'registering', 'registered', 'backoff', 'connecting', 'registering', 'registered']);
  });

  it('re-registers at once after a network change, without waiting for any timer', async () => {
    const port = new FakePort();
    const { ctl } = controller(port);
    await ctl.register();
    ctl.networkChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(port.disconnects).toBe(1);
    expect(port.connects).toBe(2);
    expect(port.registers).toBe(2);
    expect(ctl.state).toBe('registered');
  });

  it('unregisters cleanly and stops every timer', async () => {
    const port = new FakePort();
    const { ctl, states } = controller(port);
    await ctl.register();
    await ctl.unregister();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(states().slice(-2)).toEqual(['unregistering', 'unregistered']);
    expect(port.registers).toBe(1);
    expect(port.pings).toBe(0);
  });
});
