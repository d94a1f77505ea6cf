import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

/**
 * The first valid phone number a customer typed in a private message, as
 * E.164. Only a *claim* that the account belongs to that number's customer:
 * anyone who knows the number can send it (issue 9). A one-time code round
 * trip between the number and the account turns it into proof.
 */
export function phoneInMessage(text: string, defaultRegion: string): string | null {
  const found = findPhoneNumbersInText(text.slice(0, 2_000), { defaultCountry: defaultRegion as CountryCode, extended: false });
  const valid = found.find((match) => match.number.isValid());
  return valid === undefined ? null : valid.number.number;
}
