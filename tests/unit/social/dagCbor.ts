import { Cid } from '../../../main/core/social/bluesky/cbor';

/** A tiny DAG-CBOR encoder for the shapes the tests need. */
export function encode(value: unknown): number[] {
  const head = (major: number, length: number): number[] => {
    if (length < 24) return [(major << 5) | length];
    if (length < 256) return [(major << 5) | 24, length];
    return [(major << 5) | 25, length >> 8, length & 255];
  };
  if (value === null) return [0xf6];
  if (typeof value === 'boolean') return [value ? 0xf5 : 0xf4];
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = [...new TextEncoder().encode(value)];
    return [...head(3, bytes.length), ...bytes];
  }
  if (value instanceof Cid) return [0xd8, 42, ...encode(new Uint8Array([0, ...value.bytes]))];
  if (value instanceof Uint8Array) return [...head(2, value.length), ...value];
  if (Array.isArray(value)) return [...head(4, value.length), ...value.flatMap(encode)];
  const entries = Object.entries(value as Record<string, unknown>);
  return [...head(5, entries.length), ...entries.flatMap(([key, inner]) => [...encode(key), ...encode(inner)])];
}
