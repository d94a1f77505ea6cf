/**
 * Free loopback ports for test peers.
 *
 * The kernel picks a free port when we bind port 0 on 127.0.0.1; we read it
 * back and release it for the peer. There is a short window where another
 * process could take it, which is acceptable for tests that run one file at a
 * time inside their own network namespace.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the bound TCP address'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.unref();
    socket.once('error', reject);
    socket.bind({ address: LOOPBACK, port: 0, exclusive: true }, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** A port free for both UDP and TCP (SIP peers listen on both). */
export async function freeUdpTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await freeUdpPort();
    if (await tcpPortIsFree(port)) return port;
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1');
}

function tcpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A block of `size` UDP ports inside [min, max), chosen at random and starting
 * on an even number (RTP/RTCP pairs). Used so that rtpengine and each baresip
 * instance get disjoint media ranges below the kernel's ephemeral range
 * (32768+), which Chromium uses for its own ICE candidates.
 */
export function randomPortBlock(min: number, max: number, size: number): { min: number; max: number } {
  const slots = Math.floor((max - min) / size);
  if (slots < 1) throw new Error(`range ${min}-${max} cannot hold ${size} ports`);
  const start = min + Math.floor(Math.random() * slots) * size;
  const even = start % 2 === 0 ? start : start + 1;
  return { min: even, max: even + size - 2 };
}
