/**
 * `npm run bench` (tests/bench/run.sh): memory over a compressed day of social traffic (issue 14
 * item 4), end to end on loopback — Bluesky's reference PLC + PDS in-process and the chat
 * stand-in, the real browser host (out/main/web.cjs, with the Node inspector so the bench can GC
 * main and read its heap: support/host.ts) and its renderer in Debian's Chromium, IndexedDB on disk.
 *
 * Each "hour": customers post the hour's items in bursts (six mentions, two follow-ups in their
 * own thread and two private messages in ten: support/socialDayTraffic.ts); the agent handles the
 * conversations at the top of the inbox — opens one, answers (publicly through the preview, or
 * privately), sets it Closed, closes the view (support/socialDayAgent.ts); the page's clock moves
 * an hour ahead, so the inbox's minute clock ticks and waiting times grow as over a day. Then,
 * once the renderer's journal copy holds every item (raw IndexedDB count), a checkpoint: the
 * page's heap and main's heap after two forced GCs (CDP HeapProfiler.collectGarbage, then
 * Runtime.getHeapUsage), the DOM's element count, main's RSS. Growth per 1 000 items is read
 * between the first checkpoint (the desk warm) and the last. With BENCH_HEAP_DIFF=1, heap
 * snapshots of both at those two checkpoints say per constructor what grew (support/heapDiff.ts).
 *
 * Prints figures, never asserts them; fails only when the day itself breaks (an item never
 * journalled, a conversation that cannot be answered).
 *
 * Knobs (env): BENCH_DAY_HOURS (12), BENCH_DAY_ITEMS_PER_HOUR (200), BENCH_DAY_BURSTS (4 per
 * hour), BENCH_DAY_HANDLED_PER_HOUR (4 conversations the agent answers and closes),
 * BENCH_DAY_CUSTOMERS (16 accounts), BENCH_HEAP_DIFF=1, BENCH_HEAP_FROM (the hour of the first snapshot, 1), BENCH_HEAP_SAVE=<folder> (the two checkpoints' snapshots, page and main, written there), BENCH_HEAP_RETAINERS=<text> (what holds the nodes new
 * since the first checkpoint whose label has the text: support/heapRetainers.ts), BENCH_OUT (another build, e.g. a copy of
 * out/ made before a change, for before/after figures from one sitting).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { test, type CDPSession, type Page } from '@playwright/test';
import { assertLoopbackOnly } from '../peers/netns';
import { startSocialNetwork, type SocialNetwork } from '../e2e/support/bluesky';
import { advanceDayClock, handleTopConversation, installDayClock, journalledItems, waitJournalled } from './support/socialDayAgent';
import { startDayTraffic } from './support/socialDayTraffic';
import { openDiskContext, type DiskContext } from './support/diskContext';
import { takeHeapSnapshot } from './support/heapSnapshot';
import { countsOf, grewBy, renderDiff, type Counts } from './support/heapDiff';
import { heldConversations } from './support/inboxHeld';
import { nodeIds, retainerChains } from './support/heapRetainers';
import { startBenchHost, wallNow, type BenchHost } from './support/host';
import { memoryTable, type MemoryRow } from './support/stats';
import { knob } from './support/knob';

const HOURS = Math.max(knob('BENCH_DAY_HOURS', 12), 2);
const PER_HOUR = knob('BENCH_DAY_ITEMS_PER_HOUR', 200);
const BURSTS = knob('BENCH_DAY_BURSTS', 4);
const HANDLED = knob('BENCH_DAY_HANDLED_PER_HOUR', 4);
const CUSTOMERS = knob('BENCH_DAY_CUSTOMERS', 16);
const HEAP_RETAINERS = process.env['BENCH_HEAP_RETAINERS'];
const HEAP_SAVE = process.env['BENCH_HEAP_SAVE'];
/** The hour of the first heap snapshot (BENCH_HEAP_FROM, default 1): a later one leaves out what bounded caches take as they fill. */
const HEAP_FROM = Math.min(Math.max(knob('BENCH_HEAP_FROM', 1), 1), HOURS - 1);
const HEAP_DIFF = process.env['BENCH_HEAP_DIFF'] === '1' || HEAP_RETAINERS !== undefined || HEAP_SAVE !== undefined;
const BUILD = process.env['BENCH_OUT'] ?? 'out';
const OUT_DIR = 'test-results/bench';
const HOUR_MS = 3_600_000;

interface Checkpoint {
  readonly hour: number;
  /** Items journalled in the page by then (the customers' and the agent's). */
  readonly items: number;
  readonly pageHeap: number;
  /** Conversations the page holds (its inbox entries, every status; closed ones leave a week after they close), in full or not. */
  readonly held: number;
  readonly dom: number;
  readonly mainHeap: number;
  readonly rss: number;
}

async function pageMemory(cdp: CDPSession, page: Page): Promise<{ heap: number; dom: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { heap: usage.usedSize, dom: await page.evaluate(() => document.getElementsByTagName('*').length) };
}

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
const kB = (bytes: number) => `${bytes >= 0 ? '+' : ''}${(bytes / 1024).toFixed(1)} kB`;

test('memory over a day of social traffic', async () => {
  // About 35 s per hour of the day on a loaded two-core machine, plus the world's start.
  test.setTimeout(5 * 60_000 + HOURS * 90_000);
  assertLoopbackOnly();
  await mkdir(OUT_DIR, { recursive: true });
  const checkpoints: Checkpoint[] = [];
  const notes: string[] = [`load average at the start: ${load()}`];
  const answered = { public: 0, private: 0 };
  const started = wallNow();
  let network: SocialNetwork | undefined;
  let host: BenchHost | undefined;
  let disk: DiskContext | undefined;
  try {
    network = await startSocialNetwork('acmecorp.test');
    const traffic = await startDayTraffic(network, CUSTOMERS);
    host = await startBenchHost(network.profile(), { out: BUILD });
    disk = await openDiskContext({ width: 1440, height: 900 });
    await disk.context.addInitScript(installDayClock);
    const page = await disk.context.newPage();
    await page.goto(host.url);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    const cdp = await disk.context.newCDPSession(page);
    const snapshots: { page: Counts; main: Counts }[] = [];
    let firstIds: { page: Set<number>; main: Set<number> } | undefined;

    for (let hour = 1; hour <= HOURS; hour += 1) {
      const hourStart = wallNow();
      await traffic.hour(hour, PER_HOUR, BURSTS);
      const customerItems = traffic.posted.mention + traffic.posted.reply + traffic.posted.message;
      // The agent's answers are journalled too (the firehose and the chat log bring them back).
      await waitJournalled(page, customerItems + answered.public + answered.private, 120_000);
      for (let i = 0; i < HANDLED; i += 1) {
        const mode = await handleTopConversation(page, `Thanks, hour ${hour} answer ${i}: we are on it.`, i % 2 === 1);
        if (mode === null) break;
        answered[mode] += 1;
      }
      await advanceDayClock(page, HOUR_MS);
      await waitJournalled(page, customerItems + answered.public + answered.private, 120_000);
      const items = await journalledItems(page);
      const held = await heldConversations(page);
      const m = await pageMemory(cdp, page);
      const main = await host.mainHeap();
      checkpoints.push({ hour, items, pageHeap: m.heap, held, dom: m.dom, mainHeap: main.usedSize, rss: (await host.rssKb()) * 1024 });
      // Read RSS before a snapshot: V8 builds the snapshot in memory it keeps.
      if (HEAP_DIFF && (hour === HEAP_FROM || hour === HOURS)) {
        const [pageJson, mainJson] = [await takeHeapSnapshot(cdp), await host.mainHeapSnapshot()];
        snapshots.push({ page: countsOf(pageJson), main: countsOf(mainJson) });
        if (HEAP_SAVE !== undefined) {
          await mkdir(HEAP_SAVE, { recursive: true });
          await writeFile(`${HEAP_SAVE}/page-hour${hour}.heapsnapshot`, pageJson);
          await writeFile(`${HEAP_SAVE}/main-hour${hour}.heapsnapshot`, mainJson);
        }
        if (HEAP_RETAINERS !== undefined && hour === HEAP_FROM) firstIds = { page: nodeIds(pageJson), main: nodeIds(mainJson) };
        else if (HEAP_RETAINERS !== undefined && firstIds !== undefined)
          notes.push(
            `page: ${retainerChains(pageJson, firstIds.page, HEAP_RETAINERS)}`,
            `main (host): ${retainerChains(mainJson, firstIds.main, HEAP_RETAINERS)}`,
          );
      }
      log(
        `hour ${hour}/${HOURS}: ${items} items journalled, page heap ${(m.heap / 1_048_576).toFixed(2)} MB, main heap ${(main.usedSize / 1_048_576).toFixed(2)} MB, ` +
          `DOM ${m.dom} (${((wallNow() - hourStart) / 1000).toFixed(0)} s, load ${load()})`,
      );
    }

    const [first, middle, last] = [checkpoints[0]!, checkpoints[Math.floor((checkpoints.length - 1) / 2)]!, checkpoints.at(-1)!];
    const per1000 = (value: (c: Checkpoint) => number, from = first) => ((value(last) - value(from)) / (last.items - from.items)) * 1000;
    notes.push(
      `growth per 1 000 items (hour 1 → hour ${last.hour}, ${last.items - first.items} items): page heap ${kB(per1000((c) => c.pageHeap))}, ` +
        `main heap ${kB(per1000((c) => c.mainHeap))}, DOM ${per1000((c) => c.dom).toFixed(1)} elements, main RSS ${kB(per1000((c) => c.rss))}`,
      // Bounded caches (the page's conversations held in full, main's profile directory) fill in the first hours: the second half is the slope that stays.
      `growth per 1 000 items over the second half (hour ${middle.hour} → hour ${last.hour}, ${last.items - middle.items} items): ` +
        `page heap ${kB(per1000((c) => c.pageHeap, middle))}, main heap ${kB(per1000((c) => c.mainHeap, middle))}`,
      `the day: ${traffic.posted.mention} mentions, ${traffic.posted.reply} follow-ups, ${traffic.posted.message} private messages (${traffic.failed} failed); ` +
        `the agent answered ${answered.public} publicly and ${answered.private} privately and closed each`,
      `load average at the end: ${load()}`,
    );
    // The page keeps every conversation not closed (the agent's backlog) and the closed ones of the last week:
    // its growth over the day set beside the conversations it came to hold.
    const added = last.held - first.held;
    notes.push(
      `conversations the page holds: ${first.held} at hour 1, ${last.held} at hour ${last.hour} (+${added}); ` +
        `page heap per conversation added: ${added > 0 ? `${((last.pageHeap - first.pageHeap) / added).toFixed(0)} B` : '—'}`,
    );
    const [before, after] = [snapshots[0], snapshots.at(-1)];
    if (before !== undefined && after !== undefined && after !== before) {
      const from = checkpoints[HEAP_FROM - 1] ?? first;
      const items = last.items - from.items;
      const since = last.held - from.held;
      notes.push(renderDiff('page', before.page, after.page, items, 15, 'items'), renderDiff('main (host)', before.main, after.main, items, 15, 'items'));
      if (since > 0) {
        notes.push(
          `page, per conversation added (hour ${from.hour} → ${last.hour}, +${since}): compiled code ${(grewBy(before.page, after.page, true) / since).toFixed(0)} B, everything else ${(grewBy(before.page, after.page, false) / since).toFixed(0)} B`,
        );
      }
    }
  } finally {
    await disk?.close();
    await host?.stop();
    await network?.close();
    const asRow = (name: string, value: (c: Checkpoint) => number, unit: MemoryRow['unit']): MemoryRow => ({
      name,
      at: checkpoints.map((c) => ({ calls: c.items, value: value(c) })),
      unit,
      target: unit === 'nodes' ? 'no growth' : name.includes('RSS') ? '(info)' : 'flat',
    });
    const table = memoryTable([
      asRow('page JS heap (after GC)', (c) => c.pageHeap, 'bytes'),
      asRow('page DOM elements', (c) => c.dom, 'nodes'),
      asRow('main (host) JS heap (after GC)', (c) => c.mainHeap, 'bytes'),
      asRow('main (host) RSS', (c) => c.rss, 'bytes'),
    ]).replace('growth/call', 'growth/item');
    const summary = [
      '',
      `Memory over a day of social traffic — build ${BUILD} — ${new Date().toISOString()} — ${((wallNow() - started) / 1000).toFixed(0)} s — loopback netns`,
      `${HOURS} hours × ${PER_HOUR} items in ${BURSTS} bursts, ${HANDLED} conversations handled per hour; columns: after N items journalled (one per hour)`,
      '',
      table,
      '',
      ...notes,
      '',
    ].join('\n');
    process.stdout.write(summary);
    await writeFile(`${OUT_DIR}/social-day-summary.txt`, summary);
    await writeFile(`${OUT_DIR}/social-day.json`, JSON.stringify({ checkpoints, answered }, null, 2));
  }
});
