/**
 * vCard 3.0 (RFC 2426) and 4.0 (RFC 6350): the properties a contact centre
 * exchanges with a CRM or an address book. Pure functions on strings.
 *
 * Read: FN, N, TEL, EMAIL, IMPP (SIP and Bluesky addresses), X-SOCIALPROFILE
 * and SOCIALPROFILE (RFC 9554) for social handles, NOTE. Other properties are
 * ignored; nothing is ever evaluated or rendered as markup.
 */

export interface VCardName {
  readonly family: string;
  readonly given: string;
  readonly additional: string;
  readonly prefixes: string;
  readonly suffixes: string;
}

export interface VCardSocial {
  /** The service, lower-case, from TYPE or SERVICE-TYPE (`bluesky`, `twitter`…); '' when absent. */
  readonly service: string;
  readonly value: string;
}

export interface VCard {
  readonly fn: string;
  readonly n: VCardName | null;
  readonly tels: readonly string[];
  readonly emails: readonly string[];
  /** IMPP values as written (`sip:alice@example.com`, `xmpp:…`). */
  readonly impps: readonly string[];
  readonly socials: readonly VCardSocial[];
  readonly note: string;
}

/** A card as read, with the 1-based position in the file (reports name cards by it). */
export interface ParsedVCard extends VCard {
  readonly index: number;
}

/** Unfolds content lines (RFC 6350 §3.2, RFC 2425 §5.8.1): a line break followed by one space or tab continues the line. */
export function unfoldLines(text: string): string[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return input
    .replace(/\r\n|\r/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
}

/** Undoes text-value escaping (RFC 6350 §3.4): `\\`, `\,`, `\;`, `\n`/`\N`. Unknown escapes keep their character. */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN]|.)?/g, (_match, char: string | undefined) => {
    if (char === undefined) return '';
    return char === 'n' || char === 'N' ? '\n' : char;
  });
}

/** Escapes a text value (RFC 6350 §3.4; the same rules as RFC 2426 §5). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Splits a structured value on unescaped `;` (RFC 6350 §3.3), leaving escapes for {@link unescapeText}. */
function splitStructured(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (char === '\\' && i + 1 < value.length) {
      current += char + value[i + 1];
      i += 1;
    } else if (char === ';') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

interface ContentLine {
  readonly name: string;
  readonly params: ReadonlyMap<string, readonly string[]>;
  readonly value: string;
}

/** `[group.]NAME *(;param) : value` (RFC 6350 §3.3); param values may be double-quoted and comma-separated. */
function parseContentLine(line: string): ContentLine | null {
  let i = 0;
  let inQuotes = false;
  // The value starts at the first ':' that is not inside a quoted parameter value.
  for (; i < line.length; i += 1) {
    const char = line[i];
    if (char === '"') inQuotes = !inQuotes;
    else if (char === ':' && !inQuotes) break;
  }
  if (i >= line.length) return null;
  const head = line.slice(0, i);
  const value = line.slice(i + 1);
  const segments: string[] = [];
  let current = '';
  inQuotes = false;
  for (const char of head) {
    if (char === '"') inQuotes = !inQuotes;
    if (char === ';' && !inQuotes) {
      segments.push(current);
      current = '';
    } else current += char;
  }
  segments.push(current);
  const nameWithGroup = segments[0] ?? '';
  const name = nameWithGroup.slice(nameWithGroup.lastIndexOf('.') + 1).toUpperCase();
  const params = new Map<string, string[]>();
  for (const segment of segments.slice(1)) {
    const eq = segment.indexOf('=');
    // vCard 2.1 wrote bare types (`TEL;CELL:`); read them as TYPE values.
    const key = eq === -1 ? 'TYPE' : segment.slice(0, eq).toUpperCase();
    const raw = eq === -1 ? segment : segment.slice(eq + 1);
    const values = splitParamValues(raw);
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  return { name, params, value };
}

function splitParamValues(raw: string): string[] {
  const values: string[] = [];
  let current = '';
  let inQuotes = false;
  for (const char of raw) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === ',' && !inQuotes) {
      values.push(current);
      current = '';
    } else current += char;
  }
  values.push(current);
  return values.map((value) => value.trim()).filter((value) => value !== '');
}

interface CardBuilder {
  fn: string;
  n: VCardName | null;
  tels: string[];
  emails: string[];
  impps: string[];
  socials: VCardSocial[];
  note: string;
}

const emptyCard = (): CardBuilder => ({ fn: '', n: null, tels: [], emails: [], impps: [], socials: [], note: '' });

/**
 * Every `BEGIN:VCARD … END:VCARD` in the text, in order. Lines outside a card
 * and unknown properties are skipped; a card that never ends is still read,
 * so one damaged card does not hide the rest of an address book.
 */
export function parseVCards(text: string): ParsedVCard[] {
  const cards: ParsedVCard[] = [];
  let card: CardBuilder | null = null;
  const finish = () => {
    if (card !== null) cards.push({ ...card, index: cards.length + 1 });
    card = null;
  };
  for (const line of unfoldLines(text)) {
    if (line.trim() === '') continue;
    const content = parseContentLine(line);
    if (content === null) continue;
    const { name, params, value } = content;
    if (name === 'BEGIN' && value.trim().toUpperCase() === 'VCARD') {
      finish();
      card = emptyCard();
      continue;
    }
    if (name === 'END' && value.trim().toUpperCase() === 'VCARD') {
      finish();
      continue;
    }
    if (card === null) continue;
    readProperty(card, name, params, value);
  }
  finish();
  return cards;
}

function readProperty(card: CardBuilder, name: string, params: ReadonlyMap<string, readonly string[]>, value: string): void {
  switch (name) {
    case 'FN':
      if (card.fn === '') card.fn = unescapeText(value).trim();
      return;
    case 'N': {
      const [family = '', given = '', additional = '', prefixes = '', suffixes = ''] = splitStructured(value).map((part) => unescapeText(part).trim());
      card.n = { family, given, additional, prefixes, suffixes };
      return;
    }
    case 'TEL':
      // 4.0 writes `TEL;VALUE=uri:tel:+1-555-…`; the `tel:` prefix is left for the phone normaliser.
      pushNonEmpty(card.tels, unescapeText(value));
      return;
    case 'EMAIL':
      pushNonEmpty(card.emails, unescapeText(value));
      return;
    case 'IMPP':
      pushNonEmpty(card.impps, value);
      return;
    case 'X-SOCIALPROFILE':
    case 'SOCIALPROFILE': {
      const service = (params.get('SERVICE-TYPE')?.[0] ?? params.get('TYPE')?.[0] ?? '').toLowerCase();
      // Apple's form puts the handle in X-USER when the value is a URL.
      const user = params.get('X-USER')?.[0];
      const text = user ?? unescapeText(value);
      if (text.trim() !== '') card.socials.push({ service, value: text.trim() });
      return;
    }
    case 'NOTE':
      if (card.note === '') card.note = unescapeText(value);
      return;
    default:
  }
}

function pushNonEmpty(list: string[], value: string): void {
  const trimmed = value.trim();
  if (trimmed !== '') list.push(trimmed);
}

export type VCardVersion = '3.0' | '4.0';

/**
 * Folds a content line at 75 octets (RFC 6350 §3.2), never inside a UTF-8
 * sequence or a surrogate pair: continuation lines start with one space.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space counts
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** A URI value is not text-escaped (RFC 6350 §3.4), but a line break inside one would start a new property. */
const uriValue = (value: string): string => value.replace(/[\r\n]+/g, '');

/**
 * Writes cards with CRLF line ends, folded lines, escaped text values.
 * Bluesky accounts go out as `X-SOCIALPROFILE;TYPE=bluesky` with the profile
 * URL (what Apple Contacts and most CRMs read); SIP addresses as IMPP.
 */
export function serialiseVCards(cards: readonly VCard[], version: VCardVersion = '4.0'): string {
  const lines: string[] = [];
  for (const card of cards) {
    lines.push('BEGIN:VCARD', `VERSION:${version}`);
    lines.push(`FN:${escapeText(card.fn)}`);
    const n = card.n ?? { family: '', given: '', additional: '', prefixes: '', suffixes: '' };
    // N is required in 3.0 and optional in 4.0; writing it always keeps both readers happy.
    lines.push(`N:${[n.family, n.given, n.additional, n.prefixes, n.suffixes].map(escapeText).join(';')}`);
    for (const tel of card.tels) lines.push(version === '4.0' ? `TEL;VALUE=uri:tel:${uriValue(tel)}` : `TEL:${escapeText(tel)}`);
    for (const email of card.emails) lines.push(`EMAIL:${escapeText(email)}`);
    for (const impp of card.impps) lines.push(`IMPP:${uriValue(impp)}`);
    for (const social of card.socials) {
      const type = social.service === '' ? '' : `;TYPE=${social.service.replace(/[^a-z0-9-]/gi, '')}`;
      lines.push(`X-SOCIALPROFILE${type}:${uriValue(social.value)}`);
    }
    if (card.note !== '') lines.push(`NOTE:${escapeText(card.note)}`);
    lines.push('END:VCARD');
  }
  return lines.map(foldLine).join('\r\n') + (lines.length > 0 ? '\r\n' : '');
}
