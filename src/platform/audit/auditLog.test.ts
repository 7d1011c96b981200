import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq, sql } from 'drizzle-orm';
import { describeEachDatabase, asCityAdmin } from '../../../test/helpers/testApp.js';
import { auditLog, units } from '../../db/schema/index.js';
import { canonicalJson } from './canonicalJson.js';
import { recordAudit, verifyAuditChain, SYSTEM_ACTOR } from './auditLog.js';

test('canonical JSON ignores key order and undefined, keeps array order', () => {
  assert.equal(canonicalJson({ b: 1, a: [2, 1], c: undefined }), canonicalJson({ a: [2, 1], b: 1 }));
  assert.notEqual(canonicalJson({ a: [1, 2] }), canonicalJson({ a: [2, 1] }));
  assert.equal(canonicalJson({ z: { y: 1, x: null } }), '{"z":{"x":null,"y":1}}');
});

describeEachDatabase('audit log', (ctx) => {
  test('reference data loading is the first audited action, and the chain verifies', async () => {
    const [first] = await ctx.db.select().from(auditLog).orderBy(auditLog.id).limit(1);
    assert.equal(first!.action, 'referenceData.load');
    assert.equal(first!.prevHash, '0'.repeat(64));
    const result = await verifyAuditChain(ctx.db);
    assert.equal(result.ok, true);
    assert.ok(result.rowsChecked >= 1);
  });

  test('an audited API change writes one row with who, what and from where', async () => {
    const { authorization, userId } = await asCityAdmin(ctx.db);
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/v1/units', headers: { authorization, 'x-request-id': 'req-audit-1' },
      payload: { code: 'ban-dan-van', parentCode: 'ha-noi', kind: 'office', nameVi: 'Ban Dân vận', nameEn: 'Mass Mobilisation Board' },
    });
    assert.equal(res.statusCode, 201);
    const rows = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, res.json().id));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.action, 'unit.create');
    assert.equal(rows[0]!.actorId, userId);
    assert.equal(rows[0]!.requestId, 'req-audit-1');
    assert.equal(rows[0]!.ip, '127.0.0.1');
    assert.equal((rows[0]!.data as { code: string }).code, 'ban-dan-van');
  });

  test('a rolled-back change leaves neither the change nor its audit row', async () => {
    const before = (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;
    await assert.rejects(ctx.db.transaction(async (tx) => {
      await tx.insert(units).values({ code: 'rolled-back', kind: 'office', nameVi: 'x', nameEn: 'x' });
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'unit.create', entityType: 'unit', entityId: 'rolled-back' });
      throw new Error('fail after audit');
    }));
    assert.equal((await ctx.db.select({ n: count() }).from(auditLog))[0]!.n, before);
    assert.equal((await ctx.db.select().from(units).where(eq(units.code, 'rolled-back'))).length, 0);
  });

  test('concurrent writers still form one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.db.transaction(async (tx) => {
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'test.concurrent', entityType: 'test', entityId: String(i), data: { i } });
    })));
    const result = await verifyAuditChain(ctx.db, 7); // small batches exercise the paging
    assert.equal(result.ok, true);
    const hashes = await ctx.db.select({ prev: auditLog.prevHash }).from(auditLog);
    assert.equal(new Set(hashes.map((h) => h.prev)).size, hashes.length, 'no two rows chain onto the same predecessor');
  });

  test('the database refuses to update or delete audit rows', async () => {
    // Drizzle wraps the database error; the refusal is its cause.
    const refused = (err: unknown) => /append-only/.test(String((err as { cause?: unknown }).cause ?? err));
    await assert.rejects(ctx.db.update(auditLog).set({ action: 'changed' }).where(eq(auditLog.id, 1)), refused);
    await assert.rejects(ctx.db.delete(auditLog).where(eq(auditLog.id, 1)), refused);
    assert.equal((await verifyAuditChain(ctx.db)).ok, true);
  });

  test('tampering past the trigger is detected: an edited row, then a deleted one', async () => {
    const { authorization } = await asCityAdmin(ctx.db);
    const rows = await ctx.db.select().from(auditLog).orderBy(auditLog.id);
    const target = rows[2]!;
    // Someone with owner rights disables the guard and edits history.
    await ctx.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    try {
      await ctx.db.execute(sql`update audit_log set data = '{"forged": true}'::jsonb where id = ${target.id}`);
      const changed = await verifyAuditChain(ctx.db);
      assert.equal(changed.ok, false);
      assert.deepEqual(changed.firstBroken, { id: target.id, reason: 'content_changed' });
      const api = await ctx.app.inject({ url: '/api/v1/audit/verify', headers: { authorization } });
      assert.deepEqual(api.json().firstBroken, { id: target.id, reason: 'content_changed' });

      // Put the original back: the chain holds again, which shows the check is exact.
      await ctx.db.update(auditLog).set({ data: target.data }).where(eq(auditLog.id, target.id));
      assert.equal((await verifyAuditChain(ctx.db)).ok, true);

      await ctx.db.delete(auditLog).where(eq(auditLog.id, rows[4]!.id));
      const deleted = await verifyAuditChain(ctx.db);
      assert.deepEqual(deleted.firstBroken, { id: rows[5]!.id, reason: 'link_broken' });
    } finally {
      await ctx.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    }
  });
});
