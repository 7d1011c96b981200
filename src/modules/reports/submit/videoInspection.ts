/**
 * What a video upload really is, judged by its bytes: an ISO BMFF file (MP4 / QuickTime, starts
 * with an `ftyp` box) or WebM (EBML magic), with at least one video track and a duration read
 * from the container (`moov/mvhd` for MP4, `Segment/Info/Duration` for WebM). Nothing is
 * decoded or transcoded: the file is stored as sent once these checks pass.
 */

export type VideoContainer = 'mp4' | 'quicktime' | 'webm';

export interface VideoInfo {
  container: VideoContainer;
  contentType: 'video/mp4' | 'video/quicktime' | 'video/webm';
  extension: 'mp4' | 'mov' | 'webm';
  durationSeconds: number;
}

/** Why a file is not an acceptable video; the caller turns it into a message. */
export type VideoProblem = 'unknown_container' | 'malformed' | 'no_video_track' | 'no_duration';

export type VideoInspection = { ok: true; info: VideoInfo } | { ok: false; problem: VideoProblem };

const EBML_MAGIC = 0x1a45dfa3;

export function inspectVideo(data: Buffer): VideoInspection {
  try {
    if (data.length >= 12 && data.toString('latin1', 4, 8) === 'ftyp') return inspectIsoBmff(data);
    if (data.length >= 4 && data.readUInt32BE(0) === EBML_MAGIC) return inspectWebm(data);
    return { ok: false, problem: 'unknown_container' };
  } catch (err) {
    if (err instanceof MalformedContainer) return { ok: false, problem: 'malformed' };
    throw err;
  }
}

class MalformedContainer extends Error {}

function need(condition: boolean): asserts condition {
  if (!condition) throw new MalformedContainer();
}

// ---- ISO BMFF (MP4, MOV) -----------------------------------------------------------------

interface Box { type: string; start: number; dataStart: number; end: number }

/** The boxes directly inside [start, end). A size that runs past the end is malformed. */
function boxesIn(data: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let pos = start;
  while (pos + 8 <= end) {
    let size = data.readUInt32BE(pos);
    const type = data.toString('latin1', pos + 4, pos + 8);
    let header = 8;
    if (size === 1) {
      need(pos + 16 <= end);
      const large = data.readBigUInt64BE(pos + 8);
      need(large <= BigInt(Number.MAX_SAFE_INTEGER));
      size = Number(large);
      header = 16;
    } else if (size === 0) {
      size = end - pos; // "to the end of the file"
    }
    need(size >= header && pos + size <= end);
    boxes.push({ type, start: pos, dataStart: pos + header, end: pos + size });
    pos += size;
  }
  return boxes;
}

function child(data: Buffer, parent: Box, type: string): Box | undefined {
  return boxesIn(data, parent.dataStart, parent.end).find((b) => b.type === type);
}

function inspectIsoBmff(data: Buffer): VideoInspection {
  const top = boxesIn(data, 0, data.length);
  const ftyp = top[0];
  need(ftyp !== undefined && ftyp.type === 'ftyp' && ftyp.end - ftyp.dataStart >= 4);
  const majorBrand = data.toString('latin1', ftyp.dataStart, ftyp.dataStart + 4);
  const moov = top.find((b) => b.type === 'moov');
  // HEIC/AVIF pictures and M4A audio are ISO BMFF too: only a movie with a video track counts.
  if (!moov) return { ok: false, problem: ['heic', 'heix', 'mif1', 'msf1', 'avif', 'avis'].includes(majorBrand) ? 'unknown_container' : 'no_duration' };
  const tracks = boxesIn(data, moov.dataStart, moov.end).filter((b) => b.type === 'trak');
  const hasVideo = tracks.some((trak) => {
    const mdia = child(data, trak, 'mdia');
    const hdlr = mdia && child(data, mdia, 'hdlr');
    return hdlr !== undefined && hdlr.end - hdlr.dataStart >= 12 && data.toString('latin1', hdlr.dataStart + 8, hdlr.dataStart + 12) === 'vide';
  });
  if (!hasVideo) return { ok: false, problem: 'no_video_track' };
  const duration = mvhdDuration(data, moov);
  if (duration === null) return { ok: false, problem: 'no_duration' };
  const quicktime = majorBrand === 'qt  ';
  return {
    ok: true,
    info: {
      container: quicktime ? 'quicktime' : 'mp4',
      contentType: quicktime ? 'video/quicktime' : 'video/mp4',
      extension: quicktime ? 'mov' : 'mp4',
      durationSeconds: duration,
    },
  };
}

/** Adobe XMP in an ISO BMFF `uuid` box (may hold a GPS position too). */
const XMP_UUID = Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex');
const METADATA_BOXES = new Set(['udta', 'meta']);

/**
 * A copy of an MP4/MOV file without its user metadata: phones write the recording place
 * (`©xyz`) and device details into `udta`/`meta` boxes. Each such box becomes a `free` box of
 * the same size filled with zeros, so no other byte moves and the chunk offsets stay valid.
 * The file is not re-encoded. Other containers are returned unchanged.
 */
export function withoutLocationMetadata(data: Buffer, container: VideoContainer): Buffer {
  if (container === 'webm') return data;
  const copy = Buffer.from(data);
  const blank = (b: Box) => {
    copy.write('free', b.start + 4, 'latin1');
    copy.fill(0, b.dataStart, b.end);
  };
  for (const top of boxesIn(copy, 0, copy.length)) {
    if (METADATA_BOXES.has(top.type) || (top.type === 'uuid' && copy.subarray(top.dataStart, top.dataStart + 16).equals(XMP_UUID))) blank(top);
    if (top.type !== 'moov') continue;
    for (const inMoov of boxesIn(copy, top.dataStart, top.end)) {
      if (METADATA_BOXES.has(inMoov.type)) blank(inMoov);
      if (inMoov.type === 'trak') for (const inTrak of boxesIn(copy, inMoov.dataStart, inMoov.end)) if (METADATA_BOXES.has(inTrak.type)) blank(inTrak);
    }
  }
  return copy;
}

/** Seconds from `mvhd` (or, for a fragmented file, `mvex/mehd`); null when the file does not say. */
function mvhdDuration(data: Buffer, moov: Box): number | null {
  const mvhd = child(data, moov, 'mvhd');
  if (!mvhd) return null;
  const version = data[mvhd.dataStart];
  let timescale: number;
  let duration: number;
  let unknown: boolean;
  if (version === 1) {
    need(mvhd.end - mvhd.dataStart >= 32);
    timescale = data.readUInt32BE(mvhd.dataStart + 20);
    const big = data.readBigUInt64BE(mvhd.dataStart + 24);
    unknown = big === 0xffffffffffffffffn;
    duration = Number(big);
  } else {
    need(mvhd.end - mvhd.dataStart >= 20);
    timescale = data.readUInt32BE(mvhd.dataStart + 12);
    duration = data.readUInt32BE(mvhd.dataStart + 16);
    unknown = duration === 0xffffffff;
  }
  if (timescale === 0 || unknown) return null;
  if (duration === 0) {
    // Fragmented MP4: the movie header says 0 and the fragments' total is in mvex/mehd.
    const mvex = child(data, moov, 'mvex');
    const mehd = mvex && child(data, mvex, 'mehd');
    if (!mehd) return null;
    const v = data[mehd.dataStart];
    need(mehd.end - mehd.dataStart >= (v === 1 ? 12 : 8));
    const fragmentDuration = v === 1 ? Number(data.readBigUInt64BE(mehd.dataStart + 4)) : data.readUInt32BE(mehd.dataStart + 4);
    return fragmentDuration > 0 ? fragmentDuration / timescale : null;
  }
  return duration / timescale;
}

// ---- WebM (EBML) ---------------------------------------------------------------------------

const ID = {
  docType: 0x4282,
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackType: 0x83,
  cluster: 0x1f43b675,
} as const;

interface Element { id: number; dataStart: number; end: number; unknownSize: boolean }

/** An element id keeps its length marker bits (1–4 bytes). */
function readId(data: Buffer, pos: number): { id: number; length: number } {
  need(pos < data.length);
  const first = data[pos]!;
  const length = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : first >= 0x10 ? 4 : 0;
  need(length > 0 && pos + length <= data.length);
  let id = 0;
  for (let i = 0; i < length; i++) id = id * 256 + data[pos + i]!;
  return { id, length };
}

/** A data size (1–8 bytes) without its marker; all value bits set means "unknown size". */
function readSize(data: Buffer, pos: number): { size: number; length: number; unknown: boolean } {
  need(pos < data.length);
  const first = data[pos]!;
  let length = 1;
  while (length <= 8 && (first & (0x100 >> length)) === 0) length++;
  need(length <= 8 && pos + length <= data.length);
  let value = first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let i = 1; i < length; i++) {
    const byte = data[pos + i]!;
    if (byte !== 0xff) allOnes = false;
    value = value * 256 + byte;
  }
  return { size: value, length, unknown: allOnes };
}

function elementsIn(data: Buffer, start: number, end: number, stopAt?: number): Element[] {
  const elements: Element[] = [];
  let pos = start;
  while (pos < end) {
    const { id, length: idLength } = readId(data, pos);
    const { size, length: sizeLength, unknown } = readSize(data, pos + idLength);
    const dataStart = pos + idLength + sizeLength;
    const elementEnd = unknown ? end : dataStart + size;
    need(elementEnd <= end || id === ID.cluster);
    elements.push({ id, dataStart, end: Math.min(elementEnd, end), unknownSize: unknown });
    if (id === stopAt || unknown) break; // nothing after an unknown-size element can be located
    pos = elementEnd;
  }
  return elements;
}

function readUint(data: Buffer, e: Element): number {
  need(e.end - e.dataStart <= 6);
  let value = 0;
  for (let i = e.dataStart; i < e.end; i++) value = value * 256 + data[i]!;
  return value;
}

function inspectWebm(data: Buffer): VideoInspection {
  const top = elementsIn(data, 0, data.length, ID.segment);
  const header = top[0];
  need(header !== undefined && header.id === EBML_MAGIC);
  const docTypeElement = elementsIn(data, header.dataStart, header.end).find((e) => e.id === ID.docType);
  const docType = docTypeElement ? data.toString('latin1', docTypeElement.dataStart, docTypeElement.end).replace(/\0+$/, '') : '';
  if (docType !== 'webm') return { ok: false, problem: 'unknown_container' };
  const segment = top.find((e) => e.id === ID.segment);
  if (!segment) return { ok: false, problem: 'malformed' };
  // Info and Tracks come before the first Cluster; stop there rather than walk the media data.
  const children = elementsIn(data, segment.dataStart, segment.end, ID.cluster);
  const tracks = children.find((e) => e.id === ID.tracks);
  const hasVideo = tracks !== undefined && elementsIn(data, tracks.dataStart, tracks.end)
    .filter((e) => e.id === ID.trackEntry)
    .some((entry) => elementsIn(data, entry.dataStart, entry.end).some((e) => e.id === ID.trackType && readUint(data, e) === 1));
  if (!hasVideo) return { ok: false, problem: 'no_video_track' };
  const info = children.find((e) => e.id === ID.info);
  if (!info) return { ok: false, problem: 'no_duration' };
  const infoChildren = elementsIn(data, info.dataStart, info.end);
  const scaleElement = infoChildren.find((e) => e.id === ID.timecodeScale);
  const timecodeScale = scaleElement ? readUint(data, scaleElement) : 1_000_000; // nanoseconds per tick
  const durationElement = infoChildren.find((e) => e.id === ID.duration);
  if (!durationElement) return { ok: false, problem: 'no_duration' };
  const width = durationElement.end - durationElement.dataStart;
  need(width === 4 || width === 8);
  const ticks = width === 4 ? data.readFloatBE(durationElement.dataStart) : data.readDoubleBE(durationElement.dataStart);
  if (!Number.isFinite(ticks) || ticks <= 0 || timecodeScale <= 0) return { ok: false, problem: 'no_duration' };
  return { ok: true, info: { container: 'webm', contentType: 'video/webm', extension: 'webm', durationSeconds: (ticks * timecodeScale) / 1e9 } };
}
