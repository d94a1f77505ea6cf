/**
 * A Node client for the browser host. The host serves one `*.localhost`
 * name; Chromium resolves those names to loopback itself, Node would ask DNS
 * (which the loopback-only namespace does not have), so these helpers connect
 * to 127.0.0.1 and say the name in the Host header, as a browser does.
 */
import { request } from 'node:http';
import WebSocket from 'ws';

export interface HostAddress {
  readonly port: number;
  /** `http://NAME:PORT` */
  readonly origin: string;
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** The Host header a browser sends to this host. */
export const hostHeader = (host: HostAddress): string => new URL(host.origin).host;

/** GET `path` (with its query) from the host; `headers` may replace Host. */
export function get(host: HostAddress, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: host.port, path, method: 'GET', headers: { host: hostHeader(host), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** The `name=value` part of the cookie a launch address is exchanged for. */
export async function cookieFrom(host: HostAddress, launchUrl: string): Promise<string> {
  const { pathname, search } = new URL(launchUrl);
  const reply = await get(host, `${pathname}${search}`);
  const setCookie = reply.headers['set-cookie']?.[0];
  if (reply.status !== 303 || setCookie === undefined) throw new Error(`launch address refused: ${reply.status}`);
  return setCookie.split(';')[0] ?? '';
}

/** Every frame main sent on a socket, in order, from the moment it opened. */
const framesOf = new WeakMap<WebSocket, unknown[]>();

/** Opens the contract socket and resolves once it is open, or with the refusal. */
export function openSocket(host: HostAddress, headers: Record<string, string>, path = '/contract'): Promise<WebSocket | { refused: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers: { Host: hostHeader(host), ...headers } });
    const frames: unknown[] = [];
    framesOf.set(ws, frames);
    ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString())));
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => {
      resolve({ refused: response.statusCode ?? 0 });
      response.resume();
      ws.terminate();
    });
    ws.once('error', () => resolve({ refused: -1 }));
  });
}

/** Frames received so far on a socket opened by openSocket. */
export const framesSoFar = (ws: WebSocket): readonly unknown[] => framesOf.get(ws) ?? [];

/** Waits for the first frame (from `from` on) that `match` accepts; events main pushes in between are skipped. */
export async function frameWhere(ws: WebSocket, match: (frame: unknown) => boolean, from = 0): Promise<unknown> {
  const frames = framesOf.get(ws) ?? [];
  for (;;) {
    const found = frames.slice(from).find(match);
    if (found !== undefined) return found;
    await new Promise<void>((resolve, reject) => {
      const onMessage = () => {
        ws.off('close', onClose);
        resolve();
      };
      const onClose = () => {
        ws.off('message', onMessage);
        reject(new Error('socket closed while waiting for a frame'));
      };
      ws.once('message', onMessage);
      ws.once('close', onClose);
    });
  }
}

/** Sends an invoke frame and resolves with the result frame carrying its id. */
export function call(ws: WebSocket, frame: { id: number } & Record<string, unknown>): Promise<unknown> {
  const from = framesOf.get(ws)?.length ?? 0;
  ws.send(JSON.stringify(frame));
  return frameWhere(ws, (f) => typeof f === 'object' && f !== null && 'kind' in f && f.kind === 'result' && 'id' in f && f.id === frame.id, from);
}
