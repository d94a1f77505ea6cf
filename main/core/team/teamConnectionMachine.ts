import { StateMachine, type TransitionTable } from '../stateMachine';

/**
 * The desk's connection to the team database (one LISTEN session per desk).
 *
 * ```txt
 *   offline ──start()──► connecting ──(connected, LISTEN sent)──► catching-up ──(team_changes read to the end)──► live
 *      ▲                    │  ▲                                      │                                            │
 *      │ stop()             │  └───────(backoff timer)──── reconnecting ◄──(connection lost, query failed)──────────┘
 *      └──── from any state │ connect failed ──────────────────► ▲
 * ```
 *
 * "live" means: LISTEN is active on an open session and every change up to
 * the moment it started listening has been applied, so the notifications
 * from then on are the complete stream. NOTIFY is not replayed, so every
 * (re)connect passes through catching-up before it may claim "live".
 */
export type TeamConnectionState = 'offline' | 'connecting' | 'catching-up' | 'live' | 'reconnecting';

export const TEAM_CONNECTION_TRANSITIONS: TransitionTable<TeamConnectionState> = {
  offline: ['connecting'],
  connecting: ['catching-up', 'reconnecting', 'offline'],
  // LISTEN comes before the catch-up query, so nothing committed in between is missed.
  'catching-up': ['live', 'reconnecting', 'offline'],
  live: ['reconnecting', 'offline'],
  // Only the backoff timer (or stop) leaves it: no reconnect storm against a server that is restarting.
  reconnecting: ['connecting', 'offline'],
};

export class TeamConnectionMachine extends StateMachine<TeamConnectionState> {
  constructor() {
    super('team connection', TEAM_CONNECTION_TRANSITIONS, 'offline');
  }
}
