/**
 * The supervisor's social queue and mention volume come from the team
 * database, guarded by it (issue 16, items 3 and 4; migration 0011): Sam, a
 * supervisor, reads the open conversations with their first-response
 * figures, who handles them and the phone numbers of the customer verified
 * as the author; Ben, an agent, is refused with plain SQL, and cannot take a
 * conversation over from Ana while Sam can.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimConversation, reassignConversation } from '../../../main/core/team/claims';
import { readQueue, readQueueCounts, readVolume } from '../../../main/core/supervisor/queueRead';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type TeamCluster } from '../team/support/teamCluster';

const DB = 'team_social_queue';
const ACCOUNT = 'bluesky:brand.test';
const LUCIA_DID = 'did:plc:lucia';
const T0 = Date.parse('2026-12-04T09:00:00Z');
const MINUTE = 60_000;

let cluster: TeamCluster;
let admin: pg.Pool;
let ana: pg.Pool;
let ben: pg.Pool;
let sam: pg.Pool;

async function refusal(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (error: unknown) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error('the statement was accepted');
}

/** One stored item, as the ingester writes it: the connector's item is the payload. */
async function item(options: {
  uri: string;
  conversation: string;
  kind: string;
  visibility: 'public' | 'private';
  at: number;
  text: string;
  did?: string;
  handle?: string;
  followers?: number | null;
}): Promise<void> {
  const payload = {
    kind: options.kind,
    visibility: options.visibility,
    uri: options.uri,
    text: options.text,
    createdAt: options.at,
    author: { did: options.did ?? 'did:plc:brand', handle: options.handle ?? 'brand.test', displayName: '', followers: options.followers ?? null },
  };
  await admin.query('insert into social_items (uri, conversation_id, account_id, payload, created_at) values ($1, $2, $3, $4, $5)', [
    options.uri,
    options.conversation,
    ACCOUNT,
    JSON.stringify(payload),
    new Date(options.at),
  ]);
}

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  ana = cluster.as(DB, await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent'));
  ben = cluster.as(DB, await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent'));
  sam = cluster.as(DB, await cluster.addAgent(DB, 'sam', 'Sam Lee', 'supervisor'));

  // Lucía's angry public thread, answered once after 40 minutes, then written to again; her number is verified for her account.
  await admin.query(
    `insert into conversations (id, account_id, status, author_did, last_item_at) values
       ('at://lucia/1', $1, 'open', $2, $3), ('convo-2', $1, 'new', 'did:plc:marc', $4), ('at://old/3', $1, 'closed', 'did:plc:old', $4)`,
    [ACCOUNT, LUCIA_DID, new Date(T0 + 60 * MINUTE), new Date(T0 + 5 * MINUTE)],
  );
  await item({
    uri: 'at://lucia/1',
    conversation: 'at://lucia/1',
    kind: 'mention',
    visibility: 'public',
    at: T0,
    text: 'worst service ever',
    did: LUCIA_DID,
    handle: 'lucia.test',
    followers: 1234,
  });
  await item({
    uri: 'at://brand/r1',
    conversation: 'at://lucia/1',
    kind: 'brand-reply',
    visibility: 'public',
    at: T0 + 40 * MINUTE,
    text: 'Sorry, we are on it',
  });
  await item({
    uri: 'at://lucia/2',
    conversation: 'at://lucia/1',
    kind: 'reply',
    visibility: 'public',
    at: T0 + 50 * MINUTE,
    text: 'still broken',
    did: LUCIA_DID,
    handle: 'lucia.test',
    followers: 1240,
  });
  await item({
    uri: 'at://lucia/3',
    conversation: 'at://lucia/1',
    kind: 'reply',
    visibility: 'public',
    at: T0 + 60 * MINUTE,
    text: 'hello??',
    did: LUCIA_DID,
    handle: 'lucia.test',
    followers: 1241,
  });
  await item({
    uri: 'chat:m1',
    conversation: 'convo-2',
    kind: 'message',
    visibility: 'private',
    at: T0 + 5 * MINUTE,
    text: 'where is my order',
    did: 'did:plc:marc',
    handle: 'marc.test',
  });
  await admin.query(
    `insert into customers (id, name, created_by) values ('c-lucia', 'Lucía Fernández', 'ana');
     insert into identities (id, customer_id, kind, value, did, status, verified_by) values
       ('i-phone', 'c-lucia', 'phone', '+12125550123', null, 'unverified', null),
       ('i-bsky', 'c-lucia', 'bluesky', 'lucia.test', '${LUCIA_DID}', 'verified', 'ana');
     insert into interactions (id, customer_id, channel, direction, at, author) values
       ('call-1', 'c-lucia', 'call', 'inbound', '2026-12-04T09:05:00Z', 'ana'),
       ('call-2', 'c-lucia', 'call', 'inbound', '2026-12-04T09:20:00Z', 'ana')`,
  );
});

afterAll(async () => {
  await cluster?.close();
});

describe("The supervisor's social queue in the team database", () => {
  it('Sam reads the open conversations with their first-response figures, handler and the verified customer’s name and numbers', async () => {
    await step('Ana claims Lucía’s thread', async () => {
      expect((await claimConversation(ana, 'at://lucia/1')).ok).toBe(true);
    });
    const queue = await step('Sam reads the queue: two open conversations, the closed one left out', async () => {
      const rows = await readQueue(sam, Date.now());
      expect(rows.map((row) => row.id).sort()).toEqual(['at://lucia/1', 'convo-2']);
      return rows;
    });
    await step('Lucía’s thread: first response after 40 minutes, waiting again since her reply after it, her latest words and reach', () => {
      const lucia = queue.find((row) => row.id === 'at://lucia/1');
      expect(lucia).toMatchObject({
        status: 'open',
        visibility: 'public',
        handler: { id: 'ana', name: 'Ana Ruiz' },
        authorHandle: 'lucia.test',
        authorFollowers: 1241,
        text: 'hello??',
        phones: ['+12125550123'],
        customerName: 'Lucía Fernández',
      });
      expect((lucia?.firstResponseAt ?? 0) - (lucia?.firstAt ?? 0)).toBe(40 * MINUTE);
      expect((lucia?.waitingSince ?? 0) - (lucia?.firstAt ?? 0)).toBe(50 * MINUTE);
    });
    await step('Marc’s private message: unanswered, nobody handles it, no verified number', () => {
      const marc = queue.find((row) => row.id === 'convo-2');
      expect(marc).toMatchObject({ visibility: 'private', handler: null, firstResponseAt: null, phones: [], customerName: null });
      expect(marc?.waitingSince).toBe(marc?.firstAt);
    });
    await step('the counts by status include the closed one', async () => {
      expect(await readQueueCounts(sam)).toEqual({ new: 1, open: 1, waiting: 0, closed: 1 });
    });
  });

  it('mentions and calls are counted per 15 minutes from a given time', async () => {
    const volume = await readVolume(sam, new Date(T0 - MINUTE));
    expect(volume).toEqual([
      { start: T0, mentions: 1, calls: 1 },
      { start: T0 + 15 * MINUTE, mentions: 0, calls: 1 },
      { start: T0 + 45 * MINUTE, mentions: 1, calls: 0 },
      { start: T0 + 60 * MINUTE, mentions: 1, calls: 0 },
    ]);
  });

  it("an agent's login is refused the queue and the volume; only the supervisor takes a conversation over", async () => {
    await step('Ben calls the queue functions: permission denied', async () => {
      expect(await refusal(ben.query('select * from supervisor_queue()'))).toBe('42501');
      expect(await refusal(ben.query('select * from supervisor_queue_counts()'))).toBe('42501');
      expect(await refusal(ben.query('select * from supervisor_volume(now())'))).toBe('42501');
    });
    await step('Ben tries to take Lucía’s thread from Ana: refused by the database', async () => {
      expect(await reassignConversation(ben, 'at://lucia/1', 'ben')).toEqual({ ok: false, reason: 'refused' });
    });
    await step('Sam takes it over: the queue names him', async () => {
      expect(await reassignConversation(sam, 'at://lucia/1', 'sam')).toEqual({ ok: true });
      const rows = await readQueue(sam, Date.now());
      expect(rows.find((row) => row.id === 'at://lucia/1')?.handler).toEqual({ id: 'sam', name: 'Sam Lee' });
    });
  });
});
