import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Cid } from '../../../main/core/social/bluesky/cbor';
import { encode } from './dagCbor';

export const BRAND_DID = 'did:plc:brand';
const BRAND_HANDLE = 'acme.test';

/** A subscription as the service saw it: the cursor it asked for (null: the live tip). */
export interface Subscription {
  readonly cursor: string | null;
}

/**
 * Just enough of a PDS with an AppView, on 127.0.0.1, for the connector's
 * stories: a login, profiles, no notifications to backfill, and a firehose
 * that keeps every event it sequenced and, as `subscribeRepos` does, replays
 * those after a subscriber's cursor; without a cursor a subscriber gets only
 * what is sequenced after it joined.
 */
export interface FakeBlueskyService {
  readonly url: string;
  /** Resolves with the next subscription the firehose accepts (or one already accepted and not yet taken). */
  nextSubscription(): Promise<Subscription>;
  /** Sequences a post by `authorDid` that mentions the brand, and sends it to every open subscription. */
  mention(seq: number, authorDid: string, rkey: string, text: string): string;
  close(): Promise<void>;
}

/** An unsigned LEB128 varint: how a CAR file prefixes its header and each block with its length. */
function varint(value: number): number[] {
  const bytes: number[] = [];
  for (let rest = value; ; rest >>>= 7) {
    if (rest < 0x80) return [...bytes, rest];
    bytes.push((rest & 0x7f) | 0x80);
  }
}

/** A commit frame creating one post, its record in the CAR blocks (the CID is not checked by the desk). */
function commitFrame(seq: number, repo: string, rkey: string, record: Record<string, unknown>): Buffer {
  const cid = new Cid(new Uint8Array([0x01, 0x71, 0x12, 0x20, ...new Array<number>(32).fill(seq % 256)]));
  const bytes = encode(record);
  const header = encode({ version: 1, roots: [cid] });
  const block = [...cid.bytes, ...bytes];
  const car = new Uint8Array([...varint(header.length), ...header, ...varint(block.length), ...block]);
  const body = { seq, repo, ops: [{ action: 'create', path: `app.bsky.feed.post/${rkey}`, cid }], blocks: car, time: new Date().toISOString() };
  return Buffer.from([...encode({ op: 1, t: '#commit' }), ...encode(body)]);
}

const json = (response: ServerResponse, body: unknown) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(body));
};

function answer(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const session = { did: BRAND_DID, handle: BRAND_HANDLE, accessJwt: 'access', refreshJwt: 'refresh', active: true };
  switch (url.pathname) {
    case '/xrpc/com.atproto.server.createSession':
    case '/xrpc/com.atproto.server.getSession':
      return json(response, session);
    case '/xrpc/app.bsky.actor.getProfile': {
      const did = url.searchParams.get('actor') ?? BRAND_DID;
      return json(response, { did, handle: did === BRAND_DID ? BRAND_HANDLE : `${did.slice('did:plc:'.length)}.test` });
    }
    case '/xrpc/app.bsky.notification.listNotifications':
      return json(response, { notifications: [] });
    default:
      response.statusCode = 501;
      return json(response, { error: 'MethodNotImplemented', message: url.pathname });
  }
}

export async function startFakeBlueskyService(): Promise<FakeBlueskyService> {
  const server = createServer(answer);
  const firehose = new WebSocketServer({ server, path: '/xrpc/com.atproto.sync.subscribeRepos' });
  const sequenced: { readonly seq: number; readonly frame: Buffer }[] = [];
  const open = new Set<WebSocket>();
  const accepted: Subscription[] = [];
  const waiting: ((subscription: Subscription) => void)[] = [];
  firehose.on('connection', (socket, request) => {
    const cursor = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('cursor');
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    if (cursor !== null) for (const event of sequenced) if (event.seq > Number(cursor)) socket.send(event.frame);
    const subscription = { cursor };
    const waiter = waiting.shift();
    if (waiter === undefined) accepted.push(subscription);
    else waiter(subscription);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    nextSubscription: () => {
      const ready = accepted.shift();
      return ready === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(ready);
    },
    mention(seq, authorDid, rkey, text) {
      const mentioned = `@${BRAND_HANDLE}`;
      const start = Buffer.byteLength(text.slice(0, text.indexOf(mentioned)));
      const facets = [
        {
          index: { byteStart: start, byteEnd: start + Buffer.byteLength(mentioned) },
          features: [{ $type: 'app.bsky.richtext.facet#mention', did: BRAND_DID }],
        },
      ];
      const frame = commitFrame(seq, authorDid, rkey, { $type: 'app.bsky.feed.post', text, facets, createdAt: new Date().toISOString() });
      sequenced.push({ seq, frame });
      for (const socket of open) socket.send(frame);
      return `at://${authorDid}/app.bsky.feed.post/${rkey}`;
    },
    async close() {
      for (const socket of open) socket.terminate();
      firehose.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
