/**
 * The deadline sweep with explicit `now` values: due soon and overdue on the right working hour
 * across Tết 2026 (holidays 16–20 February, office hours 08–12 and 13–17 in Hanoi), escalation
 * once, auto-close after 7 days, batches, and the admin endpoint.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { describeEachDatabase, signIn } from '../../../../test/helpers/testApp.js';
import { auditLog, outboxEvents, reportEvents, reports } from '../../../db/schema/index.js';
import { verifyAuditChain } from '../../../platform/audit/auditLog.js';
import { fixtureContext, insertReport, type FixtureContext } from '../lifecycle/testing/insertReport.js';
import { sweepDeadlines } from './sweepDeadlines.js';

const at = (local: string) => new Date(`${local}+07:00`);

describeEachDatabase('deadline sweep', (ctx) => {
  let fixture: FixtureContext;
  before(async () => { fixture = await fixtureContext(ctx.db); });

  const sweep = (now: Date, batchSize?: number) => sweepDeadlines(fixture, now, batchSize ? { batchSize } : {});
  const rowOf = async (id: string) => (await ctx.db.select().from(reports).where(eq(reports.id, id)))[0]!;
  const eventsOf = async (id: string) => (await ctx.db.select().from(reportEvents).where(eq(reportEvents.reportId, id)).orderBy(asc(reportEvents.id)));
  const typesOf = async (id: string) => (await eventsOf(id)).map((e) => e.type);

  test('across Tết: accept-by counts working hours only; due soon 4 working hours before, overdue the moment after', async () => {
    // Friday 13 Feb 2026, 15:00: 2 h that afternoon, then nothing until Monday 23 Feb (weekend,
    // Tết 16–20, weekend), 08–12 and 13–15 → due Monday 23 Feb 15:00.
    const afternoon = await insertReport(fixture, { submittedAt: at('2026-02-13T15:00:00') });
    assert.equal(afternoon.acceptBy.toISOString(), at('2026-02-23T15:00:00').toISOString());
    // Friday 10:00: 2 h + 4 h on Friday, 2 h on Monday → due Monday 23 Feb 10:00.
    const morning = await insertReport(fixture, { submittedAt: at('2026-02-13T10:00:00') });
    assert.equal(morning.acceptBy.toISOString(), at('2026-02-23T10:00:00').toISOString());

    const flags = async () => {
      const [a, m] = [await rowOf(afternoon.id), await rowOf(morning.id)];
      return { afternoon: [a.dueSoon, a.overdue, a.escalatedAt !== null], morning: [m.dueSoon, m.overdue, m.escalatedAt !== null] };
    };

    // Friday 15:30: the morning report has 1.5 + 2 = 3.5 working hours left (due soon); the other 7.5.
    await sweep(at('2026-02-13T15:30:00'));
    assert.deepEqual(await flags(), { afternoon: [false, false, false], morning: [true, false, false] });

    // Friday 20 Feb, a Tết holiday, a week after both deadlines would have passed in clock hours: not overdue.
    await sweep(at('2026-02-20T10:00:00'));
    assert.deepEqual(await flags(), { afternoon: [false, false, false], morning: [true, false, false] });
    assert.equal(fixture.calendar.current().workingHoursBetween(at('2026-02-20T10:00:00'), afternoon.acceptBy), 6);

    // Monday 23 Feb 09:00: 5 working hours left for the afternoon report — not yet due soon.
    await sweep(at('2026-02-23T09:00:00'));
    assert.deepEqual(await flags(), { afternoon: [false, false, false], morning: [true, false, false] });

    // 10:00 sharp: the morning report's deadline is met, not missed; the afternoon one has 4 h left.
    await sweep(at('2026-02-23T10:00:00'));
    assert.deepEqual(await flags(), { afternoon: [true, false, false], morning: [true, false, false] });

    // One second later the morning report is overdue, and escalated to the city at once.
    const result = await sweep(new Date(at('2026-02-23T10:00:00').getTime() + 1000));
    assert.ok(result.overdue >= 1 && result.escalated >= 1, JSON.stringify(result));
    assert.deepEqual(await flags(), { afternoon: [true, false, false], morning: [false, true, true] });

    await sweep(at('2026-02-23T15:00:00'));
    assert.deepEqual((await flags()).afternoon, [true, false, false], 'due at 15:00 is not overdue at 15:00');
    await sweep(at('2026-02-23T15:00:01'));
    assert.deepEqual((await flags()).afternoon, [false, true, true]);

    // Each transition recorded once, however many sweeps ran; internal, by the system.
    await sweep(at('2026-02-24T09:00:00'));
    assert.deepEqual(await typesOf(morning.id), ['submitted', 'due_soon', 'overdue', 'escalated']);
    assert.deepEqual(await typesOf(afternoon.id), ['submitted', 'due_soon', 'overdue', 'escalated']);
    const marks = (await eventsOf(morning.id)).slice(1);
    assert.ok(marks.every((e) => e.actorRole === 'system' && e.actorId === null && e.public === false));
    assert.deepEqual(marks.map((e) => e.data.deadlineKind ?? null), ['accept', 'accept', null]);
    assert.equal(marks[2]!.data.toUnitCode, 'ha-noi', 'escalated to the parent unit');
    assert.equal(marks[0]!.data.workingHoursLeft, 3.5);
    // The outbox has the same events: they are what notifies the unit and its supervisors.
    const outbox = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, morning.id)).orderBy(asc(outboxEvents.id));
    assert.deepEqual(outbox.map((o) => o.type), ['report.submitted', 'report.due_soon', 'report.overdue', 'report.escalated']);
    assert.equal(outbox[2]!.payload.unitId, morning.assignedUnitId);
  });

  test('while being handled the resolve-by deadline counts; an extension clears the marks and the sweep starts over', async () => {
    const supervisor = await signIn(ctx.db, { kind: 'official', roles: ['supervisor'], unitCode: 'ubnd-00070' });
    const report = await insertReport(fixture, {
      submittedAt: at('2026-03-02T08:00:00'),
      set: { status: 'in_progress', acceptedAt: at('2026-03-02T09:00:00'), resolveBy: at('2026-03-03T09:00:00'), priority: 'normal' },
    });
    // Monday 13:00: 13–17 and 08–09 → 5 working hours left; 14:00 → 4: due soon.
    await sweep(at('2026-03-02T13:00:00'));
    assert.equal((await rowOf(report.id)).dueSoon, false);
    await sweep(at('2026-03-02T14:00:00'));
    assert.equal((await rowOf(report.id)).dueSoon, true);
    await sweep(at('2026-03-03T09:00:01'));
    const late = await rowOf(report.id);
    assert.deepEqual([late.dueSoon, late.overdue], [false, true]);
    const marks = (await eventsOf(report.id)).slice(1, 3);
    assert.deepEqual(marks.map((e) => [e.type, e.data.deadlineKind]), [['due_soon', 'resolve'], ['overdue', 'resolve']]);

    const newResolveBy = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const extended = await ctx.app.inject({
      method: 'POST', url: `/api/v1/reports/${report.publicId}/extend`, headers: { authorization: supervisor.authorization },
      payload: { newResolveBy, reason: 'Chờ nhà thầu' },
    });
    assert.equal(extended.statusCode, 200, extended.body);
    const after = await rowOf(report.id);
    assert.deepEqual([after.dueSoon, after.overdue, after.resolveBy!.toISOString()], [false, false, newResolveBy]);
    await sweep(new Date());
    assert.deepEqual([(await rowOf(report.id)).dueSoon, (await rowOf(report.id)).overdue], [false, false]);
    assert.deepEqual(await typesOf(report.id), ['submitted', 'due_soon', 'overdue', 'escalated', 'deadline_extended']);
  });

  test('auto-close: a resolved report nobody rated closes 7 days after the answer, not a moment before', async () => {
    const resolvedAt = at('2026-03-10T11:00:00');
    const report = await insertReport(fixture, {
      submittedAt: at('2026-03-09T09:00:00'),
      set: { status: 'resolved', acceptedAt: at('2026-03-09T10:00:00'), resolveBy: at('2026-03-16T10:00:00'), resolvedAt, answerText: 'Đã xử lý' },
    });
    const sevenDays = 7 * 86_400_000;
    await sweep(new Date(resolvedAt.getTime() + sevenDays - 1));
    assert.equal((await rowOf(report.id)).status, 'resolved');
    const now = new Date(resolvedAt.getTime() + sevenDays);
    await sweep(now);
    const row = await rowOf(report.id);
    assert.equal(row.status, 'closed');
    assert.equal(row.closedAt!.getTime(), now.getTime());
    const last = (await eventsOf(report.id)).at(-1)!;
    assert.deepEqual([last.type, last.fromStatus, last.toStatus, last.actorRole, last.public], ['auto_closed', 'resolved', 'closed', 'system', true]);
    await sweep(new Date(now.getTime() + sevenDays));
    assert.deepEqual(await typesOf(report.id), ['submitted', 'auto_closed']);
  });

  test('batches: many rows in small batches are all marked, each once', async () => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await insertReport(fixture, { submittedAt: at('2026-04-01T08:00:00') }));
    const ids = made.map((r) => r.id);
    await sweep(at('2026-04-06T08:00:00'), 2);
    const rows = await ctx.db.select().from(reports).where(inArray(reports.id, ids));
    assert.ok(rows.every((r) => r.overdue && r.escalatedAt));
    const [overdueEvents] = await ctx.db.select({ n: count() }).from(reportEvents).where(and(inArray(reportEvents.reportId, ids), eq(reportEvents.type, 'overdue')));
    assert.equal(overdueEvents!.n, 7);
    const again = await sweep(at('2026-04-06T08:00:00'), 2);
    assert.deepEqual(again, { overdue: 0, dueSoon: 0, escalated: 0, autoClosed: 0 });
  });

  test('POST /api/v1/admin/sweep-deadlines: the city admin runs it now (audited); anyone else 401/403', async () => {
    const citizen = await signIn(ctx.db, { kind: 'citizen' });
    const wardSupervisor = await signIn(ctx.db, { kind: 'official', roles: ['supervisor'], unitCode: 'ubnd-00070' });
    const cityAdmin = await signIn(ctx.db, { kind: 'official', roles: ['city_admin'] });
    const call = (authorization?: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/admin/sweep-deadlines', headers: authorization ? { authorization } : {} });
    const audits = async () => (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;
    const before = await audits();
    assert.equal((await call()).statusCode, 401);
    assert.equal((await call(citizen.authorization)).statusCode, 403);
    assert.equal((await call(wardSupervisor.authorization)).statusCode, 403);
    assert.equal(await audits(), before);

    // A report overdue in real time: the admin's run marks it.
    const late = await insertReport(fixture, { submittedAt: new Date(Date.now() - 30 * 86_400_000) });
    const res = await call(cityAdmin.authorization);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.ok(body.overdue >= 1 && body.escalated >= 1);
    assert.ok(Date.parse(body.ranAt) <= Date.now());
    assert.equal((await rowOf(late.id)).overdue, true);
    const [run] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'reports.sweepDeadlines'));
    assert.equal(run!.actorId, cityAdmin.userId);
    const marks = (await eventsOf(late.id)).slice(1);
    assert.ok(marks.every((e) => e.actorId === null && e.actorRole === 'system'));
    assert.equal((await verifyAuditChain(ctx.db)).ok, true);
  });
});
