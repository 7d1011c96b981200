import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDatabase, signIn, type TestContext } from '../../../../test/helpers/testApp.js';
import { createSession } from '../../../platform/auth/sessionStore.js';
import { LocalDiskStorage } from '../../../platform/media/mediaStorage.js';
import { SECRETS, seedReports, type SeededReports } from './testing/seedReports.js';

// Media of both databases' apps go to one directory the test can also write to.
const dataDir = mkdtempSync(join(tmpdir(), 'cds-public-reports-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface Summary { publicId: string; status: string; reporterName: string | null; thumbnailUrl: string | null; category: { code: string }; area: { id: string } | null; createdAt: string }
interface FeedBody { items: Summary[]; page: number; pageSize: number; total: number; totalCapped: boolean }

describeEachDatabase('public reports', (ctx: TestContext) => {
  let seed: SeededReports;
  /** Reports the feed shows without a status filter, newest first. */
  let visible: string[];

  before(async () => {
    seed = await seedReports(ctx.db, new LocalDiskStorage(join(dataDir, 'media')));
    visible = seed.all().filter((r) => r.plan.status !== 'merged' && r.plan.status !== 'withdrawn').map((r) => r.publicId);
  });

  const feed = async (query: string): Promise<FeedBody> => {
    const res = await ctx.app.inject({ url: `/api/v1/reports?${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as FeedBody;
  };
  const ids = (body: { items: Array<{ publicId: string }> }) => body.items.map((i) => i.publicId);
  const idsOf = (...keys: string[]) => keys.map((k) => seed.get(k).publicId);
  const sorted = (list: string[]) => [...list].sort();
  const fieldOf = (body: string) => (JSON.parse(body) as { error: { details: Array<{ field: string }> } }).error.details.map((d) => d.field);

  // ---- feed ----------------------------------------------------------------------------------

  test('the feed lists reports newest first, without merged and withdrawn ones, with public fields', async () => {
    const body = await feed('pageSize=100');
    assert.deepEqual(ids(body), visible);
    assert.equal(body.total, visible.length);
    assert.equal(body.totalCapped, false);
    const pothole = body.items.find((i) => i.publicId === seed.get('potholeHoanKiem').publicId)!;
    assert.equal(pothole.reporterName, 'Nguyễn Thị Lan');
    assert.equal(pothole.category.code, 'roads.pothole');
    assert.deepEqual(pothole.area, { id: '00070', name: 'Hoàn Kiếm' });
    // The thumbnail is the first visible photo, never the hidden one.
    const firstVisible = seed.get('potholeHoanKiem').media.find((m) => !m.hidden && m.kind === 'photo')!;
    assert.equal(pothole.thumbnailUrl, `/api/v1/reports/${pothole.publicId}/media/${firstVisible.id}?size=thumb`);
    const anonymous = body.items.find((i) => i.publicId === seed.get('potholeBaDinhAnonymous').publicId)!;
    assert.equal(anonymous.reporterName, null);
    // The only visible photo of this one is hidden: no thumbnail at all.
    assert.equal(body.items.find((i) => i.publicId === seed.get('floodingDongDaAnonymous').publicId)!.thumbnailUrl, null);
  });

  test('a category filter takes a child code, or a group code with all its children', async () => {
    assert.deepEqual(sorted(ids(await feed('categoryCode=roads.pothole'))), sorted(idsOf('potholeHoanKiem', 'potholeBaDinhAnonymous')));
    assert.deepEqual(sorted(ids(await feed('categoryCode=roads'))),
      sorted(idsOf('potholeHoanKiem', 'potholeBaDinhAnonymous', 'pavementHaDongAnonymous', 'manholeBaDinh')));
    const res = await ctx.app.inject({ url: '/api/v1/reports?categoryCode=roads.nonsense' });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(fieldOf(res.body), ['querystring.categoryCode']);
  });

  test('ward, unit and status filters', async () => {
    assert.deepEqual(sorted(ids(await feed('areaId=00070'))), sorted(idsOf('potholeHoanKiem', 'encroachmentHoanKiem')));
    assert.deepEqual(ids(await feed('unitCode=hapulico')), idsOf('lampOutCauGiay'));
    assert.deepEqual(ids(await feed('unitCode=cong-an-tp')), idsOf('scamOnlineAnonymous'));
    assert.deepEqual(sorted(ids(await feed('status=resolved,closed'))),
      sorted(idsOf('lampOutCauGiay', 'floodingDongDaAnonymous', 'wasteHaiBaTrung', 'signalDongDa', 'manholeBaDinh')));
    // Asked for by name, merged and withdrawn reports are shown.
    assert.deepEqual(sorted(ids(await feed('status=merged,withdrawn'))), sorted(idsOf('potholeDuplicateMerged', 'karaokeWithdrawn')));
    for (const [query, field] of [['status=open', 'querystring.status'], ['status=resolved,,closed', 'querystring.status'], ['areaId=99999', 'querystring.areaId'], ['unitCode=so-khong-co', 'querystring.unitCode']]) {
      const res = await ctx.app.inject({ url: `/api/v1/reports?${query}` });
      assert.equal(res.statusCode, 422, query);
      assert.deepEqual(fieldOf(res.body), [field], query);
    }
  });

  test('date filters count whole days in the city time zone', async () => {
    assert.deepEqual(sorted(ids(await feed('from=2026-03-01&to=2026-03-10'))),
      sorted(idsOf('potholeHoanKiem', 'potholeBaDinhAnonymous', 'pavementHaDongAnonymous')));
    assert.deepEqual(sorted(ids(await feed('from=2026-03-01&to=2026-03-09'))), sorted(idsOf('potholeHoanKiem', 'pavementHaDongAnonymous')));
    // 2026-02-14T18:30Z is 01:30 on the 15th in Hanoi.
    assert.deepEqual(ids(await feed('from=2026-02-15&to=2026-02-15')), idsOf('lampOutCauGiay'));
    assert.deepEqual(ids(await feed('from=2026-02-14&to=2026-02-14')), []);
    assert.deepEqual(ids(await feed('from=2026-02-14T18:00:00Z&to=2026-02-14T19:00:00Z')), idsOf('lampOutCauGiay'));
    for (const query of ['from=2026-02-30', 'from=2026-03-10&to=2026-03-01', 'to=yesterday']) {
      const res = await ctx.app.inject({ url: `/api/v1/reports?${query}` });
      assert.equal(res.statusCode, 422, query);
    }
  });

  test('text search ignores case and Vietnamese diacritics', async () => {
    const withMarks = sorted(ids(await feed(`q=${encodeURIComponent('ổ gà')}`)));
    assert.deepEqual(withMarks, sorted(idsOf('potholeHoanKiem', 'potholeBaDinhAnonymous')));
    assert.deepEqual(sorted(ids(await feed('q=O%20GA'))), withMarks);
    // "duong" finds "đường" (and "Đường" in an address).
    const duong = ids(await feed('q=duong'));
    for (const key of ['lampOutCauGiay', 'potholeHoanKiem', 'encroachmentHoanKiem', 'treeFallenSocSon', 'pavementHaDongAnonymous']) {
      assert.ok(duong.includes(seed.get(key).publicId), key);
    }
    // The words as a phrase, punctuation between them ignored, the last one possibly unfinished.
    assert.deepEqual(ids(await feed(`q=${encodeURIComponent('tây sơn, ngập')}`)), idsOf('floodingDongDaAnonymous'));
    assert.deepEqual(ids(await feed('q=hang%20bai')), idsOf('potholeHoanKiem'));
    assert.deepEqual(ids(await feed('q=Hang%20Ba')), idsOf('potholeHoanKiem'));
    assert.deepEqual(ids(await feed(`q=${encodeURIComponent('ngập tây sơn')}`)), []);
    // Whole syllables: "ga" does not match inside "gạch" ("gach"), and "o" alone is a word.
    assert.ok(!ids(await feed('q=o%20ga')).includes(seed.get('pavementHaDongAnonymous').publicId));
    assert.deepEqual(ids(await feed(`q=${encodeURIComponent('100%_')}`)), []);
  });

  test('filters combine', async () => {
    assert.deepEqual(ids(await feed('categoryCode=roads&areaId=00004&status=closed')), idsOf('manholeBaDinh'));
    assert.deepEqual(sorted(ids(await feed('categoryCode=roads&q=duong&from=2026-03-05'))), sorted(idsOf('pavementHaDongAnonymous', 'potholeBaDinhAnonymous')));
    assert.deepEqual(ids(await feed('categoryCode=roads&q=duong&from=2026-03-05&areaId=09556')), idsOf('pavementHaDongAnonymous'));
    assert.deepEqual(ids(await feed('categoryCode=waste&unitCode=urenco&status=closed&to=2025-12-31')), idsOf('wasteHaiBaTrung'));
    assert.deepEqual(ids(await feed('categoryCode=waste&unitCode=hapulico')), []);
  });

  test('paging is stable, complete and bounded', async () => {
    const pages: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = await feed(`pageSize=5&page=${page}`);
      assert.equal(body.total, visible.length);
      assert.ok(body.items.length <= 5);
      pages.push(...ids(body));
    }
    assert.deepEqual(pages, visible);
    assert.deepEqual(ids(await feed('pageSize=5&page=9')), []);
    for (const [query, field] of [['pageSize=101', 'querystring.pageSize'], ['pageSize=0', 'querystring.pageSize'], ['page=0', 'querystring.page'], ['page=101&pageSize=100', 'querystring.page']]) {
      const res = await ctx.app.inject({ url: `/api/v1/reports?${query}` });
      assert.equal(res.statusCode, 422, query);
      assert.deepEqual(fieldOf(res.body), [field], query);
    }
    assert.equal((await feed('page=100&pageSize=100')).items.length, 0);
  });

  test('public reads are cacheable: cache-control, ETag and 304', async () => {
    const first = await ctx.app.inject({ url: '/api/v1/reports?pageSize=3' });
    assert.equal(first.headers['cache-control'], 'public, max-age=30');
    const etag = first.headers.etag as string;
    assert.match(etag, /^W\/".+"$/);
    const again = await ctx.app.inject({ url: '/api/v1/reports?pageSize=3', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const other = await ctx.app.inject({ url: '/api/v1/reports?pageSize=4', headers: { 'if-none-match': etag } });
    assert.equal(other.statusCode, 200);
    const page = await ctx.app.inject({ url: `/api/v1/reports/${seed.get('lampOutCauGiay').publicId}` });
    assert.equal(page.headers['cache-control'], 'public, max-age=30');
    assert.ok(page.headers.etag);
    // Errors are not cached.
    const missing = await ctx.app.inject({ url: '/api/v1/reports/PA-2026-999999' });
    assert.equal(missing.headers['cache-control'], undefined);
  });

  // ---- map -----------------------------------------------------------------------------------

  interface Collection { type: string; features: Array<{ id: string; geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }>; properties: { truncated: boolean; limit: number; count: number; bbox: number[] } }
  const map = async (query: string): Promise<Collection> => {
    const res = await ctx.app.inject({ url: `/api/v1/reports/map.geojson?${query}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /^application\/geo\+json/);
    return res.json() as Collection;
  };
  const hoanKiem = '105.845,21.028,105.856,21.04';
  const wholeCity = '105.2,20.5,106.1,21.4';

  test('the map answers the points in the box as GeoJSON with minimal properties', async () => {
    const body = await map(`bbox=${hoanKiem}`);
    assert.equal(body.type, 'FeatureCollection');
    assert.deepEqual(sorted(body.features.map((f) => f.id)), sorted(idsOf('potholeHoanKiem', 'encroachmentHoanKiem')));
    assert.deepEqual(body.properties, { truncated: false, limit: 500, count: 2, bbox: hoanKiem.split(',').map(Number) });
    const feature = body.features.find((f) => f.id === seed.get('potholeHoanKiem').publicId)!;
    assert.deepEqual(Object.keys(feature.properties).sort(), ['categoryCode', 'createdAt', 'publicId', 'status']);
    assert.equal(feature.properties.categoryCode, 'roads.pothole');
    const [lon, lat] = feature.geometry.coordinates;
    assert.ok(lon > 105.845 && lon < 105.856 && lat > 21.028 && lat < 21.04);
    // The feed's filters apply, the merged duplicate only when asked for.
    assert.deepEqual((await map(`bbox=${hoanKiem}&categoryCode=urban_order`)).features.map((f) => f.id), idsOf('encroachmentHoanKiem'));
    assert.equal((await map(`bbox=${hoanKiem}&status=merged`)).features[0]!.id, seed.get('potholeDuplicateMerged').publicId);
  });

  test('the map has a hard limit and says when it cut the answer short', async () => {
    const located = seed.all().filter((r) => r.plan.ward !== null && r.plan.status !== 'merged' && r.plan.status !== 'withdrawn');
    const all = await map(`bbox=${wholeCity}`);
    assert.equal(all.features.length, located.length);
    assert.equal(all.properties.truncated, false);
    const limited = await map(`bbox=${wholeCity}&limit=3`);
    assert.deepEqual(limited.features.map((f) => f.id), located.slice(0, 3).map((r) => r.publicId));
    assert.deepEqual(limited.properties, { truncated: true, limit: 3, count: 3, bbox: wholeCity.split(',').map(Number) });
    const exact = await map(`bbox=${wholeCity}&limit=${located.length}`);
    assert.equal(exact.properties.truncated, false);
    const tooMany = await ctx.app.inject({ url: `/api/v1/reports/map.geojson?bbox=${wholeCity}&limit=2001` });
    assert.equal(tooMany.statusCode, 422);
    assert.deepEqual(fieldOf(tooMany.body), ['querystring.limit']);
  });

  test('a bad bounding box is refused naming querystring.bbox', async () => {
    for (const bbox of ['', '105.8,21.0,105.9', '105.8,21.0,105.9,21.1,3', 'a,b,c,d', '105.9,21.0,105.8,21.1', '105.8,21.1,105.9,21.0', '105.8,21.0,105.8,21.1',
      '100,15,112,25', '-181,21,105,22', '105,89.5,106,95', '0,0,1,1e3']) {
      const res = await ctx.app.inject({ url: `/api/v1/reports/map.geojson?bbox=${encodeURIComponent(bbox)}` });
      assert.equal(res.statusCode, 422, bbox);
      assert.deepEqual(fieldOf(res.body), ['querystring.bbox'], bbox);
    }
    const missing = await ctx.app.inject({ url: '/api/v1/reports/map.geojson' });
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(fieldOf(missing.body), ['querystring.bbox']);
    const english = await ctx.app.inject({ url: '/api/v1/reports/map.geojson?bbox=105.9,21.0,105.8,21.1&lang=en' });
    assert.match(english.body, /inverted/);
  });

  // ---- the report page -------------------------------------------------------------------------

  test('a resolved report shows the answer with its proof photos and the public timeline', async () => {
    const report = seed.get('lampOutCauGiay');
    const res = await ctx.app.inject({ url: `/api/v1/reports/${report.publicId}` });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.status, 'resolved');
    assert.equal(body.open311Status, 'closed');
    assert.equal(body.reporterName, 'Nguyễn Thị Lan');
    assert.equal(body.assignedUnit.code, 'hapulico');
    const proof = report.media.find((m) => m.role === 'proof')!;
    assert.equal(body.answer.text, report.plan.answer);
    assert.deepEqual(body.answer.proof.map((p: { id: string }) => p.id), [proof.id]);
    assert.equal(body.answer.proof[0].url, `/api/v1/reports/${report.publicId}/media/${proof.id}`);
    assert.deepEqual(body.photos.map((p: { id: string }) => p.id), report.media.filter((m) => m.role === 'report').map((m) => m.id));
    assert.deepEqual(body.timeline.map((e: { type: string }) => e.type), ['submitted', 'accepted', 'started', 'resolved']);
    assert.equal(body.mergedInto, null);
  });

  test('an anonymous report hides its reporter and its hidden photos; supporters and rating show', async () => {
    const report = seed.get('floodingDongDaAnonymous');
    const body = (await ctx.app.inject({ url: `/api/v1/reports/${report.publicId}` })).json();
    assert.equal(body.reporterName, null);
    assert.deepEqual(body.photos, []);
    assert.equal(body.answer.proof.length, 1);
    assert.equal(body.rating, 'chap_nhan_duoc');
    assert.equal(body.supportCount, 5);
  });

  test('a merged report points to the one it was merged into; unknown ids are 404, malformed 422', async () => {
    const body = (await ctx.app.inject({ url: `/api/v1/reports/${seed.get('potholeDuplicateMerged').publicId}` })).json();
    assert.equal(body.status, 'merged');
    assert.equal(body.mergedInto, seed.get('potholeHoanKiem').publicId);
    const rejected = (await ctx.app.inject({ url: `/api/v1/reports/${seed.get('dumpingLongBienRejected').publicId}` })).json();
    assert.match(rejected.rejectReason, /trùng/);
    const missing = await ctx.app.inject({ url: '/api/v1/reports/PA-2026-999999' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'NOT_FOUND');
    const malformed = await ctx.app.inject({ url: '/api/v1/reports/not-an-id' });
    assert.equal(malformed.statusCode, 422);
    assert.deepEqual(fieldOf(malformed.body), ['params.publicId']);
  });

  // ---- media ---------------------------------------------------------------------------------

  const mediaUrl = (key: string, mediaId: string, size?: string) => `/api/v1/reports/${seed.get(key).publicId}/media/${mediaId}${size ? `?size=${size}` : ''}`;

  test('photos are served with their content type and cache headers, thumbnails too', async () => {
    const report = seed.get('potholeHoanKiem');
    const photo = report.media.find((m) => m.kind === 'photo' && !m.hidden)!;
    const res = await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', photo.id) });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/webp');
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(res.rawPayload, photo.bytes);
    const thumb = await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', photo.id, 'thumb') });
    assert.equal(thumb.statusCode, 200);
    assert.equal(thumb.headers['content-type'], 'image/webp');
    assert.ok(thumb.rawPayload.length > 0 && thumb.rawPayload.length < photo.bytes.length);
    const cached = await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', photo.id), headers: { 'if-none-match': res.headers.etag as string } });
    assert.equal(cached.statusCode, 304);
    const badSize = await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', photo.id, 'huge') });
    assert.equal(badSize.statusCode, 422);
  });

  test('a video is served whole or by byte range', async () => {
    const video = seed.get('potholeHoanKiem').media.find((m) => m.kind === 'video')!;
    const whole = await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', video.id) });
    assert.equal(whole.statusCode, 200);
    assert.equal(whole.headers['content-type'], 'video/mp4');
    assert.equal(whole.rawPayload.length, video.bytes.length);
    const part = await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', video.id), headers: { range: 'bytes=100-199' } });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], `bytes 100-199/${video.bytes.length}`);
    assert.equal(part.rawPayload.length, 100);
    const tail = await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', video.id), headers: { range: 'bytes=-10' } });
    assert.equal(tail.rawPayload.length, 10);
    const noThumb = await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', video.id, 'thumb') });
    assert.equal(noThumb.statusCode, 404);
  });

  test('a hidden photo is 404 to the public and to citizens, served to officials who may open the report', async () => {
    const report = seed.get('potholeHoanKiem');
    const hidden = report.media.find((m) => m.hidden)!;
    const url = mediaUrl('potholeHoanKiem', hidden.id);
    const anonymous = await ctx.app.inject({ url });
    assert.equal(anonymous.statusCode, 404);
    assert.doesNotMatch(anonymous.body, /hidden|ẩn/i);
    const visibleButMissing = await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', '00000000-0000-4000-8000-000000000000') });
    const withoutId = (body: string) => body.replaceAll(/[0-9a-f-]{36}/g, 'ID');
    assert.equal(withoutId(visibleButMissing.body), withoutId(anonymous.body), 'a hidden photo answers exactly like a missing one');

    const reporter = await createSession(ctx.db, seed.named.id);
    const citizen = await signIn(ctx.db, { kind: 'citizen' });
    const otherWard = await signIn(ctx.db, { kind: 'official', roles: ['handler', 'supervisor'], unitCode: 'ubnd-00004' });
    for (const authorization of [`Bearer ${reporter.token}`, citizen.authorization, otherWard.authorization]) {
      assert.equal((await ctx.app.inject({ url, headers: { authorization } })).statusCode, 404);
    }
    const wardHandler = await signIn(ctx.db, { kind: 'official', roles: ['handler'], unitCode: 'ubnd-00070' });
    const cityAdmin = await signIn(ctx.db, { kind: 'official', roles: ['city_admin'] });
    for (const authorization of [wardHandler.authorization, cityAdmin.authorization]) {
      const res = await ctx.app.inject({ url, headers: { authorization } });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.rawPayload, hidden.bytes);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      assert.equal(res.headers.etag, undefined);
    }
  });

  test('media belong to their report: another report’s id, unknown ids and unknown reports are 404', async () => {
    const photo = seed.get('potholeHoanKiem').media.find((m) => m.kind === 'photo' && !m.hidden)!;
    assert.equal((await ctx.app.inject({ url: mediaUrl('encroachmentHoanKiem', photo.id) })).statusCode, 404);
    assert.equal((await ctx.app.inject({ url: `/api/v1/reports/PA-2026-999999/media/${photo.id}` })).statusCode, 404);
    assert.equal((await ctx.app.inject({ url: mediaUrl('potholeHoanKiem', 'not-a-uuid') })).statusCode, 422);
  });

  // ---- my reports ------------------------------------------------------------------------------

  test('my reports: only mine, anonymous ones included, with deadline and latest public step', async () => {
    const session = await createSession(ctx.db, seed.anonymousReporter.id);
    const res = await ctx.app.inject({ url: '/api/v1/me/reports', headers: { authorization: `Bearer ${session.token}` } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const body = res.json();
    const mine = seed.all().filter((r) => r.plan.reporter === 'anonymous');
    assert.deepEqual(body.items.map((i: { publicId: string }) => i.publicId), mine.map((r) => r.publicId));
    assert.equal(body.total, mine.length);
    assert.ok(body.items.every((i: { anonymous: boolean }) => i.anonymous));
    const submitted = body.items.find((i: { publicId: string }) => i.publicId === seed.get('scamOnlineAnonymous').publicId);
    assert.equal(submitted.deadline, new Date(Date.parse(seed.get('scamOnlineAnonymous').plan.createdAt) + 86_400_000).toISOString());
    assert.match(submitted.deadlineLocal, /\+07:00$/);
    assert.equal(submitted.latestEvent.type, 'submitted');

    const named = await createSession(ctx.db, seed.named.id);
    const namedBody = (await ctx.app.inject({ url: '/api/v1/me/reports?pageSize=100', headers: { authorization: `Bearer ${named.token}` } })).json();
    const namedKeys = seed.all().filter((r) => r.plan.reporter === 'named').map((r) => r.publicId);
    assert.deepEqual(namedBody.items.map((i: { publicId: string }) => i.publicId), namedKeys);
    // Their withdrawn report is theirs to see; the internal note never is.
    const lamp = namedBody.items.find((i: { publicId: string }) => i.publicId === seed.get('lampOutCauGiay').publicId);
    assert.equal(lamp.latestEvent.type, 'resolved');
    assert.equal(lamp.deadline, null);
    assert.doesNotMatch(JSON.stringify(namedBody), new RegExp(SECRETS.internalNote.slice(0, 20)));
    const withdrawn = (await ctx.app.inject({ url: '/api/v1/me/reports?status=withdrawn', headers: { authorization: `Bearer ${named.token}` } })).json();
    assert.deepEqual(withdrawn.items.map((i: { publicId: string }) => i.publicId), idsOf('karaokeWithdrawn'));
  });

  test('my reports: someone else sees none of them; nobody signed in gets 401', async () => {
    const stranger = await signIn(ctx.db, { kind: 'citizen' });
    const body = (await ctx.app.inject({ url: '/api/v1/me/reports', headers: { authorization: stranger.authorization } })).json();
    assert.deepEqual(body.items, []);
    assert.equal(body.total, 0);
    const res = await ctx.app.inject({ url: '/api/v1/me/reports' });
    assert.equal(res.statusCode, 401);
    const pageSize = await ctx.app.inject({ url: '/api/v1/me/reports?pageSize=101', headers: { authorization: stranger.authorization } });
    assert.equal(pageSize.statusCode, 422);
  });

  // ---- privacy -------------------------------------------------------------------------------

  test('no personal data, internal note, hidden photo or storage key leaves through a public route', async () => {
    const anonymousReports = seed.all().filter((r) => r.plan.anonymous);
    assert.ok(anonymousReports.length >= 3);
    const hiddenMedia = seed.all().flatMap((r) => r.media.filter((m) => m.hidden));
    assert.ok(hiddenMedia.length >= 2);
    const allStatuses = 'status=submitted,accepted,in_progress,resolved,closed,rejected,withdrawn,merged';
    const urls = [
      `/api/v1/reports?pageSize=100&${allStatuses}`,
      '/api/v1/reports?pageSize=100&lang=en',
      `/api/v1/reports?q=${encodeURIComponent(SECRETS.anonymousName)}`,
      `/api/v1/reports/map.geojson?bbox=${wholeCity}&${allStatuses}`,
      ...seed.all().map((r) => `/api/v1/reports/${r.publicId}`),
      ...seed.all().map((r) => `/api/v1/reports/${r.publicId}?lang=en`),
    ];
    const forbidden = [
      SECRETS.anonymousName, SECRETS.anonymousPhone, SECRETS.namedPhone, SECRETS.officialName, SECRETS.officialPhone,
      seed.other.phone, SECRETS.internalNote, 'GHI CHÚ NỘI BỘ',
      seed.anonymousReporter.id, seed.named.id, seed.other.id, seed.official.id,
      ...hiddenMedia.flatMap((m) => [m.id, m.storageKey, m.thumbnailKey!]),
      ...seed.all().map((r) => r.id),
      '.webp', '.mp4', 'storageKey', 'thumbnailKey', 'reporterId', '"phone"', 'actorId', '"anonymous"', 'screeningFlags',
    ];
    for (const url of urls) {
      const res = await ctx.app.inject({ url });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      for (const secret of forbidden) assert.ok(!res.body.includes(secret), `${url} leaks ${secret}`);
    }
    // The anonymous reporter's reports are in there: the check above ran on them.
    const page = await ctx.app.inject({ url: `/api/v1/reports/${anonymousReports[0]!.publicId}` });
    assert.equal(page.json().reporterName, null);
    // Searching for the anonymous reporter's name finds nothing.
    assert.deepEqual(ids(await feed(`q=${encodeURIComponent(SECRETS.anonymousName)}`)), []);
  });
}, { dataDir });

test('the public routes are in the OpenAPI document', async () => {
  const { startTestApp } = await import('../../../../test/helpers/testApp.js');
  const ctx = await startTestApp('pglite');
  try {
    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of ['/api/v1/reports', '/api/v1/reports/map.geojson', '/api/v1/reports/{publicId}', '/api/v1/reports/{publicId}/media/{mediaId}', '/api/v1/me/reports']) {
      assert.ok(doc.paths[path]?.get, path);
    }
  } finally {
    await ctx.close();
  }
});
