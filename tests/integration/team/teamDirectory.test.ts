/**
 * The team's phone directory on real PostgreSQL (issue 12 item 4): Ana's
 * desk, built from her own profile and logged in as herself, reads the
 * colleagues the administrator recorded with `add-agent --sip` (name and SIP
 * address, nothing else), and hears a colleague added later through the
 * change feed.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, TeamDirectory } from '@tandem/contract';
import type { Core } from '../../../main/core/app/createCore';
import { addAgent, type AgentRole } from '../../../main/core/team/agentLogins';
import { readTeamDirectory } from '../../../main/core/team/teamDirectory';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type AgentLogin, type TeamCluster } from './support/teamCluster';
import { startTeamDeskCore } from './support/teamDeskCore';

const DB = 'team_directory';
const WAIT_MS = 20_000;

let cluster: TeamCluster;
let admin: pg.Pool;
const cores: Core[] = [];

/** What `npm run team -- add-agent ID --name NAME --role ROLE --sip URI` does. */
async function addAgentWithSip(id: string, name: string, role: AgentRole, sipUri: string | null): Promise<AgentLogin> {
  const client = await admin.connect();
  try {
    const outcome = await addAgent(client, { id, name, role, sipUri, resetPassword: true });
    if (outcome.password === null) throw new Error(`no password for ${id}`);
    return { id, password: outcome.password };
  } finally {
    client.release();
  }
}

function nextDirectory(core: Core, matches: (directory: EventPayload<'team:directory'>) => boolean): Promise<EventPayload<'team:directory'>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching team:directory')), WAIT_MS);
    const unsubscribe = core.events.on('team:directory', (directory) => {
      if (!matches(directory)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(directory);
    });
  });
}

let ana: AgentLogin;

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  ana = await addAgentWithSip('ana', 'Ana Ruiz', 'agent', 'sip:1001@pbx.test');
  await addAgentWithSip('ben', 'Ben Okafor', 'agent', 'sip:1002@pbx.test');
  await addAgentWithSip('sofia', 'Sofia Lind', 'supervisor', 'sip:1009@pbx.test');
  await addAgentWithSip('dan', 'Dan Webb', 'agent', null);
});

afterAll(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  await cluster?.close();
});

describe('the team directory behind the dial and transfer boxes', () => {
  it('Ana’s desk reads her colleagues’ names and SIP addresses, only those, and hears a new colleague arrive', async () => {
    const desk = await step('Ana’s desk connects to the team database as herself', async () => {
      const core = await startTeamDeskCore({ cluster, database: DB, login: ana, name: 'Ana Ruiz' });
      cores.push(core);
      return core;
    });

    await step('team:getDirectory lists every colleague with a SIP address, by name; not Ana herself, not Dan who has none', async () => {
      const result = await desk.dispatch('team:getDirectory', {});
      if (!result.ok) throw new Error(`team:getDirectory failed: ${result.error.messageKey}`);
      expect((result.value as TeamDirectory).agents).toEqual([
        { name: 'Ben Okafor', uri: 'sip:1002@pbx.test' },
        { name: 'Sofia Lind', uri: 'sip:1009@pbx.test' },
      ]);
    });

    await step('the read runs under Ana’s own login and carries no other column (no login id, no role)', async () => {
      const asAna = cluster.as(DB, ana);
      const rows = await readTeamDirectory(asAna);
      expect(rows.map((row) => Object.keys(row).sort())).toEqual([
        ['name', 'uri'],
        ['name', 'uri'],
      ]);
      const refused = await asAna.query("update agents set sip_uri = 'sip:6666@evil.test' where id = 'ben'").then(
        () => 'accepted',
        (error: unknown) => String((error as { code?: unknown }).code),
      );
      expect(refused).toBe('42501');
    });

    await step('the administrator adds Carlos with --sip: Ana’s desk announces the whole directory again, Carlos in it', async () => {
      const heard = nextDirectory(desk, (directory) => directory.agents.some((agent) => agent.name === 'Carlos Mendes'));
      await addAgentWithSip('carlos', 'Carlos Mendes', 'agent', 'sip:1003@pbx.test');
      expect((await heard).agents).toEqual([
        { name: 'Ben Okafor', uri: 'sip:1002@pbx.test' },
        { name: 'Carlos Mendes', uri: 'sip:1003@pbx.test' },
        { name: 'Sofia Lind', uri: 'sip:1009@pbx.test' },
      ]);
    });
  });
});
