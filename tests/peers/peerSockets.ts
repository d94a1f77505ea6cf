/**
 * The Internet sockets one peer process holds, as the kernel sees them: the socket inodes behind
 * `/proc/<pid>/fd`, looked up in `/proc/<pid>/net/{tcp,tcp6,udp,udp6,raw,raw6}` (the tables of
 * that process's own network namespace, which hold every process's sockets: the fds pick out its
 * own). The test network rule is that every peer binds 127.0.0.1; `socketsBeyondLoopback` names
 * each socket bound elsewhere, or connected elsewhere. Sockets in none of these tables (Unix,
 * netlink) reach no address and are left out.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export type SocketProtocol = 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'raw' | 'raw6';

const PROTOCOLS: readonly SocketProtocol[] = ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6'];

export interface SocketEnd {
  /** Printable: `127.0.0.1`, `0.0.0.0`, `::`, `::ffff:127.0.0.1`. */
  readonly address: string;
  readonly port: number;
  /** 127.0.0.1, or ::ffff:127.0.0.1 on an IPv6 socket. */
  readonly isLoopbackV4: boolean;
  /** 0.0.0.0 or `::`: every interface. */
  readonly isWildcard: boolean;
}

export interface PeerSocket {
  readonly fd: number;
  readonly protocol: SocketProtocol;
  readonly local: SocketEnd;
  readonly remote: SocketEnd;
  /** The kernel's state, hex as it writes it (TCP: 0A is LISTEN, 01 ESTABLISHED; UDP: 07 unconnected). */
  readonly state: string;
  readonly inode: string;
}

/** Where the kernel's files come from; a story gives copies of its own. */
export interface ProcFiles {
  readText(path: string): string;
  /** The process's socket inodes and the fd holding each (`socket:[<inode>]` links in /proc/<pid>/fd). */
  socketFds(pid: number): ReadonlyMap<string, number>;
}

export const kernelProcFiles: ProcFiles = {
  readText: (path) => readFileSync(path, 'utf8'),
  socketFds: (pid) => {
    const fds = new Map<string, number>();
    for (const name of readdirSync(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${name}`);
      } catch {
        continue; // closed since the listing
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined) fds.set(inode, Number(name));
    }
    return fds;
  },
};

/** The bytes of an address as /proc/net writes it: 32-bit words in host (little-endian) order. */
function addressBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const chunk = hex.slice(word, word + 8);
    for (let index = 6; index >= 0; index -= 2) bytes.push(Number.parseInt(chunk.slice(index, index + 2), 16));
  }
  return bytes;
}

function ipv6Text(bytes: readonly number[]): string {
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) groups.push(((bytes[index] ?? 0) * 256 + (bytes[index + 1] ?? 0)).toString(16));
  // The longest run of zero groups (two or more) becomes `::`.
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === '0') length += 1;
    if (length > best.length) best = { start, length };
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

/** One `address:port` field of a /proc/net table. */
export function decodeSocketEnd(field: string): SocketEnd {
  const [hexAddress = '', hexPort = ''] = field.split(':');
  const port = Number.parseInt(hexPort, 16);
  const bytes = addressBytes(hexAddress);
  const isWildcard = bytes.every((byte) => byte === 0);
  if (bytes.length === 4) {
    const address = bytes.join('.');
    return { address, port, isLoopbackV4: address === '127.0.0.1', isWildcard };
  }
  const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const address = mapped ? `::ffff:${bytes.slice(12).join('.')}` : ipv6Text(bytes);
  return { address, port, isLoopbackV4: address === '::ffff:127.0.0.1', isWildcard };
}

/** The rows of one /proc/net table (tcp, udp, raw; v4 or v6). */
export function parseSocketTable(protocol: SocketProtocol, text: string): Omit<PeerSocket, 'fd'>[] {
  const rows: Omit<PeerSocket, 'fd'>[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [, local, remote, state, , , , , , inode] = fields;
    if (local === undefined || remote === undefined || state === undefined || inode === undefined) continue;
    rows.push({ protocol, local: decodeSocketEnd(local), remote: decodeSocketEnd(remote), state, inode });
  }
  return rows;
}

/** The Internet sockets process `pid` holds, lowest fd first; none when it has exited. */
export function processSockets(pid: number, files: ProcFiles = kernelProcFiles): PeerSocket[] {
  let fds: ReadonlyMap<string, number>;
  try {
    fds = files.socketFds(pid);
  } catch {
    return []; // gone
  }
  const sockets: PeerSocket[] = [];
  for (const protocol of PROTOCOLS) {
    let text: string;
    try {
      text = files.readText(`/proc/${pid}/net/${protocol}`);
    } catch {
      continue; // gone, or no such table (raw6 without IPv6)
    }
    for (const row of parseSocketTable(protocol, text)) {
      const fd = fds.get(row.inode);
      if (fd !== undefined) sockets.push({ ...row, fd });
    }
  }
  return sockets.sort((a, b) => a.fd - b.fd);
}

const TCP_STATES: Readonly<Record<string, string>> = { '01': 'ESTABLISHED', '0A': 'LISTEN' };

function endText(end: SocketEnd): string {
  return end.address.includes(':') ? `[${end.address}]:${end.port}` : `${end.address}:${end.port}`;
}

function isConnected(socket: PeerSocket): boolean {
  return socket.remote.port !== 0 || !socket.remote.isWildcard;
}

/** `udp 0.0.0.0:35942 (fd 4)`, `tcp 127.0.0.1:5060 LISTEN (fd 7)`, `tcp 127.0.0.1:4444 → 127.0.0.1:50312 ESTABLISHED (fd 10)`. */
export function describeSocket(socket: PeerSocket): string {
  const remote = isConnected(socket) ? ` → ${endText(socket.remote)}` : '';
  const state = socket.protocol.startsWith('tcp') ? ` ${TCP_STATES[socket.state] ?? `state ${socket.state}`}` : '';
  return `${socket.protocol} ${endText(socket.local)}${remote}${state} (fd ${socket.fd})`;
}

/** Why a socket beyond 127.0.0.1 is let be (a peer's own code binds it so and no option changes that), or undefined. */
export type Allowance = (socket: PeerSocket, all: readonly PeerSocket[]) => string | undefined;

export interface LoopbackFindings {
  /** Bound beyond 127.0.0.1, or connected to another address, and not allowed. */
  readonly beyond: readonly PeerSocket[];
  readonly allowed: readonly { readonly socket: PeerSocket; readonly reason: string }[];
}

/** Sorts a process's sockets: on 127.0.0.1 (left out), allowed beyond it with a reason, or beyond it. */
export function socketsBeyondLoopback(sockets: readonly PeerSocket[], allow: Allowance = () => undefined): LoopbackFindings {
  const beyond: PeerSocket[] = [];
  const allowed: { socket: PeerSocket; reason: string }[] = [];
  for (const socket of sockets) {
    const onLoopback = socket.local.isLoopbackV4 && (!isConnected(socket) || socket.remote.isLoopbackV4);
    if (onLoopback) continue;
    const reason = allow(socket, sockets);
    if (reason === undefined) beyond.push(socket);
    else allowed.push({ socket, reason });
  }
  return { beyond, allowed };
}
