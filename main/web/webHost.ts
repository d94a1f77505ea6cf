import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { CONTRACT_SOCKET_PATH } from '../../preload/contract';
import type { Core } from '../core/app/createCore';
import type { Logger } from '../core/log/logger';
import { serveContractSocket } from './contractSocket';
import { refusalPage } from './refusalPage';
import { readStaticFile, withBridge } from './staticFiles';
import { tokenMatches } from './webToken';

/** Loopback only: the host is for this machine's browser, never the network. */
export const WEB_HOST_ADDRESS = '127.0.0.1';
export const DEFAULT_WEB_PORT = 47800;

export interface WebHostOptions {
  readonly core: Core;
  readonly rendererDir: string;
  readonly token: string;
  readonly port: number;
  readonly log: Logger;
}

export interface WebHost {
  /** The address to open, token included. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Same policy as the page's meta tag, plus what only a header can say (frame-ancestors). */
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; media-src 'self' blob: mediastream:; " +
  "connect-src 'self' ws://127.0.0.1:* wss:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'microphone=(self), camera=(), geolocation=()',
} as const;

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * Serves the built renderer and the contract socket on 127.0.0.1. The token
 * arrives once in the URL, is swapped for an HttpOnly same-site cookie (so it
 * leaves the address bar and page script never sees it), and every later
 * request and the socket upgrade must carry it. A socket from a foreign
 * Origin is refused even with the cookie.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, log, token } = options;
  let port = options.port;
  const cookieName = () => `tandem_token_${port}`;
  const origins = () => new Set([`http://${WEB_HOST_ADDRESS}:${port}`, `http://localhost:${port}`]);
  const authorised = (request: IncomingMessage, url: URL) =>
    tokenMatches(token, cookieValue(request, cookieName())) || tokenMatches(token, url.searchParams.get('token'));

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const url = new URL(request.url ?? '/', `http://${WEB_HOST_ADDRESS}:${port}`);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, SECURITY_HEADERS).end();
        return;
      }
      if (!authorised(request, url)) {
        response
          .writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
          .end(refusalPage(core.i18n));
        return;
      }
      if (url.searchParams.has('token')) {
        response
          .writeHead(303, {
            ...SECURITY_HEADERS,
            'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
            Location: url.pathname,
            'Cache-Control': 'no-store',
          })
          .end();
        return;
      }
      const file = await readStaticFile(options.rendererDir, url.pathname);
      if (file === undefined) {
        response.writeHead(404, SECURITY_HEADERS).end();
        return;
      }
      const isPage = file.type.startsWith('text/html');
      const body = isPage ? Buffer.from(withBridge(file.body.toString('utf8'))) : file.body;
      response
        .writeHead(200, {
          ...SECURITY_HEADERS,
          ...(isPage ? { 'Content-Security-Policy': PAGE_CSP } : {}),
          'Content-Type': file.type,
          'Cache-Control': isPage ? 'no-store' : 'no-cache',
        })
        .end(request.method === 'HEAD' ? undefined : body);
    })().catch((error: unknown) => {
      log.error('web host request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS);
      response.end();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let openSockets = 0;
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://${WEB_HOST_ADDRESS}:${port}`);
    const origin = request.headers.origin;
    if (url.pathname !== CONTRACT_SOCKET_PATH || origin === undefined || !origins().has(origin) || !authorised(request, url)) {
      log.warn('web host refused a socket', { origin: origin?.slice(0, 100) ?? '(none)', path: url.pathname.slice(0, 100) });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      openSockets += 1;
      ws.on('close', () => {
        openSockets -= 1;
        if (openSockets === 0) core.dials.windowGone();
      });
      serveContractSocket(ws, core, log);
    });
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
    url: `http://${WEB_HOST_ADDRESS}:${port}/?token=${encodeURIComponent(token)}`,
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
