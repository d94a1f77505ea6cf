import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import type { ClientConfig } from 'pg';
import type { TeamDatabase } from '../profile/profileSchema';

/**
 * The team database's connection settings, from the profile and the password
 * the secret store holds for this database account (secrets/accountSecrets
 * `teamIdentity`). Built field by field, never from the URL string: pg would
 * let `?sslmode=` in a URL override the TLS choice below (the profile refuses
 * such URLs too).
 *
 * TLS (`team.database.tls`, default `verify-full`):
 * - `disable`: plain TCP. Only for a database on the same machine or a
 *   network the deployment trusts; the password may cross it in the clear if
 *   the server asks for `password` authentication.
 * - `require`: encrypted, the certificate not checked (a passive listener
 *   learns nothing; an active one can still pose as the server).
 * - `verify-full`: encrypted, the certificate must chain to a trusted CA (the
 *   system's, or `team.database.ca` when given) and name the host of the URL,
 *   as libpq's `sslmode=verify-full` does.
 */
export interface TeamConfigOptions {
  /** Reads the CA file (tests inject one). */
  readonly readCa?: (path: string) => Promise<string>;
  /** How long a connection attempt may take before it counts as failed. */
  readonly connectTimeoutMs?: number;
}

/** Shown to the server in pg_stat_activity, so an administrator sees which sessions are desks. */
export const TEAM_APPLICATION_NAME = 'tandem-desk';

export async function teamClientConfig(database: TeamDatabase, password: string | undefined, options: TeamConfigOptions = {}): Promise<ClientConfig> {
  const url = new URL(database.url);
  // URL keeps IPv6 literals in brackets; the socket wants the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    host,
    port: url.port === '' ? 5432 : Number(url.port),
    database: name === '' ? database.login : name,
    user: database.login,
    ...(password === undefined ? {} : { password }),
    application_name: TEAM_APPLICATION_NAME,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    // A dropped network is noticed by TCP keepalives, not only when the next query hangs.
    keepAlive: true,
    ssl: await sslOptions(database, host, options.readCa ?? ((path) => readFile(path, 'utf8'))),
  };
}

async function sslOptions(database: TeamDatabase, host: string, readCa: (path: string) => Promise<string>): Promise<ClientConfig['ssl']> {
  switch (database.tls) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ...(database.ca === undefined ? {} : { ca: await readCa(database.ca) }),
        // SNI only carries names (RFC 6066 §3); an address is still checked against the certificate below.
        ...(isIP(host) === 0 ? { servername: host } : {}),
        // Pinned to the profile's host, whatever name the socket layer would fall back to.
        checkServerIdentity: (_name: string, certificate: PeerCertificate) => checkServerIdentity(host, certificate),
      };
  }
}
