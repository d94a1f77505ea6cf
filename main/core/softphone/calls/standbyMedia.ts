import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../time/clock';
import type { MediaBroker } from '../media/mediaBroker';

/** A standby older than this is replaced: its ICE candidates may be stale. */
const STANDBY_MAX_AGE_MS = 120_000;

export interface StandbyMediaOptions {
  readonly broker: Pick<MediaBroker, 'notify'>;
  readonly clock: Clock;
  readonly maxAgeMs?: number;
}

/**
 * The media engine's connection for the next outbound call, made ahead (ICE
 * candidates gathered, no microphone): `take` hands its id to the call being
 * dialled, which then becomes that call's id. Kept while the line is
 * registered; made again after each call is up or over, and replaced when old
 * or the network changed.
 */
export class StandbyMedia {
  #standby: { readonly id: string; readonly timer: TimerHandle } | null = null;
  /** Whether a standby should be kept (the line is registered). */
  #wanted = false;

  constructor(private readonly options: StandbyMediaOptions) {}

  /** Keeps one connection ready, created and ICE-gathered ahead, without the microphone (nothing is captured while idle). */
  warm(): void {
    this.#wanted = true;
    if (this.#standby !== null) return;
    const id = randomUUID();
    const timer = this.options.clock.setTimeout(() => {
      if (this.#standby?.id !== id) return;
      this.#close();
      if (this.#wanted) this.warm();
    }, this.options.maxAgeMs ?? STANDBY_MAX_AGE_MS);
    this.#standby = { id, timer };
    this.options.broker.notify(id, { op: 'prepare', microphone: false });
  }

  /** Closes the standby connection; `keep` makes a fresh one at once (after a network change). */
  drop(keep = false): void {
    this.#wanted = keep && this.#wanted;
    this.#close();
    if (this.#wanted) this.warm();
  }

  /** The standby's id while one is kept: a window that reads main after a reconnect keeps its media (SoftphoneSnapshot.standby). */
  get id(): string | null {
    return this.#standby?.id ?? null;
  }

  /** The standby's id for a call being dialled now (its media becomes that call's), or undefined. */
  take(): string | undefined {
    const standby = this.#standby;
    if (standby === null) return undefined;
    this.#standby = null;
    this.options.clock.clearTimeout(standby.timer);
    return standby.id;
  }

  /** After a call is up or over: the next outbound call should find a standby again. */
  rewarm(): void {
    if (this.#wanted && this.#standby === null) this.warm();
  }

  /** A reloaded engine has no standby connection: make it again (same id, nothing was dialled on it). */
  reprepare(): void {
    if (this.#standby !== null) this.options.broker.notify(this.#standby.id, { op: 'prepare', microphone: false });
  }

  #close(): void {
    const standby = this.#standby;
    if (standby === null) return;
    this.#standby = null;
    this.options.clock.clearTimeout(standby.timer);
    this.options.broker.notify(standby.id, { op: 'close' });
  }
}
