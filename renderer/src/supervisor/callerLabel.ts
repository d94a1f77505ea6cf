import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { sipUserPart } from '@tandem/contract';

/**
 * How the complaint alert names the caller: the team's own name for the
 * customer when it has one (their Bluesky account verified as the post's
 * author, `supervisor_queue()` since migration 0013), else the number as
 * the supervisor's region writes it ("(212) 555-0123" in the US, "+1 212 555
 * 0123" elsewhere). Never the SIP server's host ("2125550123@127.0.0.1" says
 * nothing to a team lead); a user part that is no number is shown as it is.
 */
export type CallerLabel = { readonly kind: 'name'; readonly text: string } | { readonly kind: 'number'; readonly text: string };

export function callerLabel(party: string, customerName: string | null, defaultRegion: string): CallerLabel {
  const name = customerName?.trim() ?? '';
  if (name !== '') return { kind: 'name', text: name };
  const user = sipUserPart(party);
  const number = parsePhoneNumberFromString(user, regionOrUndefined(defaultRegion));
  if (number?.isValid() !== true) return { kind: 'number', text: user };
  return { kind: 'number', text: number.country === defaultRegion ? number.formatNational() : number.formatInternational() };
}

/** 'ZZ' (no region set) or anything libphonenumber does not know: only numbers with a country code are understood. */
function regionOrUndefined(region: string): CountryCode | undefined {
  return /^[A-Z]{2}$/.test(region) && region !== 'ZZ' ? (region as CountryCode) : undefined;
}
