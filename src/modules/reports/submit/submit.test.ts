import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { describeEachDatabase, signIn } from '../../../../test/helpers/testApp.js';
import { registerCitizen } from '../../../../test/helpers/citizen.js';
import { loadCityPack } from '../../../cities/cityPack.js';
import { auditLog, categories, outboxEvents, publicIdCounters, reportEvents, reportMedia, reports } from '../../../db/schema/index.js';
import { LocalDiskStorage } from '../../../platform/media/mediaStorage.js';
import { CalendarService } from '../../calendar/calendarService.js';
import { acceptDeadline } from '../deadlines.js';
import { fieldsOf, filesUnder, jpeg, mp4, pavementFields, photo, png, pngBomb, postReport, webm, type Part } from './submitTestKit.js';

// Media of these tests go to a directory the tests can look into (each run of the suite removes it).
const dataDir = mkdtempSync(join(tmpdir(), 'cds-submit-'));
const mediaRoot = join(dataDir, 'media');
const storedFiles = () => filesUnder(join(mediaRoot, 'reports')).length;
const settings = loadCityPack('hanoi').settings;

interface ErrorBody { code: string; message: string; details?: unknown }
const fieldsIn = (error: ErrorBody): string[] =>
  (Array.isArray(error.details) ? (error.details as Array<{ field: string }>).map((d) => d.field) : [(error.details as { field?: string } | undefined)?.field ?? '']).sort();

describeEachDatabase('submitting a report', (ctx) => {
  let citizen: { authorization: string; userId: string };
  let smallJpeg: Buffer;

  before(async () => {
    citizen = await registerCitizen(ctx);
    smallJpeg = await jpeg(640, 480);
  });

  const reportCount = async () => (await ctx.db.select({ n: count() }).from(reports))[0]!.n;
  const auditCount = async () => (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;

  /** A refused submit leaves no report, no file and no audit row. */
  async function refused(parts: Part[], status: number, code: string, authorization: string | null = citizen.authorization, headers: Record<string, string> = {}): Promise<ErrorBody> {
    const before = { reports: await reportCount(), files: storedFiles(), audit: await auditCount() };
    const res = await postReport(ctx.app, authorization ?? undefined, parts, headers);
    assert.equal(res.statusCode, status, res.body);
    const error = (res.json() as { error: ErrorBody }).error;
    assert.equal(error.code, code, res.body);
    assert.ok(error.message.length > 0);
    assert.deepEqual({ reports: await reportCount(), files: storedFiles(), audit: await auditCount() }, before, 'nothing was created');
    return error;
  }

  test('a citizen submits with photos: report, media, files, timeline, outbox and audit, routed to the ward', async () => {
    const gpsJpeg = await jpeg(3000, 2000, { gps: true });
    const res = await postReport(ctx.app, citizen.authorization, [...fieldsOf(pavementFields()), photo(gpsJpeg), photo(await png(), 'second.png', 'image/png')]);
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.publicId, /^PA-\d{4}-\d{6}$/);
    assert.equal(body.status, 'submitted');
    assert.equal(body.category.code, 'roads.pavement');
    assert.deepEqual(body.area, { id: '00070', name: 'Hoàn Kiếm' });
    assert.equal(body.assignedUnit.code, 'ubnd-00070');
    assert.equal(body.priority, 'normal');
    assert.equal(body.anonymous, false);
    assert.equal(body.photos.length, 2);
    for (const p of body.photos) assert.match(p.url, new RegExp(`^/api/v1/reports/${body.publicId}/media/[0-9a-f-]{36}$`));

    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, body.publicId));
    assert.ok(row);
    assert.equal(row.reporterId, citizen.userId);
    assert.equal(row.areaId, '00070');
    assert.equal(row.status, 'submitted');
    assert.deepEqual([row.lat, row.lon], [21.0285, 105.8542]);
    assert.match(row.searchText, /gach lat via he .* 5 trang tien, hoan kiem$/);
    // The accept deadline is 8 working hours from submission in the city's calendar.
    const [category] = await ctx.db.select().from(categories).where(eq(categories.code, 'roads.pavement'));
    const calendar = await CalendarService.load(ctx.db, settings);
    assert.equal(row.acceptBy.toISOString(), acceptDeadline(calendar.current(), row.createdAt, category!, settings).toISOString());
    assert.equal(body.acceptBy, row.acceptBy.toISOString());

    const media = await ctx.db.select().from(reportMedia).where(eq(reportMedia.reportId, row.id)).orderBy(asc(reportMedia.position));
    assert.deepEqual(media.map((m) => [m.role, m.kind, m.contentType, m.position, m.width, m.height]), [
      ['report', 'photo', 'image/webp', 0, 2048, 1365],
      ['report', 'photo', 'image/webp', 1, 400, 300],
    ]);
    const storage = new LocalDiskStorage(mediaRoot);
    for (const m of media) {
      assert.match(m.storageKey, new RegExp(`^reports/${row.id}/`));
      const display = await storage.get(m.storageKey);
      const thumbnail = await storage.get(m.thumbnailKey!);
      assert.ok(display && thumbnail, 'both files are in the media store');
      assert.equal(display.length, m.bytes);
      const meta = await sharp(display).metadata();
      assert.equal(meta.format, 'webp');
      assert.equal(meta.exif, undefined, 'no EXIF (and so no GPS) in the stored photo');
      assert.ok(!display.includes(Buffer.from('CdsTestCamera')));
      assert.ok(Math.max((await sharp(thumbnail).metadata()).width!, (await sharp(thumbnail).metadata()).height!) <= 320);
    }

    const events = await ctx.db.select().from(reportEvents).where(eq(reportEvents.reportId, row.id));
    assert.deepEqual(events.map((e) => [e.type, e.actorRole, e.fromStatus, e.toStatus, e.public, e.actorId]), [['submitted', 'reporter', null, 'submitted', true, citizen.userId]]);
    assert.deepEqual(body.timeline.map((e: { type: string }) => e.type), ['submitted']);
    const outbox = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, row.id));
    assert.deepEqual(outbox.map((o) => o.type), ['report.submitted']);
    assert.equal(outbox[0]!.payload.publicId, body.publicId);
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, row.id), eq(auditLog.action, 'report.submitted')));
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actorId, citizen.userId);
  });

  test('a category with a handling unit goes there: scams → City Police, no location needed', async () => {
    const res = await postReport(ctx.app, citizen.authorization, [
      ...fieldsOf({ categoryCode: 'scams.impersonation', description: 'Có người gọi điện tự xưng là công an phường yêu cầu tôi chuyển tiền để "xác minh".', anonymous: true, attributes: { scammer_phone: '0987654321' } }),
      photo(smallJpeg),
    ]);
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.assignedUnit.code, 'cong-an-tp');
    assert.equal(body.area, null);
    assert.equal(body.location, null);
    assert.equal(body.anonymous, true);
    assert.equal(body.reporterName, null, 'anonymous: no name even in the public part of the view');
    assert.deepEqual(body.attributes, { scammer_phone: '0987654321' });
  });

  test('a photo is judged by content: a PNG named .jpg is taken', async () => {
    const res = await postReport(ctx.app, citizen.authorization, [...fieldsOf(pavementFields()), photo(await png(), 'actually-a-png.jpg', 'image/jpeg')]);
    assert.equal(res.statusCode, 201, res.body);
  });

  test('one short video is taken with the photos and stored as sent', async () => {
    const video = mp4(12);
    const res = await postReport(ctx.app, citizen.authorization, [...fieldsOf(pavementFields()), photo(smallJpeg), { name: 'video', filename: 'clip.mp4', contentType: 'video/mp4', data: video }]);
    assert.equal(res.statusCode, 201, res.body);
    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, res.json().publicId));
    const media = await ctx.db.select().from(reportMedia).where(eq(reportMedia.reportId, row!.id)).orderBy(asc(reportMedia.position));
    assert.deepEqual(media.map((m) => [m.kind, m.contentType, m.position]), [['photo', 'image/webp', 0], ['video', 'video/mp4', 1]]);
    assert.deepEqual(await new LocalDiskStorage(mediaRoot).get(media[1]!.storageKey), video);
  });

  test('a report with out-of-scope words is still created, with the flag for the intake officer', async () => {
    const res = await postReport(ctx.app, citizen.authorization, [
      ...fieldsOf(pavementFields({ description: 'Tôi muốn tố cáo việc vỉa hè bị phá để làm bãi giữ xe trái phép trước số 5.' })), photo(smallJpeg),
    ]);
    assert.equal(res.statusCode, 201, res.body);
    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, res.json().publicId));
    assert.equal(row!.status, 'submitted');
    assert.deepEqual(row!.screeningFlags, [{ kind: 'complaint_denunciation', evidence: '"tố cáo"' }]);
    assert.equal('screeningFlags' in res.json(), false, 'the flag is for officials, not in the citizen\'s view');
  });

  test('who may submit: signed in (401), identity level 1 (403 with how to get there), the category\'s level', async () => {
    const parts = [...fieldsOf(pavementFields()), photo(smallJpeg)];
    await refused(parts, 401, 'UNAUTHENTICATED', null);
    const browsing = await signIn(ctx.db, { kind: 'citizen', identityLevel: 0 });
    const levelZero = await refused(parts, 403, 'IDENTITY_LEVEL_TOO_LOW', browsing.authorization);
    assert.match(levelZero.message, /số điện thoại đã xác thực/);
    assert.deepEqual((levelZero.details as { neededLevel: number }).neededLevel, 1);
    const inEnglish = await refused(parts, 403, 'IDENTITY_LEVEL_TOO_LOW', browsing.authorization, { 'accept-language': 'en' });
    assert.match(inEnglish.message, /verified phone number/);
    // Online scams need a verified identity (level 2); a phone-verified citizen is told so.
    const scam = await refused([
      ...fieldsOf({ categoryCode: 'scams.online', description: 'Tôi bị lừa chuyển tiền qua Zalo khi mua hàng trên mạng xã hội.', attributes: { scam_channel: ['zalo'] } }), photo(smallJpeg),
    ], 403, 'IDENTITY_LEVEL_TOO_LOW');
    assert.equal((scam.details as { neededLevel: number }).neededLevel, 2);
    assert.match(scam.message, /VNeID/);
  });

  test('bad fields are refused with the field named: wrong types, unknown and group categories, description length, unknown fields', async () => {
    const one = async (fields: Record<string, string | number | boolean | object>, expected: string[]) => {
      const error = await refused([...fieldsOf(fields), photo(smallJpeg)], 422, 'VALIDATION_FAILED');
      assert.deepEqual(fieldsIn(error), expected.sort(), JSON.stringify(error.details));
      return error;
    };
    await one(pavementFields({ lat: 'abc', anonymous: 'maybe' }), ['body.anonymous', 'body.lat']);
    const unknown = await one(pavementFields({ categoryCode: 'roads.flying_cars' }), ['body.categoryCode']);
    assert.match((unknown.details as Array<{ message: string }>)[0]!.message, /không có lĩnh vực "roads.flying_cars"/);
    const group = await one(pavementFields({ categoryCode: 'roads' }), ['body.categoryCode']);
    assert.match((group.details as Array<{ message: string }>)[0]!.message, /nhóm lĩnh vực/);
    await one(pavementFields({ description: 'x'.repeat(2001) }), ['body.description']);
    await one(pavementFields({ description: '  ngắn  ' }), ['body.description']);
    await one(pavementFields({ colour: 'red' }), ['body.colour']);
    await one(pavementFields({ attributes: '{not json' }), ['body.attributes']);
    await one(pavementFields({ lat: 21.0285, lon: '' }), ['body.lon']);
    const { lat: _lat, lon: _lon, ...noPlace } = pavementFields();
    await one(noPlace, ['body.lat', 'body.lon']);
  });

  test('an inactive category takes no reports', async () => {
    await ctx.db.update(categories).set({ active: false }).where(eq(categories.code, 'roads.subsidence'));
    try {
      const error = await refused([...fieldsOf(pavementFields({ categoryCode: 'roads.subsidence' })), photo(smallJpeg)], 422, 'VALIDATION_FAILED');
      assert.deepEqual(fieldsIn(error), ['body.categoryCode']);
    } finally {
      await ctx.db.update(categories).set({ active: true }).where(eq(categories.code, 'roads.subsidence'));
    }
  });

  test('attributes are checked against the category: required, datatype, allowed values, unknown codes', async () => {
    const pothole = (attributes?: object) => [
      ...fieldsOf(pavementFields({ categoryCode: 'roads.pothole', ...(attributes ? { attributes } : {}) })), photo(smallJpeg),
    ];
    const missing = await refused(pothole(), 422, 'VALIDATION_FAILED');
    assert.deepEqual(fieldsIn(missing), ['body.attributes.pothole_size']);
    assert.match((missing.details as Array<{ message: string }>)[0]!.message, /là bắt buộc \(Kích thước hư hỏng\)/);
    const wrongValue = await refused(pothole({ pothole_size: 'enormous' }), 422, 'VALIDATION_FAILED');
    assert.match((wrongValue.details as Array<{ message: string }>)[0]!.message, /small, medium, large/);
    const extra = await refused(pothole({ pothole_size: 'small', depth_cm: 12 }), 422, 'VALIDATION_FAILED');
    assert.deepEqual(fieldsIn(extra), ['body.attributes.depth_cm']);
    const lamps = (attributes: object) => [...fieldsOf(pavementFields({ categoryCode: 'lighting.lamp_out', attributes })), photo(smallJpeg)];
    assert.deepEqual(fieldsIn(await refused(lamps({ lamps_out: 'many' }), 422, 'VALIDATION_FAILED')), ['body.attributes.lamps_out']);
    const ok = await postReport(ctx.app, citizen.authorization, pothole({ pothole_size: 'large' }));
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(ok.json().attributes, { pothole_size: 'large' });
  });

  test('a place outside the city is refused with OUTSIDE_CITY', async () => {
    const error = await refused([...fieldsOf(pavementFields({ lat: 10.7769, lon: 106.7009 })), photo(smallJpeg)], 422, 'OUTSIDE_CITY');
    assert.match(error.message, /ngoài địa bàn Hà Nội/);
  });

  test('photos: at least one, at most the city\'s maximum, each within the size limit, an image by content, no image bomb', async () => {
    const fields = fieldsOf(pavementFields());
    assert.deepEqual(fieldsIn(await refused(fields, 422, 'VALIDATION_FAILED')), ['body.photos']);
    const six = await refused([...fields, ...Array.from({ length: settings.reports.maxPhotos + 1 }, () => photo(smallJpeg))], 422, 'VALIDATION_FAILED');
    assert.deepEqual(fieldsIn(six), ['body.photos']);
    const huge = Buffer.concat([smallJpeg, Buffer.alloc(16 * 1024 * 1024)]);
    assert.deepEqual(fieldsIn(await refused([...fields, photo(smallJpeg), photo(huge)], 413, 'PAYLOAD_TOO_LARGE')), ['body.photos.1']);
    const text = await refused([...fields, photo(Buffer.from('I am a text file, not a photo.\n'), 'photo.jpg', 'image/jpeg')], 415, 'UNSUPPORTED_MEDIA_TYPE');
    assert.deepEqual(fieldsIn(text), ['body.photos.0']);
    const bomb = pngBomb();
    assert.ok(bomb.length < 2048, 'a tiny file …');
    const bombError = await refused([...fields, photo(bomb, 'bomb.png', 'image/png')], 415, 'UNSUPPORTED_MEDIA_TYPE');
    assert.deepEqual(fieldsIn(bombError), ['body.photos.0'], '… declaring 400 megapixels is refused from its header');
    assert.deepEqual(fieldsIn(await refused([...fields, photo(smallJpeg), { name: 'attachment', filename: 'x.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF') }], 422, 'VALIDATION_FAILED')), ['body.attachment']);
  });

  test('video: one, at most 30 s, with a readable duration, a video by content', async () => {
    const base = [...fieldsOf(pavementFields()), photo(smallJpeg)];
    const video = (data: Buffer, filename = 'clip.mp4'): Part => ({ name: 'video', filename, contentType: 'video/mp4', data });
    assert.deepEqual(fieldsIn(await refused([...base, video(mp4(45))], 422, 'VALIDATION_FAILED')), ['body.video']);
    assert.deepEqual(fieldsIn(await refused([...base, video(webm(null), 'clip.webm')], 422, 'VALIDATION_FAILED')), ['body.video']);
    assert.deepEqual(fieldsIn(await refused([...base, video(smallJpeg)], 415, 'UNSUPPORTED_MEDIA_TYPE')), ['body.video']);
    assert.deepEqual(fieldsIn(await refused([...base, video(mp4(5)), video(mp4(6))], 422, 'VALIDATION_FAILED')), ['body.video']);
  });

  test('a body that is not multipart is refused with 415', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { authorization: citizen.authorization }, payload: pavementFields() });
    assert.equal(res.statusCode, 415, res.body);
    assert.equal(res.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('a failure after the files were stored leaves no report, no file, no audit row and no used public id', async () => {
    // The database refuses the media rows: the transaction fails after the files are in storage.
    await ctx.db.execute(sql.raw(`create function cds_test_refuse_media() returns trigger language plpgsql as $$ begin raise exception 'simulated failure'; end $$`));
    await ctx.db.execute(sql.raw('create trigger cds_test_refuse_media before insert on report_media for each row execute function cds_test_refuse_media()'));
    try {
      const counters = async () => ctx.db.select().from(publicIdCounters);
      const countersBefore = await counters();
      await refused([...fieldsOf(pavementFields()), photo(smallJpeg), photo(smallJpeg)], 500, 'INTERNAL');
      assert.deepEqual(await counters(), countersBefore);
    } finally {
      await ctx.db.execute(sql.raw('drop trigger cds_test_refuse_media on report_media'));
      await ctx.db.execute(sql.raw('drop function cds_test_refuse_media()'));
    }
  });

  test('Idempotency-Key: a retry gets the same report and creates nothing; the same key for other content is refused', async () => {
    const description = 'Vỉa hè phố Lý Thái Tổ bị sụt một mảng lớn, gửi lại khi mạng chập chờn.';
    const parts = [...fieldsOf(pavementFields({ description })), photo(smallJpeg)];
    const headers = { 'idempotency-key': 'submit-retry-0001' };
    const first = await postReport(ctx.app, citizen.authorization, parts, headers);
    assert.equal(first.statusCode, 201, first.body);
    const files = storedFiles();
    const second = await postReport(ctx.app, citizen.authorization, parts, headers);
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.deepEqual(second.json(), first.json());
    assert.equal((await ctx.db.select({ n: count() }).from(reports).where(eq(reports.description, description)))[0]!.n, 1);
    assert.equal(storedFiles(), files, 'no second set of files');

    await refused([...fieldsOf(pavementFields({ description: `${description} (sửa)` })), photo(smallJpeg)], 422, 'IDEMPOTENCY_KEY_REUSED', citizen.authorization, headers);
    await refused([...fieldsOf(pavementFields({ description })), photo(await jpeg(320, 240))], 422, 'IDEMPOTENCY_KEY_REUSED', citizen.authorization, headers);
    const badKey = await refused(parts, 422, 'VALIDATION_FAILED', citizen.authorization, { 'idempotency-key': 'short' });
    assert.deepEqual(fieldsIn(badKey), ['headers.idempotency-key']);
    // The key belongs to its user: another citizen may use the same key for their own report.
    const other = await registerCitizen(ctx, 'Trần Thị Bình');
    const theirs = await postReport(ctx.app, other.authorization, parts, headers);
    assert.equal(theirs.statusCode, 201, theirs.body);
    assert.notEqual(theirs.json().publicId, first.json().publicId);
  });

  test('two copies of one request at the same time make one report and one set of files', async () => {
    const description = 'Hai bản gửi cùng lúc: vỉa hè phố Đinh Tiên Hoàng vỡ gạch.';
    const parts = [...fieldsOf(pavementFields({ description })), photo(smallJpeg)];
    const headers = { 'idempotency-key': 'submit-race-0001' };
    const files = storedFiles();
    const [a, b] = await Promise.all([postReport(ctx.app, citizen.authorization, parts, headers), postReport(ctx.app, citizen.authorization, parts, headers)]);
    assert.deepEqual([a.statusCode, b.statusCode], [201, 201], `${a.body} ${b.body}`);
    assert.equal(a.json().publicId, b.json().publicId);
    assert.equal((await ctx.db.select({ n: count() }).from(reports).where(eq(reports.description, description)))[0]!.n, 1);
    assert.equal(storedFiles(), files + 2, 'one photo: its display file and thumbnail');
  });

  test('concurrent submits get distinct, consecutive public ids', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => postReport(ctx.app, citizen.authorization, [
      ...fieldsOf(pavementFields({ description: `Báo cáo đồng thời số ${i}: vỉa hè hư hỏng nặng.` })), photo(smallJpeg),
    ])));
    assert.deepEqual(results.map((r) => r.statusCode), Array(6).fill(201), results.map((r) => r.body).join('\n'));
    const numbers = results.map((r) => Number((r.json().publicId as string).split('-')[2])).sort((x, y) => x - y);
    assert.equal(new Set(numbers).size, 6);
    assert.equal(numbers[5]! - numbers[0]!, 5, `consecutive: ${numbers.join(', ')}`);
  });
}, { dataDir });
