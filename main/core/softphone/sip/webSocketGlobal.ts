import WebSocket from 'ws';

/**
 * sip.js's WebSocket transport calls the bare global `WebSocket` constructor.
 * Node 20 has none (Electron's Node 22+ has a WHATWG one, which sip.js can use
 * as is), so we install the `ws` package's, which speaks the same
 * `addEventListener`/`binaryType` API. Only ever fill a gap, never replace a
 * platform implementation other code may rely on.
 */
export function ensureWebSocketGlobal(): void {
  const scope = globalThis as { WebSocket?: unknown };
  scope.WebSocket ??= WebSocket;
}
