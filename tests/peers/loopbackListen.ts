/**
 * Bluesky's reference servers (PLC, PDS, the AppView and its data plane) call `listen(port)` with
 * no host, and Node then binds every interface (`::`). The test network rule is that every server
 * binds 127.0.0.1, so their starts run inside `onLoopback`: while it runs, a `listen` that names no
 * address (or a path, or a handle) gets 127.0.0.1. `listenersBeyondLoopback` reads the kernel's
 * socket tables to prove it held.
 */
import { readFileSync } from 'node:fs';
import { Server, type ListenOptions } from 'node:net';
import { LOOPBACK } from './ports.js';

/** `net.Server.prototype`, its `listen` as a plain function property (it is replaced and put back). */
type Listen = (this: Server, ...args: unknown[]) => Server;
const serverPrototype = Server.prototype as unknown as { listen: Listen };

let depth = 0;
let original: Listen | undefined;

/** `listen`'s arguments with 127.0.0.1 put in where they name no address. */
export function withLoopbackHost(args: readonly unknown[]): unknown[] {
  const [first, second, ...rest] = args;
  if (typeof first === 'object' && first !== null) {
    const options = first as ListenOptions & { readonly handle?: unknown; readonly fd?: unknown };
    const bound = options.host !== undefined || options.path !== undefined || options.handle !== undefined || options.fd !== undefined;
    return bound ? [...args] : [{ ...options, host: LOOPBACK }, ...args.slice(1)];
  }
  if (first === undefined || typeof first === 'function') return [0, LOOPBACK, ...args];
  // A port (number or numeric string); a string that is not one is a pipe path and names its own place.
  const isPort = typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first));
  if (!isPort || typeof second === 'string') return [...args];
  return second === undefined ? [first, LOOPBACK] : [first, LOOPBACK, second, ...rest];
}

/** Runs `start` with every `listen` that names no address, anywhere in this process, bound to 127.0.0.1. */
export async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    const listen = serverPrototype.listen;
    original = listen;
    serverPrototype.listen = function listenOnLoopback(this: Server, ...args: unknown[]) {
      return listen.apply(this, withLoopbackHost(args));
    };
  }
  try {
    return await start();
  } finally {
    if (--depth === 0 && original !== undefined) {
      serverPrototype.listen = original;
      original = undefined;
    }
  }
}

const LOOPBACK_ADDRESSES = new Set([
  '0100007F', // 127.0.0.1 in /proc/net/tcp's byte order
  '00000000000000000000000001000000', // ::1
  '0000000000000000FFFF00000100007F', // ::ffff:127.0.0.1
]);

/** Reads one of the kernel's socket tables (`/proc/self/net/tcp`, `…/tcp6`); a story gives a copy of its own. */
export type ReadTable = (path: string) => string;

const readKernelTable: ReadTable = (path) => readFileSync(path, 'utf8');

/** The listening TCP sockets of this network namespace on `ports` whose address is not a loopback one ("address:port", hex as the kernel writes it). */
export function listenersBeyondLoopback(ports: readonly number[], readTable: ReadTable = readKernelTable): string[] {
  const wanted = new Set(ports);
  const beyond: string[] = [];
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    for (const line of readTable(table).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [address, portHex] = (fields[1] ?? '').split(':');
      // State 0A is LISTEN.
      if (fields[3] !== '0A' || address === undefined || portHex === undefined) continue;
      if (wanted.has(Number.parseInt(portHex, 16)) && !LOOPBACK_ADDRESSES.has(address)) beyond.push(`${address}:${portHex}`);
    }
  }
  return beyond;
}

/** Throws when a server on `ports` listens beyond loopback: the peer's start bypassed `onLoopback`. */
export function assertListeningOnLoopback(what: string, ports: readonly number[], readTable: ReadTable = readKernelTable): void {
  const beyond = listenersBeyondLoopback(ports, readTable);
  if (beyond.length > 0) throw new Error(`${what} listens beyond 127.0.0.1 (${beyond.join(', ')}); start it inside onLoopback (tests/peers/loopbackListen.ts)`);
}

/** Starts a server inside `onLoopback` and checks where it listens; one found beyond loopback is stopped and the start fails. */
export async function startOnLoopback<T>(
  what: string,
  ports: readonly number[],
  start: () => Promise<T>,
  stop: (started: T) => Promise<unknown>,
  readTable: ReadTable = readKernelTable,
): Promise<T> {
  const started = await onLoopback(start);
  try {
    assertListeningOnLoopback(what, ports, readTable);
  } catch (error: unknown) {
    await stop(started);
    throw error;
  }
  return started;
}
