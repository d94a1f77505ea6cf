import { escapeIdentifier, escapeLiteral } from 'pg';
import type { PoolClient } from 'pg';
import * as z from 'zod';
import { requireCurrentSchema } from './migrate';
import { generatePassword, scramVerifier } from './scramVerifier';

/**
 * An agent of the team: their own database login (a LOGIN role named by the
 * agent's id, member of `tandem_agent` or `tandem_supervisor`) and their row
 * in `agents`. Run by an administrator; idempotent, so running it again with
 * new details updates the row and the membership and keeps the password.
 */

export type AgentRole = 'agent' | 'supervisor';

export interface AgentInput {
  readonly id: string;
  readonly name: string;
  readonly role: AgentRole;
  readonly sipUri: string | null;
  /** Give an existing login a new password. */
  readonly resetPassword: boolean;
}

export interface AgentOutcome {
  readonly created: boolean;
  /** The new password, when the login was created or reset; shown once, stored nowhere. */
  readonly password: string | null;
}

export class AgentLoginError extends Error {
  override name = 'AgentLoginError';
}

/** Lower-case login names: no quoting surprises in URLs, psql or logs; pg_ and tandem_ are reserved. */
export const AGENT_ID = /^(?!pg_|tandem_)[a-z][a-z0-9_]{0,62}$/;

const GROUP: Record<AgentRole, string> = { agent: 'tandem_agent', supervisor: 'tandem_supervisor' };

const ExistingRole = z.object({ rolsuper: z.boolean(), tandem: z.boolean(), listed: z.boolean() });

/** Creates or updates the agent; `db` is an administrator's connection, used for one transaction. */
export async function addAgent(db: Pick<PoolClient, 'query'>, input: AgentInput): Promise<AgentOutcome> {
  if (!AGENT_ID.test(input.id)) {
    throw new AgentLoginError(`agent id "${input.id.slice(0, 64)}" must be lower-case letters, digits and _, starting with a letter (not pg_ or tandem_)`);
  }
  if (input.name.trim().length === 0) throw new AgentLoginError('the agent needs a name');
  await requireCurrentSchema(db);
  await db.query('begin');
  try {
    await db.query("select pg_advisory_xact_lock(hashtext('tandem:agents'))");
    const outcome = await upsertLogin(db, input);
    await db.query(
      `insert into agents (id, name, role, sip_uri) values ($1, $2, $3, $4)
       on conflict (id) do update set name = excluded.name, role = excluded.role, sip_uri = excluded.sip_uri
       where (agents.name, agents.role, agents.sip_uri) is distinct from (excluded.name, excluded.role, excluded.sip_uri)`,
      [input.id, input.name.trim(), input.role, input.sipUri],
    );
    await db.query('commit');
    return outcome;
  } catch (error: unknown) {
    await db.query('rollback').catch(() => undefined);
    throw error;
  }
}

async function upsertLogin(db: Pick<PoolClient, 'query'>, input: AgentInput): Promise<AgentOutcome> {
  const role = escapeIdentifier(input.id);
  const found = await db.query(
    `select r.rolsuper,
            exists (select from pg_auth_members m join pg_roles g on g.oid = m.roleid
                     where m.member = r.oid and g.rolname in ('tandem_agent', 'tandem_supervisor')) as tandem,
            exists (select from agents a where a.id = r.rolname) as listed
       from pg_roles r where r.rolname = $1`,
    [input.id],
  );
  const existing = found.rows[0] === undefined ? null : ExistingRole.parse(found.rows[0]);
  // Never turn the administrator, or a role some other application owns, into an agent.
  if (existing !== null && (existing.rolsuper || (!existing.tandem && !existing.listed))) {
    throw new AgentLoginError(`a database role named "${input.id}" already exists and is not a Tandem agent: choose another id`);
  }
  const password = existing === null || input.resetPassword ? generatePassword() : null;
  const credential = password === null ? '' : ` password ${escapeLiteral(scramVerifier(password))}`;
  if (existing === null) await db.query(`create role ${role} login${credential}`);
  else await db.query(`alter role ${role} login${credential}`);
  const other = input.role === 'agent' ? GROUP.supervisor : GROUP.agent;
  await db.query(`grant ${GROUP[input.role]} to ${role}`);
  // A supervisor is an agent through tandem_supervisor; a direct membership in the other group would widen or muddle it.
  const direct = await db.query(
    'select from pg_auth_members m join pg_roles g on g.oid = m.roleid join pg_roles r on r.oid = m.member where g.rolname = $1 and r.rolname = $2',
    [other, input.id],
  );
  if (direct.rowCount !== 0) await db.query(`revoke ${other} from ${role}`);
  return { created: existing === null, password };
}
