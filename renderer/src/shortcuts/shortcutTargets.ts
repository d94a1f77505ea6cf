import type { CallInfo, ShortcutAction } from '@tandem/contract';

const isIncoming = (call: CallInfo) => call.direction === 'inbound' && call.state === 'ringing';

/** The call that has waited longest among those ringing in: the one the agent has left alone the longest. */
export function ringingCall(calls: readonly CallInfo[]): CallInfo | null {
  return calls.filter(isIncoming).reduce<CallInfo | null>((oldest, call) => (oldest === null || call.startedAt < oldest.startedAt ? call : oldest), null);
}

/** The call the agent is on: the connected one, else the only call that is not ringing in (held, dialling). */
export function currentCall(calls: readonly CallInfo[]): CallInfo | null {
  const active = calls.find((call) => call.state === 'active');
  if (active !== undefined) return active;
  const others = calls.filter((call) => !isIncoming(call));
  return others.length === 1 ? (others[0] ?? null) : null;
}

/** What a shortcut does, decided from the calls alone; `null` when it cannot apply (nothing rings, no call). */
export type ShortcutStep =
  | { readonly kind: 'answer' | 'decline' | 'hangup' | 'hold' | 'resume'; readonly callId: string }
  | { readonly kind: 'mute'; readonly callId: string; readonly muted: boolean }
  | { readonly kind: 'transfer'; readonly callId: string }
  | { readonly kind: 'focusDial' };

export function shortcutStep(action: ShortcutAction, calls: readonly CallInfo[]): ShortcutStep | null {
  if (action === 'focusDial') return { kind: 'focusDial' };
  if (action === 'answer' || action === 'decline') {
    const call = ringingCall(calls);
    return call === null ? null : { kind: action, callId: call.id };
  }
  const call = currentCall(calls);
  if (call === null) return null;
  const talking = call.state === 'active' || call.state === 'held';
  switch (action) {
    case 'hangup':
      return call.state === 'ending' ? null : { kind: 'hangup', callId: call.id };
    case 'hold':
      // One key both ways, like a desk phone's Hold button.
      return talking ? { kind: call.state === 'held' ? 'resume' : 'hold', callId: call.id } : null;
    case 'mute':
      return talking ? { kind: 'mute', callId: call.id, muted: !call.muted } : null;
    case 'transfer':
      // A consultation leg is itself the transfer's second half: its original call holds the Transfer button.
      return talking && call.consultFor === null ? { kind: 'transfer', callId: call.id } : null;
  }
}
