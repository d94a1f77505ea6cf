import type { Availability, CallInfo, OwnAvailability } from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { Logger } from '../log/logger';
import { TimerSlot, type Clock } from '../time/clock';
import { leaseRenewMs, readOwnAvailability, setAvailability, signOut } from '../team/agentStates';
import { AvailabilityMachine } from './availabilityMachine';
import type { TeamSessions } from './teamPool';

export interface AvailabilityServiceOptions {
  readonly sessions: TeamSessions;
  readonly clock: Clock;
  readonly log: Logger;
  /** How long wrap-up lasts before the agent is available again (profile `team.wrapUpSeconds`). */
  readonly wrapUpMs: number;
  /** How long the desk's presence lasts without a renewal (profile `team.presenceLeaseSeconds`). */
  readonly leaseSeconds: number;
  readonly emit: (state: OwnAvailability) => void;
}

/**
 * The agent's side of availability in team mode: the header's choice, the
 * automatic wrap-up at hang-up and its end, and the desk's lease in the team
 * database. The state and the lease go in one statement every third of the lease
 * (`setAvailability`: the database keeps `since` when the state is the same),
 * so a write lost while the database was away is made again by itself, and a
 * desk that stops renewing reads as offline within a minute.
 */
export class AvailabilityService {
  readonly #options: AvailabilityServiceOptions;
  readonly #machine = new AvailabilityMachine();
  readonly #heartbeat: TimerSlot;
  readonly #wrapUp: TimerSlot;
  #since: number;
  #wrapUpEndsAt: number | undefined;
  /** Calls answered on this desk and not ended yet: their end starts wrap-up. */
  readonly #answered = new Set<string>();
  #stopped = false;

  constructor(options: AvailabilityServiceOptions) {
    this.#options = options;
    this.#heartbeat = new TimerSlot(options.clock);
    this.#wrapUp = new TimerSlot(options.clock);
    this.#since = options.clock.now();
  }

  /** Signs in: a desk reloaded during a break stays on it; otherwise the agent starts available. */
  async start(): Promise<void> {
    try {
      const stored = await readOwnAvailability(await this.#options.sessions.pool());
      if (stored !== null && stored.state !== 'wrap-up' && stored.state !== this.#machine.state) this.#machine.transition(stored.state);
    } catch (error: unknown) {
      this.#options.log.warn('availability: could not read the stored state; starting available', { error: message(error) });
    }
    await this.#write();
  }

  current(): OwnAvailability {
    return {
      state: this.#machine.state,
      since: this.#since,
      ...(this.#wrapUpEndsAt === undefined ? {} : { wrapUpEndsAt: this.#wrapUpEndsAt }),
    };
  }

  /** The agent's choice in the header. */
  async choose(state: Availability): Promise<OwnAvailability> {
    if (this.#stopped) throw new ContractFailure('rejected', 'team.errors.solo');
    this.#move(state);
    await this.#write();
    return this.current();
  }

  /** Every `softphone:call` event: an answered call that ends starts wrap-up. */
  callChanged(call: CallInfo): void {
    if (call.state === 'ended') {
      if (!this.#answered.delete(call.id)) return;
      if (this.#machine.is('available')) {
        this.#move('wrap-up');
        void this.#write();
      }
      return;
    }
    if (call.answeredAt !== null) this.#answered.add(call.id);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#heartbeat.cancel();
    this.#wrapUp.cancel();
    try {
      await signOut(await this.#options.sessions.pool());
    } catch (error: unknown) {
      this.#options.log.warn('availability: could not sign out; the lease will lapse by itself', { error: message(error) });
    }
  }

  #move(state: Availability): void {
    if (state !== this.#machine.state) {
      this.#machine.transition(state);
      this.#since = this.#options.clock.now();
    }
    this.#wrapUp.cancel();
    this.#wrapUpEndsAt = undefined;
    if (state === 'wrap-up') {
      this.#wrapUpEndsAt = this.#options.clock.now() + this.#options.wrapUpMs;
      this.#wrapUp.arm(this.#options.wrapUpMs, () => {
        if (!this.#machine.is('wrap-up') || this.#stopped) return;
        this.#move('available');
        void this.#write();
      });
    }
    this.#options.emit(this.current());
  }

  async #write(): Promise<void> {
    if (this.#stopped) return;
    this.#heartbeat.arm(leaseRenewMs(this.#options.leaseSeconds), () => void this.#write());
    try {
      // The header's timer counts from this desk's clock; the board reads the database's `since`.
      await setAvailability(await this.#options.sessions.pool(), this.#machine.state, this.#options.leaseSeconds);
    } catch (error: unknown) {
      this.#options.log.warn('availability: the team database did not take the state; trying again with the next renewal', { error: message(error) });
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
