import WebSocket from 'ws';
import { decodeFirst, readCarBlocks, Cid, CborError, type CborValue } from './cbor';

/**
 * A client for `com.atproto.sync.subscribeRepos`
 * (https://atproto.com/specs/event-stream): one WebSocket, frames decoded in
 * arrival order and handed to `onEvent` one at a time (the next waits for the
 * previous handler), so a cursor advanced after each handler never skips an
 * event. Resume with the last handled `seq` as `cursor`: the server replays
 * what came after it (at-least-once: a crash between handling and persisting
 * replays a few events, which the journal de-duplicates).
 */
export interface RepoOp {
  readonly action: 'create' | 'update' | 'delete';
  /** `collection/rkey` */
  readonly path: string;
  readonly cid: string | null;
}

export type FirehoseEvent =
  | {
      readonly type: 'commit';
      readonly seq: number;
      readonly repo: string;
      readonly ops: readonly RepoOp[];
      readonly blocks: ReadonlyMap<string, Uint8Array>;
      /** When the server sequenced the commit (ISO 8601), which tells a replayed event from a live one (firehoseReplay.ts). */
      readonly time: string | null;
    }
  | { readonly type: 'identity'; readonly seq: number; readonly did: string; readonly handle: string | null }
  | { readonly type: 'info'; readonly name: string; readonly message: string | null }
  | { readonly type: 'other'; readonly seq: number | null };

export interface FirehoseOptions {
  /** The service's http(s) or ws(s) base URL. */
  readonly service: string;
  readonly cursor: number | null;
  readonly onOpen: () => void;
  readonly onEvent: (event: FirehoseEvent) => Promise<void>;
  /**
   * The stream ended (never called after `close()`): `dropped` by the server
   * or the network, or `refused`: `onEvent` could not store an event (it
   * threw), so the stream stopped before it and a reconnect replays it.
   */
  readonly onClose: (reason: string, cause: 'dropped' | 'refused') => void;
  /** A frame that could not be decoded; the stream goes on. */
  readonly onBadFrame: (error: unknown) => void;
}

const asRecord = (value: CborValue | undefined): Record<string, CborValue> | null =>
  value !== null && value !== undefined && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Cid) && !Array.isArray(value)
    ? value
    : null;

export function subscribeUrl(service: string, cursor: number | null): string {
  const url = new URL('/xrpc/com.atproto.sync.subscribeRepos', service);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  if (cursor !== null) url.searchParams.set('cursor', String(cursor));
  return url.toString();
}

/** Decodes one binary frame: a header `{op, t}` then a body. Exported for unit tests. */
export function decodeFrame(data: Uint8Array): FirehoseEvent {
  const header = decodeFirst(data, 0);
  const head = asRecord(header.value);
  const body = asRecord(decodeFirst(data, header.offset).value);
  if (head === null || body === null) throw new CborError('frame is not two maps');
  if (head['op'] === -1) {
    return {
      type: 'info',
      name: typeof body['error'] === 'string' ? body['error'] : 'Error',
      message: typeof body['message'] === 'string' ? body['message'] : null,
    };
  }
  const seq = typeof body['seq'] === 'number' ? body['seq'] : null;
  switch (head['t']) {
    case '#commit': {
      if (seq === null || typeof body['repo'] !== 'string') throw new CborError('commit without seq or repo');
      const ops: RepoOp[] = [];
      for (const raw of Array.isArray(body['ops']) ? body['ops'] : []) {
        const op = asRecord(raw);
        if (op === null || typeof op['path'] !== 'string') continue;
        const action = op['action'];
        if (action !== 'create' && action !== 'update' && action !== 'delete') continue;
        ops.push({ action, path: op['path'], cid: op['cid'] instanceof Cid ? op['cid'].toString() : null });
      }
      const blocks = body['blocks'] instanceof Uint8Array && body['blocks'].length > 0 ? readCarBlocks(body['blocks']) : new Map<string, Uint8Array>();
      const time = typeof body['time'] === 'string' ? body['time'] : null;
      return { type: 'commit', seq, repo: body['repo'], ops, blocks, time };
    }
    case '#identity':
      if (seq === null || typeof body['did'] !== 'string') throw new CborError('identity without seq or did');
      return { type: 'identity', seq, did: body['did'], handle: typeof body['handle'] === 'string' ? body['handle'] : null };
    case '#info':
      return {
        type: 'info',
        name: typeof body['name'] === 'string' ? body['name'] : 'Info',
        message: typeof body['message'] === 'string' ? body['message'] : null,
      };
    default:
      return { type: 'other', seq };
  }
}

export class FirehoseSubscription {
  readonly #socket: WebSocket;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(private readonly options: FirehoseOptions) {
    this.#socket = new WebSocket(subscribeUrl(options.service, options.cursor), { maxPayload: 16 * 1024 * 1024 });
    this.#socket.binaryType = 'nodebuffer';
    this.#socket.on('open', () => {
      if (!this.#closed) options.onOpen();
    });
    this.#socket.on('message', (data: Buffer) => {
      this.#queue = this.#queue.then(() => this.#handle(data));
    });
    this.#socket.on('error', () => undefined); // 'close' follows and reports
    this.#socket.on('close', (code, reason) => {
      // Let queued frames finish before reporting, so the cursor covers them.
      void this.#queue.then(() => {
        if (this.#closed) return;
        this.#closed = true;
        options.onClose(`closed ${code} ${reason.toString('utf8')}`.trim(), 'dropped');
      });
    });
  }

  async #handle(data: Buffer): Promise<void> {
    if (this.#closed) return;
    let event: FirehoseEvent;
    try {
      event = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error: unknown) {
      this.options.onBadFrame(error);
      return;
    }
    try {
      await this.options.onEvent(event);
    } catch (error: unknown) {
      // The handler could not store what it got (e.g. the journal failed): stop, so the cursor
      // stays before this event and a reconnect replays it.
      this.#closed = true;
      this.#socket.terminate();
      this.options.onClose(`handler failed: ${String(error)}`, 'refused');
    }
  }

  /** Closes on purpose; `onClose` is not called. Resolves when queued frames are handled. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#socket.terminate();
    await this.#queue;
  }
}
