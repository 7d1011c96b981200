import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { asCityAdmin, describeEachDatabase, signIn, type TestContext } from '../../../test/helpers/testApp.js';
import { auditLog, routingRules } from '../../db/schema/index.js';

interface Resolution { unit: { id: string; code: string; name: string }; reason: string; ruleId?: string; areaId: string | null }
interface RuleBody { id: string; categoryCode: string | null; areaId: string | null; unitCode: string; note: string }
interface FieldProblem { field: string; message: string }

/** Hoàn Kiếm Lake, ward 00070. */
const HOAN_KIEM = { lat: 21.0285, lon: 105.8542 };
/** Ba Đình Square, ward 00004. */
const BA_DINH = { lat: 21.0368, lon: 105.8346 };

const fields = (body: { error: { details?: FieldProblem[] } }): string[] => (body.error.details ?? []).map((d) => d.field).sort();

async function ruleCount(ctx: TestContext): Promise<number> {
  return (await ctx.db.select({ n: count() }).from(routingRules))[0]!.n;
}
async function auditCount(ctx: TestContext): Promise<number> {
  return (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;
}

describeEachDatabase('routing rules API', (ctx) => {
  let admin: { authorization: string; userId: string };
  // Runs after the harness's own `before`, which fills ctx.
  before(async () => { admin = await asCityAdmin(ctx.db); });

  async function resolve(category: string, at?: { lat: number; lon: number }, lang?: 'en'): Promise<Resolution> {
    const qs = new URLSearchParams({ category, ...(at ? { lat: String(at.lat), lon: String(at.lon) } : {}), ...(lang ? { lang } : {}) });
    const res = await ctx.app.inject({ url: `/api/v1/routing-rules/resolve?${qs}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Resolution;
  }
  /** unit code, reason and rule id, to compare in one assertion. */
  async function route(category: string, at?: { lat: number; lon: number }): Promise<[string, string, string | undefined]> {
    const r = await resolve(category, at);
    return [r.unit.code, r.reason, r.ruleId];
  }
  async function addRule(payload: Record<string, unknown>): Promise<RuleBody> {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/routing-rules', headers: { authorization: admin.authorization }, payload });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as RuleBody;
  }
  async function removeRule(id: string): Promise<void> {
    const res = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/routing-rules/${id}`, headers: { authorization: admin.authorization } });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal(res.body, '');
  }

  test('the test points fall in the wards they are named after', async () => {
    for (const [point, ward] of [[HOAN_KIEM, '00070'], [BA_DINH, '00004']] as const) {
      const area = (await ctx.app.inject({ url: `/api/v1/areas/lookup?lat=${point.lat}&lon=${point.lon}` })).json();
      assert.equal(area.area.id, ward);
    }
  });

  test('without rules: the ward’s People’s Committee, unless the category names a handling unit', async () => {
    const ward = await resolve('roads.pothole', HOAN_KIEM);
    assert.equal(ward.unit.code, 'ubnd-00070');
    assert.equal(ward.unit.name, 'UBND phường Hoàn Kiếm');
    assert.equal(ward.reason, 'ward_default');
    assert.equal(ward.areaId, '00070');
    assert.equal(ward.ruleId, undefined);
    const wardEn = await resolve('roads.pothole', HOAN_KIEM, 'en');
    assert.equal(wardEn.unit.name, "Hoan Kiem Ward People's Committee");
    const unitRow = (await ctx.app.inject({ url: '/api/v1/units/ubnd-00070' })).json();
    assert.equal(ward.unit.id, unitRow.id);

    assert.deepEqual(await route('roads.pothole', BA_DINH), ['ubnd-00004', 'ward_default', undefined]);

    const police = await resolve('scams.online', HOAN_KIEM);
    assert.equal(police.unit.code, 'cong-an-tp');
    assert.equal(police.unit.name, 'Công an Thành phố Hà Nội');
    assert.equal(police.reason, 'category_default');
    assert.equal(police.areaId, '00070');
    // An online scam has no place: the category's unit still handles it.
    const nowhere = await resolve('scams.online');
    assert.equal(nowhere.unit.code, 'cong-an-tp');
    assert.equal(nowhere.reason, 'category_default');
    assert.equal(nowhere.areaId, null);
    assert.deepEqual(await route('lighting.lamp_out', HOAN_KIEM), ['hapulico', 'category_default', undefined]);
    // A group can be resolved too.
    assert.deepEqual(await route('scams', BA_DINH), ['cong-an-tp', 'category_default', undefined]);

    // A ward-handled category needs a place.
    const noPlace = await ctx.app.inject({ url: '/api/v1/routing-rules/resolve?category=roads.pothole' });
    assert.equal(noPlace.statusCode, 422);
    assert.deepEqual(fields(noPlace.json()), ['querystring.lat']);
  });

  test('resolve refuses half a position, a place outside the city and an unknown category', async () => {
    const latOnly = await ctx.app.inject({ url: '/api/v1/routing-rules/resolve?category=roads.pothole&lat=21.0285' });
    assert.equal(latOnly.statusCode, 422);
    assert.equal(latOnly.json().error.code, 'VALIDATION_FAILED');
    assert.deepEqual(fields(latOnly.json()), ['querystring.lon']);
    const lonOnly = await ctx.app.inject({ url: '/api/v1/routing-rules/resolve?category=roads.pothole&lon=105.8542' });
    assert.deepEqual(fields(lonOnly.json()), ['querystring.lat']);

    const saigon = await ctx.app.inject({ url: '/api/v1/routing-rules/resolve?category=roads.pothole&lat=10.7769&lon=106.7009&lang=en' });
    assert.equal(saigon.statusCode, 422);
    assert.equal(saigon.json().error.code, 'OUTSIDE_CITY');
    assert.match(saigon.json().error.message, /outside/);

    const range = await ctx.app.inject({ url: '/api/v1/routing-rules/resolve?category=roads.pothole&lat=95&lon=105.8' });
    assert.equal(range.statusCode, 422);
    assert.deepEqual(fields(range.json()), ['querystring.lat']);
    const noCategory = await ctx.app.inject({ url: '/api/v1/routing-rules/resolve?lat=21.0285&lon=105.8542' });
    assert.deepEqual(fields(noCategory.json()), ['querystring.category']);

    const unknown = await ctx.app.inject({ url: '/api/v1/routing-rules/resolve?category=khong.co&lat=21.0285&lon=105.8542' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'NOT_FOUND');
  });

  test('rules win in order: category+ward over category over ward; deleting each restores the one below', async () => {
    const wardRule = await addRule({ areaId: '00070', unitCode: 'urenco', note: 'ward-wide' });
    assert.deepEqual(wardRule, { id: wardRule.id, categoryCode: null, areaId: '00070', unitCode: 'urenco', note: 'ward-wide' });
    assert.deepEqual(await route('roads.pothole', HOAN_KIEM), ['urenco', 'rule_area', wardRule.id]);
    assert.deepEqual(await route('trees.pruning', HOAN_KIEM), ['urenco', 'rule_area', wardRule.id]);
    assert.deepEqual(await route('roads.pothole', BA_DINH), ['ubnd-00004', 'ward_default', undefined], 'the ward rule stays in its ward');

    const categoryRule = await addRule({ categoryCode: 'roads.pothole', unitCode: 'so-xay-dung' });
    assert.equal(categoryRule.note, '');
    assert.deepEqual(await route('roads.pothole', HOAN_KIEM), ['so-xay-dung', 'rule_category', categoryRule.id]);
    assert.deepEqual(await route('roads.pothole', BA_DINH), ['so-xay-dung', 'rule_category', categoryRule.id]);
    assert.deepEqual(await route('roads.pothole'), ['so-xay-dung', 'rule_category', categoryRule.id], 'a category rule needs no place');
    assert.deepEqual(await route('trees.pruning', HOAN_KIEM), ['urenco', 'rule_area', wardRule.id], 'other categories keep the ward rule');

    const bothRule = await addRule({ categoryCode: 'roads.pothole', areaId: '00070', unitCode: 'thoat-nuoc-ha-noi' });
    assert.equal(bothRule.categoryCode, 'roads.pothole');
    assert.equal(bothRule.areaId, '00070');
    const both = await resolve('roads.pothole', HOAN_KIEM, 'en');
    assert.equal(both.unit.code, 'thoat-nuoc-ha-noi');
    assert.equal(both.unit.name, 'Hanoi Sewerage and Drainage Company (SADCO)');
    assert.equal(both.reason, 'rule_category_area');
    assert.equal(both.ruleId, bothRule.id);
    assert.equal(both.areaId, '00070');
    assert.deepEqual(await route('roads.pothole', BA_DINH), ['so-xay-dung', 'rule_category', categoryRule.id]);

    await removeRule(bothRule.id);
    assert.deepEqual(await route('roads.pothole', HOAN_KIEM), ['so-xay-dung', 'rule_category', categoryRule.id]);
    await removeRule(categoryRule.id);
    assert.deepEqual(await route('roads.pothole', HOAN_KIEM), ['urenco', 'rule_area', wardRule.id]);
    await removeRule(wardRule.id);
    assert.deepEqual(await route('roads.pothole', HOAN_KIEM), ['ubnd-00070', 'ward_default', undefined]);
    assert.equal(await ruleCount(ctx), 0);
  });

  test('a rule on a group applies to its children; a child’s own rule is more specific', async () => {
    const group = await addRule({ categoryCode: 'roads', unitCode: 'so-xay-dung' });
    assert.deepEqual(await route('roads.subsidence', HOAN_KIEM), ['so-xay-dung', 'rule_category', group.id]);
    assert.deepEqual(await route('roads.pothole', BA_DINH), ['so-xay-dung', 'rule_category', group.id]);
    assert.deepEqual(await route('roads', HOAN_KIEM), ['so-xay-dung', 'rule_category', group.id]);
    assert.deepEqual(await route('trees.pruning', HOAN_KIEM), ['ubnd-00070', 'ward_default', undefined], 'other groups are untouched');

    // A group rule also overrides the category's own handling unit.
    const lighting = await addRule({ categoryCode: 'lighting', unitCode: 'urenco' });
    assert.deepEqual(await route('lighting.lamp_out', HOAN_KIEM), ['urenco', 'rule_category', lighting.id]);

    const child = await addRule({ categoryCode: 'roads.pothole', unitCode: 'urenco' });
    assert.deepEqual(await route('roads.pothole', HOAN_KIEM), ['urenco', 'rule_category', child.id]);
    assert.deepEqual(await route('roads.subsidence', HOAN_KIEM), ['so-xay-dung', 'rule_category', group.id]);

    // (group, ward) is more specific than (child, anywhere); (child, ward) beats both.
    const groupWard = await addRule({ categoryCode: 'roads', areaId: '00070', unitCode: 'thoat-nuoc-ha-noi' });
    assert.deepEqual(await route('roads.pothole', HOAN_KIEM), ['thoat-nuoc-ha-noi', 'rule_category_area', groupWard.id]);
    assert.deepEqual(await route('roads.pothole', BA_DINH), ['urenco', 'rule_category', child.id]);
    const childWard = await addRule({ categoryCode: 'roads.pothole', areaId: '00070', unitCode: 'ubnd-00004' });
    assert.deepEqual(await route('roads.pothole', HOAN_KIEM), ['ubnd-00004', 'rule_category_area', childWard.id]);
    assert.deepEqual(await route('roads.subsidence', HOAN_KIEM), ['thoat-nuoc-ha-noi', 'rule_category_area', groupWard.id]);

    for (const rule of [childWard, groupWard, child, lighting, group]) await removeRule(rule.id);
    assert.deepEqual(await route('roads.pothole', HOAN_KIEM), ['ubnd-00070', 'ward_default', undefined]);
    assert.deepEqual(await route('lighting.lamp_out', HOAN_KIEM), ['hapulico', 'category_default', undefined]);
  });

  test('bad rules are refused naming the field; a second rule for the same scope is 409; nothing is written', async () => {
    const kept = await addRule({ categoryCode: 'waste.uncollected', areaId: '00070', unitCode: 'urenco' });
    const wardOnly = await addRule({ areaId: '00004', unitCode: 'urenco' });
    const categoryOnly = await addRule({ categoryCode: 'waste.uncollected', unitCode: 'urenco' });
    const rulesBefore = await ruleCount(ctx);
    const auditBefore = await auditCount(ctx);
    const post = (payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: '/api/v1/routing-rules', headers: { authorization: admin.authorization }, payload });

    const neither = await post({ unitCode: 'urenco' });
    assert.equal(neither.statusCode, 422);
    assert.equal(neither.json().error.code, 'VALIDATION_FAILED');
    assert.deepEqual(fields(neither.json()), ['body.categoryCode']);

    for (const [payload, field] of [
      [{ categoryCode: 'roads.pothole', unitCode: 'khong-co' }, 'body.unitCode'],
      [{ categoryCode: 'khong.co', unitCode: 'urenco' }, 'body.categoryCode'],
      [{ areaId: '99999', unitCode: 'urenco' }, 'body.areaId'],
      [{ categoryCode: 'roads.pothole', areaId: '99999', unitCode: 'urenco' }, 'body.areaId'],
      [{ categoryCode: 'roads.pothole' }, 'body.unitCode'],
      [{ categoryCode: 'roads.pothole', unitCode: 'urenco', priority: 1 }, 'body.priority'],
      [{ categoryCode: '', unitCode: 'urenco' }, 'body.categoryCode'],
    ] as const) {
      const res = await post(payload);
      assert.equal(res.statusCode, 422, JSON.stringify(payload));
      assert.deepEqual(fields(res.json()), [field], JSON.stringify(payload));
    }

    for (const scope of [
      { categoryCode: 'waste.uncollected', areaId: '00070' },
      { areaId: '00004' },
      { categoryCode: 'waste.uncollected' },
    ]) {
      const res = await post({ ...scope, unitCode: 'so-xay-dung' });
      assert.equal(res.statusCode, 409, `${JSON.stringify(scope)}: ${res.body}`);
      assert.equal(res.json().error.code, 'CONFLICT');
    }
    assert.equal(await ruleCount(ctx), rulesBefore);
    assert.equal(await auditCount(ctx), auditBefore);
    // The originals still route.
    assert.deepEqual(await route('waste.uncollected', HOAN_KIEM), ['urenco', 'rule_category_area', kept.id]);

    for (const rule of [kept, wardOnly, categoryOnly]) await removeRule(rule.id);
  });

  test('only a city admin may add or remove rules', async () => {
    const rule = await addRule({ categoryCode: 'noise.karaoke', unitCode: 'cong-an-tp' });
    const citizen = await signIn(ctx.db, { kind: 'citizen', identityLevel: 2 });
    const wardAdmin = await signIn(ctx.db, { kind: 'official', roles: ['unit_admin'], unitCode: 'ubnd-00070' });
    const rulesBefore = await ruleCount(ctx);
    const auditBefore = await auditCount(ctx);
    const payload = { categoryCode: 'noise.construction', unitCode: 'urenco' };

    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/v1/routing-rules', payload });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'UNAUTHENTICATED');
    assert.equal((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/routing-rules/${rule.id}` })).statusCode, 401);
    for (const who of [citizen, wardAdmin]) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/routing-rules', headers: { authorization: who.authorization }, payload });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'FORBIDDEN');
      const del = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/routing-rules/${rule.id}`, headers: { authorization: who.authorization } });
      assert.equal(del.statusCode, 403);
    }
    assert.equal(await ruleCount(ctx), rulesBefore);
    assert.equal(await auditCount(ctx), auditBefore);
    assert.deepEqual(await route('noise.karaoke', HOAN_KIEM), ['cong-an-tp', 'rule_category', rule.id]);
    assert.deepEqual(await route('noise.construction', HOAN_KIEM), ['ubnd-00070', 'ward_default', undefined]);
    await removeRule(rule.id);
  });

  test('deleting an unknown rule is 404; a malformed id is 422', async () => {
    const missing = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/routing-rules/00000000-0000-4000-8000-000000000000', headers: { authorization: admin.authorization } });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'NOT_FOUND');
    const bad = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/routing-rules/not-a-uuid', headers: { authorization: admin.authorization } });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(fields(bad.json()), ['params.id']);
  });

  test('the list is paginated and shows codes, not ids', async () => {
    assert.equal(await ruleCount(ctx), 0);
    const created = [
      await addRule({ categoryCode: 'animals.stray_dogs', unitCode: 'ubnd-00070', note: 'một' }),
      await addRule({ areaId: '00004', unitCode: 'urenco', note: 'hai' }),
      await addRule({ categoryCode: 'animals.dead_animal', areaId: '00004', unitCode: 'urenco', note: 'ba' }),
    ];
    const p1 = (await ctx.app.inject({ url: '/api/v1/routing-rules?pageSize=2' })).json();
    assert.equal(p1.total, 3);
    assert.equal(p1.page, 1);
    assert.equal(p1.pageSize, 2);
    assert.equal(p1.items.length, 2);
    const p2 = (await ctx.app.inject({ url: '/api/v1/routing-rules?pageSize=2&page=2' })).json();
    assert.equal(p2.total, 3);
    assert.equal(p2.items.length, 1);
    const listed = [...p1.items, ...p2.items] as RuleBody[];
    assert.deepEqual(
      listed.map((r) => r.id).sort(),
      created.map((r) => r.id).sort(),
    );
    const byId = new Map(listed.map((r) => [r.id, r]));
    for (const rule of created) assert.deepEqual(byId.get(rule.id), rule);
    assert.deepEqual(byId.get(created[1]!.id), { id: created[1]!.id, categoryCode: null, areaId: '00004', unitCode: 'urenco', note: 'hai' });

    const tooBig = await ctx.app.inject({ url: '/api/v1/routing-rules?pageSize=201' });
    assert.equal(tooBig.statusCode, 422);
    assert.deepEqual(fields(tooBig.json()), ['querystring.pageSize']);
    for (const rule of created) await removeRule(rule.id);
    assert.equal((await ctx.app.inject({ url: '/api/v1/routing-rules' })).json().total, 0);
  });

  test('every create and delete above is in the audit log, and the chain verifies', async () => {
    const creates = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'routingRule.create'));
    const deletes = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'routingRule.delete'));
    // 3 + 5 + 3 + 1 + 3 rules were created above, and each one deleted.
    assert.equal(creates.length, 15);
    assert.equal(deletes.length, 15);
    assert.deepEqual(new Set(creates.map((r) => r.entityId)), new Set(deletes.map((r) => r.entityId)));
    assert.ok([...creates, ...deletes].every((r) => r.entityType === 'routing_rule' && r.actorId === admin.userId));

    const firstCreate = creates.find((r) => r.data.note === 'ward-wide');
    assert.deepEqual(firstCreate?.data, { areaId: '00070', unitCode: 'urenco', note: 'ward-wide' });
    const itsDelete = (await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'routingRule.delete'), eq(auditLog.entityId, firstCreate!.entityId))))[0]!;
    const previous = itsDelete.data.previous as Record<string, unknown>;
    assert.equal(previous.id, firstCreate!.entityId);
    assert.equal(previous.areaId, '00070');
    assert.equal(previous.categoryId, null);

    const viaApi = (await ctx.app.inject({ url: '/api/v1/audit/entries?entityType=routing_rule&pageSize=200', headers: { authorization: admin.authorization } })).json();
    assert.equal(viaApi.total, 30);
    const verify = (await ctx.app.inject({ url: '/api/v1/audit/verify', headers: { authorization: admin.authorization } })).json();
    assert.equal(verify.ok, true);
  });
});
