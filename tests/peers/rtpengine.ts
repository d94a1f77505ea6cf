/**
 * rtpengine in userspace on loopback, ignoring the packaged configuration:
 * the WebRTC <-> plain RTP gateway that Kamailio drives over the ng protocol.
 */
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpPort, LOOPBACK, randomPortBlock } from './ports.js';
import { pollUntil, spawnPeer } from './process.js';
import type { PeerProcess } from './process.js';

export interface RtpengineOptions {
  /** Media port range; default: a random 200-port block in 20000-29999 (baresip uses 10000-19999). */
  readonly ports?: { readonly min: number; readonly max: number };
  /** rtpengine log level (default 5 = notice; 7 = debug). */
  readonly logLevel?: number;
  readonly startTimeoutMs?: number;
}

export interface Rtpengine {
  readonly ngPort: number;
  readonly ports: { readonly min: number; readonly max: number };
  readonly process: PeerProcess;
  /** Milliseconds from spawn to the first answered ng ping. */
  readonly startMs: number;
  output(): string;
  /** Sends an ng command (a dictionary of strings); resolves with the decoded reply. */
  ng(command: Readonly<Record<string, string>>, timeoutMs?: number): Promise<BValue>;
  /** RTP packets rtpengine has relayed for a call so far (ng `query`, totals), or undefined if it does not know the call. */
  relayedRtpPackets(callId: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

function bencodeDict(dict: Readonly<Record<string, string>>): string {
  const parts = Object.keys(dict)
    .sort()
    .map((key) => {
      const value = dict[key] ?? '';
      return `${Buffer.byteLength(key)}:${key}${Buffer.byteLength(value)}:${value}`;
    });
  return `d${parts.join('')}e`;
}

/** One ng request over UDP (`cookie bencoded-dict`); resolves with the reply's bencoded part. */
export function ngRequest(port: number, command: Readonly<Record<string, string>>, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const cookie = Math.random().toString(36).slice(2, 12);
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no ng reply from udp ${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.on('message', (data) => {
      const text = data.toString('latin1');
      if (!text.startsWith(`${cookie} `)) return;
      clearTimeout(timer);
      socket.close();
      resolve(text.slice(cookie.length + 1));
    });
    socket.bind({ address: LOOPBACK, port: 0 }, () => {
      socket.send(`${cookie} ${bencodeDict(command)}`, port, LOOPBACK);
    });
  });
}

export async function startRtpengine(options: RtpengineOptions = {}): Promise<Rtpengine> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-rtpengine-'));
  const ngPort = await freeUdpPort();
  const ports = options.ports ?? randomPortBlock(20000, 30000, 200);
  const startedAt = Date.now();
  const peer = spawnPeer({
    name: 'rtpengine',
    command: 'rtpengine',
    args: [
      '--config-file=none',
      '--foreground',
      '--log-stderr',
      `--log-level=${options.logLevel ?? 5}`,
      '--table=-1',
      '--interface=127.0.0.1',
      `--listen-ng=127.0.0.1:${ngPort}`,
      `--port-min=${ports.min}`,
      `--port-max=${ports.max}`,
      '--num-threads=2',
      '--delete-delay=0',
      '--timeout=60',
    ],
    cwd: dir,
    logFile: join(dir, 'rtpengine.log'),
  });
  try {
    const reply = await pollUntil(
      async () => {
        try {
          return await ngRequest(ngPort, { command: 'ping' }, 200);
        } catch {
          return undefined;
        }
      },
      {
        timeoutMs: options.startTimeoutMs ?? 10_000,
        intervalMs: 0,
        what: `rtpengine answering ng ping on udp ${ngPort}`,
        abortIf: () => (peer.running ? undefined : `rtpengine exited:\n${peer.tail(40)}`),
      },
    );
    if (!reply.includes('4:pong')) throw new Error(`unexpected ng ping reply: ${reply}`);
  } catch (error: unknown) {
    await peer.stop();
    throw error;
  }
  const startMs = Date.now() - startedAt;
  return {
    ngPort,
    ports,
    process: peer,
    startMs,
    output: () => peer.output(),
    ng: async (command, timeoutMs) => bdecode(await ngRequest(ngPort, command, timeoutMs)),
    relayedRtpPackets: async (callId) => {
      const reply = bdecode(await ngRequest(ngPort, { command: 'query', 'call-id': callId }));
      if (!isDict(reply) || reply['result'] !== 'ok') return undefined;
      const totals = reply['totals'];
      const rtp = isDict(totals) ? totals['RTP'] : undefined;
      const packets = isDict(rtp) ? rtp['packets'] : undefined;
      return typeof packets === 'number' ? packets : undefined;
    },
    stop: async () => {
      await peer.stop();
      if (process.env['TANDEM_KEEP_PEER_DIRS'] !== '1') await rm(dir, { recursive: true, force: true });
    },
  };
}

export type BValue = string | number | BValue[] | { [key: string]: BValue };

function isDict(value: BValue | undefined): value is { [key: string]: BValue } {
  return typeof value === 'object' && !Array.isArray(value);
}

/** Decodes bencode (the ng protocol's encoding); strings are decoded as latin1. */
export function bdecode(text: string): BValue {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`bencode: ${why} at ${at} in ${text.slice(0, 200)}`);
  };
  const value = (): BValue => {
    const c = text[at];
    if (c === 'i') {
      const end = text.indexOf('e', at);
      if (end < 0) fail('unterminated integer');
      const n = Number(text.slice(at + 1, end));
      at = end + 1;
      return n;
    }
    if (c === 'l') {
      at += 1;
      const list: BValue[] = [];
      while (text[at] !== 'e') {
        if (at >= text.length) fail('unterminated list');
        list.push(value());
      }
      at += 1;
      return list;
    }
    if (c === 'd') {
      at += 1;
      const dict: { [key: string]: BValue } = {};
      while (text[at] !== 'e') {
        if (at >= text.length) fail('unterminated dictionary');
        const key = value();
        if (typeof key !== 'string') fail('non-string key');
        dict[key as string] = value();
      }
      at += 1;
      return dict;
    }
    const colon = text.indexOf(':', at);
    if (colon < 0) fail('bad string');
    const length = Number(text.slice(at, colon));
    if (!Number.isInteger(length)) fail('bad string length');
    const str = text.slice(colon + 1, colon + 1 + length);
    at = colon + 1 + length;
    return str;
  };
  return value();
}
