/** The unit work queues: views, counts, sort, filters, paging and who may look. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { describeEachDatabase, signIn } from '../../../../test/helpers/testApp.js';
import { units } from '../../../db/schema/index.js';
import { fixtureContext, insertReport } from '../lifecycle/testing/insertReport.js';

describeEachDatabase('unit queues', (ctx) => {
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  before(async () => {
    const fixture = await fixtureContext(ctx.db);
    const unitId = async (code: string) => (await ctx.db.select({ id: units.id }).from(units).where(eq(units.code, code)))[0]!.id;
    const ward = await unitId('ubnd-00070');
    const hours = (n: number) => new Date(Date.now() + n * 3_600_000);
    const add = async (name: string, options: Parameters<typeof insertReport>[1]) => { ids[name] = (await insertReport(fixture, options)).publicId; };
    // Submitted a day apart, so accept-by and created order agree.
    await add('newOld', { submittedAt: hours(-72) });
    await add('newDueSoon', { submittedAt: hours(-48), set: { dueSoon: true } });
    await add('karaoke', { submittedAt: hours(-24), categoryCode: 'noise.karaoke', description: 'Quán karaoke hát ồn ào sau 23 giờ đêm.' });
    await add('acceptedOverdue', { submittedAt: hours(-200), set: { status: 'accepted', acceptedAt: hours(-190), resolveBy: hours(-2), overdue: true } });
    await add('reopened', { submittedAt: hours(-300), set: { status: 'in_progress', acceptedAt: hours(-290), resolveBy: hours(30), reopenCount: 1 } });
    await add('resolved', { submittedAt: hours(-400), set: { status: 'resolved', acceptedAt: hours(-390), resolveBy: hours(-300), resolvedAt: hours(-310), answerText: 'Xong' } });
    await add('incoming', { submittedAt: hours(-10), unitCode: 'ubnd-00004', areaId: '00004', set: { pendingTransferUnitId: ward } });
    await add('escalatedElsewhere', { submittedAt: hours(-500), unitCode: 'ubnd-00004', areaId: '00004', set: { overdue: true, escalatedAt: hours(-400) } });
    tokens.wardIntake = (await signIn(ctx.db, { kind: 'official', roles: ['intake'], unitCode: 'ubnd-00070' })).authorization;
    tokens.otherWard = (await signIn(ctx.db, { kind: 'official', roles: ['handler', 'supervisor'], unitCode: 'ubnd-00004' })).authorization;
    tokens.citySupervisor = (await signIn(ctx.db, { kind: 'official', roles: ['supervisor'], unitCode: 'ha-noi' })).authorization;
    tokens.cityAdmin = (await signIn(ctx.db, { kind: 'official', roles: ['city_admin'] })).authorization;
    tokens.citizen = (await signIn(ctx.db, { kind: 'citizen' })).authorization;
  });

  const queue = (who: string | null, unitCode: string, query = '') => ctx.app.inject({
    url: `/api/v1/queues/${unitCode}${query ? `?${query}` : ''}`, headers: who ? { authorization: tokens[who]! } : {},
  });
  const publicIds = (body: { items: Array<{ publicId: string }> }) => body.items.map((i) => i.publicId);

  test('counts per view, and the "all" view of the unit', async () => {
    const res = await queue('wardIntake', 'ubnd-00070');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.unit, { code: 'ubnd-00070', name: body.unit.name });
    assert.deepEqual(body.counts, { new: 3, dueSoon: 1, overdue: 1, inProgress: 2, reopened: 1, pendingTransfer: 1, escalated: 0 });
    assert.equal(body.view, 'all');
    assert.equal(body.total, 6);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  test('each view lists its reports, sorted by the deadline that applies', async () => {
    const view = async (name: string) => publicIds((await queue('wardIntake', 'ubnd-00070', `view=${name}`)).json());
    assert.deepEqual(await view('new'), [ids.newOld, ids.newDueSoon, ids.karaoke]);
    assert.deepEqual(await view('due_soon'), [ids.newDueSoon]);
    assert.deepEqual(await view('overdue'), [ids.acceptedOverdue]);
    assert.deepEqual(await view('in_progress'), [ids.acceptedOverdue, ids.reopened], 'resolve-by −2 h before +30 h');
    assert.deepEqual(await view('reopened'), [ids.reopened]);
    assert.deepEqual(await view('pending_transfer'), [ids.incoming], 'transfers waiting for this unit');
    const all = await view('all');
    assert.equal(all.at(-1), ids.resolved, 'no deadline applies to an answered report: last');
    const item = (await queue('wardIntake', 'ubnd-00070', 'view=overdue')).json().items[0];
    assert.deepEqual([item.deadlineKind, item.overdue, item.category.code, item.assignedUnit.code], ['resolve', true, 'roads.pothole', 'ubnd-00070']);
    const incoming = (await queue('wardIntake', 'ubnd-00070', 'view=pending_transfer')).json().items[0];
    assert.deepEqual([incoming.assignedUnit.code, incoming.pendingTransferUnit.code], ['ubnd-00004', 'ubnd-00070']);
  });

  test('sort by created (newest first), paging, filters by category group, ward and text without diacritics', async () => {
    const created = publicIds((await queue('wardIntake', 'ubnd-00070', 'view=new&sort=created')).json());
    assert.deepEqual(created, [ids.karaoke, ids.newDueSoon, ids.newOld]);
    const page2 = (await queue('wardIntake', 'ubnd-00070', 'view=new&pageSize=2&page=2')).json();
    assert.deepEqual([publicIds(page2), page2.total, page2.page, page2.pageSize], [[ids.karaoke], 3, 2, 2]);
    const noise = (await queue('wardIntake', 'ubnd-00070', 'categoryCode=noise')).json();
    assert.deepEqual(publicIds(noise), [ids.karaoke]);
    assert.deepEqual(noise.counts, { new: 1, dueSoon: 0, overdue: 0, inProgress: 0, reopened: 0, pendingTransfer: 0, escalated: 0 }, 'counts follow the filters');
    assert.deepEqual(publicIds((await queue('wardIntake', 'ubnd-00070', `q=${encodeURIComponent('on ao')}`)).json()), [ids.karaoke]);
    assert.deepEqual(publicIds((await queue('wardIntake', 'ubnd-00070', `q=${ids.reopened}`)).json()), [ids.reopened]);
    assert.equal((await queue('wardIntake', 'ubnd-00070', 'areaId=00004')).json().total, 0);
    const unknown = await queue('wardIntake', 'ubnd-00070', 'categoryCode=khong-co');
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.details[0].field, 'querystring.categoryCode');
    const badView = await queue('wardIntake', 'ubnd-00070', 'view=everything');
    assert.equal(badView.statusCode, 422);
    assert.equal((await queue('wardIntake', 'ubnd-00070', 'pageSize=201')).statusCode, 422);
  });

  test('who may look: the unit, the units above it and the city admin; nobody else', async () => {
    assert.equal((await queue(null, 'ubnd-00070')).statusCode, 401);
    assert.equal((await queue('citizen', 'ubnd-00070')).statusCode, 403);
    const other = await queue('otherWard', 'ubnd-00070');
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().items, undefined);
    assert.equal((await queue('wardIntake', 'ha-noi')).statusCode, 403, 'not the unit above');
    assert.equal((await queue('citySupervisor', 'ubnd-00070')).statusCode, 200);
    assert.equal((await queue('cityAdmin', 'ubnd-00004')).statusCode, 200);
    assert.equal((await queue('cityAdmin', 'khong-co')).statusCode, 404);
  });

  test('the parent unit sees what was escalated to it from below', async () => {
    const res = await queue('citySupervisor', 'ha-noi', 'view=escalated');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(publicIds(res.json()), [ids.escalatedElsewhere]);
    assert.equal(res.json().counts.escalated, 1);
  });
});
