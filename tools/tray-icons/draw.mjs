#!/usr/bin/env node
// Draws the tray's icons (assets/tray/<state>.png and <state>@2x.png): a filled disc in the state's colour with a
// mark (earning: a bolt-like bar, waiting: a ring, paused: two bars, attention: "!"). Run once: `node tools/tray-icons/draw.mjs`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const COLOURS = { earning: [46, 160, 67], waiting: [56, 132, 255], paused: [140, 149, 159], attention: [230, 126, 34] };

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const MARKS = {
  earning: (x, y) => Math.abs(x - 0.5) < 0.09 && y > 0.25 && y < 0.75,
  waiting: (x, y) => Math.abs(Math.hypot(x - 0.5, y - 0.5) - 0.18) < 0.06,
  paused: (x, y) => y > 0.3 && y < 0.7 && (Math.abs(x - 0.4) < 0.06 || Math.abs(x - 0.6) < 0.06),
  attention: (x, y) => Math.abs(x - 0.5) < 0.07 && ((y > 0.22 && y < 0.6) || (y > 0.68 && y < 0.8)),
};

for (const [state, [r, g, b]] of Object.entries(COLOURS)) {
  for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
    const image = png(size, (x, y) => {
      const d = Math.hypot(x - 0.5, y - 0.5);
      if (d > 0.47) return [0, 0, 0, 0];
      return MARKS[state](x, y) ? [255, 255, 255, 255] : [r, g, b, 255];
    });
    writeFileSync(join(import.meta.dirname, '..', '..', 'assets', 'tray', `${state}${suffix}.png`), image);
  }
}
