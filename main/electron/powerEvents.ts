import { powerMonitor } from 'electron';

/**
 * What the OS tells us about sleep and the lock screen. The softphone will
 * re-register on `resume` (a REGISTER binding does not survive a long sleep)
 * and presence may go "away" on `lock-screen`. Kept behind this interface so
 * a service can take it without importing electron.
 */
export type PowerEventName = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen';

export interface PowerEvents {
  on(event: PowerEventName, listener: () => void): () => void;
}

/** Electron's `powerMonitor`; only usable once the app is ready. */
export function electronPowerEvents(): PowerEvents {
  return {
    on(event, listener) {
      // Seen as the plain emitter it is: its typed overloads take one literal event name at a time.
      const emitter: NodeJS.EventEmitter = powerMonitor;
      emitter.on(event, listener);
      return () => {
        emitter.removeListener(event, listener);
      };
    },
  };
}
