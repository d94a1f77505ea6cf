/**
 * The screen pop's probe and the seeding bundle, shared by the context bench
 * (context.bench.ts) and its team-mode twin (contextTeam.bench.ts): what a pop
 * is and how it is clocked is said once, in context.bench.ts's header.
 */
import { build } from 'esbuild';

export interface PopMark {
  readonly eventAt: number;
  /** The panel first seen with aria-busy="true" (the slice set 'loading'; Dexie reads under way). */
  readonly busyAt: number | null;
  readonly domAt: number;
  readonly frameAt: number;
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
    },
    result: () => (eventAt !== null && domAt !== null && frameAt !== null ? { eventAt, busyAt, domAt, frameAt } : null),
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
