/**
 * A local stand-in for Bluesky's chat service, built from the
 * `chat.bsky.convo.*` lexicons shipped with @atproto/api (Bluesky publishes
 * no open chat server). It implements what the desk uses —
 * getConvoForMembers, sendMessage, getMessages, listConvos, getLog — for
 * direct (two-member) conversations, on 127.0.0.1 only.
 *
 * Callers authenticate as the real service expects: an inter-service JWT
 * from their PDS (`com.atproto.server.getServiceAuth`, aud = this service's
 * DID, lxm = the method), verified against the caller's signing key from PLC.
 * The client (@atproto/api's XrpcClient) validates every answer against the
 * lexicons, so a response that drifts from them fails the tests.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { IdResolver } from '@atproto/identity';
import { verifyJwt } from '@atproto/xrpc-server';
import { LOOPBACK } from './ports.js';

export const CHAT_SERVICE_DID = 'did:web:chat.tandem.test';

interface Message {
  id: string;
  rev: string;
  convoId: string;
  sender: string;
  text: string;
  sentAt: string;
}

interface Convo {
  id: string;
  members: [string, string];
  rev: string;
}

export interface BlueskyChat {
  readonly url: string;
  readonly did: string;
  /** Every message stored, in order. */
  messages(): readonly Message[];
  /** Calls that reached the stand-in, by method (to prove where chat calls went). */
  calls(): ReadonlyMap<string, number>;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startBlueskyChat(options: { plcUrl: string; handleOf: (did: string) => Promise<string> }): Promise<BlueskyChat> {
  const resolver = new IdResolver({ plcUrl: options.plcUrl });
  const convos = new Map<string, Convo>();
  const messages: Message[] = [];
  const calls = new Map<string, number>();
  let clock = 0;
  // Revisions sort as strings, like the real service's TIDs.
  const nextRev = () => (++clock).toString().padStart(16, '0');

  const authenticate = async (request: IncomingMessage, lxm: string): Promise<string> => {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) throw new HttpError(401, 'AuthMissing', 'service token required');
    try {
      const payload = await verifyJwt(header.slice('Bearer '.length), CHAT_SERVICE_DID, lxm, (iss, forceRefresh) =>
        resolver.did.resolveAtprotoKey(iss.split('#')[0] ?? iss, forceRefresh),
      );
      return payload.iss;
    } catch (error: unknown) {
      throw new HttpError(401, 'InvalidToken', String(error));
    }
  };

  const memberView = async (did: string) => ({ did, handle: await options.handleOf(did) });
  const messageView = (message: Message) => ({
    $type: 'chat.bsky.convo.defs#messageView',
    id: message.id,
    rev: message.rev,
    text: message.text,
    sender: { did: message.sender },
    sentAt: message.sentAt,
  });
  const convoView = async (convo: Convo) => {
    const last = messages.filter((message) => message.convoId === convo.id).at(-1);
    return {
      id: convo.id,
      rev: convo.rev,
      members: await Promise.all(convo.members.map(memberView)),
      ...(last === undefined ? {} : { lastMessage: messageView(last) }),
      muted: false,
      status: 'accepted',
      unreadCount: 0,
    };
  };
  const memberOf = (convoId: unknown, did: string): Convo => {
    const convo = typeof convoId === 'string' ? convos.get(convoId) : undefined;
    if (convo === undefined || !convo.members.includes(did)) throw new HttpError(400, 'InvalidConvo', 'no such conversation');
    return convo;
  };

  const methods: Record<string, (caller: string, query: URLSearchParams, body: Record<string, unknown>) => Promise<unknown>> = {
    'chat.bsky.convo.getConvoForMembers': async (caller, query) => {
      const others = query.getAll('members').filter((did) => did !== caller);
      const other = others[0];
      if (others.length !== 1 || other === undefined) throw new HttpError(400, 'InvalidRequest', 'direct conversations only');
      let convo = [...convos.values()].find((candidate) => candidate.members.includes(caller) && candidate.members.includes(other));
      if (convo === undefined) {
        convo = { id: randomUUID(), members: [caller, other], rev: nextRev() };
        convos.set(convo.id, convo);
      }
      return { convo: await convoView(convo) };
    },
    'chat.bsky.convo.sendMessage': (caller, _query, body) => {
      const convo = memberOf(body['convoId'], caller);
      const input = body['message'] as { text?: unknown } | undefined;
      if (typeof input?.text !== 'string' || input.text.length === 0) throw new HttpError(400, 'InvalidRequest', 'message.text required');
      const message: Message = { id: randomUUID(), rev: nextRev(), convoId: convo.id, sender: caller, text: input.text, sentAt: new Date().toISOString() };
      convo.rev = message.rev;
      messages.push(message);
      return Promise.resolve(messageView(message));
    },
    'chat.bsky.convo.getMessages': (caller, query) => {
      const convo = memberOf(query.get('convoId'), caller);
      const limit = Math.min(100, Number(query.get('limit') ?? 50));
      // Newest first, as the real service answers.
      const list = messages
        .filter((message) => message.convoId === convo.id)
        .reverse()
        .slice(0, limit);
      return Promise.resolve({ messages: list.map(messageView) });
    },
    'chat.bsky.convo.listConvos': async (caller) => ({
      convos: await Promise.all([...convos.values()].filter((convo) => convo.members.includes(caller)).map(convoView)),
    }),
    'chat.bsky.convo.getLog': (caller, query) => {
      const after = query.get('cursor') ?? '';
      const mine = messages.filter((message) => convos.get(message.convoId)?.members.includes(caller) === true && message.rev > after).slice(0, 100);
      const logs = mine.map((message) => ({
        $type: 'chat.bsky.convo.defs#logCreateMessage',
        rev: message.rev,
        convoId: message.convoId,
        message: messageView(message),
      }));
      return Promise.resolve({ logs, ...(mine.length > 0 ? { cursor: mine.at(-1)?.rev } : after === '' ? {} : { cursor: after }) });
    },
  };

  const readBody = async (request: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (chunks.length === 0) return {};
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}`);
    const nsid = url.pathname.replace(/^\/xrpc\//, '');
    const method = methods[nsid];
    try {
      if (method === undefined) throw new HttpError(501, 'MethodNotImplemented', `${nsid} is not implemented by the stand-in`);
      calls.set(nsid, (calls.get(nsid) ?? 0) + 1);
      const caller = await authenticate(request, nsid);
      const result = await method(caller, url.searchParams, request.method === 'POST' ? await readBody(request) : {});
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (error: unknown) {
      const failure = error instanceof HttpError ? error : new HttpError(500, 'InternalServerError', String(error));
      response.writeHead(failure.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: failure.code, message: failure.message }));
    }
  };

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('chat stand-in has no port');
  return {
    url: `http://${LOOPBACK}:${address.port}`,
    did: CHAT_SERVICE_DID,
    messages: () => messages,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
