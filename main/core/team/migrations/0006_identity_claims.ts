import type { Migration } from './migration';

/**
 * A claimed link keeps its evidence on every desk (issue 11, "Shared
 * history"; issue 9's claims). An account that privately sent a customer's
 * phone number is recorded as that customer's *claim*: not proof, since
 * anyone who knows the number can send it. Before this step the team kept
 * only `status = 'claimed'`, so on every other desk the link arrived without
 * who claimed it, how and when, and read as a plain unverified link.
 *
 * - `claim_handle`, `claim_did`: the claiming account when it sent the number.
 * - `claim_phone`: the number it sent (E.164); null for a link a desk
 *   downgraded from an older release's "verified", which did not keep it.
 * - `claim_evidence_uri`: the private message that carried the number (how).
 * - `claim_at`: when it was sent.
 *
 * Two checks keep a claim out of every verified path: a claimed link carries
 * none of the verified columns, and only a claimed link carries claim
 * columns (a proof clears them, as the desk drops its claim once proven).
 * `not valid`: rows written before this step are left as they are, every
 * new write is checked.
 */
const sql = String.raw`
alter table identities
  add column claim_handle text,
  add column claim_did text,
  add column claim_phone text,
  add column claim_evidence_uri text,
  add column claim_at timestamptz;

alter table identities add constraint identities_claim_unverified
  check (status <> 'claimed' or (verified_by is null and verified_how is null and verified_at is null)) not valid;
alter table identities add constraint identities_claim_only_claimed
  check (status = 'claimed' or (claim_handle is null and claim_did is null and claim_phone is null and claim_evidence_uri is null and claim_at is null)) not valid;

grant update (claim_handle, claim_did, claim_phone, claim_evidence_uri, claim_at) on identities to tandem_agent;
`;

export const identityClaims: Migration = { version: 6, name: 'claimed links keep their evidence', sql };
