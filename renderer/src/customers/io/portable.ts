import { parseCsv, serialiseCsv, unprotectCell } from './csv';
import type { PortableIdentity, PortableIdentityKind } from './identity';
import { parseVCards, serialiseVCards, type VCard, type VCardSocial, type VCardVersion } from './vcard';

/**
 * The customer as it crosses the desk's edge: what a CRM or an address book
 * can hold. Verification is deliberately absent: an imported identity is the
 * agent's claim, never the customer's proof (issue 5 §4), so imports always
 * create unverified links.
 */
export interface PortableCustomer {
  /** Tandem's id when exported from Tandem; null for customers from elsewhere. */
  readonly id: string | null;
  readonly name: string;
  readonly identities: readonly PortableIdentity[];
  readonly note: string;
}

/** One record read from a file, before validation: identities still as typed. */
export interface ImportCandidate {
  /** CSV: the record number with the header as 1 (a spreadsheet's row). vCard: the card's position. */
  readonly row: number;
  readonly id: string | null;
  readonly name: string;
  readonly identities: readonly { readonly kind: PortableIdentityKind; readonly raw: string }[];
  readonly note: string;
  /** The record as the file had it (formula quote removed), so a rejected row can be handed back unchanged (rejectedCsv.ts). */
  readonly cells: readonly string[];
}

export type CandidateReadResult =
  /** `header`: the file's column names (a vCard's: the portable columns), the header of the rejected rows' CSV. */
  | { readonly ok: true; readonly header: readonly string[]; readonly candidates: readonly ImportCandidate[] }
  | { readonly ok: false; readonly error: 'malformedCsv' | 'noNameColumn' | 'emptyFile'; readonly row: number };

// ---------------------------------------------------------------------------------------------
// CSV

type Column = { readonly field: 'id' | 'name' | 'given' | 'family' | 'note' } | { readonly field: 'identity'; readonly kind: PortableIdentityKind };

/** Header names as CRMs and spreadsheets spell them, compared without case, spaces or punctuation. */
const HEADER_ALIASES: readonly (readonly [RegExp, Column])[] = [
  [/^(tandemid|customerid)$/, { field: 'id' }],
  [/^(name|fullname|displayname|fn|customer|customername|contactname|nombre|nombrecompleto)$/, { field: 'name' }],
  [/^(firstname|givenname|given|first|forename)$/, { field: 'given' }],
  [/^(lastname|familyname|family|surname|last|apellidos?)$/, { field: 'family' }],
  [/^(notes?|comments?|notas?)$/, { field: 'note' }],
  [/^(sip|sipuris?|sipaddress(es)?|sipaddr)$/, { field: 'identity', kind: 'sip' }],
  [/^(bluesky|blueskyhandles?|bsky|bskyhandle|handles?|blueskydid)$/, { field: 'identity', kind: 'bluesky' }],
  [/^(e?mails?|emailaddress(es)?|correo|correoelectronico)\d*$/, { field: 'identity', kind: 'email' }],
  [/^((work|home|mobile|cell|main|other)?(phones?|phonenumbers?|tel|telephone|mobile|cell)\d*|telefono|movil)$/, { field: 'identity', kind: 'phone' }],
];

function columnOf(header: string): Column | null {
  const key = unprotectCell(header)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return HEADER_ALIASES.find(([pattern]) => pattern.test(key))?.[1] ?? null;
}

/** Several values in one cell: Tandem's export joins them with "; ", people also use new lines. */
const splitValues = (cell: string): string[] =>
  cell
    .split(/[;\n]/)
    .map((value) => value.trim())
    .filter((value) => value !== '');

/** Reads a CSV file of customers: a header row naming the columns, then one customer per record. */
export function candidatesFromCsv(text: string): CandidateReadResult {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    return { ok: false, error: 'malformedCsv', row: (error as { record?: number }).record ?? 0 };
  }
  const [header, ...body] = records;
  if (header === undefined) return { ok: false, error: 'emptyFile', row: 0 };
  const columns = header.map(columnOf);
  const hasName = columns.some((column) => column?.field === 'name' || column?.field === 'given' || column?.field === 'family');
  if (!hasName) return { ok: false, error: 'noNameColumn', row: 1 };

  const candidates = body.map((record, index): ImportCandidate => {
    let id: string | null = null;
    let name = '';
    let given = '';
    let family = '';
    let note = '';
    const identities: { kind: PortableIdentityKind; raw: string }[] = [];
    record.forEach((rawCell, column) => {
      const spec = columns[column];
      if (spec === undefined || spec === null) return;
      const cell = unprotectCell(rawCell);
      switch (spec.field) {
        case 'id':
          id = cell.trim() === '' ? null : cell.trim();
          return;
        case 'name':
          name ||= cell;
          return;
        case 'given':
          given ||= cell;
          return;
        case 'family':
          family ||= cell;
          return;
        case 'note':
          note ||= cell;
          return;
        case 'identity':
          for (const raw of splitValues(cell)) identities.push({ kind: spec.kind, raw });
      }
    });
    if (name.trim() === '') name = [given.trim(), family.trim()].filter((part) => part !== '').join(' ');
    return { row: index + 2, id, name, identities, note, cells: record.map(unprotectCell) };
  });
  return { ok: true, header: header.map(unprotectCell), candidates };
}

const CSV_HEADER = ['Name', 'Phone', 'Email', 'SIP URI', 'Bluesky', 'Note', 'Tandem ID'] as const;
/** A vCard's fields as CSV columns: what a rejected card looks like in the rejected rows' file. */
const VCARD_AS_COLUMNS: readonly string[] = CSV_HEADER.slice(0, 6);

/**
 * Customers as CSV: one per record, several identities of a kind joined with
 * "; ". Formula-like cells (a `+` of an E.164 number included) get the OWASP
 * quote prefix; Tandem's own import removes it again.
 */
export function customersToCsv(customers: readonly PortableCustomer[]): string {
  const of = (customer: PortableCustomer, kind: PortableIdentityKind) =>
    customer.identities
      .filter((identity) => identity.kind === kind)
      .map((identity) => identity.value)
      .join('; ');
  return serialiseCsv([
    CSV_HEADER,
    ...customers.map((customer) => [
      customer.name,
      of(customer, 'phone'),
      of(customer, 'email'),
      of(customer, 'sip'),
      of(customer, 'bluesky'),
      customer.note,
      customer.id ?? '',
    ]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// vCard

const BSKY_PROFILE = 'https://bsky.app/profile/';

function isBluesky(social: VCardSocial): boolean {
  return social.service === 'bluesky' || social.service === 'bsky' || /^https?:\/\/(www\.)?bsky\.app\/profile\//i.test(social.value);
}

/** Reads every card of a .vcf file; social profiles of other networks are not identities Tandem knows and are left out. */
export function candidatesFromVCard(text: string): CandidateReadResult {
  const cards = parseVCards(text);
  if (cards.length === 0) return { ok: false, error: 'emptyFile', row: 0 };
  const candidates = cards.map((card): ImportCandidate => {
    const identities: { kind: PortableIdentityKind; raw: string }[] = [
      ...card.tels.map((raw) => ({ kind: 'phone' as const, raw })),
      ...card.emails.map((raw) => ({ kind: 'email' as const, raw })),
    ];
    for (const impp of card.impps) {
      if (/^sips?:/i.test(impp)) identities.push({ kind: 'sip', raw: impp });
      else if (/^(at:\/\/|bluesky:)/i.test(impp)) identities.push({ kind: 'bluesky', raw: impp.replace(/^bluesky:/i, '') });
    }
    for (const social of card.socials) if (isBluesky(social)) identities.push({ kind: 'bluesky', raw: social.value });
    const fromN = card.n === null ? '' : [card.n.given, card.n.family].filter((part) => part !== '').join(' ');
    const name = card.fn === '' ? fromN : card.fn;
    const joined = (kind: PortableIdentityKind) =>
      identities
        .filter((identity) => identity.kind === kind)
        .map((identity) => identity.raw)
        .join('; ');
    const cells = [name, joined('phone'), joined('email'), joined('sip'), joined('bluesky'), card.note];
    return { row: card.index, id: null, name, identities, note: card.note, cells };
  });
  return { ok: true, header: VCARD_AS_COLUMNS, candidates };
}

/** A display name split for N: the last word is the family name — a guess, which is why FN is what readers show. */
function nameParts(name: string): { given: string; family: string } {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return { given: name.trim(), family: '' };
  return { given: words.slice(0, -1).join(' '), family: words[words.length - 1] ?? '' };
}

export function customersToVCards(customers: readonly PortableCustomer[], version: VCardVersion = '4.0'): string {
  const cards = customers.map((customer): VCard => {
    const values = (kind: PortableIdentityKind) => customer.identities.filter((identity) => identity.kind === kind).map((identity) => identity.value);
    const { given, family } = nameParts(customer.name);
    return {
      fn: customer.name,
      n: { family, given, additional: '', prefixes: '', suffixes: '' },
      tels: values('phone'),
      emails: values('email'),
      impps: values('sip'),
      socials: values('bluesky').map((handle) => ({ service: 'bluesky', value: BSKY_PROFILE + handle })),
      note: customer.note,
    };
  });
  return serialiseVCards(cards, version);
}
