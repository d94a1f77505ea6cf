/**
 * The real browser host (`out/main/web.cjs`) for the benches: like
 * tests/e2e/fixtures.ts startHost, plus the Node inspector on loopback so the
 * bench can force a GC in main and read its heap (main owns every SIP
 * session: a leak per call would show there first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

export interface BenchHost {
  readonly url: string;
  readonly origin: string;
  readonly pid: number;
  /** Wall clock (ms since epoch) just before the process was spawned. */
  readonly spawnedAt: number;
  /** Forces a full GC in main, then reads V8's heap usage there. */
  mainHeap(): Promise<{ usedSize: number; totalSize: number }>;
  /** A full heap snapshot of main, as JSON text (after a GC). */
  mainHeapSnapshot(): Promise<string>;
  /** Resident set size of the host process (kB, from /proc). */
  rssKb(): Promise<number>;
  stop(): Promise<void>;
}

export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface BenchHostOptions {
  /**
   * The port to listen on (default 0: any free one). A host started again on the port of one
   * stopped before serves the same origin, so its page finds the same IndexedDB.
   */
  readonly port?: number;
  /** The build to run (default BENCH_OUT, else `out`). */
  readonly out?: string;
}

export async function startBenchHost(profile: unknown, options: BenchHostOptions = {}): Promise<BenchHost> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-bench-'));
  const profileFile = join(dir, 'profile.json');
  await writeFile(profileFile, JSON.stringify(profile));
  await chmod(profileFile, 0o600);
  const spawnedAt = wallNow();
  const child: ChildProcess = spawn(
    process.execPath,
    // BENCH_OUT: another build's folder (a copy of out/ made before a change), to compare builds in one run.
    [
      '--inspect=127.0.0.1:0',
      `${options.out ?? process.env['BENCH_OUT'] ?? 'out'}/main/web.cjs`,
      '--port',
      String(options.port ?? 0),
      '--profile',
      profileFile,
      '--data-dir',
      dir,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  const inspectorUrl = new Promise<string>((resolve) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-20_000);
      const match = /Debugger listening on (ws:\/\/\S+)/.exec(stderr);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code ?? 'a signal'} before printing its URL\n${stderr}`)));
  });
  let inspector: Promise<Cdp> | undefined;
  return {
    url,
    origin: new URL(url).origin,
    pid: child.pid!,
    spawnedAt,
    async mainHeap() {
      inspector ??= inspectorUrl.then(connectCdp);
      const cdp = await inspector;
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')) as {
        usedSize: number;
        totalSize: number;
      };
    },
    async mainHeapSnapshot() {
      inspector ??= inspectorUrl.then(connectCdp);
      const cdp = await inspector;
      await cdp.send('HeapProfiler.collectGarbage');
      const chunks: string[] = [];
      const off = cdp.on('HeapProfiler.addHeapSnapshotChunk', (params) => chunks.push(String(params['chunk'])));
      await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      off();
      return chunks.join('');
    },
    async rssKb() {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${child.pid!}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    },
    stop: async () => {
      if (inspector !== undefined) (await inspector.catch(() => undefined))?.close();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface Cdp {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  /** Listens to a CDP event; returns the function that stops listening. */
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void;
  close(): void;
}

function connectCdp(url: string): Promise<Cdp> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let id = 0;
    const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
    const listeners = new Set<{ method: string; listener: (params: Record<string, unknown>) => void }>();
    socket.on('message', (data: WebSocket.RawData) => {
      const message: { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } } = JSON.parse(
        Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8'),
      ) as typeof message;
      if (message.id === undefined) {
        for (const entry of listeners) if (entry.method === message.method) entry.listener(message.params ?? {});
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        send: (method, params = {}) =>
          new Promise((resolveSend, rejectSend) => {
            id += 1;
            pending.set(id, { resolve: resolveSend, reject: rejectSend });
            socket.send(JSON.stringify({ id, method, params }));
          }),
        on: (method, listener) => {
          const entry = { method, listener };
          listeners.add(entry);
          return () => listeners.delete(entry);
        },
        close: () => socket.close(),
      }),
    );
  });
}
