import type { ShortcutAction } from '@tandem/contract';
import type { ControlFocusSlice } from '../softphone/controlFocusSlice';
import type { SoftphoneSlice } from '../softphone/softphoneSlice';
import { shortcutStep } from './shortcutTargets';

/** What a shortcut needs from the store: the calls, their actions and the focus asks. */
export type ShortcutState = Pick<SoftphoneSlice, 'calls' | 'answer' | 'decline' | 'hangup' | 'hold' | 'resume' | 'setMuted'> &
  Pick<ControlFocusSlice, 'askFocus'>;

/**
 * Does what a shortcut asks, pressed in the page or (Electron) anywhere on the computer. One that cannot apply
 * (Answer with nothing ringing) does nothing: the call list already shows why, and announcing every stray press
 * would be noise.
 */
export function runShortcut(action: ShortcutAction, state: ShortcutState): void {
  const step = shortcutStep(action, state.calls);
  if (step === null) return;
  switch (step.kind) {
    case 'answer':
      return void state.answer(step.callId);
    case 'decline':
      return void state.decline(step.callId);
    case 'hangup':
      return void state.hangup(step.callId);
    case 'hold':
      return void state.hold(step.callId);
    case 'resume':
      return void state.resume(step.callId);
    case 'mute':
      return void state.setMuted(step.callId, step.muted);
    case 'transfer':
      return state.askFocus({ kind: 'transfer', callId: step.callId });
    case 'focusDial':
      return state.askFocus({ kind: 'dial' });
  }
}
