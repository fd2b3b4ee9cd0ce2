#!/usr/bin/env node
// Draws the ribbon/task pane icons (16, 32, 80 px PNG) — Intellio indigo tile with three rising bars —
// into addin-excel/public/assets, which the backend serves under /addin/assets/. Pure Node (zlib), so the
// icons are reproducible without an image editor: `npm run icons -w manifests`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../addin-excel/public/assets');
const BRAND = [0x4b, 0x4f, 0xc9];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixel at (x, y) of an s×s icon: rounded tile, three bars of rising height. */
function pixel(x, y, s) {
  const r = s * 0.2;
  const cx = Math.min(Math.max(x + 0.5, r), s - r);
  const cy = Math.min(Math.max(y + 0.5, r), s - r);
  if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > r) return [0, 0, 0, 0];
  const u = (x + 0.5) / s;
  const v = (y + 0.5) / s;
  const bars = [
    [0.2, 0.36, 0.6],
    [0.42, 0.58, 0.42],
    [0.64, 0.8, 0.22],
  ];
  const onBar = bars.some(([x0, x1, top]) => u >= x0 && u < x1 && v >= top && v < 0.8);
  return [...(onBar ? WHITE : BRAND), 255];
}

function png(s) {
  const raw = Buffer.alloc(s * (s * 4 + 1));
  for (let y = 0; y < s; y++) {
    raw[y * (s * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < s; x++) Buffer.from(pixel(x, y, s)).copy(raw, y * (s * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(s, 0);
  ihdr.writeUInt32BE(s, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

fs.mkdirSync(out, { recursive: true });
for (const s of [16, 32, 64, 80]) fs.writeFileSync(path.join(out, `icon-${s}.png`), png(s));
console.log(`icons written to ${path.relative(process.cwd(), out)}`);
