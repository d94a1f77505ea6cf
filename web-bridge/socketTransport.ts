import {
  CONTRACT_SOCKET_PATH,
  fail,
  ServerFrameSchema,
  type ContractTransport,
  type EventName,
  type RequestChannel,
  type Result,
} from '@tandem/contract/bridgeKit';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * The browser host's half of the contract: one WebSocket to main, requests
 * matched to replies by id, events fanned out to listeners. If main goes away
 * the pending requests resolve as `unavailable` (never hang, never throw) and
 * the socket comes back with capped backoff.
 */
export function createSocketTransport(url: string): ContractTransport {
  let socket: WebSocket | undefined;
  let nextId = 1;
  let retryMs = RETRY_MIN_MS;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const outbox: string[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  // This script runs before the page's module, so the first socket can open (and main greet it with
  // `app:connected`) before the page subscribes. That greeting is kept for the first listener: the
  // page counts connections, and a lost first one would make it miss the refresh after a reconnect.
  let unheardConnected: unknown;

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      retryMs = RETRY_MIN_MS;
      for (const frame of outbox.splice(0)) ws.send(frame);
    });
    ws.addEventListener('message', (message: MessageEvent) => {
      let json: unknown;
      try {
        json = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const frame = ServerFrameSchema.safeParse(json);
      if (!frame.success) return;
      if (frame.data.kind === 'result') {
        const resolve = pending.get(frame.data.id);
        pending.delete(frame.data.id);
        resolve?.(frame.data.result as Result<unknown>);
      } else {
        // Keyed by the names the page subscribed to: an event name main does not have finds no listener.
        const heard = listeners.get(frame.data.event as EventName);
        if (frame.data.event === 'app:connected' && (heard === undefined || heard.size === 0)) unheardConnected = frame.data.payload;
        for (const listener of heard ?? []) listener(frame.data.payload);
      }
    });
    ws.addEventListener('close', () => {
      // Whatever was not sent is answered as unavailable too, so nothing is replayed behind the caller's back.
      outbox.length = 0;
      for (const [id, resolve] of pending) {
        pending.delete(id);
        resolve(fail('unavailable', 'errors.unavailable', 'connection to the Tandem host closed'));
      }
      setTimeout(connect, retryMs * (0.5 + Math.random()));
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    });
  };
  connect();

  return {
    invoke(channel: RequestChannel, payload: unknown) {
      return new Promise<Result<unknown>>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        const frame = JSON.stringify({ kind: 'invoke', id, channel, payload });
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else outbox.push(frame);
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      if (event === 'app:connected' && unheardConnected !== undefined) {
        const payload = unheardConnected;
        unheardConnected = undefined;
        queueMicrotask(() => {
          if (set.has(listener)) listener(payload);
        });
      }
      return () => set.delete(listener);
    },
  };
}

export const contractSocketUrl = (location: Location): string => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${CONTRACT_SOCKET_PATH}`;
