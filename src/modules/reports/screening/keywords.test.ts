import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { asCityAdmin, describeEachDatabase, signIn } from '../../../../test/helpers/testApp.js';
import { registerCitizen } from '../../../../test/helpers/citizen.js';
import { auditLog, reports, screeningKeywords } from '../../../db/schema/index.js';
import { fieldsOf, jpeg, pavementFields, photo, postReport } from '../submit/submitTestKit.js';
import { DEFAULT_SCREENING_KEYWORDS } from './defaultKeywords.js';
import { seedDefaultKeywords } from './keywordStore.js';

interface Keyword { id: string; kind: string; phrase: string; createdAt: string }

describeEachDatabase('screening keywords', (ctx) => {
  let admin: string;
  const url = '/api/v1/screening/keywords';
  const call = (method: 'GET' | 'POST' | 'DELETE', path: string, authorization?: string, payload?: object) =>
    ctx.app.inject({ method, url: path, headers: authorization ? { authorization } : {}, ...(payload ? { payload } : {}) });

  before(async () => {
    admin = (await asCityAdmin(ctx.db)).authorization;
  });

  test('the defaults are seeded once, at start', async () => {
    const res = await call('GET', url, admin);
    assert.equal(res.statusCode, 200, res.body);
    const { items, total } = res.json() as { items: Keyword[]; total: number };
    const expected = Object.values(DEFAULT_SCREENING_KEYWORDS).flat().length;
    assert.equal(total, expected);
    assert.ok(items.some((k) => k.kind === 'complaint_denunciation' && k.phrase === 'tố cáo'));
    const secrets = (await call('GET', `${url}?kind=state_secret`, admin)).json() as { items: Keyword[] };
    assert.ok(secrets.items.length > 0 && secrets.items.every((k) => k.kind === 'state_secret'));
    // Seeding again does nothing, and a deleted default does not come back.
    const tocao = items.find((k) => k.phrase === 'tố cáo')!;
    assert.equal((await call('DELETE', `${url}/${tocao.id}`, admin)).statusCode, 204);
    assert.deepEqual(await seedDefaultKeywords(ctx.db), { seeded: 0 });
    assert.equal((await ctx.db.select({ n: count() }).from(screeningKeywords).where(eq(screeningKeywords.phrase, 'tố cáo')))[0]!.n, 0);
    await call('POST', url, admin, { kind: 'complaint_denunciation', phrase: 'tố cáo' });
  });

  test('only a city admin reads or edits the list (401 / 403)', async () => {
    const citizen = await signIn(ctx.db, { kind: 'citizen', identityLevel: 2 });
    const wardAdmin = await signIn(ctx.db, { kind: 'official', roles: ['unit_admin', 'intake'], unitCode: 'ubnd-00070' });
    const before = (await ctx.db.select({ n: count() }).from(screeningKeywords))[0]!.n;
    for (const [who, authorization, status] of [['nobody', undefined, 401], ['citizen', citizen.authorization, 403], ['ward admin', wardAdmin.authorization, 403]] as const) {
      assert.equal((await call('GET', url, authorization)).statusCode, status, who);
      assert.equal((await call('POST', url, authorization, { kind: 'abuse', phrase: 'đồ lười' })).statusCode, status, who);
      assert.equal((await call('DELETE', `${url}/00000000-0000-4000-8000-000000000000`, authorization)).statusCode, status, who);
    }
    assert.equal((await ctx.db.select({ n: count() }).from(screeningKeywords))[0]!.n, before);
  });

  test('add and remove, audited; a new word flags the next submit at once', async () => {
    const added = await call('POST', url, admin, { kind: 'spam', phrase: '  Mua  Bán Sim Số ĐẸP ' });
    assert.equal(added.statusCode, 201, added.body);
    const keyword = added.json() as Keyword;
    assert.deepEqual([keyword.kind, keyword.phrase], ['spam', 'mua bán sim số đẹp']);
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'screening.keyword.add'), eq(auditLog.entityId, keyword.id)));
    assert.equal(audit.length, 1);

    const duplicate = await call('POST', url, admin, { kind: 'spam', phrase: 'MUA BÁN SIM SỐ ĐẸP' });
    assert.equal(duplicate.statusCode, 409, duplicate.body);
    const bad = await call('POST', url, admin, { kind: 'rude', phrase: '!!' });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().error.details.map((d: { field: string }) => d.field).sort(), ['body.kind']);
    assert.equal((await call('POST', url, admin, { kind: 'abuse', phrase: '!!' })).statusCode, 422);

    const citizen = await registerCitizen(ctx);
    const submitted = await postReport(ctx.app, citizen.authorization, [
      ...fieldsOf(pavementFields({ description: 'Có người dán quảng cáo mua bán sim số đẹp kín cả bốt điện trên vỉa hè.' })), photo(await jpeg(200, 150)),
    ]);
    assert.equal(submitted.statusCode, 201, submitted.body);
    const [row] = await ctx.db.select().from(reports).where(eq(reports.publicId, submitted.json().publicId));
    assert.deepEqual(row!.screeningFlags, [{ kind: 'spam', evidence: '"mua bán sim số đẹp"' }]);

    assert.equal((await call('DELETE', `${url}/${keyword.id}`, admin)).statusCode, 204);
    assert.equal((await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'screening.keyword.remove'), eq(auditLog.entityId, keyword.id)))).length, 1);
    assert.equal((await call('DELETE', `${url}/${keyword.id}`, admin)).statusCode, 404);
    assert.equal((await call('DELETE', `${url}/not-a-uuid`, admin)).statusCode, 422);
  });
});
