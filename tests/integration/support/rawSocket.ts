/**
 * A TCP client that speaks HTTP by hand, for the attack suite: it can send
 * what no HTTP library would (absolute-form targets, broken headers, half a
 * request) and reset the connection at any step.
 */
import { connect, type Socket } from 'node:net';

export type ResetAt = 'never' | 'after-connect' | 'mid-headers' | 'after-sending' | 'after-refusal';

export interface RawOutcome {
  /** The status code of the first response line, or 0 if none came. */
  readonly status: number;
  /** The response's status line and headers as received ('' if none came). */
  readonly head: string;
}

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `request` (nothing, for a connection that never asks; split in two halves when resetting mid-headers) and reads the response's head, resetting at `resetAt`. */
export async function rawRequest(port: number, request: string, resetAt: ResetAt = 'never'): Promise<RawOutcome> {
  const socket = await connected(port);
  // What the host does after a reset is the host's business; this client only needs not to crash.
  socket.on('error', () => undefined);
  if (resetAt === 'after-connect') {
    socket.resetAndDestroy();
    return { status: 0, head: '' };
  }
  if (resetAt === 'mid-headers') {
    socket.write(request.slice(0, Math.floor(request.length / 2)));
    socket.resetAndDestroy();
    return { status: 0, head: '' };
  }
  socket.write(request);
  if (resetAt === 'after-sending') {
    socket.resetAndDestroy();
    return { status: 0, head: '' };
  }
  return new Promise((resolve) => {
    let text = '';
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const head = text.split('\r\n\r\n')[0] ?? '';
      if (resetAt === 'after-refusal' && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
      resolve({ status, head });
    };
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) done();
    });
    socket.once('close', done);
  });
}

/** A WebSocket upgrade request, by hand. */
export function upgradeRequest(target: string, headers: Record<string, string | undefined>): string {
  const lines = [
    `GET ${target} HTTP/1.1`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`])),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A plain GET, by hand. */
export function getRequest(target: string, headers: Record<string, string | undefined>): string {
  const lines = [`GET ${target} HTTP/1.1`, ...Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`]))];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Opens `count` connections that say nothing, and reports how many the host has closed since. */
export async function idleSockets(port: number, count: number): Promise<{ closed(): number; release(): void }> {
  let closed = 0;
  const sockets = await Promise.all(
    Array.from({ length: count }, async () => {
      const socket = await connected(port).catch(() => undefined);
      if (socket === undefined) {
        closed += 1;
        return undefined;
      }
      socket.on('error', () => undefined);
      socket.once('close', () => (closed += 1));
      return socket;
    }),
  );
  return {
    closed: () => closed,
    release: () => {
      for (const socket of sockets) socket?.destroy();
    },
  };
}
