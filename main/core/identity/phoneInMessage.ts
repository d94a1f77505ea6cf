import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

/**
 * The first valid phone number a customer typed in a private message, as
 * E.164 — their consent to link that number to the account they wrote from.
 */
export function phoneInMessage(text: string, defaultRegion: string): string | null {
  const found = findPhoneNumbersInText(text.slice(0, 2_000), { defaultCountry: defaultRegion as CountryCode, extended: false });
  const valid = found.find((match) => match.number.isValid());
  return valid === undefined ? null : valid.number.number;
}
