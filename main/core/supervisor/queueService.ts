import type { MentionSpike, QueueConversation, ResponseTargets, SupervisorQueue } from '@tandem/contract';
import type { Logger } from '../log/logger';
import { TimerSlot, type Clock } from '../time/clock';
import { detectSpike, filledIntervals } from './alertsSpike';
import { readQueue, readQueueCounts, readVolume } from './queueRead';
import type { TeamSessions } from './teamPool';

export interface QueueServiceOptions {
  readonly sessions: TeamSessions;
  readonly clock: Clock;
  readonly log: Logger;
  readonly targets: ResponseTargets;
  readonly emit: (queue: SupervisorQueue) => void;
  /** How often the queue is read again (default 5 s). */
  readonly refreshMs?: number;
  /** How often the mention counts are read again (default 60 s: an interval is 15 minutes). */
  readonly volumeRefreshMs?: number;
}

/** A week of 15-minute intervals: the baseline and the calls-per-mention ratio are taken over it. */
export const VOLUME_HISTORY_MS = 7 * 24 * 3_600_000;

/**
 * The supervisor view's social queue (issue 16, item 3) and the mention
 * spike (item 4b), read from the team database under the supervisor's own
 * login (`supervisor_queue()`, `supervisor_volume()`: an agent's login is
 * refused, 42501). Read when the view first asks, then every few seconds
 * while the desk runs; each read is pushed as `supervisor:queue`.
 */
export class QueueService {
  readonly #options: QueueServiceOptions;
  readonly #refresh: TimerSlot;
  #started = false;
  #conversations: QueueConversation[] = [];
  #counts: SupervisorQueue['counts'] = { new: 0, open: 0, waiting: 0, closed: 0 };
  #spike: MentionSpike | null = null;
  #volumeReadAt = Number.NEGATIVE_INFINITY;

  constructor(options: QueueServiceOptions) {
    this.#options = options;
    this.#refresh = new TimerSlot(options.clock);
  }

  /** The queue now; the first call starts the reads and fails to the caller as the database refuses it. */
  async queue(): Promise<SupervisorQueue> {
    if (!this.#started) {
      this.#started = true;
      try {
        await this.#read();
      } catch (error: unknown) {
        this.#started = false;
        this.#refresh.cancel();
        throw error;
      }
    }
    return this.#snapshot();
  }

  /** The conversation as last read, for a notification's words. */
  conversation(id: string): QueueConversation | undefined {
    return this.#conversations.find((conversation) => conversation.id === id);
  }

  stop(): void {
    this.#refresh.cancel();
  }

  async #read(): Promise<void> {
    this.#refresh.arm(this.#options.refreshMs ?? 5000, () => void this.#readAgain());
    const db = await this.#options.sessions.pool();
    const now = this.#options.clock.now();
    [this.#conversations, this.#counts] = await Promise.all([readQueue(db, now), readQueueCounts(db)]);
    if (now - this.#volumeReadAt >= (this.#options.volumeRefreshMs ?? 60_000)) {
      const from = now - VOLUME_HISTORY_MS;
      this.#spike = detectSpike(filledIntervals(await readVolume(db, new Date(from)), from, now));
      this.#volumeReadAt = now;
    }
    this.#options.emit(this.#snapshot());
  }

  async #readAgain(): Promise<void> {
    try {
      await this.#read();
    } catch (error: unknown) {
      this.#options.log.warn('supervisor: could not read the social queue; trying again', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  #snapshot(): SupervisorQueue {
    return { conversations: this.#conversations, counts: this.#counts, targets: this.#options.targets, spike: this.#spike };
  }
}
