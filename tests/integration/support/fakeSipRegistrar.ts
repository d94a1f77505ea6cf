/**
 * A FAKE SIP registrar over WebSocket — not a real peer, and deliberately so:
 * it plays the stranger's server an agent might mistype or be tricked into,
 * the one place a test needs to see what a hostile registrar would receive.
 * It answers every REGISTER without credentials with 401 and a Digest
 * challenge (RFC 3261 §22.4, no qop), every REGISTER with credentials with 403,
 * any other request with 200, and records each request's Authorization header.
 * Everything real (the agent's own account) stays on Kamailio.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { LOOPBACK } from '../../peers/ports';

export interface SeenRequest {
  readonly method: string;
  readonly authorization: string | undefined;
}

export interface FakeSipRegistrar {
  readonly url: string;
  readonly realm: string;
  /** Every request received, in order. */
  readonly seen: readonly SeenRequest[];
  stop(): Promise<void>;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** The Digest `response` a client holding `password` computes for this Authorization header (no qop). */
export function digestResponseFor(authorization: string, password: string): string {
  const fields = new Map([...authorization.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1] ?? '', match[2] ?? '']));
  const field = (name: string): string => fields.get(name) ?? '';
  const ha1 = md5(`${field('username')}:${field('realm')}:${password}`);
  const ha2 = md5(`REGISTER:${field('uri')}`);
  return md5(`${ha1}:${field('nonce')}:${ha2}`);
}

export const digestResponseOf = (authorization: string): string => /response="([^"]*)"/.exec(authorization)?.[1] ?? '';

function reply(request: string, status: string, extra: readonly string[] = []): string {
  const headers = request.split('\r\n\r\n', 1)[0]?.split('\r\n').slice(1) ?? [];
  const keep = headers.filter((line) => /^(via|from|call-id|cseq):/i.test(line));
  const to = headers.find((line) => /^to:/i.test(line)) ?? 'To: <sip:fake@invalid>';
  const tagged = /;tag=/i.test(to) ? to : `${to};tag=${randomBytes(4).toString('hex')}`;
  return [`SIP/2.0 ${status}`, ...keep, tagged, ...extra, 'Content-Length: 0', '', ''].join('\r\n');
}

export async function startFakeSipRegistrar(): Promise<FakeSipRegistrar> {
  const realm = 'fake.invalid';
  const seen: SeenRequest[] = [];
  const server = new WebSocketServer({ host: LOOPBACK, port: 0, handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket) => {
    socket.on('error', () => undefined);
    socket.on('message', (data: Buffer) => {
      const request = data.toString('utf8');
      const method = request.split(' ', 1)[0] ?? '';
      if (method.startsWith('SIP/2.0')) return; // a response from the client: nothing to record
      const authorization = /^authorization:\s*(.*)$/im.exec(request)?.[1];
      seen.push({ method, authorization });
      if (method !== 'REGISTER') socket.send(reply(request, '200 OK'));
      else if (authorization === undefined) {
        socket.send(
          reply(request, '401 Unauthorized', [`WWW-Authenticate: Digest realm="${realm}", nonce="${randomBytes(8).toString('hex')}", algorithm=MD5`]),
        );
      } else socket.send(reply(request, '403 Forbidden'));
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://${LOOPBACK}:${port}`,
    realm,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
