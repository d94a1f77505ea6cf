import { Web } from 'sip.js';
import WebSocket from 'ws';
import type { SipTls } from './sipTls';

type TransportConstructor = new (...args: ConstructorParameters<typeof Web.Transport>) => Web.Transport;

/**
 * sip.js's WebSocket transport for the desk's own TLS trust.
 *
 * sip.js opens its socket with the bare global `WebSocket` and cannot be given
 * one (platform/web/transport.ts `_connect`). Node 20 has no global one, and
 * Electron's (Node's WHATWG client) takes no CA list and reports a refused
 * certificate as a bare "error" event. So every connect uses the `ws`
 * package's client, built with the desk's CAs and listened to for the TLS
 * verification code: the global is swapped only for the synchronous moment in
 * which sip.js constructs the socket, and put back before anything else runs.
 */
export function sipTransportFor(tls: SipTls): TransportConstructor {
  class SipWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, tls.clientOptions());
      this.on('error', (error) => tls.noteError(error));
    }
  }
  return class SipTransport extends Web.Transport {
    override connect(): Promise<void> {
      return withGlobalWebSocket(SipWebSocket, () => super.connect());
    }
  };
}

function withGlobalWebSocket<T>(constructor: unknown, run: () => T): T {
  const scope = globalThis as { WebSocket?: unknown };
  const had = Object.hasOwn(scope, 'WebSocket');
  const platform = scope.WebSocket;
  scope.WebSocket = constructor;
  try {
    return run();
  } finally {
    if (had) scope.WebSocket = platform;
    else delete scope.WebSocket;
  }
}
