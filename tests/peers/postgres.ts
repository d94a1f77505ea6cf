/**
 * A throwaway PostgreSQL for tests (the Bluesky AppView keeps its index in
 * one): a fresh cluster in a temp dir, listening on 127.0.0.1 only, on a free
 * port, with its unix socket in the same temp dir and trust authentication.
 * `close()` stops it at once and deletes the cluster.
 *
 * initdb and postgres refuse to run as root. As root (the test suite's
 * namespace) they run as the `postgres` system user that Debian's package
 * creates, through `setpriv`, which execs in place: the postmaster is then
 * the peer process itself, so its process group and watchdog cover it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeTcpPort, LOOPBACK } from './ports.js';
import { pollUntil, spawnPeer } from './process.js';
import type { PeerProcess } from './process.js';

const execFileAsync = promisify(execFile);
const SUPERUSER = 'postgres';

export interface PostgresOptions {
  /** How long to wait for the first accepted connection (default 30 s). */
  readonly startTimeoutMs?: number;
  /**
   * Require SCRAM passwords over TCP (the unix socket stays trusted), with this
   * password for the superuser: for tests of logins and their passwords.
   */
  readonly superuserPassword?: string;
  /** The server's max_connections (PostgreSQL's default: 100), for benches that hold one connection per desk. */
  readonly maxConnections?: number;
  /** Serve TLS with these PEM files (certificate, key), e.g. tlsCa.ts's; plain TCP is still accepted. */
  readonly tls?: { readonly certificateFile: string; readonly keyFile: string };
}

export interface Postgres {
  /** postgresql://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly port: number;
  readonly process: PeerProcess;
  /** Milliseconds from initdb to the first accepted connection. */
  readonly startMs: number;
  output(): string;
  /** Stops the server the way an administrator's restart does (fast shutdown) and starts it again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The newest installed server's bin dir (Debian: /usr/lib/postgresql/<major>/bin). */
async function serverBinDir(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? await readdir(root) : [];
  const found = majors
    .filter((major) => existsSync(join(root, major, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(root, major, 'bin'))[0];
  if (found === undefined) throw new Error(`no PostgreSQL server under ${root}/*/bin (apt-get install postgresql)`);
  return found;
}

/** uid and gid of a system user, from /etc/passwd. */
async function systemUser(name: string): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((entry) => entry.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined)
    throw new Error(`no '${name}' system user: as root, PostgreSQL must run as it (apt-get install postgresql creates it)`);
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startPostgres(options: PostgresOptions = {}): Promise<Postgres> {
  const bin = await serverBinDir();
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await systemUser(SUPERUSER) : null;
  // The command line that runs a server binary as the cluster's owner.
  const asOwner = (tool: string, args: readonly string[]): [string, string[]] =>
    asRoot ? ['setpriv', [`--reuid=${SUPERUSER}`, `--regid=${SUPERUSER}`, '--init-groups', '--', join(bin, tool), ...args]] : [join(bin, tool), [...args]];

  const dir = await mkdtemp(join(tmpdir(), 'tandem-pg-'));
  if (owner !== null) await chown(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const startedAt = Date.now();
  try {
    let auth = ['--auth=trust'];
    if (options.superuserPassword !== undefined) {
      const pwfile = join(dir, 'superuser-password');
      await writeFile(pwfile, `${options.superuserPassword}\n`, { mode: 0o600 });
      if (owner !== null) await chown(pwfile, owner.uid, owner.gid);
      auth = ['--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`];
    }
    const [initdb, initdbArgs] = asOwner('initdb', ['-D', data, '-U', SUPERUSER, ...auth, '-E', 'UTF8', '--locale=C', '--no-sync']);
    await execFileAsync(initdb, initdbArgs, { cwd: dir });
  } catch (error: unknown) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${String((error as { stderr?: unknown }).stderr ?? error)}`, { cause: error });
  }

  // The server refuses a key that others may read, or that another user owns.
  const tlsArgs: string[] = [];
  if (options.tls !== undefined) {
    const certificate = join(dir, 'server.pem');
    const key = join(dir, 'server.key');
    // Copied into the cluster's folder: the server wants its key owned by itself and private.
    await writeFile(certificate, await readFile(options.tls.certificateFile), { mode: 0o644 });
    await writeFile(key, await readFile(options.tls.keyFile), { mode: 0o600 });
    if (owner !== null) for (const file of [certificate, key]) await chown(file, owner.uid, owner.gid);
    tlsArgs.push('-c', 'ssl=on', '-c', `ssl_cert_file=${certificate}`, '-c', `ssl_key_file=${key}`);
  }

  const port = await freeTcpPort();
  const [postgres, postgresArgs] = asOwner('postgres', [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    `listen_addresses=${LOOPBACK}`,
    '-c',
    `unix_socket_directories=${dir}`,
    // A throwaway cluster: durability only costs time.
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    ...(options.maxConnections === undefined ? [] : ['-c', `max_connections=${options.maxConnections}`]),
    ...tlsArgs,
  ]);
  let peer = spawnPeer({ name: 'postgres', command: postgres, args: postgresArgs, cwd: dir, logFile: join(dir, 'postgres.log') });
  const stop = async () => {
    if (peer.running) {
      const [pgCtl, pgCtlArgs] = asOwner('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      await execFileAsync(pgCtl, pgCtlArgs, { cwd: dir }).catch(() => undefined);
    }
    await peer.stop();
    if (process.env['TANDEM_KEEP_PEER_DIRS'] !== '1') await rm(dir, { recursive: true, force: true });
  };
  // pg_isready opens a real connection over TCP and says whether the server accepts it.
  const ready = (timeoutMs: number) =>
    pollUntil(
      async () => {
        try {
          await execFileAsync(join(bin, 'pg_isready'), ['-h', LOOPBACK, '-p', String(port), '-U', SUPERUSER, '-d', 'postgres', '-t', '1']);
          return true;
        } catch {
          return undefined;
        }
      },
      {
        timeoutMs,
        intervalMs: 50,
        what: `postgres accepting connections on ${LOOPBACK}:${port}`,
        abortIf: () => (peer.running ? undefined : `postgres exited:\n${peer.tail(40)}`),
      },
    );
  try {
    await ready(options.startTimeoutMs ?? 30_000);
  } catch (error: unknown) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${peer.tail(40)}`, { cause: error });
  }
  const restart = async () => {
    // SIGINT is PostgreSQL's "fast" shutdown: sessions are ended (57P01), committed work is kept.
    if (peer.running) process.kill(peer.pid, 'SIGINT');
    await peer.exited;
    await peer.stop();
    peer = spawnPeer({ name: 'postgres', command: postgres, args: postgresArgs, cwd: dir, logFile: join(dir, 'postgres.log') });
    await ready(options.startTimeoutMs ?? 30_000);
  };
  return {
    url: `postgresql://${SUPERUSER}@${LOOPBACK}:${port}/postgres`,
    port,
    get process() {
      return peer;
    },
    startMs: Date.now() - startedAt,
    output: () => peer.output(),
    restart,
    close: stop,
  };
}
