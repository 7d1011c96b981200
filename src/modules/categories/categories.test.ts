import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { and, count, eq } from 'drizzle-orm';
import { asCityAdmin, describeEachDatabase, signIn, type TestContext } from '../../../test/helpers/testApp.js';
import { auditLog, categories } from '../../db/schema/index.js';

interface CategoryBody {
  id: string; code: string; parentCode: string | null; name: string; nameVi: string; nameEn: string; description: string;
  defaultPriority: string; handlingUnitCode: string | null; slaAcceptHours: number; slaResolveHours: number;
  attributes: Array<{ code: string; datatype: string; values?: Array<{ key: string }> }>; sortOrder: number; active: boolean;
  keywords: string[]; locationRequired: boolean; identityLevelRequired: number; proofPhotoRequired: boolean;
}
interface FieldProblem { field: string; message: string }
interface PackCategory { code: string; parentCode?: string; nameVi: string; nameEn: string; defaultPriority: string; handlingUnitCode?: string }

const pack = JSON.parse(readFileSync(new URL('../../../cities/hanoi/categories.json', import.meta.url), 'utf8')) as PackCategory[];
const city = JSON.parse(readFileSync(new URL('../../../cities/hanoi/city.json', import.meta.url), 'utf8')) as {
  sla: { acceptHours: number; resolveHours: Record<'urgent' | 'normal' | 'complex', number> };
};

const fields = (body: { error: { details?: FieldProblem[] } }): string[] => (body.error.details ?? []).map((d) => d.field).sort();

async function categoryCount(ctx: TestContext): Promise<number> {
  return (await ctx.db.select({ n: count() }).from(categories))[0]!.n;
}
async function auditCount(ctx: TestContext): Promise<number> {
  return (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;
}
async function auditRows(ctx: TestContext, action: string, entityId: string) {
  return ctx.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
}

const listAttribute = {
  code: 'depth', datatype: 'singlevaluelist', required: true, labelVi: 'Độ sâu', labelEn: 'Depth',
  values: [{ key: 'shallow', nameVi: 'Nông', nameEn: 'Shallow' }, { key: 'deep', nameVi: 'Sâu', nameEn: 'Deep' }],
};
const textAttribute = { code: 'note', datatype: 'text', required: false, labelVi: 'Ghi chú', labelEn: 'Note' };

describeEachDatabase('categories API', (ctx) => {
  test('lists every category, groups before children, names in Vietnamese by default', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/categories' });
    assert.equal(res.statusCode, 200);
    const { items, total } = res.json() as { items: CategoryBody[]; total: number };
    assert.equal(total, 79);
    assert.equal(items.length, pack.length);
    const groups = pack.filter((c) => !c.parentCode).length;
    assert.equal(groups, 19);
    assert.ok(items.slice(0, groups).every((c) => c.parentCode === null), 'the first 19 are the groups');
    assert.ok(items.slice(groups).every((c) => c.parentCode !== null), 'then the children');
    // Groups are in display order.
    assert.deepEqual(items.slice(0, 3).map((c) => c.code), ['roads', 'lighting', 'trees']);

    const seen = new Set<string>();
    for (const item of items) {
      if (item.parentCode !== null) {
        assert.ok(seen.has(item.parentCode), `${item.code}: parent ${item.parentCode} is not listed before it`);
        assert.ok(item.code.startsWith(`${item.parentCode}.`));
      }
      seen.add(item.code);
    }
    const byCode = new Map(items.map((c) => [c.code, c]));
    for (const c of pack) {
      const item = byCode.get(c.code);
      assert.ok(item, `missing ${c.code}`);
      assert.equal(item.name, c.nameVi);
      assert.equal(item.parentCode, c.parentCode ?? null);
      assert.equal(item.handlingUnitCode, c.handlingUnitCode ?? null);
      assert.equal(item.defaultPriority, c.defaultPriority);
    }
    assert.equal(byCode.get('roads.pothole')!.name, 'Ổ gà, mặt đường hư hỏng');
    assert.equal(byCode.get('roads.pothole')!.description, 'Ổ gà, ổ voi, mặt đường bong tróc, nứt vỡ hoặc lồi lõm.');
  });

  test('English names with lang=en or Accept-Language', async () => {
    const en = (await ctx.app.inject({ url: '/api/v1/categories?lang=en' })).json() as { items: CategoryBody[] };
    const byCode = new Map(en.items.map((c) => [c.code, c]));
    for (const c of pack) assert.equal(byCode.get(c.code)!.name, c.nameEn);
    assert.equal(byCode.get('roads.pothole')!.description, 'Potholes, crumbling, cracked or uneven road surface.');
    assert.equal(byCode.get('roads.pothole')!.nameVi, 'Ổ gà, mặt đường hư hỏng');
    const header = (await ctx.app.inject({ url: '/api/v1/categories/scams', headers: { 'accept-language': 'en' } })).json();
    assert.equal(header.name, 'Scams and fraud');
  });

  test('one category with its attributes and handling unit; unknown is 404', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/categories/scams.online?lang=en' });
    assert.equal(res.statusCode, 200);
    const c = res.json() as CategoryBody;
    assert.equal(c.code, 'scams.online');
    assert.equal(c.parentCode, 'scams');
    assert.equal(c.name, 'Online or phone scam');
    assert.equal(c.handlingUnitCode, 'cong-an-tp');
    assert.equal(c.identityLevelRequired, 2);
    assert.equal(c.locationRequired, false);
    assert.equal(c.proofPhotoRequired, false);
    assert.deepEqual(c.attributes.map((a) => a.code), ['scam_channel', 'scammer_phone', 'scammer_account', 'amount_lost', 'incident_time', 'scam_details']);
    assert.equal(c.attributes[0]!.datatype, 'multivaluelist');
    assert.equal(c.attributes[0]!.values!.length, 9);
    assert.equal(c.attributes[0]!.values![0]!.key, 'phone_call');
    assert.ok(c.keywords.includes('lừa đảo'));

    const pothole = (await ctx.app.inject({ url: '/api/v1/categories/roads.pothole' })).json() as CategoryBody;
    assert.deepEqual(pothole.attributes.map((a) => [a.code, a.datatype, a.values?.map((v) => v.key)]), [['pothole_size', 'singlevaluelist', ['small', 'medium', 'large']]]);
    assert.equal(pothole.handlingUnitCode, null);

    const missing = await ctx.app.inject({ url: '/api/v1/categories/khong.co' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'NOT_FOUND');
  });

  test('without its own SLA a category takes the city default for its priority', async () => {
    assert.deepEqual(city.sla, { acceptHours: 8, resolveHours: { urgent: 4, normal: 40, complex: 120 } });
    const expect = (code: string, priority: 'urgent' | 'normal' | 'complex') => async () => {
      const c = (await ctx.app.inject({ url: `/api/v1/categories/${code}` })).json() as CategoryBody;
      assert.equal(c.defaultPriority, priority, code);
      assert.equal(c.slaAcceptHours, city.sla.acceptHours, code);
      assert.equal(c.slaResolveHours, city.sla.resolveHours[priority], code);
    };
    await expect('roads.pothole', 'normal')();
    await expect('roads.manhole', 'urgent')();
    await expect('waste.air_pollution', 'complex')();
    const list = (await ctx.app.inject({ url: '/api/v1/categories' })).json() as { items: CategoryBody[] };
    for (const item of list.items) {
      assert.equal(item.slaResolveHours, city.sla.resolveHours[item.defaultPriority as 'urgent'], item.code);
      assert.equal(item.slaAcceptHours, 8, item.code);
    }
  });

  test('a city admin creates a group and a child; both are listed and audited', async () => {
    const admin = await asCityAdmin(ctx.db);
    const headers = { authorization: admin.authorization };
    const group = await ctx.app.inject({
      method: 'POST', url: '/api/v1/categories', headers,
      payload: { code: 'test_group', nameVi: 'Nhóm thử', nameEn: 'Test group', defaultPriority: 'normal', sortOrder: 500 },
    });
    assert.equal(group.statusCode, 201);
    const g = group.json() as CategoryBody;
    assert.equal(g.code, 'test_group');
    assert.equal(g.parentCode, null);
    assert.equal(g.name, 'Nhóm thử');
    assert.equal(g.slaResolveHours, 40);
    assert.equal(g.active, true);

    const child = await ctx.app.inject({
      method: 'POST', url: '/api/v1/categories?lang=en', headers,
      payload: {
        code: 'test_group.item', parentCode: 'test_group', nameVi: 'Mục thử', nameEn: 'Test item', defaultPriority: 'complex',
        handlingUnitCode: 'urenco', slaAcceptHours: 2, keywords: ['thử'], attributes: [listAttribute, textAttribute], identityLevelRequired: 2,
      },
    });
    assert.equal(child.statusCode, 201);
    const c = child.json() as CategoryBody;
    assert.equal(c.parentCode, 'test_group');
    assert.equal(c.name, 'Test item');
    assert.equal(c.handlingUnitCode, 'urenco');
    assert.equal(c.slaAcceptHours, 2);
    assert.equal(c.slaResolveHours, 120, 'no own resolve SLA: the complex default');
    assert.equal(c.identityLevelRequired, 2);
    assert.deepEqual(c.keywords, ['thử']);
    assert.deepEqual(c.attributes, [listAttribute, textAttribute]);

    const read = (await ctx.app.inject({ url: '/api/v1/categories/test_group.item' })).json() as CategoryBody;
    assert.deepEqual({ ...read, name: null, description: null }, { ...c, name: null, description: null });

    const list = (await ctx.app.inject({ url: '/api/v1/categories' })).json() as { items: CategoryBody[]; total: number };
    assert.equal(list.total, 81);
    const codes = list.items.map((i) => i.code);
    assert.ok(codes.indexOf('test_group') < codes.indexOf('test_group.item'));
    assert.ok(codes.indexOf('test_group') < 20, 'the new group is among the groups');

    for (const [created, code] of [[g, 'test_group'], [c, 'test_group.item']] as const) {
      const rows = await auditRows(ctx, 'category.create', created.id);
      assert.equal(rows.length, 1, code);
      assert.equal(rows[0]!.entityType, 'category');
      assert.equal(rows[0]!.actorId, admin.userId);
      assert.equal(rows[0]!.data.code, code);
    }
  });

  test('a duplicate code is 409 CONFLICT', async () => {
    const admin = await asCityAdmin(ctx.db);
    const before = await categoryCount(ctx);
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/v1/categories', headers: { authorization: admin.authorization },
      payload: { code: 'roads.pothole', parentCode: 'roads', nameVi: 'Trùng', nameEn: 'Duplicate', defaultPriority: 'normal' },
    });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, 'CONFLICT');
    assert.equal(await categoryCount(ctx), before);
  });

  test('codes, parents, attributes and handling units that do not fit are 422 naming the field', async () => {
    const admin = await asCityAdmin(ctx.db);
    const before = await categoryCount(ctx);
    const auditBefore = await auditCount(ctx);
    const post = (payload: Record<string, unknown>) => ctx.app.inject({
      method: 'POST', url: '/api/v1/categories', headers: { authorization: admin.authorization },
      payload: { nameVi: 'Thử nghiệm', nameEn: 'Trial', defaultPriority: 'normal', ...payload },
    });
    const expectFields = async (payload: Record<string, unknown>, expected: string[]) => {
      const res = await post(payload);
      assert.equal(res.statusCode, 422, JSON.stringify(payload));
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.deepEqual(fields(res.json()), expected, JSON.stringify(payload));
    };

    // A child's code must start with "<parent>.".
    await expectFields({ code: 'roads.lamp', parentCode: 'lighting' }, ['body.code']);
    await expectFields({ code: 'lamp', parentCode: 'lighting' }, ['body.code']);
    // A dotted code needs its parent.
    await expectFields({ code: 'roads.new_thing' }, ['body.parentCode']);
    // The parent must exist.
    await expectFields({ code: 'khong_co.x', parentCode: 'khong_co' }, ['body.parentCode']);
    // Bad shapes.
    await expectFields({ code: 'Roads' }, ['body.code']);
    await expectFields({ code: 'a.b.c', parentCode: 'a.b' }, ['body.code']);

    // Two levels only: a child cannot be a parent.
    const underChild = await post({ code: 'roads.pothole.deep', parentCode: 'roads.pothole' });
    assert.equal(underChild.statusCode, 422);
    assert.equal(underChild.json().error.code, 'VALIDATION_FAILED');
    assert.ok(fields(underChild.json()).some((f) => f === 'body.code' || f === 'body.parentCode'));

    // Attributes.
    await expectFields({ code: 'x_list', attributes: [{ ...listAttribute, values: undefined }] }, ['body.attributes.0.values']);
    await expectFields({ code: 'x_list2', attributes: [{ ...listAttribute, values: [] }] }, ['body.attributes.0.values']);
    await expectFields({ code: 'x_text', attributes: [{ ...textAttribute, values: listAttribute.values }] }, ['body.attributes.0.values']);
    await expectFields({ code: 'x_dup', attributes: [textAttribute, { ...listAttribute, code: 'note' }] }, ['body.attributes.1.code']);
    await expectFields({ code: 'x_keys', attributes: [{ ...listAttribute, values: [listAttribute.values[0], listAttribute.values[0]] }] }, ['body.attributes.0.values.1.key']);
    await expectFields({ code: 'x_type', attributes: [{ ...textAttribute, datatype: 'colour' }] }, ['body.attributes.0.datatype']);
    await expectFields({ code: 'x_extra', attributes: [{ ...textAttribute, colour: 'red' }] }, ['body.attributes.0.colour']);

    // Handling unit and other fields.
    await expectFields({ code: 'x_unit', handlingUnitCode: 'khong-co' }, ['body.handlingUnitCode']);
    await expectFields({ code: 'x_prio', defaultPriority: 'whenever' }, ['body.defaultPriority']);
    await expectFields({ code: 'x_sla', slaResolveHours: -1 }, ['body.slaResolveHours']);
    await expectFields({ code: 'x_more', colour: 'red' }, ['body.colour']);

    assert.equal(await categoryCount(ctx), before);
    assert.equal(await auditCount(ctx), auditBefore);
  });

  test('zero hours and an empty unit code are refused, not read as "no value"', async () => {
    // slaAcceptHours/slaResolveHours/handlingUnitCode are `value | null`; null means "city
    // default" / "no unit". A 0 or "" is a mistake to report, not a request for the default.
    const admin = await asCityAdmin(ctx.db);
    const headers = { authorization: admin.authorization };
    const before = await categoryCount(ctx);
    const auditBefore = await auditCount(ctx);
    for (const [code, extra, field] of [
      ['zero_resolve', { slaResolveHours: 0 }, 'body.slaResolveHours'],
      ['zero_accept', { slaAcceptHours: 0 }, 'body.slaAcceptHours'],
      ['empty_unit', { handlingUnitCode: '' }, 'body.handlingUnitCode'],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'POST', url: '/api/v1/categories', headers,
        payload: { code, nameVi: 'Thử nghiệm', nameEn: 'Trial', defaultPriority: 'normal', ...extra },
      });
      assert.equal(res.statusCode, 422, `${code}: ${res.body}`);
      assert.deepEqual(fields(res.json()), [field]);
    }
    const clear = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/lighting.lamp_out', headers, payload: { handlingUnitCode: '' } });
    assert.equal(clear.statusCode, 422, `PATCH handlingUnitCode "": ${clear.body}`);
    assert.equal((await ctx.app.inject({ url: '/api/v1/categories/lighting.lamp_out' })).json().handlingUnitCode, 'hapulico');
    assert.equal(await categoryCount(ctx), before);
    assert.equal(await auditCount(ctx), auditBefore);
  });

  test('PATCH changes the priority (and with it the SLA fallback) and is audited', async () => {
    const admin = await asCityAdmin(ctx.db);
    const headers = { authorization: admin.authorization };
    const before = (await ctx.app.inject({ url: '/api/v1/categories/roads.subsidence' })).json() as CategoryBody;
    assert.equal(before.defaultPriority, 'urgent');

    const res = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/roads.subsidence', headers, payload: { defaultPriority: 'complex' } });
    assert.equal(res.statusCode, 200);
    const after = res.json() as CategoryBody;
    assert.equal(after.defaultPriority, 'complex');
    assert.equal(after.slaResolveHours, 120);
    assert.equal(after.nameVi, before.nameVi, 'other fields unchanged');
    assert.deepEqual(after.attributes, before.attributes);
    assert.equal((await ctx.app.inject({ url: '/api/v1/categories/roads.subsidence' })).json().defaultPriority, 'complex');

    const own = (await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/roads.subsidence', headers, payload: { slaResolveHours: 12.5, slaAcceptHours: 1 } })).json();
    assert.equal(own.slaResolveHours, 12.5);
    assert.equal(own.slaAcceptHours, 1);
    const cleared = (await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/roads.subsidence', headers, payload: { slaResolveHours: null, slaAcceptHours: null } })).json();
    assert.equal(cleared.slaResolveHours, 120);
    assert.equal(cleared.slaAcceptHours, 8);

    const rows = (await auditRows(ctx, 'category.update', before.id)).sort((a, b) => a.id - b.id);
    assert.deepEqual(rows.map((r) => r.data.change), [
      { defaultPriority: 'complex' },
      { slaResolveHours: 12.5, slaAcceptHours: 1 },
      { slaResolveHours: null, slaAcceptHours: null },
    ]);
    assert.ok(rows.every((r) => r.actorId === admin.userId && r.entityType === 'category'));
  });

  test('PATCH sets and clears the handling unit, and refuses an unknown one', async () => {
    const admin = await asCityAdmin(ctx.db);
    const headers = { authorization: admin.authorization };
    const set = (await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/trees.fallen', headers, payload: { handlingUnitCode: 'urenco' } })).json();
    assert.equal(set.handlingUnitCode, 'urenco');
    const unknown = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/trees.fallen', headers, payload: { handlingUnitCode: 'khong-co' } });
    assert.equal(unknown.statusCode, 422);
    assert.deepEqual(fields(unknown.json()), ['body.handlingUnitCode']);
    assert.equal((await ctx.app.inject({ url: '/api/v1/categories/trees.fallen' })).json().handlingUnitCode, 'urenco');
    const cleared = (await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/trees.fallen', headers, payload: { handlingUnitCode: null } })).json();
    assert.equal(cleared.handlingUnitCode, null);
  });

  test('PATCH refuses an empty change (in the caller’s language), bad attributes and unknown categories', async () => {
    const admin = await asCityAdmin(ctx.db);
    const headers = { authorization: admin.authorization };
    const auditBefore = await auditCount(ctx);
    const empty = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/roads', headers, payload: {} });
    assert.equal(empty.statusCode, 422);
    assert.equal(empty.json().error.code, 'VALIDATION_FAILED');
    assert.deepEqual(fields(empty.json()), ['body']);
    const emptyEn = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/roads?lang=en', headers, payload: {} });
    assert.deepEqual(fields(emptyEn.json()), ['body']);

    const badAttr = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/roads', headers, payload: { attributes: [{ ...listAttribute, values: [] }] } });
    assert.equal(badAttr.statusCode, 422);
    assert.deepEqual(fields(badAttr.json()), ['body.attributes.0.values']);
    const code = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/roads', headers, payload: { code: 'streets' } });
    assert.deepEqual(fields(code.json()), ['body.code']);
    const missing = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/khong_co', headers, payload: { sortOrder: 1 } });
    assert.equal(missing.statusCode, 404);
    assert.equal(await auditCount(ctx), auditBefore);
    // Every field problem is worded in the caller's language, this one included.
    assert.notEqual(empty.json().error.details[0].message, emptyEn.json().error.details[0].message, 'the minProperties problem is not translated');
  });

  test('only a city admin may write; refused callers change nothing', async () => {
    const citizen = await signIn(ctx.db, { kind: 'citizen', identityLevel: 2 });
    const wardAdmin = await signIn(ctx.db, { kind: 'official', roles: ['unit_admin', 'supervisor'], unitCode: 'ubnd-00070' });
    const deptHandler = await signIn(ctx.db, { kind: 'official', roles: ['handler'], unitCode: 'so-xay-dung' });
    const before = await categoryCount(ctx);
    const auditBefore = await auditCount(ctx);
    const create = { code: 'hacked', nameVi: 'Bị sửa', nameEn: 'Hacked', defaultPriority: 'urgent' };

    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/v1/categories', payload: create });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'UNAUTHENTICATED');
    const anonymousPatch = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/roads.pothole', payload: { defaultPriority: 'urgent' } });
    assert.equal(anonymousPatch.statusCode, 401);
    for (const who of [citizen, wardAdmin, deptHandler]) {
      const post = await ctx.app.inject({ method: 'POST', url: '/api/v1/categories', headers: { authorization: who.authorization }, payload: create });
      assert.equal(post.statusCode, 403);
      assert.equal(post.json().error.code, 'FORBIDDEN');
      const patch = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/roads.pothole', headers: { authorization: who.authorization }, payload: { defaultPriority: 'urgent' } });
      assert.equal(patch.statusCode, 403);
      assert.equal(patch.json().error.code, 'FORBIDDEN');
    }
    assert.equal(await categoryCount(ctx), before);
    assert.equal(await auditCount(ctx), auditBefore);
    assert.equal((await ctx.app.inject({ url: '/api/v1/categories/roads.pothole' })).json().defaultPriority, 'normal');
    assert.equal((await ctx.app.inject({ url: '/api/v1/categories/hacked' })).statusCode, 404);
  });

  test('an inactive category is hidden from the list unless includeInactive=true', async () => {
    const admin = await asCityAdmin(ctx.db);
    const totalBefore = (await ctx.app.inject({ url: '/api/v1/categories' })).json().total as number;
    const off = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/noise.business', headers: { authorization: admin.authorization }, payload: { active: false } });
    assert.equal(off.statusCode, 200);
    assert.equal(off.json().active, false);

    const visible = (await ctx.app.inject({ url: '/api/v1/categories' })).json() as { items: CategoryBody[]; total: number };
    assert.equal(visible.total, totalBefore - 1);
    assert.ok(!visible.items.some((c) => c.code === 'noise.business'));
    assert.ok(visible.items.some((c) => c.code === 'noise.karaoke'));
    const explicitFalse = (await ctx.app.inject({ url: '/api/v1/categories?includeInactive=false' })).json();
    assert.equal(explicitFalse.total, totalBefore - 1);

    const all = (await ctx.app.inject({ url: '/api/v1/categories?includeInactive=true' })).json() as { items: CategoryBody[]; total: number };
    assert.equal(all.total, totalBefore);
    assert.equal(all.items.find((c) => c.code === 'noise.business')!.active, false);
    // Still readable on its own (existing reports refer to it).
    assert.equal((await ctx.app.inject({ url: '/api/v1/categories/noise.business' })).json().active, false);

    const bad = await ctx.app.inject({ url: '/api/v1/categories?includeInactive=maybe' });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(fields(bad.json()), ['querystring.includeInactive']);

    const on = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/noise.business', headers: { authorization: admin.authorization }, payload: { active: true } });
    assert.equal(on.json().active, true);
    assert.equal((await ctx.app.inject({ url: '/api/v1/categories' })).json().total, totalBefore);
  });

  test('after deactivating a group the public list still names only listed parents', async () => {
    // A client builds its tree in one pass from this list; a child whose group is hidden
    // would point at nothing. Either the group cannot be deactivated while it has active
    // children, or its children disappear from the list with it.
    const admin = await asCityAdmin(ctx.db);
    const res = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/categories/other', headers: { authorization: admin.authorization }, payload: { active: false } });
    assert.ok(res.statusCode === 200 || res.statusCode === 422 || res.statusCode === 409, `status ${res.statusCode}`);
    const { items } = (await ctx.app.inject({ url: '/api/v1/categories' })).json() as { items: CategoryBody[] };
    const listed = new Set(items.map((c) => c.code));
    const orphans = items.filter((c) => c.parentCode !== null && !listed.has(c.parentCode)).map((c) => c.code);
    assert.deepEqual(orphans, []);
  });

  test('the audit chain still verifies', async () => {
    const admin = await asCityAdmin(ctx.db);
    const res = (await ctx.app.inject({ url: '/api/v1/audit/verify', headers: { authorization: admin.authorization } })).json();
    assert.equal(res.ok, true);
  });
});
