/**
 * CPU time used per kind of process on this machine, from /proc: Chromium's browser process (where
 * IndexedDB's LevelDB runs), its renderers, its GPU process (with --disable-gpu, the software
 * compositor), its other utilities, the Tandem host (out/main/web.cjs) and the rest of Node (the
 * test runner, with the PDS it started). A frame's work is measured in wall time, and on two cores
 * it waits whenever these want the CPU: a reading over a stretch says who they were.
 */
import { readdir, readFile } from 'node:fs/promises';

/** Linux's USER_HZ: /proc's CPU times are in these ticks. */
const TICKS_PER_SECOND = 100;

function kindOf(commandLine: string): string | null {
  // Chromium's zygote children rewrite their command line as one space-separated string.
  const args = commandLine.split(/[\0 ]/);
  const program = args[0] ?? '';
  if (/chrom/i.test(program)) {
    const type = args.find((arg) => arg.startsWith('--type='))?.slice('--type='.length);
    if (type === undefined) return 'Chromium browser (IndexedDB)';
    if (type === 'renderer') return 'Chromium renderers';
    if (type === 'gpu-process') return 'Chromium GPU (compositor)';
    return 'Chromium other';
  }
  if (/(^|\/)node$/.test(program)) return args.some((arg) => arg.endsWith('web.cjs')) ? 'Tandem host' : 'Node (runner, PDS)';
  return null;
}

/** CPU seconds used so far, summed per kind (live processes only). */
export async function cpuByKind(): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const kind = kindOf(await readFile(`/proc/${entry}/cmdline`, 'utf8'));
      if (kind === null) continue;
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      totals.set(kind, (totals.get(kind) ?? 0) + ticks / TICKS_PER_SECOND);
    } catch {
      // The process ended while being read.
    }
  }
  return totals;
}

/** Starts a reading; the returned stop says each kind's CPU seconds since, largest first. */
export async function startCpuReading(): Promise<() => Promise<string>> {
  const before = await cpuByKind();
  const started = Date.now();
  return async () => {
    const after = await cpuByKind();
    const seconds = (Date.now() - started) / 1000;
    const used = [...after].map(([kind, total]) => [kind, total - (before.get(kind) ?? 0)] as const).filter(([, cpu]) => cpu > 0.05);
    used.sort((a, b) => b[1] - a[1]);
    const sum = used.reduce((total, [, cpu]) => total + cpu, 0);
    return `CPU over ${seconds.toFixed(0)} s: ${used.map(([kind, cpu]) => `${kind} ${cpu.toFixed(1)} s`).join(', ')}; ${sum.toFixed(1)} s in all`;
  };
}
