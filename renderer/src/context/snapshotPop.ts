import type { CallInfo } from '@tandem/contract';

/**
 * Which call a read of main's softphone state (start-up, every reconnect) pops, as the events this window
 * missed would have: a call that rang meanwhile pops over whatever the panel shows (`contextCallChanged`
 * pops every new ringing call), the newest first; with none ringing, the newest live call fills an empty
 * panel (a reload mid-call). Undefined: the panel stays as it is.
 */
export function callToPopAfterRead(calls: readonly CallInfo[], onPanel: CallInfo | null): CallInfo | undefined {
  const newestFirst = calls.filter((call) => call.state !== 'ended' && call.consultFor === null).sort((a, b) => b.startedAt - a.startedAt);
  const ringing = newestFirst.find((call) => call.direction === 'inbound' && call.state === 'ringing' && call.id !== onPanel?.id);
  return ringing ?? (onPanel === null ? newestFirst[0] : undefined);
}
