/**
 * Time as the softphone sees it. Injected so that backoff, expiry and
 * keepalive logic can be driven by fake timers in unit tests.
 */
export type TimerHandle = unknown;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending retry or keepalive must never keep a dying process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A one-shot timer slot: arming it again cancels the previous callback. */
export class TimerSlot {
  /** Boxed: a platform timer handle may be any value, even a falsy number. */
  #armedWith: { readonly handle: TimerHandle } | undefined;
  constructor(private readonly clock: Clock) {}

  arm(ms: number, callback: () => void): void {
    this.cancel();
    const box = {
      handle: this.clock.setTimeout(
        () => {
          if (this.#armedWith === box) this.#armedWith = undefined;
          callback();
        },
        Math.max(0, ms),
      ),
    };
    this.#armedWith = box;
  }

  cancel(): void {
    if (this.#armedWith !== undefined) this.clock.clearTimeout(this.#armedWith.handle);
    this.#armedWith = undefined;
  }

  get armed(): boolean {
    return this.#armedWith !== undefined;
  }
}

export const TIMED_OUT: unique symbol = Symbol('timed out');

/** Races `promise` against a timer on `clock`; the loser is ignored (its rejection is swallowed). */
export function withTimeout<T>(promise: Promise<T>, ms: number, clock: Clock): Promise<T | typeof TIMED_OUT> {
  return new Promise<T | typeof TIMED_OUT>((resolve, reject) => {
    const handle = clock.setTimeout(() => resolve(TIMED_OUT), ms);
    promise.then(
      (value) => {
        clock.clearTimeout(handle);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(handle);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
