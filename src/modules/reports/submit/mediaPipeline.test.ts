import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { AppError } from '../../../platform/errors/appError.js';
import type { MediaStorage } from '../../../platform/media/mediaStorage.js';
import { checkVideo, deleteStored, processPhoto, storeReportPhotos, storeReportVideo } from './mediaPipeline.js';
import { jpeg, mp4, png, pngBomb, webm } from './submitTestKit.js';

/** Storage in memory that can be told to fail on the n-th write. */
class MemoryStorage implements MediaStorage {
  readonly files = new Map<string, Buffer>();
  writes = 0;
  constructor(private readonly failOnWrite = 0) {}
  async put(key: string, data: Buffer): Promise<void> {
    this.writes += 1;
    if (this.writes === this.failOnWrite) throw new Error('disk full');
    this.files.set(key, data);
  }
  async get(key: string): Promise<Buffer | null> {
    return this.files.get(key) ?? null;
  }
  async delete(key: string): Promise<void> {
    this.files.delete(key);
  }
}

const REPORT_ID = '0b3f8a7e-4c1d-4e2a-9f6b-1a2b3c4d5e6f';

describe('photo processing', () => {
  test('a JPEG with EXIF and GPS comes out as WebP with no metadata, at most 2048 px, with a 320 px thumbnail', async () => {
    const original = await jpeg(3000, 2000, { gps: true });
    const before = await sharp(original).metadata();
    assert.ok(before.exif && before.exif.includes(Buffer.from('CdsTestCamera')), 'the test image carries EXIF');
    assert.ok(before.exif.includes(Buffer.from([0x25, 0x88])), 'and a GPS IFD pointer (tag 0x8825)');

    const result = await processPhoto(original);
    assert.deepEqual([result.width, result.height], [2048, 1365]);
    for (const [name, file, long] of [['display', result.display, 2048], ['thumbnail', result.thumbnail, 320]] as const) {
      const meta = await sharp(file).metadata();
      assert.equal(meta.format, 'webp', name);
      assert.equal(Math.max(meta.width!, meta.height!), long, name);
      assert.equal(meta.exif, undefined, `${name} has no EXIF`);
      assert.equal(meta.xmp, undefined, `${name} has no XMP`);
      assert.ok(!file.includes(Buffer.from('EXIF')) && !file.includes(Buffer.from('CdsTestCamera')), `${name} bytes carry no EXIF chunk`);
    }
  });

  test('the EXIF orientation is applied before it is dropped', async () => {
    const landscape = await sharp({ create: { width: 120, height: 60, channels: 3, background: '#888' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const result = await processPhoto(landscape);
    assert.deepEqual([result.width, result.height], [60, 120]);
  });

  test('small pictures are not enlarged; PNG is judged by content', async () => {
    const result = await processPhoto(await png(400, 300));
    assert.deepEqual([result.width, result.height], [400, 300]);
    assert.equal((await sharp(result.thumbnail).metadata()).width, 320);
  });

  test('text, a truncated JPEG and an image bomb are refused with 415', async () => {
    const whole = await jpeg(200, 200);
    for (const [name, data] of [['text', Buffer.from('not an image, just text')], ['truncated', whole.subarray(0, 300)], ['bomb', pngBomb()]] as const) {
      await assert.rejects(processPhoto(data), (err: unknown) => err instanceof AppError && err.code === 'UNSUPPORTED_MEDIA_TYPE', name);
    }
  });
});

describe('storing photos and videos', () => {
  test('photos go under reports/<id>/ as display + thumbnail, with what to insert', async () => {
    const storage = new MemoryStorage();
    const stored = await storeReportPhotos(storage, REPORT_ID, [await jpeg(640, 480), await png(100, 50)]);
    assert.equal(stored.length, 2);
    assert.equal(storage.files.size, 4);
    for (const s of stored) {
      assert.match(s.storageKey, new RegExp(`^reports/${REPORT_ID}/[0-9a-f-]{36}\\.webp$`));
      assert.match(s.thumbnailKey, new RegExp(`^reports/${REPORT_ID}/[0-9a-f-]{36}-thumb\\.webp$`));
      assert.equal(s.contentType, 'image/webp');
      assert.equal(s.bytes, storage.files.get(s.storageKey)!.length);
    }
    assert.deepEqual(stored.map((s) => [s.width, s.height]), [[640, 480], [100, 50]]);
  });

  test('a storage failure halfway leaves nothing behind', async () => {
    const storage = new MemoryStorage(3); // the third write (second photo's display file) fails
    await assert.rejects(storeReportPhotos(storage, REPORT_ID, [await jpeg(), await jpeg(), await jpeg()]), /disk full/);
    assert.equal(storage.files.size, 0);
  });

  test('a bad photo among good ones leaves nothing behind', async () => {
    const storage = new MemoryStorage();
    await assert.rejects(storeReportPhotos(storage, REPORT_ID, [await jpeg(), Buffer.from('nope')]), (err: unknown) => err instanceof AppError && err.status === 415);
    assert.equal(storage.files.size, 0);
  });

  test('deleteStored tries every key and never throws', async () => {
    const storage = new MemoryStorage();
    await storage.put('reports/a/b.webp', Buffer.from('x'));
    const failing: MediaStorage = { ...storage, put: storage.put.bind(storage), get: storage.get.bind(storage), delete: async (key) => { if (key === 'bad') throw new Error('nope'); await storage.delete(key); } };
    await deleteStored(failing, ['bad', 'reports/a/b.webp']);
    assert.equal(storage.files.size, 0);
  });

  test('videos: checked by content, stored as sent with their container type', async () => {
    const storage = new MemoryStorage();
    const data = mp4(10);
    const info = checkVideo(data, 'body.video', 'en');
    const stored = await storeReportVideo(storage, REPORT_ID, data, info);
    assert.match(stored.storageKey, /\.mp4$/);
    assert.equal(stored.contentType, 'video/mp4');
    assert.deepEqual(storage.files.get(stored.storageKey), data);
    assert.equal(checkVideo(webm(4), 'body.video', 'en').contentType, 'video/webm');
  });

  test('videos: the recording place in MP4 metadata is blanked, nothing else moves', async () => {
    const storage = new MemoryStorage();
    const data = mp4(8, { location: '+21.0285+105.8542/' });
    assert.ok(data.includes(Buffer.from('+21.0285+105.8542/')));
    const stored = await storeReportVideo(storage, REPORT_ID, data, checkVideo(data, 'body.video', 'en'));
    const kept = storage.files.get(stored.storageKey)!;
    assert.equal(kept.length, data.length);
    assert.ok(!kept.includes(Buffer.from('+21.0285')), 'no GPS position');
    assert.ok(!kept.includes(Buffer.from('udta')));
    assert.deepEqual(kept.subarray(kept.indexOf(Buffer.from('mdat'))), data.subarray(data.indexOf(Buffer.from('mdat'))), 'the media data is untouched');
    assert.equal(checkVideo(kept, 'body.video', 'en').durationSeconds, 8);
  });

  test('videos: too long (422), no duration (422), not a video (415), each naming the field', () => {
    const refusal = (data: Buffer) => {
      try {
        checkVideo(data, 'body.video', 'en');
      } catch (err) {
        assert.ok(err instanceof AppError);
        const details = err.details as Array<{ field: string; message: string }> | { field: string };
        return { code: err.code, field: Array.isArray(details) ? details[0]!.field : details.field, text: Array.isArray(details) ? details[0]!.message : '' };
      }
      assert.fail('accepted');
    };
    assert.deepEqual(refusal(mp4(45)), { code: 'VALIDATION_FAILED', field: 'body.video', text: 'may be at most 30 seconds long (this one is 45 seconds)' });
    assert.equal(refusal(webm(null)).code, 'VALIDATION_FAILED');
    assert.equal(refusal(Buffer.from('hello')).code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.doesNotThrow(() => checkVideo(mp4(30.2), 'body.video', 'en'), 'a "30 s" recording a few frames long is taken');
  });
});
