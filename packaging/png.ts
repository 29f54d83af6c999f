// The app icons, drawn here and written as PNG (no image tools needed): Teams wants a 192×192
// colour icon and a 32×32 outline icon (white on transparent). Both show a chat bubble.
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG of `size`×`size` whose pixel at (x, y) is `paint(x, y)`. */
export function png(size: number, paint: (x: number, y: number) => Rgba): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    rows[row] = 0; // no filter
    for (let x = 0; x < size; x++) rows.set(paint(x, y), row + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Inside a chat bubble drawn on a unit square: a rounded body and a tail at the lower left. */
function inBubble(u: number, v: number): boolean {
  const [l, r, t, b, radius] = [0.18, 0.82, 0.22, 0.68, 0.12];
  const cx = Math.min(Math.max(u, l + radius), r - radius);
  const cy = Math.min(Math.max(v, t + radius), b - radius);
  const body = u >= l && u <= r && v >= t && v <= b && (u - cx) ** 2 + (v - cy) ** 2 <= radius ** 2;
  const tail = v >= b - 0.01 && v <= 0.82 && u >= 0.3 && u <= 0.3 + (0.82 - v) * 1.1;
  return body || tail;
}

const DMPS_BLUE: Rgba = [0x00, 0x53, 0x9b, 0xff];
const WHITE: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

/** 192×192: a white bubble on the district's blue. */
export const colorIcon = (): Buffer => png(192, (x, y) => (inBubble((x + 0.5) / 192, (y + 0.5) / 192) ? WHITE : DMPS_BLUE));

/** 32×32: the bubble's outline in white on transparent (Teams' rule for outline icons). */
export const outlineIcon = (): Buffer =>
  png(32, (x, y) => {
    const at = (dx: number, dy: number) => inBubble((x + 0.5 + dx) / 32, (y + 0.5 + dy) / 32);
    const edge = at(0, 0) && !(at(-1.5, 0) && at(1.5, 0) && at(0, -1.5) && at(0, 1.5));
    return edge ? WHITE : CLEAR;
  });
