import type { Core } from '../../../main/core/app/createCore';
import { isBroadcastEvent } from '../../../main/core/events/eventBus';
import { EVENT_NAMES, type CallInfo, type EventName, type EventPayload, type RegistrationStatus } from '@tandem/contract';

interface Recorded {
  readonly event: EventName;
  readonly payload: unknown;
  readonly at: number;
}

/** Records every broadcast event a core emits, and waits for the ones a test expects (never sleeps). */
export class EventRecorder {
  readonly log: Recorded[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #unsubscribe: () => void;

  constructor(core: Core) {
    // Every broadcast event, in the order emitted; media requests are addressed to a window (TestMediaEngine).
    const unsubscribes = EVENT_NAMES.filter(isBroadcastEvent).map((event) =>
      core.events.on(event, (payload) => {
        this.log.push({ event, payload, at: Date.now() });
        for (const wake of [...this.#waiters]) wake();
      }),
    );
    this.#unsubscribe = () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }

  /** Position to pass as `from` to wait for events after now only. */
  get mark(): number {
    return this.log.length;
  }

  all<E extends EventName>(event: E, from = 0): Array<EventPayload<E>> {
    return this.log
      .slice(from)
      .filter((entry) => entry.event === event)
      .map((entry) => entry.payload as EventPayload<E>);
  }

  registrations(from = 0): RegistrationStatus[] {
    return this.all('softphone:registration', from);
  }

  calls(from = 0): CallInfo[] {
    return this.all('softphone:call', from);
  }

  waitFor<E extends EventName>(
    event: E,
    where: (payload: EventPayload<E>) => boolean,
    options: { timeoutMs?: number; from?: number } = {},
  ): Promise<EventPayload<E>> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const from = options.from ?? 0;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.log.slice(from).find((entry) => entry.event === event && where(entry.payload as EventPayload<E>));
        if (found === undefined) return false;
        done();
        resolve(found.payload as EventPayload<E>);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.log
          .slice(from)
          .filter((entry) => entry.event === event)
          .map((entry) => JSON.stringify(entry.payload).slice(0, 300))
          .join('\n  ');
        reject(new Error(`no matching ${event} within ${timeoutMs} ms; saw:\n  ${seen}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  registration(state: RegistrationStatus['state'], options: { timeoutMs?: number; from?: number } = {}): Promise<RegistrationStatus> {
    return this.waitFor('softphone:registration', (status) => status.state === state, options);
  }

  call(where: (info: CallInfo) => boolean, options: { timeoutMs?: number; from?: number } = {}): Promise<CallInfo> {
    return this.waitFor('softphone:call', where, options);
  }

  stop(): void {
    this.#unsubscribe();
  }
}
