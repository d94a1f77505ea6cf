import type { Pool, PoolClient } from 'pg';
import * as z from 'zod';
import { HANDLED_ELSEWHERE, TEAM_CLAIM_ERRORS } from '@tandem/contract';
import { ContractFailure } from '../../contract/contractFailure';
import type { Logger } from '../../log/logger';
import { claimConversation } from '../../team/claims';
import { tidFor } from '../bluesky/tid';
import type { IncomingItem } from '../connector';
import type { TeamSend } from '../teamLink';

/** What a desk is told when another agent's claim stops its send (the detail names the holder). */

/**
 * Send once (issue 11, "A reply is posted at most once even if two desks
 * try"). Before a team desk's outbox sends anything, one transaction claims
 * the conversation (or renews this agent's claim) and inserts the
 * `social_outbox` row, whose id is the renderer's clientId and whose
 * `record_key` is derived from that row: the TID of (created_at, id), the
 * very key the Bluesky sender writes the post under (`bluesky/tid.ts`). So:
 * - two desks pressing Send on one conversation race in the database: the
 *   second claim finds the first agent's live lease and the second desk is
 *   told who handles it; it sends nothing;
 * - the same send asked again (a retried request, a restarted desk) finds its
 *   row and takes the row's `created_at`, so its record key is the first
 *   one's, and the network keeps one post under it (a repeated createRecord
 *   finds the record and stops).
 */
export class TeamSends {
  constructor(
    private readonly pool: () => Promise<Pick<Pool, 'connect' | 'query'>>,
    private readonly log: Logger,
  ) {}

  async queue(send: TeamSend): Promise<number> {
    let client: PoolClient;
    try {
      client = await (await this.pool()).connect();
    } catch (error: unknown) {
      this.log.warn('team: a send could not reach the database', { code: codeOf(error) });
      throw new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.offline);
    }
    try {
      await client.query('begin');
      const createdAt = await this.#queueIn(client, send);
      await client.query('commit');
      return createdAt;
    } catch (error: unknown) {
      await client.query('rollback').catch(() => undefined);
      if (error instanceof ContractFailure) throw error;
      // 42501: row-level security refused the row (no live claim of ours): someone else handles it.
      if (codeOf(error) === '42501') throw new ContractFailure('rejected', HANDLED_ELSEWHERE);
      this.log.warn('team: a send could not be queued in the database', { code: codeOf(error) });
      throw new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.offline);
    } finally {
      client.release();
    }
  }

  async #queueIn(client: PoolClient, send: TeamSend): Promise<number> {
    let claim = await claimConversation(client, send.conversationId);
    if (!claim.ok && claim.heldBy === null) {
      // A conversation this desk read from a thread before the ingester shared it: the team learns of it now.
      await client.query('select record_conversation_item($1, $2, $3, $4)', [send.conversationId, send.accountId, send.authorDid, new Date(send.createdAt)]);
      claim = await claimConversation(client, send.conversationId);
    }
    if (!claim.ok) throw new ContractFailure('rejected', HANDLED_ELSEWHERE, claim.heldBy?.name);
    await client.query(
      `insert into social_outbox (id, conversation_id, kind, text, record_key, created_at, target)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing`,
      [send.id, send.conversationId, send.kind, send.text, tidFor(send.createdAt, send.id), new Date(send.createdAt), send.target],
    );
    const row = OutboxRow.parse((await client.query('select conversation_id, created_at from social_outbox where id = $1', [send.id])).rows[0]);
    // The same id queued for another conversation is not this send (the renderer's ids are UUIDs: a bug, refuse it).
    if (row.conversation_id !== send.conversationId) throw new ContractFailure('rejected', 'social.errors.clientIdReused');
    return row.created_at.getTime();
  }

  async sent(clientId: string, item: IncomingItem | null): Promise<void> {
    const pool = await this.pool();
    await pool.query("update social_outbox set state = 'sent' where id = $1 and state <> 'sent'", [clientId]);
    if (item === null) return;
    // The team sees the brand's reply at once (the ingester would bring it too, from the network: the URI keeps it single).
    await pool.query(
      `insert into social_items (uri, conversation_id, account_id, payload, created_at) values ($1, $2, $3, $4, $5)
       on conflict (uri) do nothing`,
      [item.uri, item.conversationId, item.accountId, JSON.stringify(item), new Date(item.createdAt)],
    );
  }

  async failed(clientId: string): Promise<void> {
    await (await this.pool()).query("update social_outbox set state = 'failed' where id = $1 and state = 'pending'", [clientId]);
  }
}

const OutboxRow = z.object({ conversation_id: z.string(), created_at: z.date() });

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};
