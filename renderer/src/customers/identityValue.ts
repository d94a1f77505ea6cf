import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { sipUserPart, type Party } from '@tandem/contract';
import type { IdentityKind } from './model';

/**
 * Normalised identity values: the same person typed or received two ways
 * must land on the same `[kind+value]` key.
 *
 * - phone: E.164 (libphonenumber-js, the agent's default region for national
 *   formats), so "+1 212 555 0123" and "(212) 555-0123" with region US match;
 * - sip: `sip:user@host` lower-cased, without display name, angle brackets,
 *   port-less parameters or headers (RFC 3261 §19.1.4 compares user and host;
 *   parameters like `;transport=ws` vary between legs of the same caller);
 * - bluesky: the handle lower-cased, without a leading `@`;
 * - email: trimmed and lower-cased.
 *
 * Each returns null when the text is not a value of that kind.
 */

const MAX_VALUE = 256;

export function normalisePhone(text: string, defaultRegion: string): string | null {
  const trimmed = text.trim().replace(/^tel:/i, '').replace(/^00/, '+');
  if (trimmed === '' || trimmed.length > 64 || !/^[+(]?[0-9][0-9 ().\-/]*$/.test(trimmed)) return null;
  try {
    const parsed = parsePhoneNumberFromString(trimmed, regionOf(defaultRegion));
    return parsed?.isValid() === true ? parsed.number : null;
  } catch {
    return null;
  }
}

export function normaliseSipUri(text: string): string | null {
  let uri = text.trim();
  const open = uri.indexOf('<');
  if (open !== -1) uri = uri.slice(open + 1, uri.indexOf('>', open) === -1 ? undefined : uri.indexOf('>', open)).trim();
  if (uri.length > MAX_VALUE || /[\p{Cc}\s<>"]/u.test(uri)) return null;
  const scheme = /^sips?:/i.exec(uri)?.[0].toLowerCase();
  if (scheme === undefined) return null;
  // Parameters (`;transport=ws`) and headers (`?subject=…`) vary between legs of the same caller.
  const address = uri.slice(scheme.length).split(/[;?]/, 1)[0] ?? '';
  const at = address.lastIndexOf('@');
  const user = at === -1 ? '' : address.slice(0, at);
  const host = address.slice(at + 1);
  if (host === '' || user.includes('@')) return null;
  // The user part is case-sensitive in theory; in practice agents and PBXs don't agree on case, and a missed pop costs more.
  return `${scheme}${user === '' ? '' : `${user.toLowerCase()}@`}${host.toLowerCase()}`;
}

/** One DNS label: letters, digits and inner hyphens, at most 63 characters. */
const isLabel = (label: string) => label.length >= 1 && label.length <= 63 && /^[a-z0-9-]+$/.test(label) && !label.startsWith('-') && !label.endsWith('-');

/** A Bluesky handle is a domain name (atproto handle spec); `@Carla.bsky.social` → `carla.bsky.social`. */
export function normaliseHandle(text: string): string | null {
  const handle = text.trim().replace(/^@/, '').toLowerCase();
  const labels = handle.split('.');
  return handle.length <= 253 && labels.length >= 2 && labels.every(isLabel) ? handle : null;
}

export function normaliseEmail(text: string): string | null {
  const email = text
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
  return email.length <= MAX_VALUE && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email) ? email : null;
}

export function normaliseIdentity(kind: IdentityKind, text: string, defaultRegion: string): string | null {
  switch (kind) {
    case 'phone':
      return normalisePhone(text, defaultRegion);
    case 'sip':
      return normaliseSipUri(text);
    case 'bluesky':
      return normaliseHandle(text);
    case 'email':
      return normaliseEmail(text);
  }
}

export interface IdentityKey {
  readonly kind: IdentityKind;
  readonly value: string;
}

/**
 * The keys a call's remote party can be found by, most specific first: its
 * E.164 number (main's, or read from the URI's user part) and its SIP URI.
 */
export function callerKeys(remote: Pick<Party, 'uri' | 'number'>, defaultRegion: string): IdentityKey[] {
  const keys: IdentityKey[] = [];
  const phone = (remote.number === null ? null : normalisePhone(remote.number, defaultRegion)) ?? normalisePhone(sipUserPart(remote.uri), defaultRegion);
  if (phone !== null) keys.push({ kind: 'phone', value: phone });
  const sip = normaliseSipUri(remote.uri);
  if (sip !== null) keys.push({ kind: 'sip', value: sip });
  return keys;
}

/**
 * What a search box query could mean as an identity prefix: digits become
 * E.164 prefixes (with the region's calling code when not international),
 * anything else a lower-cased handle/email/SIP prefix.
 */
export function identityPrefixes(query: string, defaultRegion: string): IdentityKey[] {
  const trimmed = query.trim();
  if (trimmed === '') return [];
  const digits = trimmed.replace(/[\s().\-/]/g, '');
  if (/^(\+|00)?[0-9]{3,17}$/.test(digits)) {
    const full = normalisePhone(trimmed, defaultRegion);
    if (full !== null) return [{ kind: 'phone', value: full }];
    if (digits.startsWith('+') || digits.startsWith('00')) return [{ kind: 'phone', value: `+${digits.replace(/^(\+|00)/, '')}` }];
    const code = callingCode(defaultRegion);
    const national = digits.replace(/^0/, '');
    return [...(code === null ? [] : [{ kind: 'phone' as const, value: `+${code}${national}` }]), { kind: 'phone', value: `+${digits}` }];
  }
  const lower = trimmed.replace(/^@/, '').toLowerCase();
  const keys: IdentityKey[] = [
    { kind: 'bluesky', value: lower },
    { kind: 'email', value: lower },
  ];
  if (/^sips?:/.test(lower)) keys.push({ kind: 'sip', value: lower });
  return keys;
}

function regionOf(region: string): CountryCode | undefined {
  return /^[A-Z]{2}$/.test(region) ? (region as CountryCode) : undefined;
}

function callingCode(region: string): string | null {
  const code = regionOf(region);
  if (code === undefined) return null;
  try {
    return getCountryCallingCode(code);
  } catch {
    return null;
  }
}
