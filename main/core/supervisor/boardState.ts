import type { AgentBoardState, BoardAgent, BoardCall } from '@tandem/contract';
import type { BoardRow } from '../team/agentStates';
import type { MemberDialogs, WatchedDialog } from './dialogWatcher';

/**
 * One agent's line on the supervisor's board, from the two places that know:
 * the SIP server (their dialogs, through the dialog watcher) and the team
 * database (their chosen availability, their desk's lease, their live claims
 * on social conversations). Pure, so every rule is tested on its own.
 *
 * Precedence, most pressing first: offline (the desk is gone, whatever the
 * SIP server still holds) → on a call (a confirmed dialog) → ringing (an
 * early one, either way) → on social (a live claim) → the chosen
 * availability. An agent whose desk signed out but whose phone is still on a
 * call shows the call: the SIP server is the truth for calls.
 */
export function boardAgent(row: BoardRow, dialogs: MemberDialogs | undefined, now: number): BoardAgent {
  // The database's times are moved onto this desk's clock, so "time in state" is right even if the clocks differ.
  const skew = now - row.server_now.getTime();
  const since = row.since === null ? now : Math.min(now, row.since.getTime() + skew);
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
  if (!row.alive || row.state === null) return { ...base, state: 'offline', since };
  if (row.on_social) return { ...base, state: 'on-social', since };
  return { ...base, state: chosen(row.state), since };
}

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
