/**
 * A loopback TCP relay in front of a peer (e.g. PostgreSQL), for stories where
 * one desk loses the network while the others keep it. `cut()` drops every
 * relayed connection at once (as a pulled cable or a dead VPN does, from the
 * desk's side: the socket errors) and refuses new ones until `restore()`.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { LOOPBACK } from './ports.js';

export interface TcpProxy {
  readonly port: number;
  /** Connections relayed since the start (the desk reconnecting shows here). */
  readonly accepted: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { readonly port: number; readonly host?: string }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refusing = false;
  let accepted = 0;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    accepted += 1;
    const upstream = connect({ host: target.host ?? LOOPBACK, port: target.port });
    for (const socket of [client, upstream]) {
      open.add(socket);
      // A reset on either side ends the pair; the error itself is the story's point, not a test failure.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: 0 }, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    port: address.port,
    get accepted() {
      return accepted;
    },
    cut() {
      refusing = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      refusing = false;
    },
    async close() {
      refusing = true;
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
