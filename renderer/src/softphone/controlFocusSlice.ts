import type { SliceCreator } from '../store/store';

/** A softphone control the keyboard can bring under the agent's hands. */
export type FocusTarget = { readonly kind: 'dial' } | { readonly kind: 'transfer'; readonly callId: string };

/**
 * Asks to focus the dial box or a call's transfer box (opening it) from outside the softphone: a keyboard
 * shortcut pressed anywhere in the desk. The component that owns the control does the focusing; each ask has
 * its own serial, so asking twice focuses twice even when the agent moved away in between.
 */
export interface ControlFocusSlice {
  focusAsk: (FocusTarget & { readonly serial: number }) | null;
  readonly askFocus: (target: FocusTarget) => void;
}

export const createControlFocusSlice: SliceCreator<ControlFocusSlice> = () => (set, get) => ({
  focusAsk: null,
  askFocus(target) {
    set({ focusAsk: { ...target, serial: (get().focusAsk?.serial ?? 0) + 1 } });
  },
});
