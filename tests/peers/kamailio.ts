/**
 * Kamailio as the test registrar/proxy: SIP over WebSocket for sip.js clients
 * (and over TLS, `wss://`, when given a certificate), UDP for baresip and sipp, digest auth from an in-memory user table, dialog
 * presence for supervisors, and optionally media anchored by rtpengine.
 *
 * The configuration lives in tests/peers/kamailio/kamailio.cfg; this file fills
 * in its placeholders, prepares the SQLite presence database and runs Kamailio
 * in the foreground on free loopback ports.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freeTcpPort, freeUdpPort, LOOPBACK } from './ports.js';
import { pollUntil, spawnPeer } from './process.js';
import type { PeerProcess } from './process.js';

const execFileAsync = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const TEMPLATE = join(here, 'kamailio', 'kamailio.cfg');
const SCHEMA_DIR = '/usr/share/kamailio/db_sqlite';

export interface KamailioOptions {
  /** SIP users and their passwords (user part of sip:user@127.0.0.1). */
  readonly users: Readonly<Record<string, string>>;
  /**
   * Also listen for SIP over secure WebSocket (`wss://`) with this certificate
   * and key (PEM files, e.g. from tests/peers/tlsCa.ts). The ws:// listener stays.
   */
  readonly tls?: { readonly certificate: string; readonly privateKey: string };
  /** Anchor media through an rtpengine listening on this ng port. */
  readonly withRtpengine?: { readonly ngPort: number };
  /** Kamailio log level (default 1 = notices and worse; 3 = debug). */
  readonly debug?: number;
  /** How long to wait for readiness (default 10 s). */
  readonly startTimeoutMs?: number;
}

export interface Kamailio {
  readonly host: '127.0.0.1';
  readonly domain: '127.0.0.1';
  /** ws://127.0.0.1:PORT — the SIP-over-WebSocket endpoint. */
  readonly wsUrl: string;
  readonly wsPort: number;
  /** wss://127.0.0.1:PORT when started with `tls`, else undefined. */
  readonly wssUrl: string | undefined;
  readonly wssPort: number | undefined;
  readonly udpPort: number;
  /** Temp dir holding the rendered config, the presence DB and logs. */
  readonly dir: string;
  /** Milliseconds from spawn to the first answered OPTIONS, for the last start. */
  readonly lastStartMs: number;
  /** The running process (changes on restart). */
  readonly process: PeerProcess;
  /** Kamailio's log output of the current process. */
  output(): string;
  /** Sends OPTIONS over UDP; resolves with the status line of the answer. */
  ping(timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
  /** Kills Kamailio and starts it again on the same ports (registrations are lost). */
  restart(): Promise<void>;
}

/** Where Debian puts Kamailio's modules (checked, not assumed). */
export async function kamailioModulesDir(): Promise<string> {
  const fromEnv = process.env['KAMAILIO_MODULES_DIR'];
  const candidates = [
    ...(fromEnv === undefined ? [] : [fromEnv]),
    '/usr/lib/x86_64-linux-gnu/kamailio/modules',
    '/usr/lib/aarch64-linux-gnu/kamailio/modules',
    '/usr/lib64/kamailio/modules',
    '/usr/lib/kamailio/modules',
  ];
  try {
    for (const entry of await readdir('/usr/lib')) {
      candidates.push(join('/usr/lib', entry, 'kamailio', 'modules'));
    }
  } catch {
    // No /usr/lib listing: keep the fixed candidates.
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'websocket.so')));
  if (found === undefined) {
    throw new Error('Kamailio modules (websocket.so) not found; install kamailio kamailio-websocket-modules');
  }
  return found;
}

const SAFE_USER = /^[A-Za-z0-9._-]{1,64}$/;
const SAFE_PASSWORD = /^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/; // printable, no quote or backslash

function usersBlock(users: Readonly<Record<string, string>>): string {
  return Object.entries(users)
    .map(([user, password]) => {
      if (!SAFE_USER.test(user)) throw new Error(`unsupported SIP user name for the test config: ${user}`);
      if (!SAFE_PASSWORD.test(password)) throw new Error(`unsupported password characters for user ${user}`);
      return `\t$sht(users=>${user}) = "${password}";`;
    })
    .join('\n');
}

async function createPresenceDb(path: string): Promise<void> {
  const files = ['standard-create.sql', 'presence-create.sql'].map((name) => join(SCHEMA_DIR, name));
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`missing ${file}; install kamailio-sqlite-modules`);
  }
  await execFileAsync('sqlite3', [path, ...files.map((file) => `.read ${file}`)]);
}

/** One OPTIONS over UDP to the server itself; resolves with the reply's status line. */
export function sipOptionsPing(port: number, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const branch = `z9hG4bK-${Math.random().toString(36).slice(2)}`;
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no answer to OPTIONS on udp ${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.on('message', (data) => {
      const text = data.toString('utf8');
      if (!text.includes(branch)) return;
      clearTimeout(timer);
      socket.close();
      resolve(text.split('\r\n')[0] ?? '');
    });
    socket.bind({ address: LOOPBACK, port: 0 }, () => {
      const local = socket.address().port;
      const message = [
        `OPTIONS sip:${LOOPBACK}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP ${LOOPBACK}:${local};branch=${branch};rport`,
        'Max-Forwards: 70',
        `From: <sip:probe@${LOOPBACK}>;tag=${branch.slice(8)}`,
        `To: <sip:${LOOPBACK}:${port}>`,
        `Call-ID: ${branch}@tandem-probe`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.send(message, port, LOOPBACK);
    });
  });
}

/** TCP connect probe: resolves true if something accepts on the port. */
function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    import('node:net')
      .then(({ connect }) => {
        const socket = connect({ host: LOOPBACK, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      })
      .catch(() => resolve(false));
  });
}

export async function startKamailio(options: KamailioOptions): Promise<Kamailio> {
  const [udpPort, wsPort, wssPort, modulesDir, template] = await Promise.all([
    freeUdpPort(),
    freeTcpPort(),
    options.tls === undefined ? Promise.resolve(undefined) : freeTcpPort(),
    kamailioModulesDir(),
    readFile(TEMPLATE, 'utf8'),
  ]);
  const usersConfig = usersBlock(options.users);
  const dir = await mkdtemp(join(tmpdir(), 'tandem-kamailio-'));
  const dbPath = join(dir, 'presence.sqlite');
  const configPath = join(dir, 'kamailio.cfg');
  try {
    const values: Record<string, string> = {
      DB_PATH: dbPath.startsWith('/') ? `/${dbPath}` : dbPath, // sqlite:// + /abs = four slashes
      DEBUG: String(options.debug ?? Number(process.env['TANDEM_KAMAILIO_DEBUG'] ?? 1)),
      LOG_PREFIX: 'kamailio',
      UDP_PORT: String(udpPort),
      WS_PORT: String(wsPort),
      WSS_PORT: String(wssPort ?? 0),
      TLS_CERTIFICATE: options.tls?.certificate ?? '',
      TLS_PRIVATE_KEY: options.tls?.privateKey ?? '',
      MODULES_DIR: `${modulesDir}/`,
      RTPENGINE_NG_PORT: String(options.withRtpengine?.ngPort ?? 0),
      USERS: usersConfig,
    };
    const config = template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`kamailio.cfg: unknown placeholder ${whole}`);
      return value;
    });
    await createPresenceDb(dbPath);
    await writeFile(configPath, config);
  } catch (error: unknown) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const args = ['-DD', '-E', '-f', configPath, '-m', '256', '-M', '16', '-Y', dir];
  if (options.withRtpengine !== undefined) args.push('-A', 'WITH_RTPENGINE');
  if (options.tls !== undefined) args.push('-A', 'WITH_TLS');
  const timeoutMs = options.startTimeoutMs ?? 10_000;

  let current: PeerProcess | undefined;
  let lastStartMs = 0;
  let generation = 0;

  const launch = async (): Promise<void> => {
    generation += 1;
    const startedAt = Date.now();
    const peer = spawnPeer({
      name: 'kamailio',
      command: 'kamailio',
      args,
      cwd: dir,
      logFile: join(dir, `kamailio-${generation}.log`),
    });
    current = peer;
    // Ready = the TCP (WebSocket) listener accepts and OPTIONS over UDP gets 200.
    await waitReady(peer, udpPort, [wsPort, ...(wssPort === undefined ? [] : [wssPort])], timeoutMs);
    lastStartMs = Date.now() - startedAt;
  };

  await launch().catch(async (error: unknown) => {
    await current?.stop();
    if (process.env['TANDEM_KEEP_PEER_DIRS'] !== '1') await rm(dir, { recursive: true, force: true });
    throw error;
  });

  const stopCurrent = async (): Promise<void> => {
    if (current?.running === true) await current.stop();
  };

  return {
    host: LOOPBACK,
    domain: LOOPBACK,
    wsUrl: `ws://${LOOPBACK}:${wsPort}`,
    wsPort,
    wssUrl: wssPort === undefined ? undefined : `wss://${LOOPBACK}:${wssPort}`,
    wssPort,
    udpPort,
    dir,
    get lastStartMs() {
      return lastStartMs;
    },
    get process() {
      if (current === undefined) throw new Error('kamailio never started');
      return current;
    },
    output: () => current?.output() ?? '',
    ping: (pingTimeoutMs = 1000) => sipOptionsPing(udpPort, pingTimeoutMs),
    stop: async () => {
      await stopCurrent();
      if (process.env['TANDEM_KEEP_PEER_DIRS'] !== '1') await rm(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stopCurrent();
      await launch();
    },
  };
}

async function waitReady(peer: PeerProcess, udpPort: number, tcpPorts: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const abortIf = (): string | undefined => (peer.running ? undefined : `kamailio exited:\n${peer.tail(60)}`);
  for (const tcpPort of tcpPorts) {
    await pollUntil(async () => ((await tcpAccepts(tcpPort)) ? true : undefined), {
      timeoutMs: Math.max(100, deadline - Date.now()),
      what: `kamailio accepting on tcp ${tcpPort}`,
      abortIf,
    });
  }
  const status = await pollUntil(
    async () => {
      try {
        return await sipOptionsPing(udpPort, 200);
      } catch {
        return undefined;
      }
    },
    { timeoutMs: Math.max(100, deadline - Date.now()), intervalMs: 0, what: `an answer to OPTIONS on udp ${udpPort}`, abortIf },
  );
  if (!status.startsWith('SIP/2.0 200')) throw new Error(`kamailio answered OPTIONS with "${status}"`);
}
