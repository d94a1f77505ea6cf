import type { AgentBoardState, BoardAgent, BoardCall } from '@tandem/contract';
import type { BoardRow } from '../team/agentStates';
import type { MemberDialogs, WatchedDialog } from './dialogWatcher';

/**
 * One agent's line on the supervisor's board, from the two places that know:
 * the SIP server (their dialogs, through the dialog watcher) and the team
 * database (their chosen availability, their desk's lease, their live claims
 * on social conversations). Pure, so every rule is tested on its own.
 *
 * `row.server_now` is the database's clock at this moment (the service moves
 * it on from the read), so a lease that lapsed since the read already reads
 * as offline here: leases are compared on the database's clock, never the
 * desk's.
 *
 * Precedence, most pressing first: on a call (a confirmed dialog) → ringing
 * (an early one, either way) → offline (the desk is gone) → on social (a live
 * claim or an open conversation) → the chosen availability. An agent whose
 * desk signed out but whose phone is still on a call shows the call: the SIP
 * server is the truth for calls.
 */
export function boardAgent(row: BoardRow, dialogs: MemberDialogs | undefined, now: number): BoardAgent {
  // The database's times are moved onto this desk's clock, so "time in state" is right even if the clocks differ.
  const serverNow = row.server_now.getTime();
  const local = (at: Date | null): number => (at === null ? now : Math.min(now, at.getTime() - serverNow + now));
  const base = {
    id: row.agent_id,
    name: row.name,
    ...(row.sip_uri === null ? {} : { sipUri: row.sip_uri }),
    callsUnknown: row.sip_uri !== null && dialogs?.watch !== 'active',
  };
  const live = dialogs?.watch === 'active' ? dialogs.dialogs : [];
  const confirmed = live.find((dialog) => dialog.state === 'confirmed');
  if (confirmed !== undefined) return { ...base, state: 'on-call', since: confirmed.since, call: boardCall(confirmed) };
  const early = live.find((dialog) => dialog.state !== 'terminated');
  if (early !== undefined) return { ...base, state: 'ringing', since: early.since, call: boardCall(early) };
  const since = local(row.since);
  if (row.state === null || row.state === 'offline') return { ...base, state: 'offline', since };
  // A lapsed lease: the desk vanished without signing out; offline since the lease ran out.
  if (!isLive(row.alive_until, serverNow)) return { ...base, state: 'offline', since: row.alive_until === null ? since : local(row.alive_until) };
  if (isLive(row.social_until, serverNow)) return { ...base, state: 'on-social', since: row.social_since === null ? since : local(row.social_since) };
  return { ...base, state: chosen(row.state), since };
}

/**
 * When, on the database's clock, this row will read differently with no
 * change in the database: the earliest lease or claim still running out.
 * The service sets a timer for it, so a vanished desk shows offline on time
 * without reading the board again.
 */
export function rowDeadline(row: BoardRow): number | undefined {
  const serverNow = row.server_now.getTime();
  const pending = [row.alive_until, row.social_until].flatMap((at) => (at !== null && at.getTime() > serverNow ? [at.getTime()] : []));
  return pending.length === 0 ? undefined : Math.min(...pending);
}

const isLive = (until: Date | null, serverNow: number): boolean => until !== null && until.getTime() > serverNow;

function chosen(state: string): AgentBoardState {
  switch (state) {
    case 'available':
    case 'break':
    case 'wrap-up':
    case 'away':
      return state;
    default:
      return 'offline';
  }
}

function boardCall(dialog: WatchedDialog): BoardCall {
  const party = dialog.remote?.uri ?? '';
  return {
    party: party.slice(0, 512),
    ...(dialog.remote?.display === null || dialog.remote?.display === undefined ? {} : { partyName: dialog.remote.display.slice(0, 256) }),
    ...(dialog.direction === null ? {} : { direction: dialog.direction === 'initiator' ? 'outbound' : 'inbound' }),
    since: dialog.since,
  };
}
