import { createHash } from 'node:crypto';

/**
 * Record keys for the outbox. Bluesky posts and likes are keyed by a TID
 * (https://atproto.com/specs/tid): 13 base32-sortable characters holding 53
 * bits of microseconds since the epoch and a 10-bit clock id. We derive it
 * from what the outbox stores once and never changes — when the send was
 * queued, and the renderer's clientId for the clock id — so every retry,
 * even after a crash, writes to the same record key, and a second attempt
 * finds the first one instead of posting twice.
 */
const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';

export function tidFor(createdAtMs: number, clientId: string): string {
  const micros = BigInt(Math.floor(createdAtMs)) * 1000n + BigInt(createHash('sha256').update(`us:${clientId}`).digest().readUInt16BE(0) % 1000);
  const clockId = BigInt(createHash('sha256').update(clientId).digest().readUInt16BE(0) & 0x3ff);
  let value = ((micros & ((1n << 53n) - 1n)) << 10n) | clockId;
  let out = '';
  for (let index = 0; index < 13; index += 1) {
    out = (ALPHABET[Number(value & 31n)] ?? '2') + out;
    value >>= 5n;
  }
  return out;
}

export const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
