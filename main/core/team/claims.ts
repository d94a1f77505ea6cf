import type { PoolClient } from 'pg';
import * as z from 'zod';

/**
 * Who handles a social conversation, decided by the database.
 *
 * A claim is one conditional UPDATE: row-level security (migration 0001,
 * `claim_conversation`) lets it through only when the conversation is free,
 * already the caller's, or its lease has run out, so two desks racing for it
 * cannot both win, whatever the clients do. The statement repeats the
 * condition so an administrator's connection (which passes every policy)
 * behaves the same. Renewing is the same update; releasing clears the handler
 * only when it is the caller's. Supervisors may hand a conversation to anyone.
 *
 * All functions run on a connection logged in as the agent: `current_user` is
 * the agent's id.
 */

export const DEFAULT_LEASE_MS = 10 * 60 * 1000;

export interface Holder {
  readonly id: string;
  readonly name: string;
}

export type ClaimResult =
  { readonly ok: true; readonly leaseUntil: Date } | { readonly ok: false; readonly heldBy: Holder } | { readonly ok: false; readonly heldBy: null };

type Queryable = Pick<PoolClient, 'query'>;

const LeaseRow = z.object({ lease_until: z.date() });
const HolderRow = z.object({ handler: z.string().nullable(), name: z.string().nullable() });

const CLAIM = `
  update conversations
     set handler = current_user, lease_until = now() + $2::double precision * interval '1 millisecond'
   where id = $1 and (handler is null or handler = current_user::text or lease_until < now())
  returning lease_until`;

/** How many times a lost claim is retried when its holder let go before we could name them. */
const ATTEMPTS = 3;

/**
 * Claims (or renews) the conversation for the connected agent for `leaseMs`.
 * On failure, says who holds it; `heldBy: null` means there is no such
 * conversation.
 */
export async function claimConversation(db: Queryable, conversationId: string, leaseMs = DEFAULT_LEASE_MS): Promise<ClaimResult> {
  for (let attempt = 1; ; attempt += 1) {
    const claimed = await db.query(CLAIM, [conversationId, leaseMs]);
    if (claimed.rows[0] !== undefined) return { ok: true, leaseUntil: LeaseRow.parse(claimed.rows[0]).lease_until };
    const found = await db.query('select c.handler, a.name from conversations c left join agents a on a.id = c.handler where c.id = $1', [conversationId]);
    if (found.rows[0] === undefined) return { ok: false, heldBy: null };
    const holder = HolderRow.parse(found.rows[0]);
    // Released between our update and our read: the conversation is free again, try once more.
    if (holder.handler !== null || attempt >= ATTEMPTS) {
      const id = holder.handler ?? '';
      return { ok: false, heldBy: { id, name: holder.name ?? id } };
    }
  }
}

/** Renewing a lease is claiming again: it fails, naming the holder, if the lease ran out and someone else took it. */
export const renewClaim = claimConversation;

/** Gives the conversation back; false when the caller did not hold it. */
export async function releaseClaim(db: Queryable, conversationId: string): Promise<boolean> {
  const released = await db.query('update conversations set handler = null, lease_until = null where id = $1 and handler = current_user::text', [
    conversationId,
  ]);
  return released.rowCount === 1;
}

export type ReassignResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'refused' };

/**
 * A supervisor hands the conversation to `agentId` (or frees it with null),
 * live claim or not. Anyone else is refused by the database: no row when the
 * conversation is held by another, a policy violation when it is free.
 */
export async function reassignConversation(db: Queryable, conversationId: string, agentId: string | null, leaseMs = DEFAULT_LEASE_MS): Promise<ReassignResult> {
  try {
    const moved = await db.query(
      `update conversations
          set handler = $2, lease_until = case when $2::text is null then null else now() + $3::double precision * interval '1 millisecond' end
        where id = $1`,
      [conversationId, agentId, leaseMs],
    );
    return moved.rowCount === 1 ? { ok: true } : { ok: false, reason: 'refused' };
  } catch (error: unknown) {
    if (isPolicyViolation(error)) return { ok: false, reason: 'refused' };
    throw error;
  }
}

/** SQLSTATE 42501: insufficient privilege, which is also how a WITH CHECK policy refuses a row. */
export function isPolicyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '42501';
}
