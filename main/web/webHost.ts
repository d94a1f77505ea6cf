import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CONTRACT_SOCKET_PATH } from '@tandem/contract';
import type { Core } from '../core/app/createCore';
import type { Logger } from '../core/log/logger';
import { serveContractSocket } from './contractSocket';
import { launchCodes } from './launchCodes';
import { rateLimitedLog } from './rateLimitedLog';
import { refusalPage } from './refusalPage';
import { hostVerdict, requestTarget } from './requestTarget';
import { readStaticFile, withBridge } from './staticFiles';
import { cacheControlOf } from './cachePolicy';
import { tokenMatches } from './webToken';

/** Loopback only: the host is for this machine's browser, never the network. */
/** Where the browser host serves the supervisor view: the desk's page, which reads its address (issue 16). */
export const SUPERVISOR_PATH = '/supervisor';

export const WEB_HOST_ADDRESS = '127.0.0.1';
export const DEFAULT_WEB_PORT = 47800;

/**
 * How much one host holds open at once. A desk uses one keep-alive connection
 * per few requests and one contract socket per window; the caps are far above
 * that and far below what would exhaust the process's file descriptors, so a
 * local page opening sockets in a loop is turned away while the calls that
 * are already up keep their sockets.
 */
export interface WebHostLimits {
  /** TCP connections of every kind, contract sockets included (server.maxConnections). */
  readonly connections: number;
  /** Contract WebSockets. */
  readonly contractSockets: number;
}

export const DEFAULT_WEB_HOST_LIMITS: WebHostLimits = { connections: 128, contractSockets: 16 };

/** How long a connection may take to send its request; Node looks every `checkEveryMs`. */
export interface WebHostTimeouts {
  readonly headersMs: number;
  readonly requestMs: number;
  readonly checkEveryMs: number;
}

export const DEFAULT_WEB_HOST_TIMEOUTS: WebHostTimeouts = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 30_000 };

export interface WebHostOptions {
  readonly core: Core;
  readonly rendererDir: string;
  readonly token: string;
  /** The `*.localhost` name served (see hostName.ts); the cookie belongs to it alone. */
  readonly hostName: string;
  readonly port: number;
  readonly log: Logger;
  readonly limits?: WebHostLimits;
  /** Default DEFAULT_WEB_HOST_TIMEOUTS; shorter in tests. */
  readonly timeouts?: WebHostTimeouts;
}

export interface WebHost {
  /** The address to open first: the host's name and a single-use launch code (never the token). */
  readonly url: string;
  /** `http://NAME:PORT`, the only origin the host serves pages and sockets to. */
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'microphone=(self), camera=(), geolocation=()',
} as const;

/** Same policy as the page's meta tag, plus what only a header can say (frame-ancestors); sockets only to this origin. */
const pageCsp = (host: string) =>
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; media-src 'self' blob: mediastream:; " +
  `connect-src 'self' ws://${host} wss:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  408: 'Request Timeout',
  421: 'Misdirected Request',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
};

/**
 * The answer to a request Node's parser gave up on. A connection that sent nothing in time is told
 * 408, as HTTP says: the browser opens connections ahead of need (a preconnect) and may send a
 * request down one just as it times out; on a 408 from a connection it had not used yet, Chromium
 * sends the request again on a new one, where a 400 became the agent's reload failing with an
 * error page (seen in the social bench's reloads).
 */
export function refusalStatusOf(code: string | undefined): number {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  return 400;
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Answers a refused upgrade (if the peer is still there) and then lets go of the socket, whatever the peer does. */
function refuseSocket(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${REASON[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
  // A peer that never reads would keep 'finish' from firing.
  setTimeout(() => socket.destroy(), 2_000).unref();
}

/**
 * Serves the built renderer and the contract socket on 127.0.0.1, to one
 * name: `NAME:PORT`. A single-use launch code (or, for a wall board, the
 * fixed token) arrives once in the URL and is swapped for an HttpOnly,
 * SameSite=Strict, host-only cookie carrying the token; every later request
 * and the socket upgrade must carry it. A socket from a foreign Origin is
 * refused even with the cookie.
 *
 * Nothing a peer sends can throw out of a handler: every socket has an error
 * listener from the moment it connects, a target `new URL` cannot read is a
 * 400, a refused upgrade is answered and destroyed, and every refusal is
 * logged through a rate limit.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, log, token, hostName } = options;
  const limits = options.limits ?? DEFAULT_WEB_HOST_LIMITS;
  const refusals = rateLimitedLog(log, { burst: 10, perSecond: 1 });
  const codes = launchCodes();
  let port = options.port;
  const cookieName = () => `tandem_token_${port}`;
  const origin = () => `http://${hostName}:${port}`;
  const hasCookie = (request: IncomingMessage) => tokenMatches(token, cookieValue(request, cookieName()));

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const refuse = (status: number, why: string, extra: Record<string, string> = {}) => {
      refusals.warn('web host refused a request', { status, why });
      response.writeHead(status, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', ...extra }).end();
    };
    const url = requestTarget(request.url);
    if (url === undefined) return refuse(400, 'target');
    const verdict = hostVerdict(request.headers, hostName, port);
    if (verdict === 'foreign') return refuse(421, 'host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method');
    // The bare address only leads to the name: a cookie set here would be sent to every port of 127.0.0.1.
    if (verdict === 'loopback') return refuse(308, 'loopback address', { Location: `${origin()}${url.pathname}${url.search}` });

    const exchange = codes.redeem(url.searchParams.get('launch')) || tokenMatches(token, url.searchParams.get('token'));
    if (exchange) {
      response
        .writeHead(303, {
          ...SECURITY_HEADERS,
          // No Domain attribute: a host-only cookie, sent back to this name alone.
          'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          Location: url.pathname,
          'Cache-Control': 'no-store',
        })
        .end();
      return;
    }
    if (!hasCookie(request)) {
      refusals.warn('web host refused a request', { status: 401, why: 'no cookie' });
      response.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(refusalPage(core.i18n));
      return;
    }
    // The supervisor view (issue 16) is the same page at its own address, behind the same cookie, so a wall board can bookmark it.
    const file = await readStaticFile(options.rendererDir, url.pathname === SUPERVISOR_PATH ? '/' : url.pathname);
    if (file === undefined) {
      response.writeHead(404, SECURITY_HEADERS).end();
      return;
    }
    const isPage = file.type.startsWith('text/html');
    const body = isPage ? Buffer.from(withBridge(file.body.toString('utf8'))) : file.body;
    response
      .writeHead(200, {
        ...SECURITY_HEADERS,
        ...(isPage ? { 'Content-Security-Policy': pageCsp(`${hostName}:${port}`) } : {}),
        'Content-Type': file.type,
        'Cache-Control': cacheControlOf(url.pathname, isPage),
      })
      .end(request.method === 'HEAD' ? undefined : body);
  };

  const timeouts = options.timeouts ?? DEFAULT_WEB_HOST_TIMEOUTS;
  // A connection that never finishes its request is let go (and told so: refusalStatusOf).
  const server = createServer(
    { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkEveryMs },
    (request: IncomingMessage, response: ServerResponse) => {
      serve(request, response).catch((error: unknown) => {
        log.error('web host request failed', { error: error instanceof Error ? error.message : String(error) });
        if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS);
        response.end();
      });
    },
  );
  server.maxConnections = limits.connections;

  // First thing on every connection, before a byte is read or written: a reset is then an event, not a crash.
  server.on('connection', (socket: Socket) => {
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') refusals.warn('web host socket error', { code: error.code ?? error.message });
      socket.destroy();
    });
  });
  server.on('drop', () => refusals.warn('web host dropped a connection', { why: 'connection cap', cap: limits.connections }));
  // Requests Node's parser refuses (bad method, header overflow, a reset mid-headers) end here.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = refusalStatusOf(error.code);
    if (error.code !== 'ECONNRESET') refusals.warn('web host refused a request', { status, why: error.code ?? 'parse' });
    if (socket.writable && error.code !== 'ECONNRESET') refuseSocket(socket, status);
    else socket.destroy();
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let openSockets = 0;
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, why: string) => {
      refusals.warn('web host refused a socket', { status, why, origin: request.headers.origin?.slice(0, 100) ?? '(none)' });
      refuseSocket(socket, status);
    };
    const url = requestTarget(request.url);
    if (url === undefined) return refuse(400, 'target');
    if (hostVerdict(request.headers, hostName, port) !== 'ours') return refuse(421, 'host');
    if (url.pathname !== CONTRACT_SOCKET_PATH) return refuse(403, 'path');
    if (request.headers.origin !== origin()) return refuse(403, 'origin');
    if (!hasCookie(request) && !tokenMatches(token, url.searchParams.get('token'))) return refuse(403, 'no cookie');
    if (openSockets >= limits.contractSockets) return refuse(503, 'socket cap');
    openSockets += 1;
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      openSockets -= 1;
    };
    // ws answers a malformed handshake itself (400) and never calls back; 'close' on the raw socket releases the slot then.
    socket.once('close', release);
    sockets.handleUpgrade(request, socket, head, (ws) => {
      ws.on('close', () => {
        release();
        if (openSockets === 0) core.dials.windowGone();
      });
      serveContractSocket(ws, core, log);
    });
  };
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      upgrade(request, socket, head);
    } catch (error: unknown) {
      log.error('web host upgrade failed', { error: error instanceof Error ? error.message : String(error) });
      refuseSocket(socket, 400);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, WEB_HOST_ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `${origin()}/?launch=${codes.issue()}`,
    origin: origin(),
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
