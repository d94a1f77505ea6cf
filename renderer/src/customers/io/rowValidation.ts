import * as z from 'zod';
import { MAX_NAME, MAX_NOTE } from '../model';
import { identityKey, normaliseImportedIdentity, type PortableIdentity, type PortableIdentityKind } from './identity';
import type { ImportCandidate, PortableCustomer } from './portable';
import { importReason, quoteValue, type ImportReason, type ImportReasonKey } from './importReason';

/**
 * One imported row, checked field by field (issue 12 §7): a row keeps what is
 * good in it. A field that does not parse (a phone number libphonenumber-js
 * finds invalid, a handle that is not a domain name) is dropped and named in a
 * warning; the row is refused only when nothing would identify the customer:
 * no name and no valid phone number, SIP address, handle or email.
 *
 * A row without a name but with a valid identity is kept under that identity
 * (a number is how a desk recognises a caller anyway) and says so.
 *
 * Each field has its own zod schema so a failure names the field it came from;
 * the schemas only clean and normalise, they never throw.
 */

export type RowCheck =
  | { readonly ok: true; readonly customer: PortableCustomer; readonly warnings: readonly ImportReason[] }
  | { readonly ok: false; readonly reason: ImportReason };

/** Whitespace folded, over-long text cut rather than refused (an import must not lose a customer for it). */
const nameField = z.string().transform((name) => name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME).trim());
const noteField = z.string().transform((note) => note.trim().slice(0, MAX_NOTE));

const BAD_IDENTITY: Readonly<Record<PortableIdentityKind, ImportReasonKey>> = {
  phone: 'importExport.reason.badPhone',
  sip: 'importExport.reason.badSip',
  bluesky: 'importExport.reason.badHandle',
  email: 'importExport.reason.badEmail',
};

/** An identity field of one kind: the normalised identity, or an issue whose message is the field's kind. */
function identityField(kind: PortableIdentityKind, defaultRegion: string) {
  return z.string().transform((raw, context): PortableIdentity => {
    const identity = normaliseImportedIdentity(kind, raw, defaultRegion);
    if (identity === null) {
      context.addIssue({ code: 'custom', message: kind });
      return z.NEVER;
    }
    return identity;
  });
}

/** The identity a nameless row is filed under: a phone first (it is what rings), then SIP, handle, email. */
const NAME_PREFERENCE: readonly PortableIdentityKind[] = ['phone', 'sip', 'bluesky', 'email'];

export function validateRow(candidate: ImportCandidate, defaultRegion: string): RowCheck {
  const warnings: ImportReason[] = [];
  const identities: PortableIdentity[] = [];
  const seen = new Set<string>();
  const schemas = new Map<PortableIdentityKind, ReturnType<typeof identityField>>();
  for (const { kind, raw } of candidate.identities) {
    let schema = schemas.get(kind);
    if (schema === undefined) {
      schema = identityField(kind, defaultRegion);
      schemas.set(kind, schema);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      warnings.push(importReason(BAD_IDENTITY[kind], { value: quoteValue(raw) }));
      continue;
    }
    // The same number written twice in one row is one identity.
    if (seen.has(identityKey(parsed.data))) continue;
    seen.add(identityKey(parsed.data));
    identities.push(parsed.data);
  }

  const note = noteField.parse(candidate.note);
  let name = nameField.parse(candidate.name);
  if (name === '') {
    const fallback = NAME_PREFERENCE.map((kind) => identities.find((identity) => identity.kind === kind)).find((identity) => identity !== undefined);
    if (fallback === undefined) return { ok: false, reason: importReason('importExport.reason.nothingToImport') };
    name = fallback.value;
    warnings.push(importReason('importExport.reason.nameFromIdentity', { value: quoteValue(fallback.value) }));
  }
  return { ok: true, customer: { id: candidate.id, name, identities, note }, warnings };
}
