import type { TeamWrite } from '@tandem/contract';

/**
 * The writes a desk may make while the team database is away: they wait in
 * the outbox (teamOutbox.ts) and are written once it is back. Each carries a
 * client-made id, so writing one twice (a flush cut off before its answer)
 * changes nothing: a new row is `on conflict do nothing` (a row that already
 * exists means the write was done); a call, a proof and a rename update the
 * row only when that changes it (the author's own call, a link not yet
 * verified, an older name), and an unlink deletes what is there.
 *
 * `author`, `created_by` and `verified_by` are always `current_user`: the
 * database's row-level security checks them against the login, so a desk
 * cannot write in another agent's name, and there is nothing to fake here.
 * Times are epoch milliseconds, as the renderer's cache keeps them. The
 * shapes are the contract's (contract/teamHistory.ts): the renderer sends
 * them after its own Dexie write, with the Dexie rows' ids.
 */
export { TeamWrite } from '@tandem/contract';

export interface TeamStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}

const ms = (index: number) => `to_timestamp($${index}::double precision / 1000)`;

/** The one statement that performs a write; a repeat changes nothing. */
export function teamStatement(write: TeamWrite): TeamStatement {
  switch (write.kind) {
    case 'customer':
      return {
        text: `insert into customers (id, name, created_by, created_at, updated_at) values ($1, $2, current_user, ${ms(3)}, ${ms(3)}) on conflict (id) do nothing`,
        values: [write.id, write.name, write.createdAt],
      };
    case 'note':
      return {
        text: `insert into notes (id, customer_id, call_id, text, important, author, created_at, updated_at) values ($1, $2, $3, $4, $6, current_user, ${ms(5)}, ${ms(5)}) on conflict (id) do nothing`,
        values: [write.id, write.customerId, write.callId, write.text, write.createdAt, write.important ?? false],
      };
    case 'customerRename':
      // Only a newer name wins: a rename queued offline does not undo one made since.
      return {
        text: `update customers set name = $2, updated_at = ${ms(3)} where id = $1 and updated_at < ${ms(3)}`,
        values: [write.id, write.name, write.updatedAt],
      };
    case 'call':
      // Written at hang-up and again when the note or wrap-up code changes after it: the author's own row is updated.
      // The conversation a call was placed from (issue 15) is kept once known: a write without one never clears it.
      return {
        text: `insert into interactions (id, customer_id, channel, direction, at, summary, wrap_up_code, call_id, conversation_id, author) values ($1, $2, 'call', $3, ${ms(4)}, $5, $6, $7, $8, current_user) on conflict (id) do update set customer_id = excluded.customer_id, summary = excluded.summary, wrap_up_code = excluded.wrap_up_code, conversation_id = coalesce(excluded.conversation_id, interactions.conversation_id) where interactions.author = current_user::text and (interactions.customer_id, interactions.summary, interactions.wrap_up_code, interactions.conversation_id) is distinct from (excluded.customer_id, excluded.summary, excluded.wrap_up_code, coalesce(excluded.conversation_id, interactions.conversation_id))`,
        values: [write.id, write.customerId, write.direction, write.at, write.summary, write.wrapUpCode, write.callId, write.conversationId ?? null],
      };
    case 'identityUnlink':
      return { text: 'delete from identities where id = $1', values: [write.id] };
    case 'customerMerge':
      // The database moves every agent's rows (SECURITY DEFINER, migration 9); customers already one are left alone.
      return { text: 'select merge_customers($1, $2)', values: [write.keptId, write.mergedId] };
    case 'identityLink': {
      // The same (kind, value, customer) under another id is the same link. A proof changes an existing
      // link that is not yet verified (in the prover's name: row-level security checks verified_by) and
      // clears its claim; a claim (with its evidence) changes a plain or older claimed link; nothing
      // takes a verification away. A claimed link never carries the verified columns (the table checks it).
      const claimed = write.status === 'claimed' ? write.claim : null;
      const verified = write.status === 'verified';
      return {
        text: `insert into identities (id, customer_id, kind, value, did, status, verified_by, verified_how, verified_at, claim_handle, claim_did, claim_phone, claim_evidence_uri, claim_at)
          values ($1, $2, $3, $4, $5, $6, case when $6 = 'verified' then current_user end, $7, case when $8::double precision is null then null else ${ms(8)} end,
            $9, $10, $11, $12, case when $13::double precision is null then null else ${ms(13)} end)
          on conflict (kind, value, customer_id) do update set did = excluded.did, status = excluded.status, verified_by = excluded.verified_by, verified_how = excluded.verified_how, verified_at = excluded.verified_at,
            claim_handle = excluded.claim_handle, claim_did = excluded.claim_did, claim_phone = excluded.claim_phone, claim_evidence_uri = excluded.claim_evidence_uri, claim_at = excluded.claim_at
          where identities.status is distinct from 'verified' and (excluded.status = 'verified'
            or (excluded.status = 'claimed' and (identities.status, identities.claim_handle, identities.claim_evidence_uri, identities.claim_at) is distinct from (excluded.status, excluded.claim_handle, excluded.claim_evidence_uri, excluded.claim_at)))`,
        values: [
          write.id,
          write.customerId,
          write.identityKind,
          write.value,
          write.did,
          write.status,
          verified ? write.verifiedHow : null,
          verified ? write.verifiedAt : null,
          claimed?.handle ?? null,
          claimed?.did ?? null,
          claimed?.phone ?? null,
          claimed?.evidenceUri ?? null,
          claimed?.at ?? null,
        ],
      };
    }
  }
}
