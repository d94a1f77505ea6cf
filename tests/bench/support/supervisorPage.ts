/**
 * The supervisor view's page for tests/bench/supervisor.bench.ts: this build's
 * renderer (`out/renderer`) served from a loopback HTTP server at
 * `/supervisor`, and, as an init script, a stand-in for main behind
 * `window.tandem` that holds a roster and changes one member's state at a
 * steady rate, pushing the whole board each time as main's
 * `supervisor:board` does. The renderer code under measure is the real one;
 * only the process on the other side of the contract is replaced, so the
 * figures are the page's own (React, layout, paint, the chart).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

export interface StaticRenderer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `root` (the built renderer) on 127.0.0.1; every path that is not a file gets index.html, like the host's `/supervisor`. */
export async function serveRenderer(root: string): Promise<StaticRenderer> {
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = path.startsWith('/assets/') ? join(root, path) : join(root, 'index.html');
    readFile(file)
      .then((body) => {
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      })
      .catch(() => {
        response.writeHead(404);
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/supervisor`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface FeedOptions {
  readonly members: number;
  readonly changesPerSecond: number;
}

/** What the page's stand-in records, read back by the bench. */
export interface FeedProbe {
  /** performance.now() when each change was pushed, in its item's DOM, and once painted (a frame later). */
  readonly pushed: number[];
  readonly inDom: number[];
  readonly painted: number[];
  /** requestAnimationFrame deltas while the feed ran. */
  readonly frames: number[];
}

/**
 * The init script (`page.addInitScript(supervisorPageSide, options)`, so it
 * runs before the app): `window.tandem` answering what the supervisor page
 * asks, a day of volume for a team of `members`, and `window.__benchFeed` to
 * start and stop the state changes. Runs in the page: no imports, nothing
 * from Node's scope.
 */
export function supervisorPageSide(options: FeedOptions): void {
  const STATES = ['on-call', 'ringing', 'available', 'break', 'wrap-up', 'away', 'on-social'] as const;
  const start = Date.now();
  const agents = Array.from({ length: options.members }, (_, index) => ({
    id: `agent-${index}`,
    name: `Agent ${String(index).padStart(3, '0')}`,
    sipUri: `sip:agent${index}@127.0.0.1`,
    state: 'available',
    since: start,
    callsUnknown: false,
    call: undefined as undefined | { party: string; direction: 'inbound'; since: number },
  }));
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const board = () => ({ agents: agents.map((agent) => (agent.call === undefined ? { ...agent, call: undefined } : agent)), sip: 'connected' });
  const clean = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
  // A day for a team this size: calls in working hours up to ~1.5 per agent an hour, mentions in bursts.
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const quarter = (t: number) => Math.max(0, Math.sin(((t - 28) / 56) * Math.PI));
  const volume = (from: number, intervals: number) => ({
    from,
    mentions: Array.from({ length: intervals }, (_, t) => Math.round(900 * quarter(t) + ((t * 37) % 11) * 40)),
    calls: Array.from({ length: intervals }, (_, t) => Math.round(options.members * 0.4 * quarter(t - 2))),
  });
  const answers: Record<string, (payload: never) => unknown> = {
    getSettings: () => ({
      language: 'en',
      theme: 'light',
      agent: { name: 'Sam Lee', role: 'supervisor' },
      sip: null,
      social: [],
      team: { roster: [] },
      wrapUpCodes: [],
      shortcuts: {},
    }),
    getAppInfo: () => ({ name: 'Tandem', version: 'bench', shell: 'web', platform: 'linux', notices: [] }),
    getConnectionState: () => ({ state: 'online' }),
    getTeamStatus: () => ({ state: 'connected', pending: 0 }),
    getSupervisorAccess: () => ({ allowed: true }),
    getAvailability: () => null,
    getSupervisorBoard: () => clean(board()),
    getSupervisorVolume: (request: { from: number; intervals: number }) => volume(request.from, request.intervals),
    getSocialState: () => ({ connectors: [], outbox: [], rules: [], lastSeq: -1 }),
    syncSocial: () => ({ items: [], lastSeq: -1 }),
    takePendingDial: () => [],
  };
  const api = new Proxy(
    {},
    {
      get(_target, method: string) {
        if (method === 'on') {
          return (event: string, listener: (payload: unknown) => void) => {
            const set = listeners.get(event) ?? new Set();
            set.add(listener);
            listeners.set(event, set);
            return () => set.delete(listener);
          };
        }
        if (method === 'then') return undefined;
        const answer = answers[method];
        return (payload: never) =>
          Promise.resolve(
            answer === undefined ? { ok: false, error: { code: 'unavailable', messageKey: 'errors.internal' } } : { ok: true, value: answer(payload) },
          );
      },
    },
  );
  Object.defineProperty(window, 'tandem', { value: api, configurable: false, writable: false });

  const probe = { pushed: [] as number[], inDom: [] as number[], painted: [] as number[], frames: [] as number[] };
  // Each change waits for its member's list item to say the new state: change index → [member, state].
  const waiting = new Map<number, { member: number; state: string }>();
  const seen = () => {
    const items = document.querySelectorAll('.supervisor-agents > li');
    for (const [change, expect] of waiting) {
      if ((items[expect.member] as HTMLElement | undefined)?.dataset['state'] !== expect.state) continue;
      waiting.delete(change);
      probe.inDom[change] = performance.now();
      requestAnimationFrame(() => setTimeout(() => (probe.painted[change] = performance.now()), 0));
    }
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  let frameHandle = 0;
  let observer: MutationObserver | undefined;
  Object.assign(window, {
    __benchProbe: probe,
    __benchFeed: {
      start() {
        observer = new MutationObserver(seen);
        observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
        let last = performance.now();
        const frame = (now: number) => {
          probe.frames.push(now - last);
          last = now;
          frameHandle = requestAnimationFrame(frame);
        };
        frameHandle = requestAnimationFrame(frame);
        let change = 0;
        const began = performance.now();
        // The offered load stays at the nominal rate on a slow page: every tick sends the changes
        // that are due by then, each as its own event (main would have queued them on the socket).
        const push = () => {
          const member = (change * 7919) % agents.length;
          const agent = agents[member];
          if (agent === undefined) return;
          const next = STATES[(STATES.indexOf(agent.state as (typeof STATES)[number]) + 1) % STATES.length] ?? 'available';
          const now = Date.now();
          agent.state = next;
          agent.since = now;
          agent.call = next === 'on-call' ? { party: `sip:+346000${String(member).padStart(5, '0')}@127.0.0.1`, direction: 'inbound', since: now } : undefined;
          waiting.set(change, { member, state: next });
          probe.pushed[change] = performance.now();
          const payload = clean(board());
          for (const listener of listeners.get('supervisor:board') ?? []) listener(payload);
          change++;
        };
        timer = setInterval(() => {
          const due = Math.floor(((performance.now() - began) * options.changesPerSecond) / 1000);
          while (change < due) push();
        }, 1000 / options.changesPerSecond);
      },
      stop() {
        if (timer !== undefined) clearInterval(timer);
        cancelAnimationFrame(frameHandle);
        observer?.disconnect();
      },
    },
  });
}
