/**
 * Test material for the submit tests: real multipart bodies, real images made with sharp, and
 * minimal but well-formed MP4 and WebM containers (the checks read containers, they do not
 * decode video, so a container with the right boxes is an honest test input).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { App } from '../../../app.js';

export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; contentType: string; data: Buffer };

/** A multipart/form-data body exactly as a browser sends it. */
export function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----cds${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType}\r\n\r\n`));
      chunks.push(part.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function fieldsOf(values: Record<string, string | number | boolean | object>): Part[] {
  return Object.entries(values).map(([name, value]) => ({ name, value: typeof value === 'object' ? JSON.stringify(value) : String(value) }));
}

export const photo = (data: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg'): Part => ({ name: 'photos', filename, contentType, data });

/** A JPEG with some texture (so it is not trivially small) and, if asked, EXIF with a GPS position. */
export async function jpeg(width = 800, height = 600, options: { gps?: boolean } = {}): Promise<Buffer> {
  const noise = randomBytes(Math.ceil(width / 8) * Math.ceil(height / 8) * 3);
  let image = sharp(noise, { raw: { width: Math.ceil(width / 8), height: Math.ceil(height / 8), channels: 3 } }).resize(width, height, { kernel: 'nearest' }).jpeg({ quality: 85 });
  if (options.gps) {
    image = image.withExif({
      IFD0: { Make: 'CdsTestCamera', Model: 'GPS-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 42/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 15/1' },
    });
  }
  return image.toBuffer();
}

export async function png(width = 400, height = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 60 } } }).png().toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A few hundred bytes that declare a 20000 × 20000 picture: an image bomb if anyone decoded it. */
export function pngBomb(width = 20_000, height = 20_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- MP4 / MOV -------------------------------------------------------------------------------

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v, i * 4));
  return b;
}

export interface Mp4Options {
  brand?: string;
  timescale?: number;
  handler?: string;
  /** Put the movie box after the media data, as cameras do. */
  moovLast?: boolean;
  mdatBytes?: number;
  /** A `moov/udta/©xyz` box with this ISO 6709 place, as phones write it. */
  location?: string;
}

/** An ISO BMFF file: ftyp, moov (mvhd with the duration, one track with the given handler), mdat. */
export function mp4(durationSeconds: number, options: Mp4Options = {}): Buffer {
  const timescale = options.timescale ?? 600;
  const mvhd = box('mvhd', u32(0, 0, 0, timescale, Math.round(durationSeconds * timescale)), Buffer.alloc(80));
  const hdlr = box('hdlr', u32(0, 0), Buffer.from(options.handler ?? 'vide', 'latin1'), Buffer.alloc(13));
  const udta = options.location ? [box('udta', box('\xa9xyz', Buffer.from([0, options.location.length, 0x15, 0xc7]), Buffer.from(options.location, 'latin1')))] : [];
  const moov = box('moov', mvhd, box('trak', box('mdia', hdlr)), ...udta);
  const ftyp = box('ftyp', Buffer.from(options.brand ?? 'isom', 'latin1'), u32(0x200), Buffer.from('isommp42', 'latin1'));
  const mdat = box('mdat', randomBytes(options.mdatBytes ?? 2048));
  return options.moovLast ? Buffer.concat([ftyp, mdat, moov]) : Buffer.concat([ftyp, moov, mdat]);
}

// ---- WebM ------------------------------------------------------------------------------------

function ebml(id: number, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const idBytes: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) idBytes.unshift(v % 256);
  let size: Buffer;
  if (body.length < 127) {
    size = Buffer.from([0x80 | body.length]);
  } else {
    size = Buffer.alloc(8);
    size.writeUInt8(0x01, 0);
    size.writeUIntBE(body.length, 2, 6);
  }
  return Buffer.concat([Buffer.from(idBytes), size, body]);
}

/** A WebM file: EBML header, Segment with Info (duration in ms unless null), a video track and a cluster. */
export function webm(durationSeconds: number | null, options: { docType?: string; trackType?: number } = {}): Buffer {
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE((durationSeconds ?? 0) * 1000);
  const info = ebml(0x1549a966, ebml(0x2ad7b1, Buffer.from([0x0f, 0x42, 0x40])), ...(durationSeconds === null ? [] : [ebml(0x4489, duration)]));
  const tracks = ebml(0x1654ae6b, ebml(0xae, ebml(0xd7, Buffer.from([1])), ebml(0x83, Buffer.from([options.trackType ?? 1]))));
  const cluster = ebml(0x1f43b675, ebml(0xe7, Buffer.from([0])), randomBytes(512));
  return Buffer.concat([
    ebml(0x1a45dfa3, ebml(0x4286, Buffer.from([1])), ebml(0x4282, Buffer.from(options.docType ?? 'webm', 'latin1'))),
    ebml(0x18538067, info, tracks, cluster),
  ]);
}

/** Every file under a directory (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** POST /api/v1/reports with a real multipart body. */
export async function postReport(app: App, authorization: string | undefined, parts: Part[], headers: Record<string, string> = {}) {
  const { payload, contentType } = multipart(parts);
  return app.inject({
    method: 'POST', url: '/api/v1/reports', payload,
    headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}), ...headers },
  });
}

/** A valid submit for a ward-handled category at Hoàn Kiếm (fields only). */
export function pavementFields(overrides: Record<string, string | number | boolean | object> = {}): Record<string, string | number | boolean | object> {
  return {
    categoryCode: 'roads.pavement',
    description: 'Gạch lát vỉa hè trước số 5 phố Tràng Tiền bị bong bật, người đi bộ dễ vấp ngã.',
    lat: 21.0285,
    lon: 105.8542,
    addressText: '5 Tràng Tiền, Hoàn Kiếm',
    ...overrides,
  };
}
