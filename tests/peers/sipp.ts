/**
 * sipp runs against Kamailio over UDP on 127.0.0.1, with the scenario files in
 * tests/peers/sipp/. `runSipp` waits for sipp to finish (a caller, the
 * malformed-input scenario); `startSipp` returns once a listening scenario
 * (uas.xml) has bound its port, and `done` resolves when it ends.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeUdpPort, LOOPBACK } from './ports.js';
import { pollUntil, spawnPeer } from './process.js';
import type { PeerProcess } from './process.js';

const here = dirname(fileURLToPath(import.meta.url));
export const SIPP_SCENARIOS = join(here, 'sipp');

export interface SippOptions {
  /** A file in tests/peers/sipp/ (e.g. 'uac.xml') or an absolute path. */
  readonly scenario: string;
  /** Where requests go (Kamailio's UDP port). */
  readonly target: { readonly host: string; readonly port: number };
  /** User part of the Request-URI (-s). */
  readonly service?: string;
  /** Number of calls before sipp exits (-m, default 1). */
  readonly calls?: number;
  /** Length of the <pause/> in the scenario, i.e. the call (-d). */
  readonly durationMs?: number;
  /** Values for [keyword]s (-key). uac.xml/uas.xml defaults are filled in. */
  readonly keys?: Readonly<Record<string, string>>;
  /** sipp's own global timeout; it fails when reached (default 30 s). */
  readonly timeoutMs?: number;
  readonly extraArgs?: readonly string[];
}

export interface SippResult {
  /** 0: every call succeeded; 1: some failed; 97/99/-1/-2: see sipp(1). */
  readonly exitCode: number | null;
  readonly successfulCalls: number;
  readonly failedCalls: number;
  /** The last row of sipp's statistics CSV, keyed by column name. */
  readonly stats: Readonly<Record<string, string>>;
  readonly output: string;
}

export interface SippRun {
  /** The UDP port sipp listens on. */
  readonly port: number;
  /** sip:<service>@127.0.0.1:<port>: address a call here and Kamailio relays it directly. */
  readonly uri: string;
  readonly process: PeerProcess;
  readonly done: Promise<SippResult>;
  stop(): Promise<SippResult>;
}

const DEFAULT_KEYS: Readonly<Record<string, string>> = {
  caller: 'customer',
  caller_name: 'Sipp Customer',
  hangup: 'no',
};

function scenarioPath(scenario: string): string {
  const path = isAbsolute(scenario) ? scenario : join(SIPP_SCENARIOS, scenario);
  if (!existsSync(path)) throw new Error(`sipp scenario not found: ${path}`);
  return path;
}

/** Starts sipp; resolves once its SIP port is bound. */
export async function startSipp(options: SippOptions): Promise<SippRun> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-sipp-'));
  const [port, controlPort, mediaPort] = await Promise.all([freeUdpPort(), freeUdpPort(), freeUdpPort()]);
  const statsFile = join(dir, 'stats.csv');
  const scenario = scenarioPath(options.scenario);
  const keys = { ...DEFAULT_KEYS, ...options.keys };
  const timeoutSeconds = Math.max(1, Math.ceil((options.timeoutMs ?? 30_000) / 1000));
  const args = [
    `${options.target.host}:${options.target.port}`,
    '-sf',
    scenario,
    '-t',
    'u1',
    '-i',
    LOOPBACK,
    '-p',
    String(port),
    '-mi',
    LOOPBACK,
    '-mp',
    String(mediaPort),
    '-ci',
    LOOPBACK,
    '-cp',
    String(controlPort),
    '-m',
    String(options.calls ?? 1),
    '-s',
    options.service ?? 'service',
    '-nostdin',
    '-default_behaviors',
    'all,-abortunexp',
    '-timeout',
    `${timeoutSeconds}s`,
    '-timeout_error',
    '-trace_stat',
    '-stf',
    statsFile,
    '-fd',
    '1',
    '-trace_err',
    '-error_file',
    join(dir, 'errors.log'),
  ];
  if (options.durationMs !== undefined) args.push('-d', String(options.durationMs));
  for (const [key, value] of Object.entries(keys)) args.push('-key', key, value);
  args.push(...(options.extraArgs ?? []));

  const peer = spawnPeer({ name: `sipp(${basename(scenario)})`, command: 'sipp', args, cwd: dir });

  const done = peer.exited.then(async (status): Promise<SippResult> => {
    const stats = await readLastStats(statsFile);
    const errors = await readFile(join(dir, 'errors.log'), 'utf8').catch(() => '');
    const result: SippResult = {
      exitCode: status.code,
      successfulCalls: Number(stats['SuccessfulCall(C)'] ?? 'NaN'),
      failedCalls: Number(stats['FailedCall(C)'] ?? 'NaN'),
      stats,
      output: `${peer.output()}${errors === '' ? '' : `\n--- sipp errors.log ---\n${errors}`}`,
    };
    if (process.env['TANDEM_KEEP_PEER_DIRS'] !== '1') await rm(dir, { recursive: true, force: true });
    return result;
  });

  // Bound = binding the same UDP port ourselves fails with EADDRINUSE.
  await pollUntil(async () => ((await udpPortTaken(port)) ? true : undefined), {
    timeoutMs: 10_000,
    what: `sipp bound to udp ${port}`,
    abortIf: () => (peer.running ? undefined : `sipp exited:\n${peer.tail()}`),
  }).catch(async (error: unknown) => {
    // A short scenario may finish before we look; that is not a start failure.
    if (!peer.running) return;
    await peer.stop();
    throw error;
  });

  return {
    port,
    uri: `sip:${options.service ?? 'service'}@${LOOPBACK}:${port}`,
    process: peer,
    done,
    stop: async () => {
      await peer.stop();
      return done;
    },
  };
}

/** Runs a scenario to the end. */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  const run = await startSipp(options);
  return run.done;
}

/**
 * Whether some socket is bound to this UDP port on 127.0.0.1. Read from
 * /proc/self/net/udp (our namespace) rather than by trying to bind, which
 * could steal the port from sipp.
 */
async function udpPortTaken(port: number): Promise<boolean> {
  const table = await readFile('/proc/self/net/udp', 'utf8');
  const wanted = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table
    .split('\n')
    .slice(1)
    .some((line) => {
      const local = line.trim().split(/\s+/)[1] ?? '';
      return local.endsWith(wanted) && (local.startsWith('0100007F') || local.startsWith('00000000'));
    });
}

async function readLastStats(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  const header = lines[0]?.split(';') ?? [];
  const last = lines.length > 1 ? (lines.at(-1)?.split(';') ?? []) : [];
  const stats: Record<string, string> = {};
  header.forEach((name, index) => {
    if (name !== '') stats[name] = last[index] ?? '';
  });
  return stats;
}
