import { z } from 'zod';

/**
 * The writes a desk may make while the team database is away: they wait in
 * the outbox (teamOutbox.ts) and are written once it is back. Each carries a
 * client-made id, so writing one twice (a flush cut off before its answer)
 * changes nothing: every insert is `on conflict do nothing`, and a row that
 * already exists means the write was done.
 *
 * `author`, `created_by` and `verified_by` are always `current_user`: the
 * database's row-level security checks them against the login, so a desk
 * cannot write in another agent's name, and there is nothing to fake here.
 * Times are epoch milliseconds, as the renderer's cache keeps them.
 */
const Id = z.string().min(1).max(200);
const Millis = z.number().int().nonnegative();

export const TeamWrite = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer'), id: Id, name: z.string().min(1).max(500), createdAt: Millis }).strict(),
  z.object({ kind: z.literal('note'), id: Id, customerId: Id, callId: Id.nullable(), text: z.string().max(20_000), createdAt: Millis }).strict(),
  /** A call with its wrap-up code: the interaction row is written once, when the agent wrapped it up. */
  z
    .object({
      kind: z.literal('call'),
      id: Id,
      customerId: Id.nullable(),
      direction: z.enum(['inbound', 'outbound']),
      at: Millis,
      summary: z.string().max(2_000),
      wrapUpCode: z.string().max(80).nullable(),
      callId: Id.nullable(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('identityLink'),
      id: Id,
      customerId: Id,
      identityKind: z.enum(['phone', 'sip', 'bluesky', 'email']),
      value: z.string().min(1).max(500),
      did: z.string().max(200).nullable(),
      status: z.enum(['verified', 'unverified', 'claimed']),
      verifiedHow: z.string().max(80).nullable(),
      verifiedAt: Millis.nullable(),
    })
    .strict(),
]);
export type TeamWrite = z.output<typeof TeamWrite>;

export interface TeamStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}

const ms = (index: number) => `to_timestamp($${index}::double precision / 1000)`;

/** The one statement that performs a write; idempotent by its id. */
export function teamStatement(write: TeamWrite): TeamStatement {
  switch (write.kind) {
    case 'customer':
      return {
        text: `insert into customers (id, name, created_by, created_at, updated_at) values ($1, $2, current_user, ${ms(3)}, ${ms(3)}) on conflict (id) do nothing`,
        values: [write.id, write.name, write.createdAt],
      };
    case 'note':
      return {
        text: `insert into notes (id, customer_id, call_id, text, author, created_at, updated_at) values ($1, $2, $3, $4, current_user, ${ms(5)}, ${ms(5)}) on conflict (id) do nothing`,
        values: [write.id, write.customerId, write.callId, write.text, write.createdAt],
      };
    case 'call':
      return {
        text: `insert into interactions (id, customer_id, channel, direction, at, summary, wrap_up_code, call_id, author) values ($1, $2, 'call', $3, ${ms(4)}, $5, $6, $7, current_user) on conflict (id) do nothing`,
        values: [write.id, write.customerId, write.direction, write.at, write.summary, write.wrapUpCode, write.callId],
      };
    case 'identityLink':
      // No conflict target: the same (kind, value, customer) linked meanwhile by another desk, under its own id, is
      // the same link, so that unique key counts as "done" too.
      return {
        text: `insert into identities (id, customer_id, kind, value, did, status, verified_by, verified_how, verified_at) values ($1, $2, $3, $4, $5, $6, case when $6 = 'verified' then current_user end, $7, case when $8::double precision is null then null else ${ms(8)} end) on conflict do nothing`,
        values: [write.id, write.customerId, write.identityKind, write.value, write.did, write.status, write.verifiedHow, write.verifiedAt],
      };
  }
}
