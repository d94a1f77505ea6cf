import { StateMachine, type TransitionTable } from '../stateMachine';

/**
 * One desk's part in the election of the team's ingester for one brand
 * account (issue 11, "One ingester per team"; ingester.ts).
 *
 * ```txt
 *              start()              lock won, cursor read
 *   stopped ───────────► acquiring ───────────────────────► leading
 *      ▲                  │  ▲  │                           │    │
 *      │                  │  │  │ stop()             stop() │    │ session lost: killed, dropped,
 *      │   lock busy or   │  │  ▼                           ▼    │ or a batch could not be written
 *      │   database down  │  │  releasing ◄─────────────────┘    │
 *      │                  ▼  │ retry timer (≤ 3 s)   │            │
 *      └──── stop() ──── standby ◄───────────────────┼────────────┘
 *                                                    │ source stopped, last batch settled, session ended
 *   stopped ◄────────────────────────────────────────┘
 * ```
 *
 * "leading" means: this desk's own session holds
 * `pg_try_advisory_lock(hashtext('tandem:ingest:' || account_id))` (`|| ':chat'` for the chat stream) and the
 * source is following from the cursor read under that lock. The lock lives
 * and dies with the session, and every batch is written on that same session,
 * so a desk that lost it can no longer write: nothing else needs to say who
 * leads.
 */
export type IngesterState = 'stopped' | 'standby' | 'acquiring' | 'leading' | 'releasing';

export const INGESTER_TRANSITIONS: TransitionTable<IngesterState> = {
  // The first try is at once: a team with one desk up must not wait a retry period for its inbox.
  stopped: ['acquiring'],
  // Lock busy, or the database unreachable: both wait for the retry timer in standby.
  acquiring: ['leading', 'standby', 'releasing'],
  // Only the retry timer (or stop) leaves it: a busy lock is asked again at a steady pace, never in a loop.
  standby: ['acquiring', 'stopped'],
  // A lost session took the lock with it: there is nothing to release, only to wait and try again.
  leading: ['releasing', 'standby'],
  // Releasing is the way out only: a desk that is quitting never leads again until started.
  releasing: ['stopped'],
};

export class IngesterMachine extends StateMachine<IngesterState> {
  constructor() {
    super('ingester', INGESTER_TRANSITIONS, 'stopped');
  }
}
