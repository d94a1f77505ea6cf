/**
 * baresip's sockets, checked against the network rule (every peer binds 127.0.0.1).
 *
 * Its config pins what can be pinned: SIP (UDP, TCP, and TLS on port+1) with `sip_listen`, the
 * control socket with `ctrl_tcp_listen`, the local address with `net_interface`, and the resolver
 * with `dns_server 127.0.0.1:53`. Two kinds of socket no option of baresip 1.0 / libre 1.1 moves
 * off every interface, and only they are let be, each named with its reason:
 *
 * - the DNS client's: `net_alloc` always calls `dns_init`, whose `dnsc_alloc` calls
 *   `udp_listen(&dnsc->us, NULL, …)`, and libre binds a NULL address to 0.0.0.0 and `::`. They are
 *   the first two sockets baresip opens (strace: `bind(4, 0.0.0.0:0)`, `bind(5, [::]:0)`, before
 *   SIP binds 127.0.0.1), one per family; the account's addresses are numeric, and a query
 *   would go to 127.0.0.1:53 anyway;
 * - a call's RTP and RTCP: `stream_sock_alloc` says "we listen on all interfaces" and binds
 *   0.0.0.0 on a port of `rtp_ports`, which the tests give each instance apart.
 */
import type { Allowance, LoopbackFindings, PeerSocket, ProcFiles } from './peerSockets.js';
import { describeSocket, kernelProcFiles, processSockets, socketsBeyondLoopback } from './peerSockets.js';

export interface BaresipPorts {
  readonly sip: number;
  readonly ctrl: number;
  /** The block given to `rtp_ports` (RTP on min..max, RTCP up to max + 1). */
  readonly rtp: { readonly min: number; readonly max: number };
}

export const DNS_CLIENT_REASON =
  "libre's DNS client, opened before anything else: dnsc_alloc binds udp_listen(NULL) to every interface and baresip 1.0 has no option for it; the account's addresses are numeric, and a query would go to dns_server 127.0.0.1:53";
export const RTP_REASON =
  'a call\'s RTP/RTCP: baresip 1.0\'s stream_sock_alloc binds 0.0.0.0 on a port of rtp_ports ("we listen on all interfaces"), with no option for the address';

function unconnectedWildcardUdp(socket: PeerSocket): boolean {
  return socket.protocol.startsWith('udp') && socket.local.isWildcard && socket.remote.isWildcard && socket.remote.port === 0;
}

function inRtpBlock(port: number, ports: BaresipPorts): boolean {
  return port >= ports.rtp.min && port <= ports.rtp.max + 1;
}

/** Exactly baresip's own wildcard sockets: the DNS client's pair and a call's RTP/RTCP on its block. */
export function baresipAllowance(ports: BaresipPorts): Allowance {
  return (socket, all) => {
    if (!unconnectedWildcardUdp(socket)) return undefined;
    if (socket.protocol === 'udp' && inRtpBlock(socket.local.port, ports)) return RTP_REASON;
    // Only SIP's own UDP port: TLS (sip + 1) and control are TCP, whose numbers the kernel can also hand the DNS
    // client's UDP socket, as it did once in CI (udp6 [::]:34812 refused; the numbers come from the same ephemeral range).
    if (socket.local.port === ports.sip || inRtpBlock(socket.local.port, ports)) return undefined;
    // The DNS client's: the first such socket of its family, opened before every socket on loopback.
    const firstOfKind = Math.min(...all.filter((other) => other.protocol === socket.protocol && unconnectedWildcardUdp(other)).map((other) => other.fd));
    const firstOnLoopback = Math.min(...all.filter((other) => other.local.isLoopbackV4).map((other) => other.fd));
    return socket.fd === firstOfKind && socket.fd < firstOnLoopback ? DNS_CLIENT_REASON : undefined;
  };
}

export function baresipSocketFindings(pid: number, ports: BaresipPorts, files: ProcFiles = kernelProcFiles): LoopbackFindings {
  return socketsBeyondLoopback(processSockets(pid, files), baresipAllowance(ports));
}

const printedReasons = new Set<string>();

/**
 * Throws, naming each socket, when baresip holds one bound (or connected) beyond 127.0.0.1 that is
 * not its DNS client's or a call's RTP/RTCP. The sockets allowed are printed once per reason.
 */
export function assertBaresipOnLoopback(name: string, pid: number, ports: BaresipPorts, files: ProcFiles = kernelProcFiles): LoopbackFindings {
  const findings = baresipSocketFindings(pid, ports, files);
  for (const { socket, reason } of findings.allowed) {
    if (printedReasons.has(reason)) continue;
    printedReasons.add(reason);
    console.info(`${name}: ${describeSocket(socket)} is beyond 127.0.0.1, allowed: ${reason} (tests/peers/baresipSockets.ts)`);
  }
  if (findings.beyond.length > 0) {
    const allowed = findings.allowed.map(({ socket }) => describeSocket(socket)).join(', ');
    throw new Error(
      `${name} holds sockets beyond 127.0.0.1 (the network rule: every peer binds 127.0.0.1): ${findings.beyond.map(describeSocket).join(', ')}` +
        (allowed === '' ? '' : `; allowed as baresip's own (tests/peers/baresipSockets.ts): ${allowed}`),
    );
  }
  return findings;
}
