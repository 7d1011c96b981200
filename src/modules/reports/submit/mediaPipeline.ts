/**
 * Photos and videos of reports, from the uploaded bytes to stored files.
 *
 * Photos: checked by content (`imageFormatOf`: JPEG, PNG, WebP, HEIF/AVIF; at most 50 megapixels
 * declared, so an image bomb is refused from its header before anything is decoded), turned
 * upright, scaled to at most 2048 px on the long side and re-encoded as WebP — re-encoding
 * writes no EXIF, so GPS positions and camera serials are gone — plus a 320 px thumbnail.
 * Videos: checked by content (MP4/QuickTime or WebM, ≤ 30 s) and stored without transcoding
 * (MP4/MOV metadata boxes, where phones put the recording place, are blanked in place).
 *
 * Storage keys are made here (`reports/<reportId>/<uuid>.webp`), never taken from a client.
 * Every store function cleans up after itself when it fails halfway; a caller whose later step
 * fails (the database transaction) calls `deleteStored` with the keys it got back.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '../../../platform/errors/appError.js';
import { imageFormatOf, MAX_INPUT_PIXELS } from '../../../platform/media/imageProcessing.js';
import type { MediaStorage } from '../../../platform/media/mediaStorage.js';
import type { Language } from '../../../platform/i18n/language.js';
import { inspectVideo, withoutLocationMetadata, type VideoInfo, type VideoProblem } from './videoInspection.js';

export const DISPLAY_MAX_PX = 2048;
export const THUMBNAIL_MAX_PX = 320;
export const VIDEO_MAX_BYTES = 50 * 1024 * 1024;
export const VIDEO_MAX_SECONDS = 30;
/** Phones stop "30 s" recordings a few frames late; half a second of grace avoids refusing them. */
const VIDEO_DURATION_GRACE_SECONDS = 0.5;

export interface ProcessedPhoto { display: Buffer; thumbnail: Buffer; width: number; height: number }

export interface StoredMedia { id: string; kind: 'photo' | 'video'; storageKey: string; thumbnailKey: string | null }

export interface StoredPhoto {
  storageKey: string;
  thumbnailKey: string;
  width: number;
  height: number;
  bytes: number;
  contentType: 'image/webp';
}

export interface StoredVideo {
  storageKey: string;
  bytes: number;
  contentType: VideoInfo['contentType'];
  durationSeconds: number;
}

const UNDECODABLE = {
  vi: 'Không đọc được ảnh (tệp hỏng hoặc định dạng HEIC chưa được hỗ trợ — hãy chọn chế độ ảnh "Tương thích nhất" hoặc gửi JPEG).',
  en: 'The image could not be read (a damaged file, or HEIC which is not supported yet — choose "Most compatible" in the camera settings or send a JPEG).',
};

/** Upright, ≤ 2048 px, WebP without metadata, and a 320 px thumbnail. Throws 415 for anything that is not a readable image. */
export async function processPhoto(data: Buffer): Promise<ProcessedPhoto> {
  await imageFormatOf(data); // by content, with the pixel limit checked from the header
  try {
    const { data: display, info } = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate() // apply the EXIF orientation before the EXIF is dropped
      .resize(DISPLAY_MAX_PX, DISPLAY_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(display)
      .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
    return { display, thumbnail, width: info.width, height: info.height };
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: 'undecodable' }, UNDECODABLE);
  }
}

/** Stores already processed photos; on failure removes what it stored and rethrows. */
export async function storeProcessedPhotos(media: MediaStorage, reportId: string, photos: ProcessedPhoto[]): Promise<StoredPhoto[]> {
  const written: string[] = [];
  const put = async (key: string, data: Buffer) => {
    written.push(key); // before the write: a put that fails halfway may still leave a file
    await media.put(key, data);
  };
  try {
    const stored: StoredPhoto[] = [];
    for (const photo of photos) {
      const name = randomUUID();
      const storageKey = `reports/${reportId}/${name}.webp`;
      const thumbnailKey = `reports/${reportId}/${name}-thumb.webp`;
      await put(storageKey, photo.display);
      await put(thumbnailKey, photo.thumbnail);
      stored.push({ storageKey, thumbnailKey, width: photo.width, height: photo.height, bytes: photo.display.length, contentType: 'image/webp' });
    }
    return stored;
  } catch (err) {
    await deleteStored(media, written);
    throw err;
  }
}

/**
 * Processes and stores photos one at a time (proof photos, added information). Returns the
 * rows to insert into `report_media`; on any failure nothing it stored is left behind.
 */
export async function storeReportPhotos(media: MediaStorage, reportId: string, photos: Buffer[]): Promise<StoredPhoto[]> {
  const stored: StoredPhoto[] = [];
  try {
    for (const data of photos) stored.push(...await storeProcessedPhotos(media, reportId, [await processPhoto(data)]));
    return stored;
  } catch (err) {
    await deleteStored(media, keysOf(stored));
    throw err;
  }
}

/** Best effort: tries every key and never throws, so it is safe in a cleanup path. */
export async function deleteStored(media: MediaStorage, keys: string[]): Promise<void> {
  await Promise.allSettled(keys.filter(Boolean).map((key) => media.delete(key)));
}

/** Every storage key of stored photos and videos (display files and thumbnails). */
export function keysOf(stored: Array<{ storageKey: string; thumbnailKey?: string | null }>): string[] {
  return stored.flatMap((s) => [s.storageKey, ...(s.thumbnailKey ? [s.thumbnailKey] : [])]);
}

const VIDEO_PROBLEMS: Record<VideoProblem, { status: 'UNSUPPORTED_MEDIA_TYPE' | 'VALIDATION_FAILED'; vi: string; en: string }> = {
  unknown_container: { status: 'UNSUPPORTED_MEDIA_TYPE', vi: 'Video phải là tệp MP4, MOV hoặc WebM.', en: 'The video must be an MP4, MOV or WebM file.' },
  malformed: { status: 'UNSUPPORTED_MEDIA_TYPE', vi: 'Tệp video bị hỏng hoặc không đầy đủ.', en: 'The video file is damaged or incomplete.' },
  no_video_track: { status: 'UNSUPPORTED_MEDIA_TYPE', vi: 'Tệp không chứa hình ảnh video.', en: 'The file has no video track.' },
  no_duration: {
    status: 'VALIDATION_FAILED',
    vi: 'Không xác định được thời lượng video. Hãy quay lại bằng ứng dụng máy ảnh hoặc gửi tệp MP4.',
    en: 'The length of the video could not be read. Record it with the camera app or send an MP4 file.',
  },
};

/**
 * Checks a video by its content: container, a video track, a readable duration of at most
 * 30 s. Throws 413, 415 (not a video we take) or 422, each naming `field`.
 */
export function checkVideo(data: Buffer, field: string, lang: Language): VideoInfo {
  if (data.length > VIDEO_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { field, maxBytes: VIDEO_MAX_BYTES });
  const result = inspectVideo(data);
  if (!result.ok) {
    const problem = VIDEO_PROBLEMS[result.problem];
    if (problem.status === 'VALIDATION_FAILED') throw AppError.validation([{ field, message: problem[lang] }]);
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { field, reason: result.problem }, { vi: problem.vi, en: problem.en });
  }
  if (result.info.durationSeconds > VIDEO_MAX_SECONDS + VIDEO_DURATION_GRACE_SECONDS) {
    const seconds = Math.round(result.info.durationSeconds);
    throw AppError.validation([{
      field,
      message: lang === 'en'
        ? `may be at most ${VIDEO_MAX_SECONDS} seconds long (this one is ${seconds} seconds)`
        : `chỉ được dài tối đa ${VIDEO_MAX_SECONDS} giây (video này dài ${seconds} giây)`,
    }]);
  }
  return result.info;
}

/**
 * Stores a checked video under `reports/<reportId>/<uuid>.<ext>`, as sent except for the user
 * metadata boxes of MP4/MOV (recording place, device), which are blanked in place.
 */
export async function storeReportVideo(media: MediaStorage, reportId: string, data: Buffer, info: VideoInfo): Promise<StoredVideo> {
  const storageKey = `reports/${reportId}/${randomUUID()}.${info.extension}`;
  const clean = withoutLocationMetadata(data, info.container);
  try {
    await media.put(storageKey, clean);
  } catch (err) {
    await deleteStored(media, [storageKey]);
    throw err;
  }
  return { storageKey, bytes: clean.length, contentType: info.contentType, durationSeconds: info.durationSeconds };
}
