import type { PublicSettings } from '@tandem/contract';

/** Read-only views of the settings that other features need; typed by the field they read, so this module does not import the store. */

interface WithSettings {
  readonly settings: PublicSettings | null;
}

/** The region for national phone formats: the SIP account's; without one only international numbers parse. */
export const defaultRegionOf = (state: WithSettings): string => state.settings?.sip?.defaultRegion ?? 'ZZ';

/**
 * A seat with nothing set up yet (no phone account, no social account): the desk shows its one call to
 * action, "Set up your desk", and the columns keep their "nothing here" texts to themselves. False until
 * the settings are known, so a scripted seat never flashes the call to action.
 */
export const deskIsEmptyOf = (state: WithSettings): boolean => state.settings !== null && state.settings.sip === null && state.settings.social.length === 0;

/** The brand account profiles are fetched through: the first Bluesky one configured. */
export const profileAccountOf = (state: WithSettings): string | null => {
  const account = state.settings?.social.find((social) => social.network === 'bluesky');
  return account === undefined ? null : `${account.network}:${account.handle}`;
};
