// Draws Tandem's icons (the app icon and one tray icon per connection state)
// as PNGs with nothing but node:zlib, so they can be regenerated anywhere:
//   node assets/make-icons.mjs
// The picture: a navy rounded square with a white "T" and a status dot.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

/* eslint-disable security/detect-non-literal-fs-filename -- a build-time script writing its own fixed files */

const here = fileURLToPath(new URL('.', import.meta.url));

const NAVY = [0x1f, 0x3a, 0x5f];
const WHITE = [0xff, 0xff, 0xff];
const STATES = { offline: [0x8a, 0x8f, 0x98], connecting: [0xe0, 0xa0, 0x20], online: [0x2e, 0x9e, 0x5b] };

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/** RGBA PNG of `size`×`size` where `paint(x, y)` (0..1 coordinates) gives [r, g, b, a] or null. */
function png(size, paint) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      // 4×4 supersampling for smooth edges.
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const colour = paint((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
          if (colour === null) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const offset = 1 + x * 4;
      if (a > 0) {
        row[offset] = Math.round(r / a);
        row[offset + 1] = Math.round(g / a);
        row[offset + 2] = Math.round(b / a);
        row[offset + 3] = Math.round((a / 16) * 255);
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function insideRoundedSquare(x, y, inset, radius) {
  const lo = inset,
    hi = 1 - inset;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

const insideT = (x, y) => (y >= 0.22 && y <= 0.34 && x >= 0.24 && x <= 0.76) || (x >= 0.44 && x <= 0.56 && y >= 0.22 && y <= 0.78);

const icon = (dot) => (x, y) => {
  const d = Math.hypot(x - 0.76, y - 0.76);
  if (d <= 0.15) return dot;
  if (d <= 0.2) return NAVY;
  if (!insideRoundedSquare(x, y, 0.03, 0.18)) return null;
  return insideT(x, y) ? WHITE : NAVY;
};

writeFileSync(join(here, 'icon.png'), png(512, icon(STATES.online)));
for (const [state, colour] of Object.entries(STATES)) {
  writeFileSync(join(here, `tray-${state}.png`), png(32, icon(colour)));
}
console.log('wrote assets/icon.png and assets/tray-{offline,connecting,online}.png');
