/**
 * baresip's sockets against the network rule (every peer binds 127.0.0.1). The tables are copies
 * of what the kernel showed for baresip 1.0 in the loopback-only namespace (SIP on 15060, control
 * on 14444, RTP block 10000–10098): its DNS client's pair and a call's RTP/RTCP bound every
 * interface, everything else 127.0.0.1. Each rule broken is one line changed in those copies.
 * Reading a live process's sockets is proven on this test's own process, on 127.0.0.1 only (the
 * unit layer runs on the host's network).
 */
import { createSocket } from 'node:dgram';
import { describe, expect, it, vi } from 'vitest';
import { assertBaresipOnLoopback, baresipSocketFindings, DNS_CLIENT_REASON, RTP_REASON } from '../../peers/baresipSockets';
import type { BaresipPorts } from '../../peers/baresipSockets';
import { decodeSocketEnd, describeSocket, processSockets, socketsBeyondLoopback } from '../../peers/peerSockets';
import type { ProcFiles } from '../../peers/peerSockets';

const PID = 4242;
const PORTS: BaresipPorts = { sip: 15060, ctrl: 14444, rtp: { min: 10000, max: 10098 } };
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops';
const row = (local: string, remote: string, state: string, inode: number): string =>
  `   0: ${local} ${remote} ${state} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 2 0000000000000000 0`;
const ANY6 = '00000000000000000000000000000000';

/** baresip in a call, as the kernel showed it (fd n holds inode 100 + n); `change` swaps or drops a line. */
function baresipInACall(change: Partial<Record<number, string>> = {}): Record<string, string> {
  const lines: Record<number, string> = {
    4: row('00000000:8E45', '00000000:0000', '07', 104), // DNS client, 0.0.0.0:36421
    5: row(`${ANY6}:D35D`, `${ANY6}:0000`, '07', 105), // DNS client, [::]:54109
    6: row('0100007F:3AD4', '00000000:0000', '07', 106), // SIP UDP 127.0.0.1:15060
    7: row('0100007F:3AD4', '00000000:0000', '0A', 107), // SIP TCP
    8: row('0100007F:3AD5', '00000000:0000', '0A', 108), // SIP TLS
    9: row('0100007F:386C', '00000000:0000', '0A', 109), // ctrl_tcp 127.0.0.1:14444
    10: row('0100007F:386C', '0100007F:C350', '01', 110), // the test's ctrl connection
    11: row('00000000:2746', '00000000:0000', '07', 111), // RTP 0.0.0.0:10054
    12: row('00000000:2747', '00000000:0000', '07', 112), // RTCP 0.0.0.0:10055
    ...change,
  };
  const tables: Record<string, string[]> = { tcp: [HEADER], tcp6: [HEADER], udp: [HEADER], udp6: [HEADER] };
  for (const line of Object.values(lines)) {
    if (line === undefined) continue;
    const v6 = line.includes(ANY6) || /: [0-9A-F]{32}:/.test(line);
    const tcp = / 0A | 01 /.test(line);
    tables[`${tcp ? 'tcp' : 'udp'}${v6 ? '6' : ''}`]?.push(line);
  }
  return Object.fromEntries(Object.entries(tables).map(([name, rows]) => [`/proc/${PID}/net/${name}`, rows.join('\n')]));
}

function filesOf(tables: Record<string, string>): ProcFiles {
  return {
    readText: (path) => {
      const text = tables[path];
      if (text === undefined) throw new Error(`ENOENT ${path}`);
      return text;
    },
    socketFds: () => new Map(Array.from({ length: 20 }, (_, fd) => [String(100 + fd), fd] as const)),
  };
}

const check = (change?: Partial<Record<number, string>>) => baresipSocketFindings(PID, PORTS, filesOf(baresipInACall(change)));

describe("baresip's sockets stay on 127.0.0.1", () => {
  it('reads addresses as the kernel writes them', () => {
    expect(decodeSocketEnd('0100007F:3AD4')).toMatchObject({ address: '127.0.0.1', port: 15060, isLoopbackV4: true, isWildcard: false });
    expect(decodeSocketEnd('00000000:8E45')).toMatchObject({ address: '0.0.0.0', port: 36421, isWildcard: true });
    expect(decodeSocketEnd(`${ANY6}:D35D`)).toMatchObject({ address: '::', port: 54109, isWildcard: true, isLoopbackV4: false });
    expect(decodeSocketEnd('00000000000000000000000001000000:0050').address).toBe('::1');
    expect(decodeSocketEnd('0000000000000000FFFF00000100007F:0050')).toMatchObject({ address: '::ffff:127.0.0.1', isLoopbackV4: true });
    expect(decodeSocketEnd('0F00000A:1F90').address).toBe('10.0.0.15');
  });

  it('lets be exactly its DNS client and the call’s RTP/RTCP, each with its reason', () => {
    const findings = check();
    expect(findings.beyond).toEqual([]);
    expect(findings.allowed.map(({ socket, reason }) => [describeSocket(socket), reason])).toEqual([
      ['udp 0.0.0.0:36421 (fd 4)', DNS_CLIENT_REASON],
      ['udp6 [::]:54109 (fd 5)', DNS_CLIENT_REASON],
      ['udp 0.0.0.0:10054 (fd 11)', RTP_REASON],
      ['udp 0.0.0.0:10055 (fd 12)', RTP_REASON],
    ]);
  });

  it('lets its DNS client be on a UDP port whose number control or TLS use on TCP', () => {
    // 14444 and 15061 are TCP ports of baresip's (control, SIP over TLS); UDP's numbers are another space.
    const onControlsNumber = { 5: row(`${ANY6}:386C`, `${ANY6}:0000`, '07', 105) };
    expect(check(onControlsNumber).beyond).toEqual([]);
    const onTlsNumber = { 4: row('00000000:3AD5', '00000000:0000', '07', 104) };
    expect(check(onTlsNumber).beyond).toEqual([]);
    expect(check(onTlsNumber).allowed.map(({ socket, reason }) => [describeSocket(socket), reason])[0]).toEqual([
      'udp 0.0.0.0:15061 (fd 4)',
      DNS_CLIENT_REASON,
    ]);
  });

  it('fails on SIP, control or a connection beyond 127.0.0.1, naming the socket', () => {
    const sipOnEveryInterface = { 6: row('00000000:3AD4', '00000000:0000', '07', 106) };
    expect(check(sipOnEveryInterface).beyond.map(describeSocket)).toEqual(['udp 0.0.0.0:15060 (fd 6)']);
    const ctrlOnEveryInterface = { 9: row('00000000:386C', '00000000:0000', '0A', 109) };
    expect(check(ctrlOnEveryInterface).beyond.map(describeSocket)).toEqual(['tcp 0.0.0.0:14444 LISTEN (fd 9)']);
    const connectedElsewhere = { 10: row('0100007F:386C', '0F00000A:C350', '01', 110) };
    expect(check(connectedElsewhere).beyond.map(describeSocket)).toEqual(['tcp 127.0.0.1:14444 → 10.0.0.15:50000 ESTABLISHED (fd 10)']);
    const onIpv6Loopback = { 6: row('00000000000000000000000001000000:3AD4', `${ANY6}:0000`, '07', 106) };
    expect(check(onIpv6Loopback).beyond.map(describeSocket)).toEqual(['udp6 [::1]:15060 (fd 6)']);
  });

  it('allows no second wildcard socket as a DNS client, nor one opened after SIP, nor RTP off its block', () => {
    const secondResolver = { 13: row('00000000:9000', '00000000:0000', '07', 113) };
    expect(check(secondResolver).beyond.map(describeSocket)).toEqual(['udp 0.0.0.0:36864 (fd 13)']);
    const resolverAfterSip = { 4: undefined, 13: row('00000000:8E45', '00000000:0000', '07', 113) };
    expect(check(resolverAfterSip).beyond.map(describeSocket)).toEqual(['udp 0.0.0.0:36421 (fd 13)']);
    const rtpOffItsBlock = { 11: row('00000000:4E20', '00000000:0000', '07', 111) };
    expect(check(rtpOffItsBlock).beyond.map(describeSocket)).toEqual(['udp 0.0.0.0:20000 (fd 11)']);
    const rtpOnIpv6 = { 11: row(`${ANY6}:2746`, `${ANY6}:0000`, '07', 111) };
    expect(check(rtpOnIpv6).beyond.map(describeSocket)).toContain('udp6 [::]:10054 (fd 11)');
  });

  it('throws a message naming every socket beyond 127.0.0.1, and prints each reason once', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const files = filesOf(baresipInACall({ 6: row('00000000:3AD4', '00000000:0000', '07', 106) }));
    expect(() => assertBaresipOnLoopback('baresip(bob)', PID, PORTS, files)).toThrow(
      /^baresip\(bob\) holds sockets beyond 127\.0\.0\.1 \(the network rule: every peer binds 127\.0\.0\.1\): udp 0\.0\.0\.0:15060 \(fd 6\); allowed as baresip's own .*: udp 0\.0\.0\.0:36421 \(fd 4\), udp6 \[::\]:54109 \(fd 5\), udp 0\.0\.0\.0:10054 \(fd 11\), udp 0\.0\.0\.0:10055 \(fd 12\)$/,
    );
    expect(() => assertBaresipOnLoopback('baresip(bob)', PID, PORTS, filesOf(baresipInACall()))).not.toThrow();
    expect(info.mock.calls.map(([line]) => String(line))).toEqual([
      `baresip(bob): udp 0.0.0.0:36421 (fd 4) is beyond 127.0.0.1, allowed: ${DNS_CLIENT_REASON} (tests/peers/baresipSockets.ts)`,
      `baresip(bob): udp 0.0.0.0:10054 (fd 11) is beyond 127.0.0.1, allowed: ${RTP_REASON} (tests/peers/baresipSockets.ts)`,
    ]);
    info.mockRestore();
  });

  it("reads a live process's own sockets from /proc", async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind({ address: '127.0.0.1', port: 0 }, resolve));
    try {
      const { port } = socket.address();
      const mine = processSockets(process.pid).filter((found) => found.protocol === 'udp' && found.local.port === port);
      expect(mine.map((found) => found.local.address)).toEqual(['127.0.0.1']);
      expect(socketsBeyondLoopback(mine).beyond).toEqual([]);
      expect(processSockets(2 ** 22 + 1), 'a process that is gone holds none').toEqual([]);
    } finally {
      await new Promise<void>((resolve) => socket.close(resolve));
    }
  });
});
