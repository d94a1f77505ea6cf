/**
 * Bluesky's reference servers name no address when they listen; started inside `onLoopback` they
 * bind 127.0.0.1, and the kernel's socket table says whether that held. Nothing here binds beyond
 * loopback (the unit layer runs on the host's network): what a server on every interface looks
 * like in the table is a copy of the kernel's lines.
 */
import { createServer, Server, type AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { assertListeningOnLoopback, listenersBeyondLoopback, onLoopback, startOnLoopback, withLoopbackHost } from '../../peers/loopbackListen';

const listening = (server: Server, ...args: unknown[]): Promise<AddressInfo> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve(server.address() as AddressInfo));
    (server.listen as (...rest: unknown[]) => Server)(...args);
  });
const closed = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
/** The kernel's lines for a listener (state 0A) on port 8080 (1F90): on 127.0.0.1, on ::1, on every interface. */
const TABLES: Record<string, string> = {
  '/proc/self/net/tcp': [
    HEADER,
    '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0 100 0 0 10 0',
    // An established connection to port 8080 from elsewhere is no listener.
    '   1: 0A00000F:1F90 0A000010:C350 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0 20 4 30 10 -1',
  ].join('\n'),
  '/proc/self/net/tcp6': [
    HEADER,
    '   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1003 1 0 100 0 0 10 0',
    '   1: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1004 1 0 100 0 0 10 0',
  ].join('\n'),
};
const copyOfKernel = (path: string): string => TABLES[path] ?? '';

describe('a reference server that names no address listens on 127.0.0.1 only', () => {
  it('puts 127.0.0.1 into every listen call that names no address, and leaves the others alone', () => {
    const callback = () => undefined;
    expect(withLoopbackHost([8080])).toEqual([8080, '127.0.0.1']);
    expect(withLoopbackHost(['8080', callback])).toEqual(['8080', '127.0.0.1', callback]);
    expect(withLoopbackHost([8080, 511, callback])).toEqual([8080, '127.0.0.1', 511, callback]);
    expect(withLoopbackHost([])).toEqual([0, '127.0.0.1']);
    expect(withLoopbackHost([callback])).toEqual([0, '127.0.0.1', callback]);
    expect(withLoopbackHost([{ port: 8080 }, callback])).toEqual([{ port: 8080, host: '127.0.0.1' }, callback]);
    // Already placed: an address, a pipe, a handle.
    expect(withLoopbackHost([8080, '::1'])).toEqual([8080, '::1']);
    expect(withLoopbackHost([{ port: 8080, host: 'localhost' }])).toEqual([{ port: 8080, host: 'localhost' }]);
    expect(withLoopbackHost(['/tmp/peer.sock'])).toEqual(['/tmp/peer.sock']);
    expect(withLoopbackHost([{ path: '/tmp/peer.sock' }])).toEqual([{ path: '/tmp/peer.sock' }]);
  });

  it('binds a server started inside onLoopback to 127.0.0.1, and gives listen back as it was', async () => {
    const listen = Reflect.get(Server.prototype, 'listen') as unknown;
    const inside = createServer();
    const address = await onLoopback(() => listening(inside, 0));
    try {
      expect(address.address).toBe('127.0.0.1');
      expect(listenersBeyondLoopback([address.port]), 'the kernel has it on loopback').toEqual([]);
      expect(Reflect.get(Server.prototype, 'listen'), 'listen is itself again once the start is over').toBe(listen);
    } finally {
      await closed(inside);
    }
  });

  it('reads a listener on every interface from the kernel’s table, and only a listener', () => {
    expect(listenersBeyondLoopback([8080], copyOfKernel)).toEqual([]);
    expect(listenersBeyondLoopback([8081], copyOfKernel)).toEqual(['00000000000000000000000000000000:1F91']);
    expect(() => assertListeningOnLoopback('the PDS', [8080, 8081], copyOfKernel)).toThrow(/the PDS listens beyond 127\.0\.0\.1 \(0{32}:1F91\)/);
  });

  it('stops a server the table shows beyond loopback, and fails its start', async () => {
    const server = createServer();
    const stop = vi.fn((started: Server) => closed(started));
    const start = startOnLoopback('the AppView', [8081], () => listening(server, 0).then(() => server), stop, copyOfKernel);

    await expect(start).rejects.toThrow(/the AppView listens beyond 127\.0\.0\.1/);
    expect(stop).toHaveBeenCalledWith(server);
    expect(server.listening).toBe(false);
  });

  it('keeps 127.0.0.1 for starts that overlap, until the last one ends', async () => {
    const first = createServer();
    const second = createServer();
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const outer = onLoopback(async () => {
      await held;
      return listening(first, 0);
    });
    const inner = await onLoopback(() => listening(second, 0));
    release();
    const late = await outer;
    expect([inner.address, late.address]).toEqual(['127.0.0.1', '127.0.0.1']);
    await Promise.all([closed(first), closed(second)]);
  });
});
