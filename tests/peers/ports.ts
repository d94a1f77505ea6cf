/**
 * Free loopback ports for test peers.
 *
 * The kernel picks a free port when we bind port 0 on 127.0.0.1; we read it
 * back and release it for the peer. There is a short window where another
 * process could take it, which is acceptable for tests that run one file at a
 * time inside their own network namespace.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
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

/** Linux's default ephemeral range starts here (`net.ipv4.ip_local_port_range`). */
const DEFAULT_EPHEMERAL_MIN = 32768;
/** How far below the ephemeral range a stable port is looked for. */
const STABLE_SPAN = 8000;

function ephemeralMin(): number {
  try {
    const [min] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return min !== undefined && Number.isInteger(min) && min > STABLE_SPAN + 1024 ? min : DEFAULT_EPHEMERAL_MIN;
  } catch {
    return DEFAULT_EPHEMERAL_MIN;
  }
}

/**
 * A free TCP port on 127.0.0.1 BELOW the kernel's ephemeral range, for a server
 * that starts seconds after its port is chosen (the PDS: its port goes to the
 * AppView first). A port from `freeTcpPort` is an ephemeral one, and every
 * outgoing connection made meanwhile (the AppView's to its PostgreSQL, to the
 * PLC) takes its local port from that same range: CI once saw the PDS fail
 * with EADDRINUSE that way. Below the range only an explicit bind can take it.
 */
export async function stableTcpPort(): Promise<number> {
  const top = ephemeralMin();
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = top - 1 - Math.floor(Math.random() * STABLE_SPAN);
    if (await tcpPortIsFree(port)) return port;
  }
  throw new Error(`no TCP port free on 127.0.0.1 in ${top - STABLE_SPAN}-${top - 1}`);
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
