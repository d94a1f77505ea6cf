/**
 * baresip (1.0, Debian) as the customer's phone: SIP over UDP on 127.0.0.1,
 * registered with Kamailio, driven over `ctrl_tcp` (netstring-framed JSON
 * commands, events pushed on the same connection).
 *
 * Audio: null player (`aubridge,nil`); the source is a generated WAV tone via
 * `aufile` (a null source sends no RTP at all when baresip is the caller).
 * With `rtp_stats yes`, baresip prints packet counts when a call ends; we parse
 * them so tests can prove the phone received audio.
 *
 * Every socket it holds is checked against the network rule once it has
 * started, and again as each call rings and is answered (`baresipSockets.ts`:
 * all on 127.0.0.1 but the DNS client's and the calls' RTP, which baresip 1.0
 * binds to every interface whatever its config says).
 */
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBaresipOnLoopback } from './baresipSockets.js';
import type { BaresipPorts } from './baresipSockets.js';
import { freeTcpPort, freeUdpPort, LOOPBACK, randomPortBlock } from './ports.js';
import { pollUntil, spawnPeer } from './process.js';
import type { PeerProcess } from './process.js';
import { cachedToneWav } from './wav.js';

const MODULE_DIR = '/usr/lib/baresip/modules';

/** Events after which a call's sockets are open: they are checked then. */
const SOCKET_CHECK_EVENTS: ReadonlySet<string> = new Set(['CALL_INCOMING', 'CALL_RINGING', 'CALL_PROGRESS', 'CALL_ESTABLISHED']);

export type BaresipEventType =
  | 'REGISTER_OK'
  | 'REGISTER_FAIL'
  | 'CALL_INCOMING'
  | 'CALL_RINGING'
  | 'CALL_PROGRESS'
  | 'CALL_ESTABLISHED'
  | 'CALL_CLOSED'
  | 'CALL_RTCP'
  | 'CALL_RTPESTAB'
  | 'CALL_LOCAL_SDP'
  | 'CALL_REMOTE_SDP'
  | 'AUDIO_ERROR'
  | (string & {});

export interface BaresipEvent {
  /** Position in this instance's event stream, from 1. */
  readonly seq: number;
  readonly type: BaresipEventType;
  readonly class?: string;
  readonly accountaor?: string;
  readonly direction?: 'incoming' | 'outgoing';
  readonly peeruri?: string;
  readonly id?: string;
  readonly param?: string;
  readonly rtcp_stats?: {
    readonly tx: { readonly sent: number; readonly lost: number; readonly jit: number };
    readonly rx: { readonly sent: number; readonly lost: number; readonly jit: number };
    readonly rtt: number;
  };
  readonly receivedAt: number;
}

export interface RtpDirectionStats {
  readonly packets: number;
  readonly bitrateKbps: number;
  readonly errors: number;
}

/** What baresip printed (`rtp_stats yes`) when its last call ended. */
export interface RtpStats {
  readonly transmit: RtpDirectionStats;
  readonly receive: RtpDirectionStats;
}

export interface CommandResponse {
  readonly ok: boolean;
  readonly data: string;
}

export interface BaresipOptions {
  readonly user: string;
  readonly password: string;
  readonly registrar: { readonly host: string; readonly udpPort: number };
  /** SIP domain of the account (default: the registrar host). */
  readonly domain?: string;
  readonly displayName?: string;
  /** Answer incoming calls at once (default) or wait for answer(). */
  readonly answerMode?: 'auto' | 'manual';
  /** Send a generated tone (default true). With false the source is null (no RTP when calling). */
  readonly toneWav?: boolean;
  /** Register with the registrar (default true); start() then waits for the 200. */
  readonly register?: boolean;
  readonly startTimeoutMs?: number;
}

export interface Baresip {
  /** The account's address of record, e.g. sip:bob@127.0.0.1. */
  readonly sipUri: string;
  /** Local SIP port (UDP) baresip listens on. */
  readonly sipPort: number;
  readonly ctrlPort: number;
  readonly rtpPorts: { readonly min: number; readonly max: number };
  readonly process: PeerProcess;
  /** Every event received so far. */
  readonly events: readonly BaresipEvent[];
  command(command: string, params?: string, timeoutMs?: number): Promise<CommandResponse>;
  dial(uri: string): Promise<void>;
  hangup(): Promise<void>;
  answer(): Promise<void>;
  /**
   * The next event of this type not yet returned by waitForEvent (each type
   * has its own cursor), or one after `options.after` (an event seq).
   */
  waitForEvent(type: BaresipEventType, options?: { timeoutMs?: number; after?: number; where?: (event: BaresipEvent) => boolean }): Promise<BaresipEvent>;
  /** RTP packet counts of the most recently ended call (waits up to timeoutMs for baresip to print them). */
  rtpStats(timeoutMs?: number): Promise<RtpStats>;
  /** Throws when a socket of baresip's is beyond 127.0.0.1 (besides its own wildcard ones, `baresipSockets.ts`). */
  assertSocketsOnLoopback(): void;
  output(): string;
  stop(): Promise<void>;
}

/** baresip binds the SIP port for UDP and TCP, and port+1 for TLS: all three must be free. */
async function freeBaresipSipPort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = await freeUdpPort();
    if (port >= 65535) continue;
    if ((await tcpFree(port)) && (await tcpFree(port + 1))) return port;
  }
  throw new Error('no free port triple for baresip');
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function quoteDisplayName(name: string): string {
  return `"${name.replace(/["\\]/g, '')}"`;
}

const STATS_BLOCK =
  /audio\s+Transmit:\s+Receive:\s*\r?\npackets:\s+(\d+)\s+(\d+)\s*\r?\navg\. bitrate:\s+([\d.]+)\s+([\d.]+)[^\n]*\r?\nerrors:\s+(\d+)\s+(\d+)/g;

export function parseRtpStats(output: string): RtpStats[] {
  const result: RtpStats[] = [];
  for (const match of output.matchAll(STATS_BLOCK)) {
    const n = (index: number): number => Number(match[index] ?? 'NaN');
    result.push({
      transmit: { packets: n(1), bitrateKbps: n(3), errors: n(5) },
      receive: { packets: n(2), bitrateKbps: n(4), errors: n(6) },
    });
  }
  return result;
}

export async function startBaresip(options: BaresipOptions): Promise<Baresip> {
  const tone = options.toneWav === false ? undefined : await cachedToneWav({ seconds: 300 });
  const [sipPort, ctrlPort] = await Promise.all([freeBaresipSipPort(), freeTcpPort()]);
  const rtpPorts = randomPortBlock(10000, 20000, 100);
  const domain = options.domain ?? options.registrar.host;
  const sipUri = `sip:${options.user}@${domain}`;
  const dir = await mkdtemp(join(tmpdir(), 'tandem-baresip-'));

  const config = [
    'poll_method\t\tepoll',
    `sip_listen\t\t${LOOPBACK}:${sipPort}`,
    'call_local_timeout\t120',
    'call_max_calls\t\t4',
    'audio_player\t\taubridge,nil',
    `audio_source\t\t${tone === undefined ? 'aubridge,nil' : `aufile,${tone}`}`,
    'audio_alert\t\taubridge,nil',
    `rtp_ports\t\t${rtpPorts.min}-${rtpPorts.max + 1}`,
    'rtp_stats\t\tyes',
    // The one local address baresip offers in SIP and SDP.
    `net_interface\t\t${LOOPBACK}`,
    // Never the system resolver: nothing answers here, and nothing should. The
    // DNS client's own socket still binds every interface (no option moves it,
    // baresipSockets.ts); the account's addresses are numeric, and a query would come here.
    'dns_server\t\t127.0.0.1:53',
    `module_path\t\t${MODULE_DIR}`,
    'module\t\t\tg711.so',
    'module\t\t\taubridge.so',
    'module\t\t\taufile.so',
    'module_app\t\taccount.so',
    'module_app\t\tmenu.so',
    'module_app\t\tctrl_tcp.so',
    `ctrl_tcp_listen\t\t${LOOPBACK}:${ctrlPort}`,
    '',
  ].join('\n');
  const register = options.register ?? true;
  const accountParams = [
    `auth_user=${options.user}`,
    `auth_pass=${options.password}`,
    `outbound="sip:${options.registrar.host}:${options.registrar.udpPort};transport=udp"`,
    `answermode=${options.answerMode ?? 'auto'}`,
    'audio_codecs=PCMU/8000/1,PCMA/8000/1',
    `regint=${register ? 600 : 0}`,
  ];
  const name = options.displayName === undefined ? '' : `${quoteDisplayName(options.displayName)} `;
  const account = `${name}<${sipUri};transport=udp>;${accountParams.join(';')}\n`;
  await writeFile(join(dir, 'config'), config);
  await writeFile(join(dir, 'accounts'), account);
  await writeFile(join(dir, 'contacts'), '');

  const peer = spawnPeer({ name: `baresip(${options.user})`, command: 'baresip', args: ['-f', dir], cwd: dir });
  const events: BaresipEvent[] = [];
  const cursors = new Map<string, number>();
  const listeners = new Set<() => void>();
  const pending = new Map<string, (response: CommandResponse) => void>();
  let tokenCounter = 0;
  let socket: Socket | undefined;

  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };
  peer.exited.then(notify, notify);

  const ports: BaresipPorts = { sip: sipPort, ctrl: ctrlPort, rtp: rtpPorts };
  const assertSocketsOnLoopback = (): void => {
    assertBaresipOnLoopback(`baresip(${options.user})`, peer.pid, ports);
  };
  // A call's sockets (RTP, RTCP) exist once it rings or is dialled; the first
  // one found beyond loopback fails every wait that follows.
  let socketFailure: Error | undefined;
  const checkCallSockets = (): void => {
    if (socketFailure !== undefined) return;
    try {
      assertSocketsOnLoopback();
    } catch (error: unknown) {
      socketFailure = error instanceof Error ? error : new Error(String(error));
    }
  };

  const cleanup = async (): Promise<void> => {
    socket?.destroy();
    await peer.stop();
    if (process.env['TANDEM_KEEP_PEER_DIRS'] !== '1') await rm(dir, { recursive: true, force: true });
  };

  try {
    const timeoutMs = options.startTimeoutMs ?? 10_000;
    await peer.waitForOutput(/baresip is ready\./, timeoutMs);
    socket = await pollUntil(() => tryConnect(ctrlPort), {
      timeoutMs,
      what: `baresip ctrl_tcp on ${ctrlPort}`,
      abortIf: () => (peer.running ? undefined : `baresip exited:\n${peer.tail()}`),
    });
    attachNetstringReader(socket, (message) => {
      if (message['event'] === true) {
        if (typeof message['type'] === 'string' && SOCKET_CHECK_EVENTS.has(message['type'])) checkCallSockets();
        events.push({ ...(message as Omit<BaresipEvent, 'seq' | 'receivedAt'>), seq: events.length + 1, receivedAt: Date.now() });
        notify();
      } else if (message['response'] === true && typeof message['token'] === 'string') {
        const resolve = pending.get(message['token']);
        pending.delete(message['token']);
        resolve?.({ ok: message['ok'] === true, data: typeof message['data'] === 'string' ? message['data'] : '' });
      }
    });
    if (register) {
      // The registration may complete before our ctrl connection exists, so
      // watch baresip's own log line ("user@domain: {0/UDP/v4} 200 OK ...").
      const outcome = await peer.waitForOutput(/\{\d+\/UDP\/v4\} (\d{3}) ([^\n]*)/, timeoutMs);
      if (outcome[1] !== '200') {
        throw new Error(`baresip(${options.user}) registration failed: ${outcome[1] ?? ''} ${outcome[2] ?? ''}`);
      }
    }
    // Every socket it opens at start is open by now: DNS, SIP, control.
    assertSocketsOnLoopback();
  } catch (error: unknown) {
    await cleanup();
    throw error;
  }

  const command = (name: string, params = '', timeoutMs = 5000): Promise<CommandResponse> => {
    const live = socket;
    if (live === undefined || live.destroyed) return Promise.reject(new Error('baresip ctrl connection closed'));
    tokenCounter += 1;
    const token = `t${tokenCounter}`;
    return new Promise<CommandResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(token);
        reject(new Error(`baresip: no response to ${name} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(token, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      const payload = Buffer.from(JSON.stringify({ command: name, params, token }), 'utf8');
      live.write(Buffer.concat([Buffer.from(`${payload.length}:`), payload, Buffer.from(',')]));
    });
  };

  const expectOk = async (name: string, params?: string): Promise<void> => {
    const response = await command(name, params);
    if (!response.ok) throw new Error(`baresip ${name} failed: ${response.data}`);
  };

  const waitForEvent: Baresip['waitForEvent'] = (type, waitOptions = {}) => {
    const timeoutMs = waitOptions.timeoutMs ?? 10_000;
    const after = waitOptions.after ?? cursors.get(type) ?? 0;
    return new Promise<BaresipEvent>((resolve, reject) => {
      const check = (): void => {
        if (socketFailure !== undefined) {
          finish();
          reject(socketFailure);
          return;
        }
        const found = events.find((event) => event.seq > after && event.type === type && (waitOptions.where?.(event) ?? true));
        if (found !== undefined) {
          finish();
          cursors.set(type, Math.max(cursors.get(type) ?? 0, found.seq));
          resolve(found);
        } else if (!peer.running) {
          finish();
          reject(new Error(`baresip(${options.user}) exited while waiting for ${type}\n${peer.tail()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        const seen = events.map((event) => `${event.seq}:${event.type}(${event.param ?? ''})`).join(', ');
        reject(new Error(`baresip(${options.user}): no ${type} within ${timeoutMs} ms; events: ${seen}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  };

  return {
    sipUri,
    sipPort,
    ctrlPort,
    rtpPorts,
    process: peer,
    events,
    command,
    dial: (uri) => expectOk('dial', uri),
    hangup: () => expectOk('hangup'),
    answer: () => expectOk('accept'),
    waitForEvent,
    rtpStats: async (timeoutMs = 5000) => {
      // baresip prints one block per call, right after the call ends (possibly
      // in pieces): the k-th block belongs to the k-th CALL_CLOSED.
      const closed = events.filter((event) => event.type === 'CALL_CLOSED').length;
      if (closed === 0) throw new Error('rtpStats(): no call has ended yet');
      return peer.waitFor(() => parseRtpStats(peer.output()).at(closed - 1), timeoutMs, `RTP statistics of call ${closed}`);
    },
    assertSocketsOnLoopback,
    output: () => peer.output(),
    stop: cleanup,
  };
}

function tryConnect(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(undefined);
    });
  });
}

/** Reads netstrings (`<len>:<payload>,`) carrying JSON objects. */
function attachNetstringReader(socket: Socket, onMessage: (message: Record<string, unknown>) => void): void {
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(length) || length < 0) {
        socket.destroy(new Error('baresip ctrl_tcp: bad netstring'));
        return;
      }
      if (buffer.length < colon + 1 + length + 1) return;
      const payload = buffer.subarray(colon + 1, colon + 1 + length).toString('utf8');
      buffer = buffer.subarray(colon + 1 + length + 1);
      try {
        const parsed: unknown = JSON.parse(payload);
        if (typeof parsed === 'object' && parsed !== null) onMessage(parsed as Record<string, unknown>);
      } catch {
        // Not JSON: ignore (baresip only sends JSON here).
      }
    }
  });
}
