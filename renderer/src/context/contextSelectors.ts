import type { CallInfo } from '@tandem/contract';

/**
 * Read-only views of the store that the caller-context slices and components
 * share; a component that needs one imports this, not a slice. Typed by the
 * fields they read, so this module does not import the store.
 */

/**
 * The panel's call while it is answered and not over: a code given or read
 * back on it binds its number (main checks the same against its own calls).
 */
export const liveContextCall = (state: { readonly contextCall: CallInfo | null }): CallInfo | null => {
  const call = state.contextCall;
  return call !== null && call.answeredAt !== null && call.state !== 'ended' ? call : null;
};
