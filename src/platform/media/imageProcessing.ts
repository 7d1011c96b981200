/**
 * Images are checked by their content (not their name or declared type), decoded with a pixel
 * limit so a small file cannot expand into gigabytes, and re-encoded to WebP, which drops EXIF
 * and GPS metadata.
 */
import sharp from 'sharp';
import { AppError } from '../errors/appError.js';

const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif']);
/** 50 megapixels: above any phone camera, far below an image bomb. */
export const MAX_INPUT_PIXELS = 50_000_000;

function notAnImage(): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', { accepted: [...ACCEPTED_FORMATS] }, {
    vi: 'Tệp không phải ảnh hợp lệ (JPEG, PNG, WebP, HEIF) hoặc ảnh quá lớn.',
    en: 'The file is not a valid image (JPEG, PNG, WebP, HEIF) or it is too large.',
  });
}

export async function imageFormatOf(data: Buffer): Promise<string> {
  try {
    const meta = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) throw new Error('format');
    if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS) throw new Error('too many pixels');
    return meta.format;
  } catch {
    throw notAnImage();
  }
}

/** A square WebP thumbnail for avatars. */
export async function squareWebp(data: Buffer, size: number): Promise<Buffer> {
  await imageFormatOf(data);
  try {
    return await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).rotate().resize(size, size, { fit: 'cover' }).webp({ quality: 82 }).toBuffer();
  } catch {
    // A header that reads but pixels that do not decode: still not an image we can use.
    throw notAnImage();
  }
}
