import type { CallInfo, PublicSettings } from '@tandem/contract';

/**
 * Read-only views of the store that the caller-context slices and components
 * share; a component that needs one imports this, not a slice. Typed by the
 * fields they read, so this module does not import the store.
 */

interface WithSettings {
  readonly settings: PublicSettings | null;
}

/** The region for national phone formats: the SIP account's; without one only international numbers parse. */
export const defaultRegionOf = (state: WithSettings): string => state.settings?.sip?.defaultRegion ?? 'ZZ';

/** The brand account profiles are fetched through: the first Bluesky one configured. */
export const profileAccountOf = (state: WithSettings): string | null => {
  const account = state.settings?.social.find((social) => social.network === 'bluesky');
  return account === undefined ? null : `${account.network}:${account.handle}`;
};

/**
 * The panel's call while it is answered and not over: a code given or read
 * back on it binds its number (main checks the same against its own calls).
 */
export const liveContextCall = (state: { readonly contextCall: CallInfo | null }): CallInfo | null => {
  const call = state.contextCall;
  return call !== null && call.answeredAt !== null && call.state !== 'ended' ? call : null;
};
