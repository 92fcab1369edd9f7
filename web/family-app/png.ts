// A small PNG encoder for the app icon (iOS needs a PNG apple-touch-icon; Android likes 192/512 PNGs).
// The icon is drawn in code: a traffic light of the three action-plan zones on the programme blue.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

const BLUE: [number, number, number] = [11, 110, 153];
const WHITE: [number, number, number] = [255, 255, 255];
const ZONES: [number, number, number][] = [
  [46, 125, 50],
  [242, 194, 0],
  [198, 40, 40],
];

/** Full-bleed (safe for maskable and iOS rounding): white panel with three zone lights, centred. */
export function drawIcon(size: number): Buffer {
  const s = size / 100;
  return encodePng(size, size, (px, py) => {
    const x = px / s;
    const y = py / s;
    const inPanel = x >= 33 && x <= 67 && y >= 16 && y <= 84 && !cornerOut(x, y, 33, 16, 67, 84, 8);
    if (!inPanel) return BLUE;
    for (const [i, cy] of [30, 50, 70].entries()) if ((x - 50) ** 2 + (y - cy) ** 2 <= 64) return ZONES[i]!;
    return WHITE;
  });
}

function cornerOut(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  const cx = x < x0 + r ? x0 + r : x > x1 - r ? x1 - r : x;
  const cy = y < y0 + r ? y0 + r : y > y1 - r ? y1 - r : y;
  return (x - cx) ** 2 + (y - cy) ** 2 > r * r;
}
