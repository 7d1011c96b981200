import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { and, count, eq } from 'drizzle-orm';
import { asCityAdmin, describeEachDatabase, signIn, type TestContext } from '../../../test/helpers/testApp.js';
import { auditLog, units } from '../../db/schema/index.js';

interface UnitBody { id: string; code: string; parentId: string | null; kind: string; name: string; nameVi: string; nameEn: string; active: boolean }
interface FieldProblem { field: string; message: string }

const packUnits = JSON.parse(readFileSync(new URL('../../../cities/hanoi/units.json', import.meta.url), 'utf8')) as Array<{ code: string }>;
const packWards = (JSON.parse(readFileSync(new URL('../../../cities/hanoi/wards.json', import.meta.url), 'utf8')) as { wards: unknown[] }).wards;
const SEEDED_UNITS = 25 + 126;

const fields = (body: { error: { details?: FieldProblem[] } }): string[] => (body.error.details ?? []).map((d) => d.field).sort();

async function unitCount(ctx: TestContext): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(units);
  return row!.n;
}

async function auditRows(ctx: TestContext, action: string, entityId: string) {
  return ctx.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
}

const newUnit = (code: string, extra: Record<string, unknown> = {}) => ({
  code, parentCode: 'so-xay-dung', kind: 'office', nameVi: `Phòng thử nghiệm ${code}`, nameEn: `Test office ${code}`, ...extra,
});

describeEachDatabase('units API', (ctx) => {
  test('the reference data is 25 listed units plus one People’s Committee per ward', () => {
    assert.equal(packUnits.length, 25);
    assert.equal(packWards.length, 126);
  });

  test('lists units a page at a time; pages do not overlap and together hold every unit once', async () => {
    const first = await ctx.app.inject({ url: '/api/v1/units?pageSize=10' });
    assert.equal(first.statusCode, 200);
    const p1 = first.json();
    assert.equal(p1.page, 1);
    assert.equal(p1.pageSize, 10);
    assert.equal(p1.total, SEEDED_UNITS);
    assert.equal(p1.items.length, 10);

    const p2 = (await ctx.app.inject({ url: '/api/v1/units?pageSize=10&page=2' })).json();
    assert.equal(p2.page, 2);
    assert.equal(p2.items.length, 10);
    assert.equal(p2.total, SEEDED_UNITS);
    const ids1 = new Set(p1.items.map((u: UnitBody) => u.id));
    assert.ok(p2.items.every((u: UnitBody) => !ids1.has(u.id)), 'page 2 repeats units of page 1');

    // The same first page again is the same (ordering is stable).
    const again = (await ctx.app.inject({ url: '/api/v1/units?pageSize=10' })).json();
    assert.deepEqual(again.items.map((u: UnitBody) => u.id), p1.items.map((u: UnitBody) => u.id));

    const all = (await ctx.app.inject({ url: '/api/v1/units?pageSize=200' })).json();
    assert.equal(all.items.length, SEEDED_UNITS);
    const codes = new Set(all.items.map((u: UnitBody) => u.code));
    assert.equal(codes.size, SEEDED_UNITS);
    for (const u of packUnits) assert.ok(codes.has(u.code), `missing ${u.code}`);
    assert.ok(codes.has('ubnd-00070'));

    const last = (await ctx.app.inject({ url: '/api/v1/units?pageSize=50&page=4' })).json();
    assert.equal(last.items.length, SEEDED_UNITS - 150);
    const beyond = (await ctx.app.inject({ url: '/api/v1/units?pageSize=50&page=5' })).json();
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.total, SEEDED_UNITS);
  });

  test('page size above 200, page 0 and a non-number page are refused naming the field', async () => {
    const big = await ctx.app.inject({ url: '/api/v1/units?pageSize=201' });
    assert.equal(big.statusCode, 422);
    assert.equal(big.json().error.code, 'VALIDATION_FAILED');
    assert.deepEqual(fields(big.json()), ['querystring.pageSize']);
    const zero = await ctx.app.inject({ url: '/api/v1/units?page=0&lang=en' });
    assert.equal(zero.statusCode, 422);
    assert.deepEqual(zero.json().error.details, [{ field: 'querystring.page', message: 'must be at least 1' }]);
    const word = await ctx.app.inject({ url: '/api/v1/units?page=two' });
    assert.deepEqual(fields(word.json()), ['querystring.page']);
  });

  test('filters by kind, parent and text', async () => {
    const wards = (await ctx.app.inject({ url: '/api/v1/units?kind=ward&pageSize=200' })).json();
    assert.equal(wards.total, 126);
    assert.equal(wards.items.length, 126);
    assert.ok(wards.items.every((u: UnitBody) => u.kind === 'ward' && /^ubnd-\d{5}$/.test(u.code)));

    const police = (await ctx.app.inject({ url: '/api/v1/units?kind=police' })).json();
    assert.deepEqual(police.items.map((u: UnitBody) => u.code).sort(), ['cong-an-tp', 'pccc']);

    const badKind = await ctx.app.inject({ url: '/api/v1/units?kind=army' });
    assert.equal(badKind.statusCode, 422);
    assert.deepEqual(fields(badKind.json()), ['querystring.kind']);

    const policeHq = (await ctx.app.inject({ url: '/api/v1/units/cong-an-tp' })).json();
    const children = (await ctx.app.inject({ url: `/api/v1/units?parentId=${policeHq.id}` })).json();
    assert.deepEqual(children.items.map((u: UnitBody) => u.code), ['pccc']);
    assert.equal(children.total, 1);

    const byVi = (await ctx.app.inject({ url: `/api/v1/units?q=${encodeURIComponent('Hoàn Kiếm')}` })).json();
    assert.deepEqual(byVi.items.map((u: UnitBody) => u.code), ['ubnd-00070']);
    const upper = (await ctx.app.inject({ url: `/api/v1/units?q=${encodeURIComponent('HOÀN KIẾM')}` })).json();
    assert.deepEqual(upper.items.map((u: UnitBody) => u.code), ['ubnd-00070'], 'case-insensitive beyond ASCII');
    const byEn = (await ctx.app.inject({ url: '/api/v1/units?q=hoan%20kiem' })).json();
    assert.deepEqual(byEn.items.map((u: UnitBody) => u.code), ['ubnd-00070']);
    const byCode = (await ctx.app.inject({ url: '/api/v1/units?q=SO-XAY' })).json();
    assert.deepEqual(byCode.items.map((u: UnitBody) => u.code), ['so-xay-dung']);
    const both = (await ctx.app.inject({ url: '/api/v1/units?kind=department&q=department%20of%20health' })).json();
    assert.deepEqual(both.items.map((u: UnitBody) => u.code), ['so-y-te']);

    // LIKE wildcards in q are literal characters, not patterns.
    for (const wildcard of ['%', '_']) {
      const res = (await ctx.app.inject({ url: `/api/v1/units?q=${encodeURIComponent(wildcard)}` })).json();
      assert.equal(res.total, 0, `q=${wildcard} matched ${res.total} units`);
    }
  });

  test('one unit by code or by id, in Vietnamese by default and English on request', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/units/ha-noi' });
    assert.equal(res.statusCode, 200);
    const root = res.json() as UnitBody;
    assert.equal(root.code, 'ha-noi');
    assert.equal(root.kind, 'city');
    assert.equal(root.parentId, null);
    assert.equal(root.active, true);
    assert.equal(root.name, 'Ủy ban nhân dân Thành phố Hà Nội');
    assert.equal(root.nameEn, "Hanoi People's Committee");

    const byId = (await ctx.app.inject({ url: `/api/v1/units/${root.id}` })).json();
    assert.deepEqual(byId, root);

    const en = (await ctx.app.inject({ url: '/api/v1/units/ha-noi?lang=en' })).json();
    assert.equal(en.name, "Hanoi People's Committee");
    assert.equal(en.nameVi, 'Ủy ban nhân dân Thành phố Hà Nội');
    const header = (await ctx.app.inject({ url: '/api/v1/units/ha-noi', headers: { 'accept-language': 'en-GB,en;q=0.8' } })).json();
    assert.equal(header.name, "Hanoi People's Committee");
    const queryWins = (await ctx.app.inject({ url: '/api/v1/units/ha-noi?lang=vi', headers: { 'accept-language': 'en' } })).json();
    assert.equal(queryWins.name, 'Ủy ban nhân dân Thành phố Hà Nội');

    const ward = (await ctx.app.inject({ url: '/api/v1/units/ubnd-00070?lang=en' })).json();
    assert.equal(ward.kind, 'ward');
    assert.equal(ward.parentId, root.id);
    assert.equal(ward.name, "Hoan Kiem Ward People's Committee");
    assert.equal(ward.nameVi, 'UBND phường Hoàn Kiếm');

    const list = (await ctx.app.inject({ url: '/api/v1/units?q=ha-noi&kind=city', headers: { 'accept-language': 'en' } })).json();
    assert.deepEqual(list.items.map((u: UnitBody) => u.name), ["Hanoi People's Committee"]);
  });

  test('an unknown code or id is 404 NOT_FOUND', async () => {
    const code = await ctx.app.inject({ url: '/api/v1/units/khong-co' });
    assert.equal(code.statusCode, 404);
    assert.equal(code.json().error.code, 'NOT_FOUND');
    const id = await ctx.app.inject({ url: '/api/v1/units/00000000-0000-4000-8000-000000000000' });
    assert.equal(id.statusCode, 404);
    assert.equal(id.json().error.code, 'NOT_FOUND');
  });

  test('a city admin creates a unit: 201, readable afterwards, and audited', async () => {
    const admin = await asCityAdmin(ctx.db);
    const before = await unitCount(ctx);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/units', headers: { authorization: admin.authorization }, payload: newUnit('phong-thu-nghiem') });
    assert.equal(res.statusCode, 201);
    const created = res.json() as UnitBody;
    const parent = (await ctx.app.inject({ url: '/api/v1/units/so-xay-dung' })).json() as UnitBody;
    assert.equal(created.code, 'phong-thu-nghiem');
    assert.equal(created.parentId, parent.id);
    assert.equal(created.kind, 'office');
    assert.equal(created.name, 'Phòng thử nghiệm phong-thu-nghiem');
    assert.equal(created.active, true);
    assert.equal(await unitCount(ctx), before + 1);

    const read = (await ctx.app.inject({ url: '/api/v1/units/phong-thu-nghiem?lang=en' })).json();
    assert.equal(read.id, created.id);
    assert.equal(read.name, 'Test office phong-thu-nghiem');
    const children = (await ctx.app.inject({ url: '/api/v1/units/so-xay-dung/children' })).json();
    assert.deepEqual(children.items.map((u: UnitBody) => u.code), ['phong-thu-nghiem']);

    const rows = await auditRows(ctx, 'unit.create', created.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.entityType, 'unit');
    assert.equal(rows[0]!.actorId, admin.userId);
    assert.equal(rows[0]!.data.code, 'phong-thu-nghiem');
    assert.equal(rows[0]!.data.parentCode, 'so-xay-dung');

    const viaApi = (await ctx.app.inject({ url: `/api/v1/audit/entries?entityType=unit&entityId=${created.id}`, headers: { authorization: admin.authorization } })).json();
    assert.deepEqual(viaApi.items.map((e: { action: string }) => e.action), ['unit.create']);
  });

  test('only a city admin may write: 401 anonymous, 403 citizen and ward official, nothing written', async () => {
    const citizen = await signIn(ctx.db, { kind: 'citizen', identityLevel: 2 });
    const wardHandler = await signIn(ctx.db, { kind: 'official', roles: ['handler'], unitCode: 'ubnd-00070' });
    const wardAdmin = await signIn(ctx.db, { kind: 'official', roles: ['unit_admin'], unitCode: 'ubnd-00070' });
    const before = await unitCount(ctx);
    const auditBefore = (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;

    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/v1/units', payload: newUnit('khong-duoc-1') });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'UNAUTHENTICATED');
    for (const who of [citizen, wardHandler, wardAdmin]) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/units', headers: { authorization: who.authorization }, payload: newUnit('khong-duoc-2') });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'FORBIDDEN');
    }
    const patch = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/units/so-xay-dung', headers: { authorization: wardHandler.authorization }, payload: { nameEn: 'Hijacked' } });
    assert.equal(patch.statusCode, 403);
    const anonymousPatch = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/units/so-xay-dung', payload: { active: false } });
    assert.equal(anonymousPatch.statusCode, 401);

    assert.equal(await unitCount(ctx), before);
    assert.equal((await ctx.db.select({ n: count() }).from(auditLog))[0]!.n, auditBefore);
    assert.equal((await ctx.app.inject({ url: '/api/v1/units/khong-duoc-2' })).statusCode, 404);
    const unchanged = (await ctx.app.inject({ url: '/api/v1/units/so-xay-dung' })).json();
    assert.equal(unchanged.nameEn, 'Department of Construction');
    assert.equal(unchanged.active, true);
  });

  test('a duplicate code is 409 CONFLICT and writes nothing', async () => {
    const admin = await asCityAdmin(ctx.db);
    const before = await unitCount(ctx);
    for (const code of ['so-xay-dung', 'ubnd-00070']) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/units', headers: { authorization: admin.authorization }, payload: newUnit(code) });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'CONFLICT');
    }
    assert.equal(await unitCount(ctx), before);
  });

  test('bad input is 422 naming the field, and writes nothing', async () => {
    const admin = await asCityAdmin(ctx.db);
    const before = await unitCount(ctx);
    const post = (payload: unknown) => ctx.app.inject({ method: 'POST', url: '/api/v1/units?lang=en', headers: { authorization: admin.authorization }, payload: payload as Record<string, unknown> });

    const badCode = await post(newUnit('Bad Code'));
    assert.equal(badCode.statusCode, 422);
    assert.equal(badCode.json().error.code, 'VALIDATION_FAILED');
    assert.deepEqual(badCode.json().error.details, [{ field: 'body.code', message: 'is not in the expected format' }]);

    assert.deepEqual(fields((await post(newUnit('-leading-dash'))).json()), ['body.code']);
    assert.deepEqual(fields((await post(newUnit('x'))).json()), ['body.code']);

    const unknownParent = await post(newUnit('co-cha-la', { parentCode: 'khong-ton-tai' }));
    assert.equal(unknownParent.statusCode, 422);
    assert.deepEqual(fields(unknownParent.json()), ['body.parentCode']);

    const extra = await post(newUnit('co-thua', { budget: 1 }));
    assert.equal(extra.statusCode, 422);
    assert.deepEqual(extra.json().error.details, [{ field: 'body.budget', message: 'is not an allowed field' }]);

    const badKind = await post(newUnit('sai-loai', { kind: 'army' }));
    assert.deepEqual(fields(badKind.json()), ['body.kind']);

    const missing = await post({ code: 'thieu-ten', parentCode: 'ha-noi', kind: 'office' });
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(fields(missing.json()), ['body.nameEn', 'body.nameVi']);

    assert.equal(await unitCount(ctx), before);
  });

  test('a code shaped like a uuid is either refused or still addressable by that code', async () => {
    // Units are addressed by "id or code" and anything uuid-shaped is taken as an id, so a unit
    // whose code looks like a uuid could never be read, patched or used as a parent by code.
    const admin = await asCityAdmin(ctx.db);
    const code = '0a1b2c3d-0000-4000-8000-000000000000';
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/units', headers: { authorization: admin.authorization }, payload: newUnit(code) });
    if (res.statusCode === 422) {
      assert.deepEqual(fields(res.json()), ['body.code']);
      return;
    }
    assert.equal(res.statusCode, 201);
    const read = await ctx.app.inject({ url: `/api/v1/units/${code}` });
    assert.equal(read.statusCode, 200, 'the unit was created but cannot be read by its code');
    assert.equal(read.json().code, code);
  });

  test('PATCH renames, moves and deactivates, each audited with the previous values', async () => {
    const admin = await asCityAdmin(ctx.db);
    const headers = { authorization: admin.authorization };
    const created = (await ctx.app.inject({ method: 'POST', url: '/api/v1/units', headers, payload: newUnit('doi-ten') })).json() as UnitBody;

    const renamed = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/units/doi-ten?lang=en', headers, payload: { nameEn: 'Renamed office', nameVi: 'Phòng đã đổi tên' } });
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.json().name, 'Renamed office');
    assert.equal(renamed.json().nameVi, 'Phòng đã đổi tên');
    assert.equal((await ctx.app.inject({ url: `/api/v1/units/${created.id}` })).json().name, 'Phòng đã đổi tên');

    const police = (await ctx.app.inject({ url: '/api/v1/units/cong-an-tp' })).json() as UnitBody;
    const moved = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/units/${created.id}`, headers, payload: { parentCode: 'cong-an-tp' } });
    assert.equal(moved.statusCode, 200);
    assert.equal(moved.json().parentId, police.id);
    assert.equal(moved.json().nameVi, 'Phòng đã đổi tên', 'a move keeps the name');

    const off = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/units/doi-ten', headers, payload: { active: false } });
    assert.equal(off.statusCode, 200);
    assert.equal(off.json().active, false);
    const read = (await ctx.app.inject({ url: '/api/v1/units/doi-ten' })).json();
    assert.equal(read.active, false);
    assert.equal(read.parentId, police.id);

    const updates = (await auditRows(ctx, 'unit.update', created.id)).sort((a, b) => a.id - b.id);
    assert.equal(updates.length, 3);
    assert.deepEqual(updates.map((r) => r.data.change), [
      { nameEn: 'Renamed office', nameVi: 'Phòng đã đổi tên' },
      { parentCode: 'cong-an-tp' },
      { active: false },
    ]);
    const firstBefore = updates[0]!.data.before as Record<string, unknown>;
    assert.equal(firstBefore.nameEn, 'Test office doi-ten');
    assert.equal((updates[1]!.data.before as Record<string, unknown>).parentId, created.parentId);
    assert.ok(updates.every((r) => r.actorId === admin.userId));
  });

  test('PATCH refuses a cycle, an unknown parent, an empty change and an unknown unit', async () => {
    const admin = await asCityAdmin(ctx.db);
    const headers = { authorization: admin.authorization };
    const auditBefore = (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;
    const patch = (ref: string, payload: Record<string, unknown>) => ctx.app.inject({ method: 'PATCH', url: `/api/v1/units/${ref}`, headers, payload });

    // ha-noi → so-xay-dung is a child; cong-an-tp → pccc is a grandchild path; itself is the shortest cycle.
    for (const [ref, parentCode] of [['ha-noi', 'so-xay-dung'], ['ha-noi', 'pccc'], ['ha-noi', 'ubnd-00070'], ['cong-an-tp', 'pccc'], ['so-xay-dung', 'so-xay-dung']] as const) {
      const res = await patch(ref, { parentCode });
      assert.equal(res.statusCode, 422, `${ref} under ${parentCode}`);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.deepEqual(fields(res.json()), ['body.parentCode']);
    }
    const root = (await ctx.app.inject({ url: '/api/v1/units/ha-noi' })).json();
    assert.equal(root.parentId, null);
    const pccc = (await ctx.app.inject({ url: '/api/v1/units/cong-an-tp' })).json();
    assert.notEqual(pccc.parentId, null);

    const unknownParent = await patch('so-y-te', { parentCode: 'khong-ton-tai' });
    assert.equal(unknownParent.statusCode, 422);
    assert.deepEqual(fields(unknownParent.json()), ['body.parentCode']);

    const empty = await patch('so-y-te', {});
    assert.equal(empty.statusCode, 422);
    assert.equal(empty.json().error.code, 'VALIDATION_FAILED');

    const extra = await patch('so-y-te', { code: 'doi-ma' });
    assert.equal(extra.statusCode, 422);
    assert.deepEqual(fields(extra.json()), ['body.code']);

    const unknown = await patch('khong-co', { nameEn: 'Nobody' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'NOT_FOUND');

    assert.equal((await ctx.db.select({ n: count() }).from(auditLog))[0]!.n, auditBefore);
  });

  test('the audit chain still verifies after every change above', async () => {
    const admin = await asCityAdmin(ctx.db);
    const res = await ctx.app.inject({ url: '/api/v1/audit/verify', headers: { authorization: admin.authorization } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().ok, true);
    assert.ok(res.json().rowsChecked >= 6);
  });
});
