/**
 * The two Electron IPC channels of the whole app; the contract's channels travel inside them.
 * They live here because both ends need them and a sandboxed preload may not import main's code.
 */
export const INVOKE_CHANNEL = 'tandem:invoke';
export const EVENT_CHANNEL = 'tandem:event';
