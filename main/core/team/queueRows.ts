import type { PoolClient } from 'pg';
import * as z from 'zod';
import {
  QUEUE_SNAPSHOT_LIMIT,
  type StatusOutcome,
  type TeamConversation,
  type TeamConversationStatus,
  type TeamSelf,
  type TeamViewing,
} from '@tandem/contract';
import { isPolicyViolation } from './claims';

/**
 * The team queue's reads and writes (conversations' handlers and statuses,
 * who views what), as plain SQL on a session logged in as the agent. Rows
 * come back untyped from pg, so each is parsed here before anyone uses it.
 * A lease or a viewing row whose time has passed reads as nobody's: the
 * database announces no change when time runs out.
 */

type Queryable = Pick<PoolClient, 'query'>;

const ConversationRow = z.object({
  id: z.string(),
  status: z.enum(['new', 'open', 'waiting', 'closed']),
  handler: z.string().nullable(),
  handler_name: z.string().nullable(),
  lease_until: z.date().nullable(),
});
const ViewingRow = z.object({ agent_id: z.string(), name: z.string().nullable(), conversation_id: z.string(), viewing_until: z.date() });
const SelfRow = z.object({ id: z.string(), name: z.string(), role: z.enum(['agent', 'supervisor']) });

const CONVERSATION_COLUMNS = `c.id, c.status, case when c.lease_until > now() then c.handler end as handler,
  case when c.lease_until > now() then a.name end as handler_name, case when c.lease_until > now() then c.lease_until end as lease_until`;

function conversationOf(row: unknown): TeamConversation {
  const parsed = ConversationRow.parse(row);
  return {
    conversationId: parsed.id,
    status: parsed.status,
    handler: parsed.handler === null ? null : { id: parsed.handler, name: parsed.handler_name ?? parsed.handler },
    leaseUntil: parsed.lease_until?.getTime() ?? null,
  };
}

const viewingOf = (row: unknown): TeamViewing & { readonly conversationId: string } => {
  const parsed = ViewingRow.parse(row);
  return {
    viewer: { id: parsed.agent_id, name: parsed.name ?? parsed.agent_id },
    conversationId: parsed.conversation_id,
    until: parsed.viewing_until.getTime(),
  };
};

/** The conversations among `ids` that exist (a deleted one is simply absent). */
export async function readConversations(db: Queryable, ids: readonly string[]): Promise<TeamConversation[]> {
  const found = await db.query(`select ${CONVERSATION_COLUMNS} from conversations c left join agents a on a.id = c.handler where c.id = any($1::text[])`, [
    ids,
  ]);
  return found.rows.map(conversationOf);
}

/** The agents' viewing rows among `agentIds`; an agent without a live row is viewing nothing. */
export async function readViewing(db: Queryable, agentIds: readonly string[]): Promise<TeamViewing[]> {
  const found = await db.query(
    `select v.agent_id, a.name, v.conversation_id, v.viewing_until from agent_viewing v left join agents a on a.id = v.agent_id
      where v.agent_id = any($1::text[]) and v.viewing_until > now()`,
    [agentIds],
  );
  const live = new Map(found.rows.map((row) => [ViewingRow.parse(row).agent_id, viewingOf(row)]));
  return agentIds.map((id) => live.get(id) ?? { viewer: { id, name: id }, conversationId: null, until: null });
}

/** The connected agent's own row, or null when the login has none (an administrator's session). */
export async function readSelf(db: Queryable): Promise<TeamSelf | null> {
  const found = await db.query('select id, name, role from agents where id = current_user::text');
  return found.rows[0] === undefined ? null : SelfRow.parse(found.rows[0]);
}

/** What a window needs after a (re)load: live claims, statuses other than `new`, other agents' live viewing rows. */
export async function readQueue(db: Queryable): Promise<{ conversations: TeamConversation[]; viewing: TeamViewing[] }> {
  const conversations = await db.query(
    `select ${CONVERSATION_COLUMNS} from conversations c left join agents a on a.id = c.handler
      where c.status <> 'new' or c.lease_until > now() order by c.seq desc limit $1`,
    [QUEUE_SNAPSHOT_LIMIT],
  );
  const viewing = await db.query(
    `select v.agent_id, a.name, v.conversation_id, v.viewing_until from agent_viewing v left join agents a on a.id = v.agent_id
      where v.viewing_until > now() and v.agent_id <> current_user::text`,
  );
  return { conversations: conversations.rows.map(conversationOf), viewing: viewing.rows.map(viewingOf) };
}

/** Says this agent has the conversation open for `ttlMs` more (null: none open; the row goes). */
export async function writeViewing(db: Queryable, conversationId: string | null, ttlMs: number): Promise<void> {
  if (conversationId === null) {
    await db.query('delete from agent_viewing where agent_id = current_user::text');
    return;
  }
  await db.query(
    `insert into agent_viewing (agent_id, conversation_id, viewing_until)
     values (current_user, $1, now() + $2::double precision * interval '1 millisecond')
     on conflict (agent_id) do update set conversation_id = excluded.conversation_id, viewing_until = excluded.viewing_until`,
    [conversationId, ttlMs],
  );
}

/**
 * Sets the status, under the claim rule that row-level security enforces
 * (migration 0001, `claim_conversation`): free, ours, or lapsed for an agent;
 * anything for a supervisor. A refusal names the holder.
 */
export async function writeStatus(db: Queryable, conversationId: string, status: TeamConversationStatus): Promise<StatusOutcome> {
  try {
    const updated = await db.query('update conversations set status = $2 where id = $1 returning id', [conversationId, status]);
    if (updated.rowCount === 1) {
      const [conversation] = await readConversations(db, [conversationId]);
      if (conversation !== undefined) return { ok: true, conversation };
    }
  } catch (error: unknown) {
    // A lapsed claim of someone else's: the policy's WITH CHECK refuses an agent to write under another's name.
    if (!isPolicyViolation(error)) throw error;
  }
  const [current] = await readConversations(db, [conversationId]);
  if (current === undefined) return { ok: false, heldBy: null };
  const holder = await db.query<{ handler: string | null; name: string | null }>(
    'select c.handler, a.name from conversations c left join agents a on a.id = c.handler where c.id = $1',
    [conversationId],
  );
  const row = holder.rows[0];
  const id = row?.handler ?? '';
  return { ok: false, heldBy: { id, name: row?.name ?? id } };
}
