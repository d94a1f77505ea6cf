import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import type { TeamDatabase } from '../../../main/core/profile/profileSchema';
import { TEAM_APPLICATION_NAME, teamClientConfig } from '../../../main/core/team/teamConfig';

const ana = (overrides: Partial<TeamDatabase> = {}): TeamDatabase => ({
  url: 'postgresql://ana@db.example.com:6543/tandem',
  login: 'ana',
  tls: 'verify-full',
  ...overrides,
});

/** A certificate as Node hands it to checkServerIdentity, for one DNS name. */
const certificateFor = (name: string) => ({ subject: { CN: name }, subjectaltname: `DNS:${name}` }) as unknown as PeerCertificate;

type SslOptions = {
  rejectUnauthorized?: boolean;
  ca?: string;
  servername?: string;
  checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
};

describe('a desk connects to its team database as the profile says', () => {
  it('takes host, port, database and the agent login from the URL, and the password from the secret store', async () => {
    const config = await teamClientConfig(ana({ tls: 'disable' }), 's3cret');
    expect(config).toMatchObject({
      host: 'db.example.com',
      port: 6543,
      database: 'tandem',
      user: 'ana',
      password: 's3cret',
      application_name: TEAM_APPLICATION_NAME,
    });
    // Never a connection string: pg would let its ?sslmode= override the TLS choice.
    expect(config.connectionString).toBeUndefined();
  });

  it("fills in PostgreSQL's defaults: port 5432, and the database named after the user", async () => {
    const config = await teamClientConfig(ana({ url: 'postgresql://ana@[::1]', tls: 'disable' }), undefined);
    expect(config).toMatchObject({ host: '::1', port: 5432, database: 'ana', user: 'ana' });
    expect(config).not.toHaveProperty('password');
  });

  it('tls "disable" sends no TLS at all', async () => {
    expect((await teamClientConfig(ana({ tls: 'disable' }), 'pw')).ssl).toBe(false);
  });

  it('tls "require" encrypts without checking the certificate', async () => {
    expect((await teamClientConfig(ana({ tls: 'require' }), 'pw')).ssl).toEqual({ rejectUnauthorized: false });
  });

  it('tls "verify-full" checks the chain against the given CA file and the host name of the URL', async () => {
    const read: string[] = [];
    const config = await teamClientConfig(ana({ ca: '/etc/tandem/team-ca.pem' }), 'pw', {
      readCa: (path) => {
        read.push(path);
        return Promise.resolve('-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
      },
    });
    const ssl = config.ssl as SslOptions;
    expect(read).toEqual(['/etc/tandem/team-ca.pem']);
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(ssl.ca).toContain('BEGIN CERTIFICATE');
    expect(ssl.servername).toBe('db.example.com');
    expect(ssl.checkServerIdentity?.('db.example.com', certificateFor('db.example.com'))).toBeUndefined();
    // Whatever name the socket layer passes, the certificate must name the profile's host.
    expect(ssl.checkServerIdentity?.('evil.example', certificateFor('evil.example'))).toBeInstanceOf(Error);
  });

  it('tls "verify-full" without a CA file trusts the system CAs, and sends no SNI for an IP address', async () => {
    const ssl = (await teamClientConfig(ana({ url: 'postgresql://ana@10.0.0.5/tandem' }), 'pw')).ssl as SslOptions;
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(ssl).not.toHaveProperty('ca');
    expect(ssl).not.toHaveProperty('servername');
    expect(ssl.checkServerIdentity?.('10.0.0.5', certificateFor('db.example.com'))).toBeInstanceOf(Error);
  });
});
