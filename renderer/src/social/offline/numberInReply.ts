import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

/**
 * The phone number a customer sent privately after "Take offline" asked for
 * one. A valid number comes back as E.164, ready to dial; something that
 * looks like a number but is not one (too short, an unknown area) comes back
 * as the customer typed it, so the agent sees it and asks again instead of
 * dialling a wrong number.
 */
export type NumberInReply = { readonly kind: 'number'; readonly e164: string } | { readonly kind: 'unreadable'; readonly typed: string };

/** Six digits or more, with the separators people type between them. */
const NUMBER_LIKE = /\+?\d[\d\s().-]{4,}\d/u;
/** A customer's message is short; reading past this buys nothing but work. */
const MAX_TEXT = 2_000;

export function numberInReply(text: string, defaultRegion: string): NumberInReply | null {
  const sample = text.slice(0, MAX_TEXT);
  const valid = findPhoneNumbersInText(sample, { defaultCountry: defaultRegion as CountryCode, extended: false }).find((match) => match.number.isValid());
  if (valid !== undefined) return { kind: 'number', e164: valid.number.number };
  const typed = NUMBER_LIKE.exec(sample)?.[0];
  if (typed === undefined) return null;
  return (typed.match(/\d/gu)?.length ?? 0) >= 6 ? { kind: 'unreadable', typed: typed.trim() } : null;
}
