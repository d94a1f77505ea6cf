import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import type { TeamDatabase } from '../../../main/core/profile/profileSchema';
import { teamClientConfig } from '../../../main/core/team/teamConfig';
import { TeamFeed, type TeamFeedStatus } from '../../../main/core/team/teamFeed';
import { TeamOutbox } from '../../../main/core/team/teamOutbox';
import { startPostgres, type Postgres } from '../../peers/postgres';
import { makeTestCa, type TestCa } from '../../peers/tlsCa';

let ca: TestCa;
let postgres: Postgres;

beforeAll(async () => {
  ca = await makeTestCa();
  postgres = await startPostgres({ tls: { certificateFile: ca.serverCertificate, keyFile: ca.serverKey } });
});

afterAll(async () => {
  await postgres?.close();
  await ca?.dispose();
});

const database = (tls: TeamDatabase['tls'], caFile?: string): TeamDatabase => ({ url: postgres.url, login: 'postgres', tls, ca: caFile });

/** Connects as the desk would and asks the server whether this session is encrypted. */
async function sessionIsEncrypted(target: TeamDatabase): Promise<boolean> {
  const client = new pg.Client(await teamClientConfig(target, undefined));
  await client.connect();
  try {
    const { rows } = await client.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
    return rows[0]?.ssl === true;
  } finally {
    await client.end();
  }
}

describe('the team database over TLS', () => {
  it('verify-full with the team CA connects, encrypted', async () => {
    expect(await sessionIsEncrypted(database('verify-full', ca.caCertificate))).toBe(true);
  });

  it('require encrypts without checking, and disable does not encrypt', async () => {
    expect(await sessionIsEncrypted(database('require'))).toBe(true);
    expect(await sessionIsEncrypted(database('disable'))).toBe(false);
  });

  it('verify-full without the team CA refuses the server, and the desk says its certificate could not be verified', async () => {
    const feed = new TeamFeed({
      config: () => teamClientConfig(database('verify-full'), undefined),
      outbox: await TeamOutbox.open(undefined),
      log: silentLogger,
      backoff: { baseMs: 5_000, capMs: 5_000 },
    });
    const refused = new Promise<TeamFeedStatus>((resolve) => {
      feed.onStatus((status) => {
        if (status.state === 'reconnecting') resolve(status);
      });
    });
    await feed.start();
    try {
      expect(await refused).toMatchObject({ state: 'reconnecting', problem: 'certificate-rejected' });
    } finally {
      await feed.stop();
    }
  });
});
