import type { ContractError } from '@tandem/contract';

/** What the panel was doing when something failed; the alert names it. */
export type ContextOperation = 'lookup' | 'save' | 'search' | 'customer' | 'identity' | 'verify' | 'proof' | 'profile';

export interface ContextProblem {
  readonly operation: ContextOperation;
  readonly error: ContractError;
}

/** IndexedDB failed (full, blocked, an upgrade elsewhere): the panel says so in general terms. */
export const STORAGE_ERROR: ContractError = { code: 'internal', messageKey: 'errors.internal' };

export interface ContextProblemReporter {
  /** Shows the problem in the panel; the last one wins. */
  readonly fail: (operation: ContextOperation, error?: ContractError) => void;
  /** Runs Dexie work; a failure becomes a problem in the panel and `undefined`, never a rejection. */
  readonly guarded: <T>(operation: ContextOperation, work: () => Promise<T>) => Promise<T | undefined>;
}

/**
 * The one alert every part of the caller context (screen pop, call note,
 * verification, search) reports to, so each slice fails the same way.
 */
export function contextProblemReporter(show: (patch: { contextProblem: ContextProblem }) => void): ContextProblemReporter {
  const fail = (operation: ContextOperation, error: ContractError = STORAGE_ERROR) => show({ contextProblem: { operation, error } });
  return {
    fail,
    async guarded(operation, work) {
      try {
        return await work();
      } catch {
        fail(operation);
        return undefined;
      }
    },
  };
}
