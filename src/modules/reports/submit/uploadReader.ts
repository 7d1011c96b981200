/**
 * Reads a multipart submit as a stream, one part at a time: text fields are collected, each
 * photo is read up to its size limit, hashed and processed (WebP + thumbnail) before the next
 * part is read, so memory holds one original at a time; the optional video is read up to
 * 50 MB and checked by content. Limits give 413 (too big) or 422 (too many), naming the field.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors/appError.js';
import type { Language } from '../../../platform/i18n/language.js';
import { checkVideo, processPhoto, VIDEO_MAX_BYTES, type ProcessedPhoto } from './mediaPipeline.js';
import type { VideoInfo } from './videoInspection.js';
import { FIELD_NAMES } from './submitFields.js';

/** Larger than any phone camera's JPEG; a bigger file is refused before it is decoded. */
export const PHOTO_MAX_BYTES = 15 * 1024 * 1024;
const FIELD_MAX_BYTES = 16 * 1024;

export interface UploadedPhoto { photo: ProcessedPhoto; sha256: string; originalBytes: number }
export interface UploadedVideo { data: Buffer; info: VideoInfo; sha256: string }

export interface Upload {
  fields: Record<string, unknown>;
  photos: UploadedPhoto[];
  video: UploadedVideo | null;
}

export interface UploadOptions {
  maxPhotos: number;
  lang: Language;
  /**
   * Called once, before the first file is read, with the fields sent so far — clients that send
   * their fields first (the web app does) learn of a bad field before any photo is processed.
   */
  beforeFirstFile?: (fields: Record<string, unknown>) => Promise<void>;
}

const t = (lang: Language, vi: string, en: string) => (lang === 'en' ? en : vi);

async function readLimited(stream: Readable, max: number): Promise<{ data: Buffer; sha256: string } | null> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) return null; // leaving the loop destroys the stream
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { data: Buffer.concat(chunks, total), sha256: hash.digest('hex') };
}

/** Errors of @fastify/multipart and busboy, in our terms. */
function translate(err: unknown, lang: Language): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', { field: 'body.video', maxBytes: VIDEO_MAX_BYTES }, sizeMessage('tệp', 'file', VIDEO_MAX_BYTES));
    case 'FST_FILES_LIMIT':
      return AppError.validation([{ field: 'body.photos', message: t(lang, 'gửi quá nhiều tệp', 'too many files') }]);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return AppError.validation([{ field: 'body', message: t(lang, 'có quá nhiều trường', 'has too many fields') }]);
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return AppError.validation([{ field: 'body', message: t(lang, 'một trường JSON không đọc được', 'a JSON field could not be read') }]);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return notMultipart();
    default:
      // busboy's own errors carry no code: malformed multipart ("Unexpected end of form", a bad part header).
      if (err instanceof Error && code === undefined) return new AppError('BAD_REQUEST', { reason: 'malformed_multipart' });
      return err;
  }
}

function notMultipart(): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' }, {
    vi: 'Phản ánh được gửi dưới dạng multipart/form-data (các trường và tệp ảnh).',
    en: 'A report is sent as multipart/form-data (fields and photo files).',
  });
}

/** Re-labels an image or video refusal with the field it came from. */
function withField(err: unknown, field: string): unknown {
  if (!(err instanceof AppError) || err.code === 'VALIDATION_FAILED') return err;
  const details = typeof err.details === 'object' && err.details !== null ? err.details : {};
  return new AppError(err.code, { ...details, field }, err.localizedMessage);
}

export async function readUpload(request: FastifyRequest, options: UploadOptions): Promise<Upload> {
  const { lang, maxPhotos } = options;
  if (!request.isMultipart()) throw notMultipart();
  const fields: Record<string, unknown> = {};
  const photos: UploadedPhoto[] = [];
  let video: UploadedVideo | null = null;
  let filesStarted = false;
  const parts = request.parts({
    // Sizes are enforced per field below; busboy's own limit only has to let the largest through.
    limits: { fileSize: VIDEO_MAX_BYTES + 1, files: maxPhotos + 2, fields: FIELD_NAMES.length + 5, parts: maxPhotos + FIELD_NAMES.length + 8, fieldSize: FIELD_MAX_BYTES },
  });
  try {
    for await (const part of parts) {
      const name = part.fieldname;
      if (part.type === 'field') {
        if (name === 'photos' || name === 'video') throw AppError.validation([{ field: `body.${name}`, message: t(lang, 'phải là tệp đính kèm', 'must be a file') }]);
        if (!FIELD_NAMES.includes(name)) throw AppError.validation([{ field: `body.${name}`, message: t(lang, 'không được phép có trường này', 'is not an allowed field') }]);
        if (name in fields) throw AppError.validation([{ field: `body.${name}`, message: t(lang, 'chỉ được gửi một lần', 'must be sent only once') }]);
        if (part.valueTruncated) throw AppError.validation([{ field: `body.${name}`, message: t(lang, 'quá dài', 'is too long') }]);
        fields[name] = part.value;
        continue;
      }
      if (!filesStarted) {
        filesStarted = true;
        if (Object.keys(fields).length > 0) await options.beforeFirstFile?.({ ...fields });
      }
      if (name === 'photos') {
        const field = `body.photos.${photos.length}`;
        if (photos.length >= maxPhotos) {
          throw AppError.validation([{ field: 'body.photos', message: t(lang, `tối đa ${maxPhotos} ảnh`, `at most ${maxPhotos} photos`) }]);
        }
        const read = await readLimited(part.file, PHOTO_MAX_BYTES);
        if (!read) throw new AppError('PAYLOAD_TOO_LARGE', { field, maxBytes: PHOTO_MAX_BYTES }, sizeMessage('ảnh', 'photo', PHOTO_MAX_BYTES));
        try {
          photos.push({ photo: await processPhoto(read.data), sha256: read.sha256, originalBytes: read.data.length });
        } catch (err) {
          throw withField(err, field);
        }
      } else if (name === 'video') {
        if (video) throw AppError.validation([{ field: 'body.video', message: t(lang, 'chỉ được gửi một video', 'only one video may be sent') }]);
        const read = await readLimited(part.file, VIDEO_MAX_BYTES);
        if (!read) throw new AppError('PAYLOAD_TOO_LARGE', { field: 'body.video', maxBytes: VIDEO_MAX_BYTES }, sizeMessage('video', 'video', VIDEO_MAX_BYTES));
        video = { data: read.data, info: checkVideo(read.data, 'body.video', lang), sha256: read.sha256 };
      } else {
        throw AppError.validation([{ field: `body.${name}`, message: t(lang, 'không phải trường tệp được phép (photos, video)', 'is not an allowed file field (photos, video)') }]);
      }
    }
  } catch (err) {
    throw translate(err, lang);
  }
  return { fields, photos, video };
}

function sizeMessage(vi: string, en: string, max: number): { vi: string; en: string } {
  const mb = Math.round(max / 1024 / 1024);
  return { vi: `Mỗi ${vi} tối đa ${mb} MB.`, en: `Each ${en} may be at most ${mb} MB.` };
}
