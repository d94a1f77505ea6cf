import { normaliseEmail, normaliseHandle, normalisePhone, normaliseSipUri } from '../identityValue';
import type { IdentityKind } from '../model';

/**
 * Identity normalisation for files from elsewhere. The canonical value is
 * exactly the one the customer repository stores and the screen pop looks up
 * (`../identityValue.ts`: E.164, `sip:user@host`, a lower-case handle, a
 * lower-case address), so an imported number finds its customer when it
 * rings. This layer only first cleans what spreadsheets and address books add:
 * invisible characters, `tel:` parameters, profile URLs, `at://` prefixes.
 */
export type PortableIdentityKind = IdentityKind;

export interface PortableIdentity {
  readonly kind: PortableIdentityKind;
  readonly value: string;
}

const MAX_IDENTITY_CHARS = 256;
// C0/C1 controls, zero-width and bidi marks, embeddings, overrides, isolates, BOM: never part of an identifier,
// but common in copy-pasted cells (and a way to make two identical-looking values differ).
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/g;

function clean(raw: string): string | null {
  const text = raw.replace(INVISIBLE, '').trim();
  return text === '' || text.length > MAX_IDENTITY_CHARS ? null : text;
}

/** E.164 with the desk's default region; `tel:` URI parameters (`;ext=`, RFC 3966 §3) are dropped first. */
export function cleanPhone(raw: string, defaultRegion: string): string | null {
  const text = clean(raw);
  if (text === null) return null;
  return normalisePhone(text.split(';', 1)[0] ?? '', defaultRegion);
}

/** `sip:user@host` (RFC 3261 §19.1); a bare `user@host` in a SIP column is read as a SIP URI. */
export function cleanSipUri(raw: string): string | null {
  const text = clean(raw);
  if (text === null) return null;
  const angled = /<([^<>]*)>/.exec(text)?.[1]?.trim() ?? text;
  // A person's address has a user part and no spaces; `sip:pbx.example.com` names a server, not a customer.
  if (/\s/.test(angled) || !angled.includes('@')) return null;
  return normaliseSipUri(/^sips?:/i.test(angled) ? angled : `sip:${angled}`);
}

const PROFILE_URL = /^https?:\/\/(?:www\.)?bsky\.app\/profile\/([^/?#]+)/i;

/**
 * A Bluesky handle from what people paste: `@alice.bsky.social`,
 * `https://bsky.app/profile/alice.bsky.social`, `at://alice.bsky.social`.
 * A bare DID is refused: an identity row's value is a handle, and a DID is
 * learnt only from the account itself (proof or profile fetch).
 */
export function cleanBlueskyHandle(raw: string): string | null {
  const text = clean(raw);
  if (text === null) return null;
  const fromUrl = PROFILE_URL.exec(text)?.[1];
  const value = (fromUrl ?? text).replace(/^at:\/\//i, '');
  return /^did:/i.test(value) ? null : normaliseHandle(value);
}

export function cleanEmail(raw: string): string | null {
  const text = clean(raw);
  return text === null ? null : normaliseEmail(text);
}

/** One identity of any kind, normalised, or null when it is not a valid one. */
export function normaliseImportedIdentity(kind: PortableIdentityKind, raw: string, defaultRegion: string): PortableIdentity | null {
  const value =
    kind === 'phone' ? cleanPhone(raw, defaultRegion) : kind === 'sip' ? cleanSipUri(raw) : kind === 'bluesky' ? cleanBlueskyHandle(raw) : cleanEmail(raw);
  return value === null ? null : { kind, value };
}

/** `kind:value`: one string per identity, for de-duplication and lookups. */
export function identityKey(identity: PortableIdentity): string {
  return `${identity.kind}:${identity.value}`;
}
