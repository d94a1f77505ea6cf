/**
 * A strict DAG-CBOR decoder (https://ipld.io/specs/codecs/dag-cbor/spec/) and
 * CID parser: just what the AT Protocol firehose needs (frames, commit
 * bodies, records inside CAR blocks). Written here because @atproto/api, our
 * only AT Protocol dependency, does not ship one.
 *
 * Input comes from the network, so the decoder is defensive: every length is
 * checked against the bytes left, nesting is capped, indefinite lengths and
 * tags other than 42 (CID) are refused.
 */

const MAX_DEPTH = 64;
const textDecoder = new TextDecoder('utf-8', { fatal: true });

export class CborError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CborError';
  }
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes: Uint8Array): string {
  const digits = [0];
  for (const byte of bytes) {
    let carry = byte;
    for (let index = 0; index < digits.length; index += 1) {
      carry += (digits[index] ?? 0) << 8;
      digits[index] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = '';
  for (const byte of bytes) {
    if (byte !== 0) break;
    out += '1';
  }
  for (let index = digits.length - 1; index >= 0; index -= 1) out += BASE58[digits[index] ?? 0];
  return out;
}

/** A content identifier; `toString()` is the usual multibase form (`bafy…` for CIDv1). */
export class Cid {
  constructor(readonly bytes: Uint8Array) {}
  toString(): string {
    // CIDv0 is a bare sha2-256 multihash, written in base58btc; CIDv1 in base32 with the 'b' prefix.
    if (this.bytes.length === 34 && this.bytes[0] === 0x12 && this.bytes[1] === 0x20) return base58(this.bytes);
    return `b${base32(this.bytes)}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

export function readVarint(bytes: Uint8Array, offset: number): { value: number; offset: number } {
  let value = 0;
  let shift = 0;
  let position = offset;
  for (;;) {
    if (position >= bytes.length) throw new CborError('truncated varint');
    const byte = bytes[position++] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
    if (shift > 49) throw new CborError('varint too long');
  }
  return { value, offset: position };
}

/** Reads a binary CID at `offset` (as in CAR blocks); returns it and where it ends. */
export function readCid(bytes: Uint8Array, offset: number): { cid: Cid; offset: number } {
  if (bytes[offset] === 0x12 && bytes[offset + 1] === 0x20) {
    if (offset + 34 > bytes.length) throw new CborError('truncated CIDv0');
    return { cid: new Cid(bytes.slice(offset, offset + 34)), offset: offset + 34 };
  }
  let position = readVarint(bytes, offset).offset; // version
  position = readVarint(bytes, position).offset; // codec
  position = readVarint(bytes, position).offset; // multihash code
  const length = readVarint(bytes, position);
  const end = length.offset + length.value;
  if (end > bytes.length) throw new CborError('truncated CID');
  return { cid: new Cid(bytes.slice(offset, end)), offset: end };
}

export type CborValue = null | boolean | number | string | Uint8Array | Cid | CborValue[] | { [key: string]: CborValue };

class Reader {
  position: number;
  constructor(
    readonly bytes: Uint8Array,
    offset: number,
  ) {
    this.position = offset;
  }

  #need(count: number): void {
    if (count < 0 || this.position + count > this.bytes.length) throw new CborError('truncated CBOR');
  }

  #byte(): number {
    this.#need(1);
    return this.bytes[this.position++] ?? 0;
  }

  #argument(info: number): number {
    if (info < 24) return info;
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    switch (info) {
      case 24:
        return this.#byte();
      case 25: {
        this.#need(2);
        const value = view.getUint16(this.position);
        this.position += 2;
        return value;
      }
      case 26: {
        this.#need(4);
        const value = view.getUint32(this.position);
        this.position += 4;
        return value;
      }
      case 27: {
        this.#need(8);
        const value = view.getBigUint64(this.position);
        this.position += 8;
        if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CborError('integer beyond 2^53');
        return Number(value);
      }
      default:
        throw new CborError('indefinite or reserved length');
    }
  }

  value(depth: number): CborValue {
    if (depth > MAX_DEPTH) throw new CborError('nested too deep');
    const initial = this.#byte();
    const major = initial >> 5;
    const info = initial & 31;
    switch (major) {
      case 0:
        return this.#argument(info);
      case 1:
        return -1 - this.#argument(info);
      case 2: {
        const length = this.#argument(info);
        this.#need(length);
        const out = this.bytes.slice(this.position, this.position + length);
        this.position += length;
        return out;
      }
      case 3: {
        const length = this.#argument(info);
        this.#need(length);
        const out = textDecoder.decode(this.bytes.subarray(this.position, this.position + length));
        this.position += length;
        return out;
      }
      case 4: {
        const length = this.#argument(info);
        this.#need(length); // every item takes at least one byte
        const out: CborValue[] = [];
        for (let index = 0; index < length; index += 1) out.push(this.value(depth + 1));
        return out;
      }
      case 5: {
        const length = this.#argument(info);
        this.#need(length * 2);
        const out: { [key: string]: CborValue } = Object.create(null) as { [key: string]: CborValue };
        for (let index = 0; index < length; index += 1) {
          const key = this.value(depth + 1);
          if (typeof key !== 'string') throw new CborError('map key is not a string');
          out[key] = this.value(depth + 1);
        }
        return out;
      }
      case 6: {
        const tag = this.#argument(info);
        if (tag !== 42) throw new CborError(`unsupported tag ${tag}`);
        const content = this.value(depth + 1);
        if (!(content instanceof Uint8Array) || content[0] !== 0) throw new CborError('malformed CID link');
        return readCid(content, 1).cid;
      }
      default:
        return this.#simple(info);
    }
  }

  #simple(info: number): CborValue {
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
      case 23:
        return null;
      case 26: {
        this.#need(4);
        const value = view.getFloat32(this.position);
        this.position += 4;
        return value;
      }
      case 27: {
        this.#need(8);
        const value = view.getFloat64(this.position);
        this.position += 8;
        return value;
      }
      default:
        throw new CborError(`unsupported simple value ${info}`);
    }
  }
}

/** Decodes one CBOR item at `offset`; returns it and the offset after it. */
export function decodeFirst(bytes: Uint8Array, offset = 0): { value: CborValue; offset: number } {
  const reader = new Reader(bytes, offset);
  const value = reader.value(0);
  return { value, offset: reader.position };
}

/** Decodes exactly one CBOR item filling `bytes`. */
export function decode(bytes: Uint8Array): CborValue {
  const { value, offset } = decodeFirst(bytes);
  if (offset !== bytes.length) throw new CborError('trailing bytes');
  return value;
}

/** The blocks of a CAR v1 file (https://ipld.io/specs/transport/car/carv1/), keyed by CID string. */
export function readCarBlocks(bytes: Uint8Array): Map<string, Uint8Array> {
  const blocks = new Map<string, Uint8Array>();
  const header = readVarint(bytes, 0);
  let position = header.offset + header.value;
  if (position > bytes.length) throw new CborError('truncated CAR header');
  while (position < bytes.length) {
    const length = readVarint(bytes, position);
    const end = length.offset + length.value;
    if (end > bytes.length || length.value === 0) throw new CborError('truncated CAR block');
    const { cid, offset } = readCid(bytes, length.offset);
    blocks.set(cid.toString(), bytes.subarray(offset, end));
    position = end;
  }
  return blocks;
}
