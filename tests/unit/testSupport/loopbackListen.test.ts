import { createServer, type AddressInfo, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertListeningOnLoopback, listenersBeyondLoopback, onLoopback, withLoopbackHost } from '../../peers/loopbackListen';

const listening = (server: Server, ...args: unknown[]): Promise<AddressInfo> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve(server.address() as AddressInfo));
    (server.listen as (...rest: unknown[]) => Server)(...args);
  });
const closed = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

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

  it('binds a server started inside onLoopback to 127.0.0.1, and lets listen be itself again afterwards', async () => {
    const inside = createServer();
    const address = await onLoopback(() => listening(inside, 0));
    expect(address.address).toBe('127.0.0.1');
    expect(listenersBeyondLoopback([address.port])).toEqual([]);
    expect(() => assertListeningOnLoopback('the inside server', [address.port])).not.toThrow();
    await closed(inside);

    // The same call outside binds every interface, as Node does by default: the check sees it.
    const outside = createServer();
    const everywhere = await listening(outside, 0);
    try {
      expect(['::', '0.0.0.0']).toContain(everywhere.address);
      expect(listenersBeyondLoopback([everywhere.port])).toHaveLength(1);
      expect(() => assertListeningOnLoopback('the outside server', [everywhere.port])).toThrow(/the outside server listens beyond 127\.0\.0\.1/);
    } finally {
      await closed(outside);
    }
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
