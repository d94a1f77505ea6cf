import { describe, expect, it } from 'vitest';
import { hostVerdict, requestTarget } from '../../../main/web/requestTarget';

describe('reading a request target', () => {
  it('reads origin-form paths, even ones `new URL` alone would throw on', () => {
    expect(requestTarget('/contract?token=x')?.pathname).toBe('/contract');
    expect(requestTarget('//')?.pathname).toBe('//');
    expect(requestTarget('//evil.example/x')?.host).toBe('host.invalid');
    expect(requestTarget('/%')?.pathname).toBe('/%');
    expect(requestTarget('/%zz')?.pathname).toBe('/%zz');
  });

  it('refuses every other form, without throwing', () => {
    for (const raw of [undefined, '', '*', 'http://evil/', 'evil.example:443', 'x']) expect(requestTarget(raw)).toBeUndefined();
  });
});

describe('whom a request was addressed to', () => {
  const name = 't0123456789abcdef.localhost';
  it('is ours only for our name and port', () => {
    expect(hostVerdict({ host: `${name}:4000` }, name, 4000)).toBe('ours');
    expect(hostVerdict({ host: `T0123456789ABCDEF.localhost:4000` }, name, 4000)).toBe('ours');
    expect(hostVerdict({ host: '127.0.0.1:4000' }, name, 4000)).toBe('loopback');
    expect(hostVerdict({ host: 'localhost:4000' }, name, 4000)).toBe('loopback');
    for (const host of [undefined, name, `${name}:4001`, '127.0.0.1', '127.0.0.1:4001', 'evil.example:4000', `x.${name}:4000`]) {
      expect(hostVerdict(host === undefined ? {} : { host }, name, 4000)).toBe('foreign');
    }
  });
});
