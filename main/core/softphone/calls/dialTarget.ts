import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { sipUserPart } from '@tandem/contract';

/**
 * Turns what the agent typed or pasted into a SIP request URI:
 * - a SIP URI (`sip:`/`sips:`) is taken as is (RFC 3261 §19.1);
 * - a phone number (any common formatting: spaces, dots, dashes, brackets, a
 *   leading `00` or `+`, a `tel:` prefix) becomes E.164 with the agent's
 *   default region and then `sip:+E164@<agent's domain>` (RFC 3966 §5.1.4:
 *   global numbers carry their `+`);
 * - digits that are no valid phone number in that region but match the
 *   deployment's extension pattern (default: 2 to 6 digits, so `2001`) are an
 *   extension on the agent's domain, `sip:2001@<domain>`, as a desk phone dials;
 * - anything else returns undefined (the caller answers 'badNumber').
 */
export interface DialTarget {
  readonly uri: string;
  /** E.164 when the target is a phone number. */
  readonly number: string | null;
}

const SIP_URI = /^sips?:[^\s@<>"]+@[^\s@<>"]+$/i;
const SIP_USERLESS_URI = /^sips?:[^\s@<>"]+$/i;
const PHONEISH = /^[+(]?[0-9][0-9 ().\-/]*$/;
/** What a desk phone takes for an extension when the deployment says nothing (sip.extensionPattern). */
export const DEFAULT_EXTENSION_PATTERN = /^[0-9]{2,6}$/;
/** Longer input is never an extension: the deployment's pattern only ever sees a short string. */
const MAX_EXTENSION_LENGTH = 32;
/** Digits, letters and the keypad's `*` (feature codes): nothing that could change the URI's meaning. */
const EXTENSION_CHARACTERS = /^[0-9A-Za-z*]+$/;

export function normaliseDialTarget(
  input: string,
  defaultRegion: string,
  domain: string,
  extension: RegExp = DEFAULT_EXTENSION_PATTERN,
): DialTarget | undefined {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 256) return undefined;
  if (SIP_URI.test(trimmed) || SIP_USERLESS_URI.test(trimmed)) {
    if (/\p{Cc}/u.test(trimmed)) return undefined; // no CR/LF smuggled into a header
    // A URI without a user part (`sip:pbx.example`) names a host, never a number.
    return { uri: trimmed, number: SIP_URI.test(trimmed) ? e164FromUser(sipUserPart(trimmed), defaultRegion) : null };
  }
  const withoutTel = trimmed.replace(/^tel:/i, '');
  const international = withoutTel.replace(/^00/, '+');
  const number = PHONEISH.test(international) ? toE164(international, defaultRegion) : null;
  if (number !== null) return { uri: `sip:${number}@${domain}`, number };
  // The pattern is the deployment's; what it accepts still has to be a plain SIP user part.
  if (withoutTel.length <= MAX_EXTENSION_LENGTH && EXTENSION_CHARACTERS.test(withoutTel) && extension.test(withoutTel)) {
    return { uri: `sip:${withoutTel}@${domain}`, number: null };
  }
  return undefined;
}

/** E.164 for a phone number string, or null when it is not a valid number. */
export function toE164(text: string, defaultRegion: string): string | null {
  try {
    const parsed = parsePhoneNumberFromString(text, defaultRegion as CountryCode);
    return parsed?.isValid() === true ? parsed.number : null;
  } catch {
    return null;
  }
}

/** E.164 from a SIP user part when it looks like a phone number (`+15551234567`, `0034…`, `2125550123`). */
export function e164FromUser(user: string | undefined, defaultRegion: string): string | null {
  if (user === undefined) return null;
  const candidate = decodeURIComponentSafe(user)
    .replace(/[.\-() ]/g, '')
    .replace(/^00/, '+');
  if (!/^\+?[0-9]{4,17}$/.test(candidate)) return null;
  return toE164(candidate, defaultRegion);
}

/** The host part of a SIP URI such as `sip:1001@pbx.example.com;transport=ws`. */
export function domainOf(uri: string): string {
  const afterAt = uri.slice(uri.indexOf('@') + 1);
  return afterAt.split(/[;?>]/, 1)[0] ?? afterAt;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
