import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectVideo } from './videoInspection.js';
import { mp4, webm } from './submitTestKit.js';

function largeSizeBox(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);
  header.write(type, 4, 'latin1');
  header.writeBigUInt64BE(BigInt(payload.length + 16), 8);
  return Buffer.concat([header, payload]);
}

describe('video inspection by content', () => {
  test('MP4: container, content type and duration from moov/mvhd', () => {
    const result = inspectVideo(mp4(12.5));
    assert.deepEqual(result, { ok: true, info: { container: 'mp4', contentType: 'video/mp4', extension: 'mp4', durationSeconds: 12.5 } });
  });

  test('MP4 with the movie box after the media data (camera files) and another timescale', () => {
    const result = inspectVideo(mp4(29.97, { moovLast: true, timescale: 30_000 }));
    assert.ok(result.ok);
    assert.equal(result.info.durationSeconds, 29.97);
  });

  test('QuickTime (brand "qt  ") is video/quicktime, stored as .mov', () => {
    const result = inspectVideo(mp4(3, { brand: 'qt  ' }));
    assert.ok(result.ok);
    assert.deepEqual([result.info.container, result.info.contentType, result.info.extension], ['quicktime', 'video/quicktime', 'mov']);
  });

  test('a 64-bit box size is read', () => {
    const file = mp4(5);
    // Replace the trailing mdat with a large-size mdat.
    const mdatStart = file.lastIndexOf(Buffer.from('mdat')) - 4;
    const rebuilt = Buffer.concat([file.subarray(0, mdatStart), largeSizeBox('mdat', Buffer.alloc(100))]);
    const result = inspectVideo(rebuilt);
    assert.ok(result.ok);
    assert.equal(result.info.durationSeconds, 5);
  });

  test('audio only (M4A), HEIC pictures and truncated files are refused', () => {
    assert.deepEqual(inspectVideo(mp4(10, { handler: 'soun' })), { ok: false, problem: 'no_video_track' });
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(4), Buffer.from('mif1heic', 'latin1')]);
    assert.deepEqual(inspectVideo(heic), { ok: false, problem: 'unknown_container' });
    const whole = mp4(10);
    assert.deepEqual(inspectVideo(whole.subarray(0, whole.length - 100)), { ok: false, problem: 'malformed' });
  });

  test('an MP4 without a movie header has no duration', () => {
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from('ftypisom', 'latin1'), Buffer.alloc(4)]);
    assert.deepEqual(inspectVideo(Buffer.concat([ftyp, Buffer.from([0, 0, 0, 8]), Buffer.from('mdat', 'latin1')])), { ok: false, problem: 'no_duration' });
  });

  test('WebM: duration from Segment/Info (TimecodeScale × Duration)', () => {
    const result = inspectVideo(webm(7.25));
    assert.deepEqual(result, { ok: true, info: { container: 'webm', contentType: 'video/webm', extension: 'webm', durationSeconds: 7.25 } });
  });

  test('WebM without a Duration (as browsers record it) is refused with no_duration', () => {
    assert.deepEqual(inspectVideo(webm(null)), { ok: false, problem: 'no_duration' });
  });

  test('Matroska that is not WebM, an audio-only WebM, and text are refused', () => {
    assert.deepEqual(inspectVideo(webm(5, { docType: 'matroska' })), { ok: false, problem: 'unknown_container' });
    assert.deepEqual(inspectVideo(webm(5, { trackType: 2 })), { ok: false, problem: 'no_video_track' });
    assert.deepEqual(inspectVideo(Buffer.from('this is not a video at all')), { ok: false, problem: 'unknown_container' });
    assert.deepEqual(inspectVideo(Buffer.alloc(0)), { ok: false, problem: 'unknown_container' });
  });
});
