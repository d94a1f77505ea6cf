/**
 * The screen pop's probe, its measuring loop, its table rows and the seeding
 * bundle, shared by the context bench (context.bench.ts) and its team-mode
 * twin (contextTeam.bench.ts): what a pop is and how it is clocked is said
 * once, in context.bench.ts's header.
 */
import { build } from 'esbuild';
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
   * Read-write IndexedDB transactions over `notes` but not `callDrafts` begun between the ringing
   * frame and the paint: in these benches only the team's rows write those (the pop's own draft
   * writes hold `callDrafts`). The pop's reads may queue behind each one.
   */
  readonly rowWritesDuring: number;
}

export interface ContextProbe {
  arm(name: string): void;
  result(): PopMark | null;
}

/** Serialised into the page: deletes the caller's pop card with plain IndexedDB (a second connection, no upgrade). */
export async function forgetPopCard(number: string): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('tandem');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('open failed'));
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('popCards', 'readwrite');
    tx.objectStore('popCards').delete(['phone', number]);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('delete failed'));
  });
  db.close();
}

/** Serialised into the page (addInitScript): self-contained. */
export function installContextProbe(): void {
  const now = () => performance.now();
  let expected: string | null = null;
  let eventAt: number | null = null;
  let busyAt: number | null = null;
  let domAt: number | null = null;
  let frameAt: number | null = null;
  let rowWritesDuring = 0;

  const nativeTransaction = Reflect.get(IDBDatabase.prototype, 'transaction') as (...args: unknown[]) => IDBTransaction;
  Reflect.set(
    IDBDatabase.prototype,
    'transaction',
    function (this: IDBDatabase, stores: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) {
      const names = typeof stores === 'string' ? [stores] : [...stores];
      if (mode === 'readwrite' && eventAt !== null && frameAt === null && names.includes('notes') && !names.includes('callDrafts')) rowWritesDuring += 1;
      return nativeTransaction.call(this, stores, mode, options);
    },
  );

  const check = () => {
    if (expected === null || eventAt === null || domAt !== null) return;
    const panel = document.querySelector('.context');
    if (panel !== null && busyAt === null && panel.getAttribute('aria-busy') === 'true') busyAt = now();
    if (panel === null || panel.getAttribute('aria-busy') !== 'false') return;
    const heading = panel.querySelector('.context-customer-name');
    const line = panel.querySelector('.context-call-line');
    if (heading?.textContent?.trim() !== expected || !(line?.textContent ?? '').startsWith('Incoming call from')) return;
    domAt = now();
    performance.mark('ctx-dom');
    requestAnimationFrame(() =>
      setTimeout(() => {
        frameAt = now();
        performance.mark('ctx-frame');
      }, 0),
    );
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });

  const NativeSocket = window.WebSocket;
  const Traced = function (url: string | URL, protocols?: string | string[]) {
    const socket = new NativeSocket(url, protocols);
    socket.addEventListener('message', (event: MessageEvent) => {
      if (expected === null || eventAt !== null || typeof event.data !== 'string' || !event.data.includes('"softphone:call"')) return;
      try {
        const frame = JSON.parse(event.data) as { event?: string; payload?: { direction?: string; state?: string } };
        if (frame.event === 'softphone:call' && frame.payload?.direction === 'inbound' && frame.payload.state === 'ringing') {
          eventAt = now();
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
      eventAt = busyAt = domAt = frameAt = null;
      rowWritesDuring = 0;
    },
    result: () => (eventAt !== null && domAt !== null && frameAt !== null ? { eventAt, busyAt, domAt, frameAt, rowWritesDuring } : null),
  };
  Reflect.set(window, '__contextProbe', probe);
}

export async function seedBundle(): Promise<string> {
  const out = await build({
    entryPoints: ['tests/bench/contextSeed.ts'],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    // The renderer code it bundles imports the contract by the path alias the tsconfig projects use.
    alias: { '@tandem/contract': './contract/index.ts' },
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
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
  /** First rings (the caller's pop card deleted just before): the panel read in full. */
  readonly firstToDom: number[];
  readonly firstToFrame: number[];
  /** Every measured pop: the team's row transactions begun between ring and paint ({@link PopMark.rowWritesDuring}). */
  readonly rowWritesDuring: number[];
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
  const samples: PopSamples = { toBusy: [], toDom: [], toFrame: [], firstToDom: [], firstToFrame: [], rowWritesDuring: [], warm: [] };
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
    if (index < 0) samples.warm.push(mark.frameAt - mark.eventAt);
    else if (firstRing) {
      samples.firstToDom.push(mark.domAt - mark.eventAt);
      samples.firstToFrame.push(mark.frameAt - mark.eventAt);
    } else {
      samples.toDom.push(mark.domAt - mark.eventAt);
      if (mark.busyAt !== null) samples.toBusy.push(mark.busyAt - mark.eventAt);
      samples.toFrame.push(mark.frameAt - mark.eventAt);
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
    { name: `${prefix}ringing frame → panel DOM (pop card)`, samples: samples.toDom, target: '(info)' },
    { name: `${prefix}ringing frame → panel painted (pop card)`, samples: samples.toFrame, target: '≤ 50 ms p95' },
    { name: `${prefix}first ring (no pop card) → panel DOM`, samples: samples.firstToDom, target: '(info)' },
    { name: `${prefix}first ring (no pop card) → panel painted`, samples: samples.firstToFrame, target: '≤ 50 ms p95' },
  ];
}
