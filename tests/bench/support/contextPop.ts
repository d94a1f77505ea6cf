/**
 * The screen pop's probe, its measuring loop, its table rows and the seeding
 * bundle, shared by the context bench (context.bench.ts) and its team-mode
 * twin (contextTeam.bench.ts): what a pop is and how it is clocked is said
 * once, in context.bench.ts's header.
 */
import { pageBundle } from './pageBundle';
import type { Page } from '@playwright/test';
import type { Baresip } from '../../peers/baresip';
import type { Row } from './stats';

export interface PopMark {
  readonly eventAt: number;
  /** The panel first seen with aria-busy="true" (the slice set 'loading'; Dexie reads under way). */
  readonly busyAt: number | null;
  readonly domAt: number;
  readonly frameAt: number;
  /**
   * When the browser says it painted the caller's name (the panel's heading carries the Element Timing
   * identifier `tandem:caller-name`: the entry's renderTime is the frame's paint), or null (no entry).
   */
  readonly namePaintedAt: number | null;
  /** The pop's cached read answered (the app's `tandem:screen-pop:read` User Timing mark), or null. */
  readonly readAt: number | null;
  /** The panel's history (posts, timeline, notes), which follows who is calling by a frame: in the DOM, and painted. */
  readonly historyAt: number | null;
  readonly historyFrameAt: number | null;
  /**
   * Read-write IndexedDB transactions over `notes` but not `callDrafts` begun between the ringing
   * frame and the paint: in these benches only the team's rows write those (the pop's own draft
   * writes hold `callDrafts`). The pop's reads may queue behind each one.
   */
  readonly rowWritesDuring: number;
  /** Such write transactions begun before the ringing frame and not yet finished when it arrived (the pop's reads of their stores queue behind them). */
  readonly rowWritesOpenAtRing: number;
  /** The oldest such write open at the ring: how long before the ring it began, and how long it stayed open in all (ms). */
  readonly openWrite: { readonly age: number; readonly open: number | null } | null;
  /** `team:rows` frames that arrived on the contract socket between the ringing frame and the paint. */
  readonly rowFramesDuring: number;
  /** The pop's read-only transactions (begun after the ringing frame, before the DOM): from the first begun to the last finished, and the longest one. */
  readonly readsMs: number | null;
  readonly longestReadMs: number | null;
  /** How many read-only transactions the pop began before its DOM (Dexie gives each read outside a transaction its own). */
  readonly readTransactions: number;
  /** Each of those transactions: its stores, when it began, its first request answered, and it completed (ms after the ringing frame). */
  readonly readLog: readonly string[];
  /**
   * Main-thread work between the ringing frame and the paint, from the page's long animation
   * frames (LoAF, frames over 50 ms) that overlap it: their blocking time and the scripts they
   * ran (invoker and function, ms), longest first.
   */
  readonly longFrames: readonly { readonly start: number; readonly duration: number; readonly blockingMs: number; readonly scripts: readonly string[] }[];
}

export interface ContextProbe {
  arm(name: string): void;
  result(): PopMark | null;
}

/**
 * Serialised into the page: makes the caller new to this desk again, as far as the pop is concerned. Deletes
 * their pop card with plain IndexedDB (a second connection, no upgrade), and says so on the desk's
 * pop-card channel as another window of the desk would (customers/rememberedCards.ts), so the page
 * forgets the card it holds in memory too.
 */
export async function forgetPopCard(number: string): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('tandem');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('open failed'));
  });
  const customerId = await new Promise<string | null>((resolve, reject) => {
    const tx = db.transaction('popCards', 'readwrite');
    const store = tx.objectStore('popCards');
    let found: string | null = null;
    const read = store.get(['phone', number]);
    read.onsuccess = () => {
      found = (read.result as { customerId?: string } | undefined)?.customerId ?? null;
      store.delete(['phone', number]);
    };
    tx.oncomplete = () => resolve(found);
    tx.onerror = () => reject(tx.error ?? new Error('delete failed'));
  });
  db.close();
  if (customerId === null) return;
  const channel = new BroadcastChannel('tandem-pop-cards:tandem');
  channel.postMessage({ forget: [customerId] });
  channel.close();
}

/** Serialised into the page (addInitScript): self-contained. */
export function installContextProbe(): void {
  const now = () => performance.now();
  let expected: string | null = null;
  let eventAt: number | null = null;
  let busyAt: number | null = null;
  let domAt: number | null = null;
  let frameAt: number | null = null;
  let historyAt: number | null = null;
  let historyFrameAt: number | null = null;
  let rowWritesDuring = 0;
  let rowWritesOpenAtRing = 0;
  let rowFramesDuring = 0;
  /** Row write transactions in flight now (begun, not yet complete or aborted). */
  let rowWritesOpen = 0;
  const openWrites = new Set<{ begun: number; done: number | null }>();
  let openWrite: { begun: number; done: number | null } | null = null;
  let reads: { begun: number; answered: number | null; done: number | null; stores: string }[] = [];
  const frames: PerformanceEntry[] = [];
  try {
    new PerformanceObserver((list) => {
      frames.push(...list.getEntries());
      // Only the last few seconds matter: a pop is read within one.
      while (frames.length > 200) frames.shift();
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    /* a browser without LoAF: the column stays empty */
  }

  const namePaints: number[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if ((entry as PerformanceEntry & { identifier?: string }).identifier === 'tandem:caller-name') namePaints.push(entry.startTime);
      while (namePaints.length > 50) namePaints.shift();
    }).observe({ type: 'element', buffered: true });
  } catch {
    /* a browser without Element Timing: the rows stay empty */
  }

  const nativeTransaction = Reflect.get(IDBDatabase.prototype, 'transaction') as (...args: unknown[]) => IDBTransaction;
  Reflect.set(
    IDBDatabase.prototype,
    'transaction',
    function (this: IDBDatabase, stores: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) {
      const names = typeof stores === 'string' ? [stores] : [...stores];
      const transaction = nativeTransaction.call(this, stores, mode, options);
      if (mode === 'readwrite' && names.includes('notes') && !names.includes('callDrafts')) {
        if (eventAt !== null && frameAt === null) rowWritesDuring += 1;
        rowWritesOpen += 1;
        const write = { begun: now(), done: null as number | null };
        openWrites.add(write);
        const end = () => {
          rowWritesOpen -= 1;
          write.done = now();
          openWrites.delete(write);
        };
        transaction.addEventListener('complete', end);
        transaction.addEventListener('abort', end);
      } else if (mode !== 'readwrite' && eventAt !== null && domAt === null) {
        const read = { begun: now(), answered: null as number | null, done: null as number | null, stores: names.join('+') };
        reads.push(read);
        // A request's success does not bubble, but its transaction is on the event's path: a capturing listener hears it.
        transaction.addEventListener('success', () => (read.answered ??= now()), true);
        transaction.addEventListener('complete', () => (read.done = now()));
      }
      return transaction;
    },
  );

  const checkHistory = () => {
    if (domAt === null || historyAt !== null) return;
    // A build from before the history followed a frame later has no such attribute: its history came with the panel.
    const history = document.querySelector('.context')?.getAttribute('data-history');
    if (history === undefined || (history !== null && history !== 'shown')) return;
    historyAt = now();
    requestAnimationFrame(() => setTimeout(() => (historyFrameAt = now()), 0));
  };
  const check = () => {
    checkHistory();
    if (expected === null || eventAt === null || domAt !== null) return;
    const panel = document.querySelector('.context');
    if (panel !== null && busyAt === null && panel.getAttribute('aria-busy') === 'true') busyAt = now();
    if (panel === null || panel.getAttribute('aria-busy') !== 'false') return;
    const heading = panel.querySelector('.context-customer-name');
    const line = panel.querySelector('.context-call-line');
    if (heading?.textContent?.trim() !== expected || !(line?.textContent ?? '').startsWith('Incoming call from')) return;
    domAt = now();
    performance.mark('ctx-dom');
    checkHistory();
    requestAnimationFrame(() =>
      setTimeout(() => {
        frameAt = now();
        performance.mark('ctx-frame');
      }, 0),
    );
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['aria-busy', 'data-history'],
  });

  const NativeSocket = window.WebSocket;
  const Traced = function (url: string | URL, protocols?: string | string[]) {
    const socket = new NativeSocket(url, protocols);
    socket.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      if (eventAt !== null && frameAt === null && event.data.includes('"team:rows"')) rowFramesDuring += 1;
      if (expected === null || eventAt !== null || !event.data.includes('"softphone:call"')) return;
      try {
        const frame = JSON.parse(event.data) as { event?: string; payload?: { direction?: string; state?: string } };
        if (frame.event === 'softphone:call' && frame.payload?.direction === 'inbound' && frame.payload.state === 'ringing') {
          eventAt = now();
          rowWritesOpenAtRing = rowWritesOpen;
          openWrite = [...openWrites].sort((a, b) => a.begun - b.begun)[0] ?? null;
          performance.mark('ctx-event');
        }
      } catch {
        /* not a contract frame */
      }
    });
    return socket;
  } as unknown as typeof WebSocket;
  Traced.prototype = NativeSocket.prototype;
  for (const key of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const) Object.defineProperty(Traced, key, { value: NativeSocket[key] });
  window.WebSocket = Traced;

  const probe: ContextProbe = {
    arm(name) {
      expected = name;
      eventAt = busyAt = domAt = frameAt = historyAt = historyFrameAt = null;
      rowWritesDuring = rowWritesOpenAtRing = rowFramesDuring = 0;
      reads = [];
      openWrite = null;
    },
    result: () => {
      if (eventAt === null || domAt === null || frameAt === null || historyFrameAt === null) return null;
      const readMark = performance
        .getEntriesByName('tandem:screen-pop:read')
        .filter((entry) => entry.startTime >= (eventAt ?? 0))
        .at(0);
      const from = eventAt;
      const to = frameAt;
      // A read's transaction completes after its last request's callbacks ran (maybe after the DOM): those begun before the DOM count.
      const done = reads.filter((read) => read.done !== null && read.begun <= (domAt ?? to));
      const longFrames = frames
        .filter((frame) => frame.startTime < to && frame.startTime + frame.duration > from)
        .map((frame) => {
          const loaf = frame as PerformanceEntry & {
            blockingDuration?: number;
            scripts?: readonly (PerformanceEntry & { invoker?: string; sourceFunctionName?: string; sourceURL?: string })[];
          };
          const scripts = [...(loaf.scripts ?? [])]
            .sort((a, b) => b.duration - a.duration)
            .slice(0, 6)
            .map(
              (script) => `${script.invoker ?? '?'} ${script.sourceFunctionName ?? ''} ${script.duration.toFixed(0)}ms@${(script.startTime - from).toFixed(0)}`,
            );
          return { start: frame.startTime - from, duration: frame.duration, blockingMs: loaf.blockingDuration ?? 0, scripts };
        });
      return {
        eventAt,
        busyAt,
        domAt,
        frameAt,
        namePaintedAt: namePaints.find((at) => at >= from) ?? null,
        readAt: readMark?.startTime ?? null,
        historyAt,
        historyFrameAt,
        rowWritesDuring,
        rowWritesOpenAtRing,
        openWrite: openWrite === null ? null : { age: from - openWrite.begun, open: openWrite.done === null ? null : openWrite.done - openWrite.begun },
        rowFramesDuring,
        readsMs: done.length === 0 ? null : Math.max(...done.map((read) => read.done!)) - Math.min(...done.map((read) => read.begun)),
        longestReadMs: done.length === 0 ? null : Math.max(...done.map((read) => read.done! - read.begun)),
        readTransactions: reads.filter((read) => read.begun <= (domAt ?? to)).length,
        readLog: reads
          .filter((read) => read.begun <= (domAt ?? to))
          .map((read) => {
            const at = (value: number | null) => (value === null ? '–' : (value - from).toFixed(0));
            return `${read.stores} ${at(read.begun)}→${at(read.answered)}→${at(read.done)}`;
          }),
        longFrames,
      };
    },
  };
  Reflect.set(window, '__contextProbe', probe);
}

export function seedBundle(): Promise<string> {
  return pageBundle('tests/bench/contextSeed.ts');
}

/** A caller in the pops' rotation: their number (whose pop card a first ring deletes) and the name the panel shows. */
export interface PopCaller {
  readonly number: string;
  readonly name: string;
}

export interface PopSamples {
  /** Pop-card pops: ringing frame → panel "loading" in the DOM (when it showed at all). */
  readonly toBusy: number[];
  readonly toDom: number[];
  readonly toFrame: number[];
  /** Pop-card pops: ringing frame → the caller's name painted, as the browser reports it (Element Timing). */
  readonly toNamePaint: number[];
  /** Pop-card pops: ringing frame → the cached read answered; → the history painted a frame after. */
  readonly toRead: number[];
  readonly toHistory: number[];
  /** First rings (the caller's pop card deleted just before): the panel read in full. */
  readonly firstToDom: number[];
  readonly firstToFrame: number[];
  readonly firstToNamePaint: number[];
  readonly firstToRead: number[];
  readonly firstToHistory: number[];
  /** Every measured pop: the team's row transactions begun between ring and paint ({@link PopMark.rowWritesDuring}). */
  readonly rowWritesDuring: number[];
  /** Every measured pop's marks, in order (what sat between its ring and its paint: {@link describePop}). */
  readonly marks: (PopMark & { readonly firstRing: boolean })[];
  /** The warm-up pops (ringing frame → painted), reported apart. */
  readonly warm: number[];
}

export interface PopRun {
  readonly page: Page;
  /** One phone per caller, same order. */
  readonly phones: readonly Baresip[];
  readonly callers: readonly PopCaller[];
  readonly agentUri: string;
  /** Pops not reported with the others (code, fonts, the first IndexedDB reads), before the measured ones. */
  readonly warmUp: number;
  readonly measured: number;
  /** Every `firstRingEvery`-th measured pop is a first ring (2: every other one). */
  readonly firstRingEvery: number;
  /** Around each measured pop's dial → painted (a trace, a CPU profile); `index` counts measured pops from 0. */
  readonly around?: {
    readonly before: (index: number) => Promise<void>;
    readonly after: (index: number, mark: PopMark) => Promise<void>;
  };
}

/**
 * Rings the desk from each caller in turn and reads the probe's marks. Between pops the phone hangs
 * up and the agent closes the panel, so every pop starts from the empty panel.
 */
export async function measurePops(run: PopRun): Promise<PopSamples> {
  const samples: PopSamples = {
    toBusy: [],
    toDom: [],
    toFrame: [],
    toNamePaint: [],
    toRead: [],
    toHistory: [],
    firstToDom: [],
    firstToFrame: [],
    firstToNamePaint: [],
    firstToRead: [],
    firstToHistory: [],
    rowWritesDuring: [],
    marks: [],
    warm: [],
  };
  const { page, phones, callers } = run;
  const region = page.getByRole('region', { name: 'Caller context' });
  const empty = region.getByText("When a call rings, the caller's profile, posts and history appear here.");
  for (let i = 0; i < run.warmUp + run.measured; i += 1) {
    const k = i % callers.length;
    const caller = callers[k]!;
    const phone = phones[k]!;
    const index = i - run.warmUp;
    const firstRing = index >= 0 && index % run.firstRingEvery === run.firstRingEvery - 1;
    if (firstRing) await page.evaluate(forgetPopCard, caller.number);
    await page.evaluate((name) => (Reflect.get(window, '__contextProbe') as ContextProbe).arm(name), caller.name);
    const after = phone.events.at(-1)?.seq ?? 0;
    if (index >= 0) await run.around?.before(index);
    await phone.dial(run.agentUri);
    const handle = await page.waitForFunction(() => (Reflect.get(window, '__contextProbe') as ContextProbe).result(), undefined, {
      timeout: 15_000,
      polling: 10,
    });
    const mark = (await handle.jsonValue()) as PopMark;
    if (index >= 0) await run.around?.after(index, mark);
    if (index >= 0) samples.rowWritesDuring.push(mark.rowWritesDuring);
    if (index >= 0) samples.marks.push({ ...mark, firstRing });
    if (index < 0) samples.warm.push(mark.frameAt - mark.eventAt);
    else if (firstRing) {
      samples.firstToDom.push(mark.domAt - mark.eventAt);
      samples.firstToFrame.push(mark.frameAt - mark.eventAt);
      if (mark.namePaintedAt !== null) samples.firstToNamePaint.push(mark.namePaintedAt - mark.eventAt);
      if (mark.readAt !== null) samples.firstToRead.push(mark.readAt - mark.eventAt);
      if (mark.historyFrameAt !== null) samples.firstToHistory.push(mark.historyFrameAt - mark.eventAt);
    } else {
      if (mark.readAt !== null) samples.toRead.push(mark.readAt - mark.eventAt);
      if (mark.historyFrameAt !== null) samples.toHistory.push(mark.historyFrameAt - mark.eventAt);
      samples.toDom.push(mark.domAt - mark.eventAt);
      if (mark.busyAt !== null) samples.toBusy.push(mark.busyAt - mark.eventAt);
      samples.toFrame.push(mark.frameAt - mark.eventAt);
      if (mark.namePaintedAt !== null) samples.toNamePaint.push(mark.namePaintedAt - mark.eventAt);
    }
    await phone.hangup();
    await phone.waitForEvent('CALL_CLOSED', { after, timeoutMs: 10_000 });
    await page.getByRole('list', { name: 'Current calls' }).waitFor({ state: 'detached', timeout: 10_000 });
    await region.getByRole('button', { name: 'Close' }).click();
    await empty.waitFor();
  }
  return samples;
}

/** The pop rows of a bench's table (`label` names the condition, e.g. "team mode, no stream"). */
export function popRows(samples: PopSamples, label = ''): Row[] {
  const prefix = label === '' ? '' : `${label}: `;
  return [
    { name: `${prefix}ringing frame → panel "loading" (aria-busy=true) in DOM`, samples: samples.toBusy, target: '(info)' },
    { name: `${prefix}ringing frame → cached read answered (pop card)`, samples: samples.toRead, target: '(info)' },
    { name: `${prefix}ringing frame → panel DOM (pop card)`, samples: samples.toDom, target: '(info)' },
    { name: `${prefix}ringing frame → panel painted (pop card)`, samples: samples.toFrame, target: '≤ 25 ms p95 (#14), ≤ 50 (#11)' },
    { name: `${prefix}ringing frame → caller's name painted, Element Timing (pop card)`, samples: samples.toNamePaint, target: '(info)' },
    { name: `${prefix}ringing frame → history painted too (pop card)`, samples: samples.toHistory, target: '(info)' },
    { name: `${prefix}first ring (no pop card) → cached read answered`, samples: samples.firstToRead, target: '(info)' },
    { name: `${prefix}first ring (no pop card) → panel DOM`, samples: samples.firstToDom, target: '(info)' },
    { name: `${prefix}first ring (no pop card) → panel painted`, samples: samples.firstToFrame, target: '≤ 35 ms p95 (#14), ≤ 50 (#11)' },
    { name: `${prefix}first ring (no pop card) → caller's name painted, Element Timing`, samples: samples.firstToNamePaint, target: '(info)' },
    { name: `${prefix}first ring (no pop card) → history painted too`, samples: samples.firstToHistory, target: '(info)' },
  ];
}

/** One line per pop: its times, what the team's rows were doing around it, and the long frames inside it. */
export function describePop(mark: PopSamples['marks'][number]): string {
  const ms = (value: number | null) => (value === null ? '–' : value.toFixed(1));
  const frames = mark.longFrames.map(
    (frame) => `LoAF @${frame.start.toFixed(0)} ${frame.duration.toFixed(0)}ms (blocking ${frame.blockingMs.toFixed(0)}): ${frame.scripts.join(', ')}`,
  );
  return [
    `${mark.firstRing ? 'first ring' : 'pop card  '} read ${ms(mark.readAt === null ? null : mark.readAt - mark.eventAt)} dom ${ms(mark.domAt - mark.eventAt)} painted ${ms(mark.frameAt - mark.eventAt)} (name painted ${ms(mark.namePaintedAt === null ? null : mark.namePaintedAt - mark.eventAt)}) history ${ms(mark.historyFrameAt === null ? null : mark.historyFrameAt - mark.eventAt)} | ${mark.readTransactions} read transactions over ${ms(mark.readsMs)} (longest ${ms(mark.longestReadMs)}) | row writes open at ring ${mark.rowWritesOpenAtRing}${mark.openWrite === null ? '' : ` (began ${ms(mark.openWrite.age)} before, open ${ms(mark.openWrite.open)})`}, begun ${mark.rowWritesDuring}, row frames ${mark.rowFramesDuring}`,
    `    reads: ${mark.readLog.join(', ')}`,
    ...frames.map((line) => `    ${line}`),
  ].join('\n');
}
