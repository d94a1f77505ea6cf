/**
 * Two desks, each built from its own profile as main builds it (createCore,
 * its own data folder, its own agent login), claim one complaint through the
 * contract's dispatcher, the way the composer does. The database decides:
 * the second desk is told who handles it, and gets it once it is released.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimOutcome } from '@tandem/contract';
import type { Core } from '../../../main/core/app/createCore';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type AgentLogin, type TeamCluster } from './support/teamCluster';
import { startTeamDeskCore } from './support/teamDeskCore';

const DB = 'team_claim_channels';
const COMPLAINT = 'at://did:plc:carla/app.bsky.feed.post/complaint';

let cluster: TeamCluster;
let admin: pg.Pool;
const cores: Core[] = [];
const logins: Record<'ana' | 'ben', AgentLogin> = {} as Record<'ana' | 'ben', AgentLogin>;

/** A desk for `login`, from a profile naming the team database, once its session is live. */
async function deskOf(login: AgentLogin, name: string): Promise<Core> {
  const core = await startTeamDeskCore({ cluster, database: DB, login, name });
  cores.push(core);
  return core;
}

async function claim(core: Core): Promise<ClaimOutcome> {
  const answer = await core.dispatch('team:claim', { conversationId: COMPLAINT });
  if (!answer.ok) throw new Error(`the claim failed: ${answer.error.messageKey}`);
  return answer.value as ClaimOutcome;
}

async function handler(): Promise<string | null> {
  const row = await admin.query<{ handler: string | null }>('select handler from conversations where id = $1', [COMPLAINT]);
  return row.rows[0]?.handler ?? null;
}

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  // add-agent shows each password once; the test keeps them to write each desk's profile.
  logins.ana = await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent');
  logins.ben = await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent');
  await admin.query("insert into conversations (id, account_id, last_item_at) values ($1, 'bluesky:acme.test', now())", [COMPLAINT]);
});

afterAll(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  await cluster?.close();
});

describe('claims through the contract, two desks on one team database', () => {
  it('Ana claims; Ben is told "Ana Ruiz" handles it; Ana releases; Ben claims', async () => {
    const ana = await deskOf(logins.ana, 'Ana Ruiz');
    const ben = await deskOf(logins.ben, 'Ben Okafor');

    await step('Ana claims the complaint through her dispatcher and gets a lease of about ten minutes', async () => {
      const before = Date.now();
      const outcome = await claim(ana);
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.leaseUntil).toBeGreaterThan(before + 9 * 60_000);
      expect(outcome.leaseUntil).toBeLessThan(Date.now() + 11 * 60_000);
      expect(await handler()).toBe('ana');
    });

    await step("Ben's claim is refused, naming Ana Ruiz", async () => {
      expect(await claim(ben)).toEqual({ ok: false, heldBy: { id: 'ana', name: 'Ana Ruiz' } });
      expect(await handler()).toBe('ana');
    });

    await step('Ben cannot release what Ana holds; Ana releases it', async () => {
      expect(await ben.dispatch('team:release', { conversationId: COMPLAINT })).toEqual({ ok: true, value: null });
      expect(await handler()).toBe('ana');
      expect(await ana.dispatch('team:release', { conversationId: COMPLAINT })).toEqual({ ok: true, value: null });
      expect(await handler()).toBeNull();
    });

    await step('Ben claims the free complaint', async () => {
      expect(await claim(ben)).toMatchObject({ ok: true });
      expect(await handler()).toBe('ben');
    });

    await step("Ben, an agent, cannot take it back over for Ana's desk: Ana's take-over is refused, naming Ben", async () => {
      expect(await ana.dispatch('team:takeOver', { conversationId: COMPLAINT })).toEqual({
        ok: true,
        value: { ok: false, heldBy: { id: 'ben', name: 'Ben Okafor' } },
      });
      expect(await handler()).toBe('ben');
    });
  });
});
