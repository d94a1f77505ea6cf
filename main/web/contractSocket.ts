import type { RawData, WebSocket } from 'ws';
import { fail, InvokeFrame, type EventPayload, type ServerFrame } from '@tandem/contract';
import type { Core } from '../core/app/createCore';
import type { Logger } from '../core/log/logger';

const textOf = (data: RawData): string => (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');

/**
 * One authenticated browser window: frames in are parsed before the
 * dispatcher sees them, frames out are the dispatcher's Results and core
 * events. A malformed frame gets a typed error (when it has an id) and the
 * socket keeps serving. The socket is one attached window on the event bus:
 * its id addresses the media requests of the calls it owns and tells main who
 * sent each request; closing the socket detaches it.
 */
export function serveContractSocket(socket: WebSocket, core: Core, log: Logger): void {
  const send = (frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const attached = core.events.attachWindow((event, payload) => send({ kind: 'event', event, payload }));
  // First frame on every socket, after subscribing so nothing said from here on is lost: a tab that
  // reconnects (the host restarted, the network blinked) hears it again and re-reads what it missed.
  send({ kind: 'event', event: 'app:connected', payload: {} satisfies EventPayload<'app:connected'> });

  socket.on('message', (data, isBinary) => {
    void (async () => {
      if (isBinary) return;
      let json: unknown;
      try {
        json = JSON.parse(textOf(data));
      } catch {
        log.warn('contract socket: frame is not JSON');
        return;
      }
      const frame = InvokeFrame.safeParse(json);
      if (!frame.success) {
        const id = typeof json === 'object' && json !== null && 'id' in json && typeof json.id === 'number' ? json.id : undefined;
        if (id !== undefined) send({ kind: 'result', id, result: fail('invalid-payload', 'errors.invalidPayload', 'malformed frame') });
        return;
      }
      const result = await core.dispatch(frame.data.channel, frame.data.payload, { windowId: attached.id });
      send({ kind: 'result', id: frame.data.id, result });
    })();
  });
  socket.on('close', () => {
    attached.detach();
    core.dials.windowGone();
  });
  socket.on('error', (error) => log.warn('contract socket error', { error: error.message }));
}
