import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { describeEachDatabase, signIn } from '../../../../test/helpers/testApp.js';
import { registerCitizen } from '../../../../test/helpers/citizen.js';
import { auditLog, outboxEvents, reportEvents, reportMedia, reports, reportSupporters } from '../../../db/schema/index.js';
import { fieldsOf, jpeg, pavementFields, photo, postReport } from './submitTestKit.js';

// A corner of Ba Đình no other test uses; offsets in metres turned into degrees.
const P = { lat: 21.0368, lon: 105.8342 };
const north = (m: number) => ({ lat: P.lat + m / 111_320, lon: P.lon });
const east = (m: number) => ({ lat: P.lat, lon: P.lon + m / (111_320 * Math.cos((P.lat * Math.PI) / 180)) });

describeEachDatabase('nearby open reports and support', (ctx) => {
  let reporter: { authorization: string; userId: string };
  let supporter: { authorization: string; userId: string };
  let image: Buffer;
  const ids: Record<string, string> = {};

  async function submitAt(name: string, where: { lat: number; lon: number }, category = 'roads.pavement', photos = 1) {
    const res = await postReport(ctx.app, reporter.authorization, [
      ...fieldsOf(pavementFields({ categoryCode: category, ...where, description: `Báo cáo ${name}: vỉa hè hư hỏng, gạch vỡ nhiều chỗ.` })),
      ...Array.from({ length: photos }, () => photo(image)),
    ]);
    assert.equal(res.statusCode, 201, res.body);
    ids[name] = res.json().publicId;
  }
  const nearby = (query: string) => ctx.app.inject({ url: `/api/v1/reports/nearby?${query}` });
  const support = (publicId: string, authorization?: string, method: 'POST' | 'DELETE' = 'POST') =>
    ctx.app.inject({ method, url: `/api/v1/reports/${publicId}/support`, headers: authorization ? { authorization } : {} });

  before(async () => {
    reporter = await registerCitizen(ctx, 'Người Gửi');
    supporter = await registerCitizen(ctx, 'Người Ủng Hộ');
    image = await jpeg(320, 240);
    await submitAt('east100', east(100));
    await submitAt('north300', north(300));
    await submitAt('manhole50', east(50), 'roads.manhole');
    await submitAt('west80closed', east(-80));
    await submitAt('south120', north(-120), 'roads.pavement', 2);
    await ctx.db.update(reports).set({ status: 'closed' }).where(eq(reports.publicId, ids.west80closed!));
    // The first photo of one report is hidden by a moderator: its thumbnail must not show.
    const [south] = await ctx.db.select({ id: reports.id }).from(reports).where(eq(reports.publicId, ids.south120!));
    const photos = await ctx.db.select().from(reportMedia).where(eq(reportMedia.reportId, south!.id));
    await ctx.db.update(reportMedia).set({ hidden: true }).where(eq(reportMedia.id, photos.find((m) => m.position === 0)!.id));
    ids.visiblePhotoOfSouth = photos.find((m) => m.position === 1)!.id;
  });

  test('nearby: open reports of the same category within the radius, nearest first, public fields only', async () => {
    const res = await nearby(`categoryCode=roads.pavement&lat=${P.lat}&lon=${P.lon}`);
    assert.equal(res.statusCode, 200, res.body);
    const { items, radiusMeters } = res.json() as { items: Array<Record<string, unknown>>; radiusMeters: number };
    assert.equal(radiusMeters, 150);
    assert.deepEqual(items.map((i) => i.publicId), [ids.east100, ids.south120], 'not the one 300 m away, not another category, not a closed one');
    assert.ok(Math.abs((items[0]!.distanceMeters as number) - 100) <= 1, `${items[0]!.distanceMeters}`);
    assert.ok(Math.abs((items[1]!.distanceMeters as number) - 120) <= 1, `${items[1]!.distanceMeters}`);
    assert.deepEqual(Object.keys(items[0]!).sort(), ['createdAt', 'descriptionExcerpt', 'distanceMeters', 'publicId', 'status', 'supportCount', 'thumbnailUrl']);
    assert.equal(items[0]!.status, 'submitted');
    assert.equal(items[1]!.thumbnailUrl, `/api/v1/reports/${ids.south120}/media/${ids.visiblePhotoOfSouth}?size=thumb`, 'the first visible photo');

    const wider = (await nearby(`categoryCode=roads.pavement&lat=${P.lat}&lon=${P.lon}&radius=400`)).json();
    assert.deepEqual(wider.items.map((i: { publicId: string }) => i.publicId), [ids.east100, ids.south120, ids.north300]);
    const manholes = (await nearby(`categoryCode=roads.manhole&lat=${P.lat}&lon=${P.lon}`)).json();
    assert.deepEqual(manholes.items.map((i: { publicId: string }) => i.publicId), [ids.manhole50]);
  });

  test('nearby: bad queries name the field', async () => {
    const fields = async (query: string) => {
      const res = await nearby(query);
      assert.equal(res.statusCode, 422, res.body);
      return res.json().error.details.map((d: { field: string }) => d.field);
    };
    assert.deepEqual(await fields(`categoryCode=roads.pavement&lat=${P.lat}&lon=${P.lon}&radius=501`), ['querystring.radius']);
    assert.deepEqual(await fields(`categoryCode=roads.nothing&lat=${P.lat}&lon=${P.lon}`), ['querystring.categoryCode']);
    assert.deepEqual(await fields(`categoryCode=roads.pavement&lon=${P.lon}`), ['querystring.lat']);
  });

  test('support: once per person, counted; a repeat answers with the same state', async () => {
    const first = await support(ids.east100!, supporter.authorization);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { publicId: ids.east100, supported: true, supportCount: 1 });
    const again = await support(ids.east100!, supporter.authorization);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), { publicId: ids.east100, supported: true, supportCount: 1 });

    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, ids.east100!));
    assert.equal(row!.supportCount, 1);
    assert.equal((await ctx.db.select({ n: count() }).from(reportSupporters).where(eq(reportSupporters.reportId, row!.id)))[0]!.n, 1);
    const events = await ctx.db.select().from(reportEvents).where(and(eq(reportEvents.reportId, row!.id), eq(reportEvents.type, 'supported')));
    assert.deepEqual(events.map((e) => [e.actorRole, e.public, e.message]), [['public', true, null]], 'one public event, with no name');
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, row!.id), eq(auditLog.action, 'report.supported')));
    assert.deepEqual(audit.map((a) => a.actorId), [supporter.userId]);
    const outbox = await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.aggregateId, row!.id), eq(outboxEvents.type, 'report.supported')));
    assert.equal(outbox.length, 1);

    const listed = (await nearby(`categoryCode=roads.pavement&lat=${P.lat}&lon=${P.lon}`)).json();
    assert.equal(listed.items[0].supportCount, 1);
  });

  test('support: many at once are all counted', async () => {
    const people = await Promise.all(Array.from({ length: 5 }, () => signIn(ctx.db, { kind: 'citizen', identityLevel: 1 })));
    const answers = await Promise.all(people.map((p) => support(ids.south120!, p.authorization)));
    assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200, 200, 200]);
    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, ids.south120!));
    assert.equal(row!.supportCount, 5);
  });

  test('support: not one\'s own report (422), only open reports (409), signed in at level 1, a report that exists', async () => {
    const own = await support(ids.east100!, reporter.authorization);
    assert.equal(own.statusCode, 422, own.body);
    assert.equal(own.json().error.code, 'OWN_REPORT');
    const closed = await support(ids.west80closed!, supporter.authorization);
    assert.equal(closed.statusCode, 409, closed.body);
    assert.equal(closed.json().error.code, 'TRANSITION_NOT_ALLOWED');
    assert.equal((await support(ids.east100!)).statusCode, 401);
    const browsing = await signIn(ctx.db, { kind: 'citizen', identityLevel: 0 });
    const low = await support(ids.east100!, browsing.authorization);
    assert.equal(low.statusCode, 403);
    assert.equal(low.json().error.code, 'IDENTITY_LEVEL_TOO_LOW');
    assert.equal((await support('PA-2026-999999', supporter.authorization)).statusCode, 404);
    assert.equal((await support('not-an-id', supporter.authorization)).statusCode, 422);
    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, ids.east100!));
    assert.equal(row!.supportCount, 1, 'no refused call changed the count');
  });

  test('taking support back: counted down once, recorded internally', async () => {
    const taken = await support(ids.east100!, supporter.authorization, 'DELETE');
    assert.equal(taken.statusCode, 200, taken.body);
    assert.deepEqual(taken.json(), { publicId: ids.east100, supported: false, supportCount: 0 });
    const again = await support(ids.east100!, supporter.authorization, 'DELETE');
    assert.deepEqual(again.json(), { publicId: ids.east100, supported: false, supportCount: 0 });
    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, ids.east100!));
    const events = await ctx.db.select().from(reportEvents).where(and(eq(reportEvents.reportId, row!.id), eq(reportEvents.type, 'support_withdrawn')));
    assert.deepEqual(events.map((e) => e.public), [false]);
    assert.equal((await ctx.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.entityId, row!.id), eq(auditLog.action, 'report.support_withdrawn'))))[0]!.n, 1);
    // And support can be given again.
    assert.equal((await support(ids.east100!, supporter.authorization)).json().supportCount, 1);
  });
});
