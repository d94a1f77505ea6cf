import type { Logger } from '../../log/logger';

/** Runs a sip.js callback's work; a throw is logged (and `onError` runs), never escaping into sip.js or the event loop. */
export type Guard = (what: string, work: () => void, onError?: () => void) => void;

export function guardWith(log: Logger): Guard {
  return (what, work, onError) => {
    try {
      work();
    } catch (error: unknown) {
      log.error(`softphone: ${what} handler failed`, { error: error instanceof Error ? error.message : String(error) });
      onError?.();
    }
  };
}
