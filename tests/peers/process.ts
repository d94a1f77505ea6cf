/**
 * Starting and reliably ending external peer processes (Kamailio, rtpengine,
 * baresip, sipp).
 *
 * Each peer runs in its own process group, so one signal reaches the daemon and
 * every child it forks. A tiny watchdog (`bash` reading a pipe from us) kills
 * the group if this Node process dies without cleaning up: when we die the pipe
 * closes, `cat` returns and the watchdog sends SIGKILL. On an orderly exit the
 * `exit` hook kills whatever is still alive.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';

const MAX_OUTPUT_CHARS = 512 * 1024;

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnPeerOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Also append all output to this file (kept for post-mortems). */
  readonly logFile?: string;
}

const live = new Set<PeerProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const peer of live) peer.killNow();
  });
}

export class PeerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  private exitStatus: ExitStatus | undefined;
  private readonly watchdog: ChildProcess | undefined;
  private text = '';
  private dropped = 0;
  private readonly listeners = new Set<() => void>();
  private readonly log: WriteStream | undefined;

  constructor(options: SpawnPeerOptions) {
    installExitHook();
    this.name = options.name;
    this.log = options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: 'a' });
    this.child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (this.child.pid === undefined) {
      throw new Error(`${options.name}: could not start ${options.command}`);
    }
    this.pid = this.child.pid;
    this.exited = new Promise<ExitStatus>((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        live.delete(this);
        this.stopWatchdog();
        this.notify();
        resolve(this.exitStatus);
      });
      this.child.once('error', (error) => {
        this.append(`\n[${this.name}] spawn error: ${error.message}\n`);
        if (this.exitStatus === undefined) {
          this.exitStatus = { code: -1, signal: null };
          live.delete(this);
          this.stopWatchdog();
          this.notify();
          resolve(this.exitStatus);
        }
      });
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.append(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.append(chunk));
    live.add(this);
    this.watchdog = startWatchdog(this.pid);
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.exitStatus === undefined;
  }

  /** Everything the process wrote to stdout and stderr (the last 512 KB). */
  output(): string {
    return this.text;
  }

  /**
   * Resolves with the first match of `pattern` in the output, starting at
   * character `from` (use `output().length` to wait for new output only).
   * Rejects if the process exits first or after `timeoutMs`.
   */
  waitForOutput(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpExecArray> {
    // A global or sticky RegExp keeps state between exec() calls; refuse it.
    if (pattern.global || pattern.sticky) throw new Error('waitForOutput() needs a RegExp without g or y flags');
    return this.waitFor(
      () => {
        const start = Math.max(0, from - this.dropped);
        return pattern.exec(this.text.slice(start)) ?? undefined;
      },
      timeoutMs,
      `output matching ${String(pattern)}`,
    );
  }

  /** Resolves when `probe` returns a value; re-evaluated on every output chunk. */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value !== undefined) {
          done();
          resolve(value);
          return true;
        }
        if (this.exitStatus !== undefined) {
          done();
          reject(new Error(`${this.name} exited (${describe(this.exitStatus)}) before ${what}\n${this.tail()}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms\n${this.tail()}`));
      }, timeoutMs);
      const listener = (): void => {
        check();
      };
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
  }

  /** The last lines of output, for error messages. */
  tail(lines = 40): string {
    return this.text.split('\n').slice(-lines).join('\n');
  }

  /**
   * SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the
   * main process has exited.
   */
  async stop(graceMs = 5000): Promise<ExitStatus> {
    if (this.exitStatus !== undefined) return this.exitStatus;
    signalGroup(this.pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(this.pid, 'SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
      // Children that outlived their parent (they should not) go too.
      signalGroup(this.pid, 'SIGKILL');
      this.log?.end();
    }
  }

  /** Synchronous last resort (process exit hook). */
  killNow(): void {
    signalGroup(this.pid, 'SIGKILL');
    this.stopWatchdog();
  }

  private append(chunk: string): void {
    this.log?.write(chunk);
    this.text += chunk;
    if (this.text.length > MAX_OUTPUT_CHARS) {
      const cut = this.text.length - MAX_OUTPUT_CHARS;
      this.text = this.text.slice(cut);
      this.dropped += cut;
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private stopWatchdog(): void {
    const pid = this.watchdog?.pid;
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
  }
}

function describe(status: ExitStatus): string {
  return status.signal === null ? `code ${String(status.code)}` : `signal ${status.signal}`;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Group already gone.
  }
}

/**
 * A watchdog in its own process group: it blocks reading a pipe whose other
 * end only this Node process holds, and kills the peer's group on EOF.
 */
function startWatchdog(peerPid: number): ChildProcess | undefined {
  const watchdog = spawn('bash', ['-c', 'cat >/dev/null; kill -KILL -- "-$1" 2>/dev/null', 'tandem-watchdog', String(peerPid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => undefined);
  watchdog.unref();
  const stdin = watchdog.stdin as unknown as { unref?: () => void } | null;
  stdin?.unref?.();
  return watchdog;
}

/** Starts a peer process (see PeerProcess). */
export function spawnPeer(options: SpawnPeerOptions): PeerProcess {
  return new PeerProcess(options);
}

/** Polls an async probe until it yields a value; for states with no event (a port opening). */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; what: string; abortIf?: () => string | undefined },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 25;
  for (;;) {
    const abort = options.abortIf?.();
    if (abort !== undefined) throw new Error(`gave up waiting for ${options.what}: ${abort}`);
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${options.what} within ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
