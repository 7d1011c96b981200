/**
 * The report lifecycle over HTTP, on every database: the whole journey the issue names
 * (accept → transfer → accept-transfer → start → resolve with proof → reopen → resolve → rate),
 * its timeline, outbox and audit trail, and every refusal — each leaving nothing half-done.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { describeEachDatabase, signIn } from '../../../../test/helpers/testApp.js';
import { outboxEvents, reportEvents, reports, reportSupporters, units } from '../../../db/schema/index.js';
import { verifyAuditChain } from '../../../platform/audit/auditLog.js';
import { fixtureContext, insertReport, type FixtureContext } from './testing/insertReport.js';
import { jpeg, multipartForm, snapshot } from './testing/lifecycleHelpers.js';

type Who = 'reporter' | 'otherCitizen' | 'wardIntake' | 'wardHandler' | 'wardSupervisor' | 'wardModerator' | 'otherWardIntake'
  | 'deptIntake' | 'deptHandler' | 'deptSupervisor' | 'cityAdmin';

/** Our own data directory, to look at the stored proof photos. */
const dataDir = mkdtempSync(join(tmpdir(), 'cds-lifecycle-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const filesOf = (reportId: string) => {
  const dir = join(dataDir, 'media', 'reports', reportId);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
};

describeEachDatabase('report lifecycle', (ctx) => {
  const auth: Partial<Record<Who, { authorization: string; userId: string }>> = {};
  let fixture: FixtureContext;
  let deptId: string;

  before(async () => {
    fixture = await fixtureContext(ctx.db);
    auth.reporter = await signIn(ctx.db, { kind: 'citizen', identityLevel: 1 });
    auth.otherCitizen = await signIn(ctx.db, { kind: 'citizen', identityLevel: 2 });
    auth.wardIntake = await signIn(ctx.db, { kind: 'official', roles: ['intake'], unitCode: 'ubnd-00070' });
    auth.wardHandler = await signIn(ctx.db, { kind: 'official', roles: ['handler'], unitCode: 'ubnd-00070' });
    auth.wardSupervisor = await signIn(ctx.db, { kind: 'official', roles: ['supervisor'], unitCode: 'ubnd-00070' });
    auth.wardModerator = await signIn(ctx.db, { kind: 'official', roles: ['moderator'], unitCode: 'ubnd-00070' });
    auth.otherWardIntake = await signIn(ctx.db, { kind: 'official', roles: ['intake', 'handler', 'supervisor'], unitCode: 'ubnd-00004' });
    auth.deptIntake = await signIn(ctx.db, { kind: 'official', roles: ['intake'], unitCode: 'so-xay-dung' });
    auth.deptHandler = await signIn(ctx.db, { kind: 'official', roles: ['handler'], unitCode: 'so-xay-dung' });
    auth.deptSupervisor = await signIn(ctx.db, { kind: 'official', roles: ['supervisor'], unitCode: 'so-xay-dung' });
    auth.cityAdmin = await signIn(ctx.db, { kind: 'official', roles: ['city_admin'] });
    deptId = (await ctx.db.select({ id: units.id }).from(units).where(eq(units.code, 'so-xay-dung')))[0]!.id;
  });

  const post = (who: Who | null, publicId: string, action: string, payload?: object, headers: Record<string, string> = {}) => ctx.app.inject({
    method: 'POST', url: `/api/v1/reports/${publicId}/${action}`,
    headers: { ...(who ? { authorization: auth[who]!.authorization } : {}), ...headers },
    ...(payload ? { payload } : {}),
  });

  async function resolveWithProof(who: Who, publicId: string, answer: string, photos: Buffer[], headers: Record<string, string> = {}) {
    const form = await multipartForm({ answer }, photos.map((data, i) => ({ field: 'photos', data, filename: `proof-${i}.jpg` })));
    return ctx.app.inject({
      method: 'POST', url: `/api/v1/reports/${publicId}/resolve`,
      headers: { authorization: auth[who]!.authorization, ...form.headers, ...headers }, payload: form.payload,
    });
  }

  const newReport = (options: Parameters<typeof insertReport>[1] = {}) => insertReport(fixture, { reporterId: auth.reporter!.userId, ...options });

  /** Asserts the call was refused with `status`/`code` and that nothing at all was written. */
  async function refused(reportId: string, call: () => Promise<{ statusCode: number; body: string; json(): { error: { code: string; details?: unknown } } }>, status: number, code: string) {
    const before = await snapshot(ctx.db, reportId);
    const res = await call();
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code, res.body);
    assert.deepEqual(await snapshot(ctx.db, reportId), before, 'a refused command changed something');
    return res.json().error;
  }

  test('the journey: accept → transfer → accept-transfer → start → resolve with proof → reopen → resolve → rate; timeline, outbox and audit agree', async () => {
    const report = await newReport({ photos: 1 });
    const id = report.publicId;

    const accepted = await post('wardIntake', id, 'accept', { priority: 'normal' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const acceptedBody = accepted.json();
    assert.equal(acceptedBody.status, 'accepted');
    assert.equal(acceptedBody.priority, 'normal');
    assert.equal(accepted.headers['cache-control'], 'no-store');
    // normal = 40 working hours from acceptance, counted on the working calendar.
    const row1 = (await ctx.db.select().from(reports).where(eq(reports.id, report.id)))[0]!;
    assert.ok(row1.acceptedAt);
    assert.equal(row1.resolveBy!.getTime(), fixture.calendar.current().addWorkingHours(row1.acceptedAt, 40).getTime());
    assert.equal(acceptedBody.resolveBy, row1.resolveBy!.toISOString());

    const transfer = await post('wardIntake', id, 'transfer', { unitCode: 'so-xay-dung', reason: 'Đường do Sở Xây dựng quản lý' });
    assert.equal(transfer.statusCode, 200, transfer.body);
    assert.equal(transfer.json().status, 'accepted', 'a transfer does not change the status');
    assert.equal(transfer.json().pendingTransferUnit.code, 'so-xay-dung');
    assert.equal(transfer.json().assignedUnit.code, 'ubnd-00070', 'still with the ward until the department accepts');

    const taken = await post('deptIntake', id, 'accept-transfer');
    assert.equal(taken.statusCode, 200, taken.body);
    assert.equal(taken.json().assignedUnit.code, 'so-xay-dung');
    assert.equal(taken.json().pendingTransferUnit, null);
    const row2 = (await ctx.db.select().from(reports).where(eq(reports.id, report.id)))[0]!;
    assert.equal(row2.assignedUnitId, deptId);
    assert.equal(row2.acceptBy.getTime(), fixture.calendar.current().addWorkingHours(row2.updatedAt, 8).getTime(), 'accept-by starts again at the new unit');

    // The ward has let go: its intake officer can no longer act on it.
    await refused(report.id, () => post('wardIntake', id, 'note', { text: 'còn đây không?' }), 403, 'FORBIDDEN');

    assert.equal((await post('deptHandler', id, 'request-info', { question: 'Ổ gà ở làn nào?' })).statusCode, 200);
    const info = await post('reporter', id, 'add-info', { text: 'Làn bên phải, gần cột điện số 12.' });
    assert.equal(info.statusCode, 200, info.body);
    assert.equal(info.json().infoRequested, false);

    const started = await post('deptHandler', id, 'start');
    assert.equal(started.statusCode, 200, started.body);
    assert.equal(started.json().status, 'in_progress');

    const later = new Date(row1.resolveBy!.getTime() + 3 * 86_400_000).toISOString();
    const extended = await post('deptSupervisor', id, 'extend', { newResolveBy: later, reason: 'Chờ vật liệu' });
    assert.equal(extended.statusCode, 200, extended.body);
    assert.equal(extended.json().resolveBy, later);

    assert.equal((await post('deptHandler', id, 'note', { text: 'Đội 3 xử lý' })).statusCode, 200);

    const resolved = await resolveWithProof('deptHandler', id, 'Đã vá ổ gà.', [await jpeg(), await jpeg(80, 60, '#3c3')]);
    assert.equal(resolved.statusCode, 200, resolved.body);
    const resolvedBody = resolved.json();
    assert.equal(resolvedBody.status, 'resolved');
    assert.equal(resolvedBody.answer.text, 'Đã vá ổ gà.');
    assert.equal(resolvedBody.answer.proof.length, 2);
    const row3 = (await ctx.db.select().from(reports).where(eq(reports.id, report.id)))[0]!;
    assert.ok(row3.resolvedAt);
    assert.equal(row3.answerText, 'Đã vá ổ gà.');
    // The proof photos are on disk: a WebP and its thumbnail each.
    assert.equal(filesOf(report.id).length, 4);
    assert.ok(filesOf(report.id).every((f) => f.endsWith('.webp')));

    const reopened = await post('reporter', id, 'reopen', { reason: 'Vá rồi lại bong ngay' });
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json().status, 'in_progress');
    assert.equal(reopened.json().reopenCount, 1);
    assert.equal(reopened.json().answer, null, 'no answer shown until the next one');
    const row4 = (await ctx.db.select().from(reports).where(eq(reports.id, report.id)))[0]!;
    assert.ok(row4.resolveBy!.getTime() > Date.now(), 'a new resolve-by from the reopening');

    const again = await resolveWithProof('deptHandler', id, 'Đã thảm lại cả đoạn.', [await jpeg(70, 50, '#33c')]);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().answer.proof.length, 3, 'every proof photo so far');

    const rated = await post('reporter', id, 'rate', { rating: 'hai_long', comment: 'Cảm ơn' });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal(rated.json().status, 'closed');
    assert.equal(rated.json().rating, 'hai_long');

    const view = await ctx.app.inject({ url: `/api/v1/reports/${id}/official`, headers: { authorization: auth.deptSupervisor!.authorization } });
    assert.equal(view.statusCode, 200, view.body);
    const timeline = view.json().timeline as Array<{ type: string; public: boolean; fromStatus: string | null; toStatus: string | null }>;
    assert.deepEqual(timeline.map((e) => e.type), [
      'submitted', 'accepted', 'transfer_requested', 'transferred', 'info_requested', 'info_added', 'started',
      'deadline_extended', 'note', 'resolved', 'reopened', 'resolved', 'rated',
    ]);
    assert.deepEqual(timeline.filter((e) => !e.public).map((e) => e.type), ['transfer_requested', 'note'], 'routing details and notes are internal');
    assert.deepEqual(timeline.filter((e) => e.toStatus).map((e) => `${e.fromStatus ?? ''}→${e.toStatus}`), [
      '→submitted', 'submitted→accepted', 'accepted→in_progress', 'in_progress→resolved', 'resolved→in_progress', 'in_progress→resolved', 'resolved→closed',
    ]);

    // One domain event per change, in the same order.
    const events = await ctx.db.select({ type: reportEvents.type }).from(reportEvents).where(eq(reportEvents.reportId, report.id)).orderBy(asc(reportEvents.id));
    const outbox = await ctx.db.select({ type: outboxEvents.type }).from(outboxEvents).where(eq(outboxEvents.aggregateId, report.id)).orderBy(asc(outboxEvents.id));
    assert.deepEqual(outbox.map((o) => o.type), events.map((e) => `report.${e.type}`));

    const chain = await verifyAuditChain(ctx.db);
    assert.equal(chain.ok, true, JSON.stringify(chain));
  });

  test('proof photos are stored re-encoded; a failed resolve leaves no file and no row', async () => {
    const report = await newReport({ set: { status: 'in_progress', acceptedAt: new Date(), resolveBy: new Date(Date.now() + 86_400_000) } });
    // Not an image (a good photo alongside): 415, nothing stored.
    await refused(report.id, async () => resolveWithProof('wardHandler', report.publicId, 'Xong', [await jpeg(), Buffer.from('not an image at all')]), 415, 'UNSUPPORTED_MEDIA_TYPE');
    assert.deepEqual(filesOf(report.id), []);
    // Refused by the policy or the status: nothing stored either.
    await refused(report.id, async () => resolveWithProof('otherWardIntake', report.publicId, 'Xong', [await jpeg()]), 403, 'FORBIDDEN');
    const submitted = await newReport();
    await refused(submitted.id, async () => resolveWithProof('wardHandler', submitted.publicId, 'Xong', [await jpeg()]), 409, 'TRANSITION_NOT_ALLOWED');
    assert.deepEqual(filesOf(submitted.id), []);

    const ok = await resolveWithProof('wardHandler', report.publicId, 'Xong', [await jpeg(3000, 2000)]);
    assert.equal(ok.statusCode, 200, ok.body);
    const [proof] = (await snapshot(ctx.db, report.id)).media;
    assert.equal(proof!.role, 'proof');
    assert.equal(proof!.contentType, 'image/webp');
    assert.equal(Math.max(proof!.width!, proof!.height!), 2048, 'scaled to 2048 px on the long side');
    assert.deepEqual(filesOf(report.id), [proof!.storageKey, proof!.thumbnailKey!].map((k) => k.split('/').pop()!).sort());
  });

  test('a transition not allowed from the current status: 409 TRANSITION_NOT_ALLOWED, nothing written', async () => {
    const report = await newReport();
    const error = await refused(report.id, () => post('wardHandler', report.publicId, 'start'), 409, 'TRANSITION_NOT_ALLOWED');
    assert.deepEqual(error.details, { action: 'start', status: 'submitted', allowedFrom: ['accepted'] });
    await refused(report.id, () => post('reporter', report.publicId, 'rate', { rating: 'hai_long' }), 409, 'TRANSITION_NOT_ALLOWED');
    await refused(report.id, () => post('reporter', report.publicId, 'reopen', { reason: 'x' }), 409, 'TRANSITION_NOT_ALLOWED');
    assert.equal((await post('wardIntake', report.publicId, 'accept', { priority: 'urgent' })).statusCode, 200);
    await refused(report.id, () => post('wardIntake', report.publicId, 'accept', { priority: 'urgent' }), 409, 'TRANSITION_NOT_ALLOWED');
    await refused(report.id, () => post('reporter', report.publicId, 'withdraw'), 409, 'TRANSITION_NOT_ALLOWED');
  });

  test('an official of another unit: 403, nothing written; a stranger citizen too; nobody signed in: 401', async () => {
    const report = await newReport();
    await refused(report.id, () => post('otherWardIntake', report.publicId, 'accept', { priority: 'normal' }), 403, 'FORBIDDEN');
    await refused(report.id, () => post('otherWardIntake', report.publicId, 'reject', { reasonCode: 'duplicate', reasonText: 'trùng' }), 403, 'FORBIDDEN');
    await refused(report.id, () => post('otherCitizen', report.publicId, 'withdraw'), 403, 'FORBIDDEN');
    await refused(report.id, () => post(null, report.publicId, 'accept', { priority: 'normal' }), 401, 'UNAUTHENTICATED');
    const view = await ctx.app.inject({ url: `/api/v1/reports/${report.publicId}/official`, headers: { authorization: auth.otherWardIntake!.authorization } });
    assert.equal(view.statusCode, 403);
    assert.equal(view.json().timeline, undefined);
  });

  test('a second rating: 409 ALREADY_DONE; reopen after the window: 409 REOPEN_WINDOW_CLOSED', async () => {
    const resolvedAt = new Date(Date.now() - 3_600_000);
    const rated = await newReport({ set: { status: 'resolved', acceptedAt: resolvedAt, resolvedAt, answerText: 'Xong', resolveBy: resolvedAt } });
    assert.equal((await post('reporter', rated.publicId, 'rate', { rating: 'khong_hai_long', comment: 'Chưa ổn' })).statusCode, 200);
    const error = await refused(rated.id, () => post('reporter', rated.publicId, 'rate', { rating: 'hai_long' }), 409, 'ALREADY_DONE');
    assert.deepEqual(error.details, { rating: 'khong_hai_long' });

    // Reopening is allowed for 7 calendar days after the answer, and not a moment later.
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    const late = await newReport({ set: { status: 'resolved', acceptedAt: eightDaysAgo, resolvedAt: eightDaysAgo, answerText: 'Xong', resolveBy: eightDaysAgo } });
    const closed = await refused(late.id, () => post('reporter', late.publicId, 'reopen', { reason: 'Vẫn hỏng' }), 409, 'REOPEN_WINDOW_CLOSED');
    assert.equal((closed.details as { windowDays: number }).windowDays, 7);
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000);
    const inTime = await newReport({ set: { status: 'resolved', acceptedAt: sixDaysAgo, resolvedAt: sixDaysAgo, answerText: 'Xong', resolveBy: sixDaysAgo, priority: 'urgent' } });
    const reopened = await post('reporter', inTime.publicId, 'reopen', { reason: 'Vẫn hỏng' });
    assert.equal(reopened.statusCode, 200, reopened.body);
    // Urgent: 4 working hours from the reopening.
    const row = (await ctx.db.select().from(reports).where(eq(reports.id, inTime.id)))[0]!;
    const reopenedAt = row.updatedAt;
    assert.equal(row.resolveBy!.getTime(), fixture.calendar.current().addWorkingHours(reopenedAt, 4).getTime());
    await refused(inTime.id, () => post('otherCitizen', inTime.publicId, 'reopen', { reason: 'x' }), 403, 'FORBIDDEN');
  });

  test('extend: a handler may not (403); a supervisor must give a later deadline (422 naming the field)', async () => {
    const resolveBy = new Date(Date.now() + 86_400_000);
    const report = await newReport({ set: { status: 'in_progress', acceptedAt: new Date(), resolveBy } });
    const later = new Date(resolveBy.getTime() + 86_400_000).toISOString();
    await refused(report.id, () => post('wardHandler', report.publicId, 'extend', { newResolveBy: later, reason: 'cần thêm thời gian' }), 403, 'FORBIDDEN');
    await refused(report.id, () => post('wardIntake', report.publicId, 'extend', { newResolveBy: later, reason: 'cần thêm thời gian' }), 403, 'FORBIDDEN');
    const earlier = await refused(report.id, () => post('wardSupervisor', report.publicId, 'extend', { newResolveBy: new Date(resolveBy.getTime() - 60_000).toISOString(), reason: 'x' }), 422, 'VALIDATION_FAILED');
    assert.equal((earlier.details as Array<{ field: string }>)[0]!.field, 'body.newResolveBy');
    const bad = await refused(report.id, () => post('wardSupervisor', report.publicId, 'extend', { newResolveBy: 'next week', reason: 'x' }), 422, 'VALIDATION_FAILED');
    assert.equal((bad.details as Array<{ field: string }>)[0]!.field, 'body.newResolveBy');
    const ok = await post('wardSupervisor', report.publicId, 'extend', { newResolveBy: later, reason: 'Chờ vật liệu' });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('resolve without proof: 422 naming body.photos (the category needs it); a category without the rule resolves with text only', async () => {
    const report = await newReport({ set: { status: 'in_progress', acceptedAt: new Date(), resolveBy: new Date(Date.now() + 86_400_000) } });
    const noPhoto = await refused(report.id, () => resolveWithProof('wardHandler', report.publicId, 'Đã xử lý', []), 422, 'VALIDATION_FAILED');
    assert.deepEqual((noPhoto.details as Array<{ field: string }>).map((d) => d.field), ['body.photos']);
    const json = await refused(report.id, () => post('wardHandler', report.publicId, 'resolve', { answer: 'Đã xử lý' }), 422, 'VALIDATION_FAILED');
    assert.deepEqual((json.details as Array<{ field: string }>).map((d) => d.field), ['body.photos']);
    const noAnswer = await refused(report.id, () => resolveWithProof('wardHandler', report.publicId, '   ', []), 422, 'VALIDATION_FAILED');
    assert.deepEqual((noAnswer.details as Array<{ field: string }>).map((d) => d.field), ['body.answer']);
    const tooMany = await refused(report.id, async () => resolveWithProof('wardHandler', report.publicId, 'Xong', await Promise.all([1, 2, 3, 4, 5, 6].map(() => jpeg()))), 422, 'VALIDATION_FAILED');
    assert.deepEqual((tooMany.details as Array<{ field: string }>).map((d) => d.field), ['body.photos']);

    const karaoke = await newReport({ categoryCode: 'noise.karaoke', set: { status: 'in_progress', acceptedAt: new Date(), resolveBy: new Date(Date.now() + 86_400_000) } });
    const done = await post('wardHandler', karaoke.publicId, 'resolve', { answer: 'Đã nhắc nhở hộ kinh doanh karaoke.' });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'resolved');
  });

  test('reject needs a legal reason code and a text (422 naming the field); the reason is kept for the citizen', async () => {
    const report = await newReport();
    const missing = await refused(report.id, () => post('wardIntake', report.publicId, 'reject', {}), 422, 'VALIDATION_FAILED');
    assert.deepEqual((missing.details as Array<{ field: string }>).map((d) => d.field).sort(), ['body.reasonCode', 'body.reasonText']);
    const unknown = await refused(report.id, () => post('wardIntake', report.publicId, 'reject', { reasonCode: 'dont_like_it', reasonText: 'x' }), 422, 'VALIDATION_FAILED');
    assert.equal((unknown.details as Array<{ field: string }>)[0]!.field, 'body.reasonCode');
    const blank = await refused(report.id, () => post('wardIntake', report.publicId, 'reject', { reasonCode: 'out_of_scope', reasonText: '   ' }), 422, 'VALIDATION_FAILED');
    assert.equal((blank.details as Array<{ field: string }>)[0]!.field, 'body.reasonText');

    const res = await post('wardIntake', report.publicId, 'reject', { reasonCode: 'complaint_denunciation', reasonText: 'Nội dung là đơn tố cáo cán bộ.' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'rejected');
    assert.equal(res.json().rejectReasonCode, 'complaint_denunciation');
    assert.match(res.json().rejectReason, /Khiếu nại|Tố cáo/i, 'the legal reason in words, in Vietnamese by default');
    const [event] = await ctx.db.select().from(reportEvents).where(eq(reportEvents.type, 'rejected')).orderBy(asc(reportEvents.id));
    assert.equal(event!.public, true);
    assert.match(String(event!.data.legalBasisVi), /Luật Khiếu nại năm 2011/);
    assert.match(String(event!.data.legalBasisEn), /Law on Denunciations \(2018\)/);
  });

  test('transfer: unknown or same unit 422, a second transfer while one waits 409, the receiving unit may decline', async () => {
    const report = await newReport();
    const unknown = await refused(report.id, () => post('wardIntake', report.publicId, 'transfer', { unitCode: 'khong-co', reason: 'x' }), 422, 'VALIDATION_FAILED');
    assert.equal((unknown.details as Array<{ field: string }>)[0]!.field, 'body.unitCode');
    await refused(report.id, () => post('wardIntake', report.publicId, 'transfer', { unitCode: 'ubnd-00070', reason: 'x' }), 422, 'VALIDATION_FAILED');
    assert.equal((await post('wardIntake', report.publicId, 'transfer', { unitCode: 'so-xay-dung', reason: 'Thuộc Sở' })).statusCode, 200);
    await refused(report.id, () => post('wardIntake', report.publicId, 'transfer', { unitCode: 'ubnd-00004', reason: 'x' }), 409, 'TRANSFER_PENDING');
    // Only the receiving unit answers a transfer.
    await refused(report.id, () => post('wardSupervisor', report.publicId, 'accept-transfer'), 403, 'FORBIDDEN');
    await refused(report.id, () => post('deptHandler', report.publicId, 'accept-transfer'), 403, 'FORBIDDEN');
    const declined = await post('deptIntake', report.publicId, 'decline-transfer', { reason: 'Đường do phường quản lý' });
    assert.equal(declined.statusCode, 200, declined.body);
    assert.equal(declined.json().pendingTransferUnit, null);
    assert.equal(declined.json().assignedUnit.code, 'ubnd-00070');
    await refused(report.id, () => post('deptIntake', report.publicId, 'accept-transfer'), 403, 'FORBIDDEN');
  });

  test('request info / add info: only the reporter answers, and only when asked (409 INFO_NOT_REQUESTED)', async () => {
    const report = await newReport();
    await refused(report.id, () => post('reporter', report.publicId, 'add-info', { text: 'thêm' }), 409, 'INFO_NOT_REQUESTED');
    const asked = await post('wardIntake', report.publicId, 'request-info', { question: 'Xin ảnh rõ hơn' });
    assert.equal(asked.json().infoRequested, true);
    await refused(report.id, () => post('otherCitizen', report.publicId, 'add-info', { text: 'tôi biết' }), 403, 'FORBIDDEN');
    assert.equal((await post('reporter', report.publicId, 'add-info', { text: 'Ảnh chụp lúc 7 giờ sáng' })).statusCode, 200);
  });

  test('withdraw while submitted; hide a photo once; internal note stays internal', async () => {
    const report = await newReport({ photos: 2 });
    const media = (await snapshot(ctx.db, report.id)).media;
    await refused(report.id, () => post('wardIntake', report.publicId, 'hide-photo', { mediaId: media[0]!.id }), 403, 'FORBIDDEN');
    const hidden = await post('wardModerator', report.publicId, 'hide-photo', { mediaId: media[0]!.id });
    assert.equal(hidden.statusCode, 200, hidden.body);
    assert.deepEqual(hidden.json().hiddenPhotoIds, [media[0]!.id]);
    await refused(report.id, () => post('cityAdmin', report.publicId, 'hide-photo', { mediaId: media[0]!.id }), 409, 'ALREADY_DONE');
    assert.equal((await post('cityAdmin', report.publicId, 'hide-photo', { mediaId: media[1]!.id })).statusCode, 200);
    const other = await newReport({ photos: 1 });
    const foreign = (await snapshot(ctx.db, other.id)).media[0]!.id;
    const notOurs = await refused(report.id, () => post('wardModerator', report.publicId, 'hide-photo', { mediaId: foreign }), 422, 'VALIDATION_FAILED');
    assert.equal((notOurs.details as Array<{ field: string }>)[0]!.field, 'body.mediaId');

    const note = await post('wardModerator', report.publicId, 'note', { text: 'Ảnh có biển số xe' });
    assert.equal(note.statusCode, 200);
    const [noteEvent] = await ctx.db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id)).orderBy(asc(reportEvents.id)).offset(3);
    assert.equal(noteEvent!.type, 'note');
    assert.equal(noteEvent!.public, false);
    const [noteOutbox] = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'report.note'));
    assert.equal(noteOutbox!.payload.public, false, 'notification consumers can tell it is internal');

    const withdrawn = await post('reporter', report.publicId, 'withdraw');
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    assert.equal(withdrawn.json().status, 'withdrawn');
  });

  test('merge: the duplicate becomes merged, its supporters and reporter support the original, counts follow', async () => {
    const original = await newReport();
    const duplicate = await newReport({ reporterId: auth.otherCitizen!.userId });
    await ctx.db.insert(reportSupporters).values([
      { reportId: duplicate.id, userId: auth.wardHandler!.userId },
      { reportId: original.id, userId: auth.wardHandler!.userId },
      { reportId: duplicate.id, userId: auth.cityAdmin!.userId },
    ]);
    await ctx.db.update(reports).set({ supportCount: 2 }).where(eq(reports.id, duplicate.id));
    await ctx.db.update(reports).set({ supportCount: 1 }).where(eq(reports.id, original.id));

    await refused(duplicate.id, () => post('wardIntake', duplicate.publicId, 'merge', { intoPublicId: duplicate.publicId }), 422, 'VALIDATION_FAILED');
    await refused(duplicate.id, () => post('wardHandler', duplicate.publicId, 'merge', { intoPublicId: original.publicId }), 403, 'FORBIDDEN');
    const res = await post('wardIntake', duplicate.publicId, 'merge', { intoPublicId: original.publicId });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'merged');
    assert.equal(res.json().mergedInto, original.publicId);
    const [target] = await ctx.db.select().from(reports).where(eq(reports.id, original.id));
    assert.equal(target!.supportCount, 3, 'handler (already there), city admin, and the duplicate\'s reporter');
    const [source] = await ctx.db.select().from(reports).where(eq(reports.id, duplicate.id));
    assert.equal(source!.supportCount, 0);
    assert.equal(source!.mergedIntoId, original.id);
    // A merged report cannot be merged into, nor merged again.
    const third = await newReport();
    const closedTarget = await refused(third.id, () => post('wardIntake', third.publicId, 'merge', { intoPublicId: duplicate.publicId }), 422, 'VALIDATION_FAILED');
    assert.equal((closedTarget.details as Array<{ field: string }>)[0]!.field, 'body.intoPublicId');
    await refused(duplicate.id, () => post('wardIntake', duplicate.publicId, 'merge', { intoPublicId: third.publicId }), 409, 'TRANSITION_NOT_ALLOWED');
    // Into another unit's report: the caller needs the right there too.
    const elsewhere = await newReport({ unitCode: 'ubnd-00004', areaId: '00004' });
    await refused(third.id, () => post('wardIntake', third.publicId, 'merge', { intoPublicId: elsewhere.publicId }), 403, 'FORBIDDEN');
  });

  test('Idempotency-Key: a retried command returns the first answer and changes nothing more; another body with the same key is refused', async () => {
    const report = await newReport();
    const key = { 'idempotency-key': `accept-${report.publicId}` };
    const first = await post('wardIntake', report.publicId, 'accept', { priority: 'complex' }, key);
    assert.equal(first.statusCode, 200, first.body);
    const after = await snapshot(ctx.db, report.id);
    const second = await post('wardIntake', report.publicId, 'accept', { priority: 'complex' }, key);
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.deepEqual(second.json(), first.json());
    assert.deepEqual(await snapshot(ctx.db, report.id), after);
    await refused(report.id, () => post('wardIntake', report.publicId, 'accept', { priority: 'urgent' }, key), 422, 'IDEMPOTENCY_KEY_REUSED');

    // A resolve retried with the same photos: one set of proof photos, one event.
    await ctx.db.update(reports).set({ status: 'in_progress' }).where(eq(reports.id, report.id));
    const photo = await jpeg();
    const resolveKey = { 'idempotency-key': `resolve-${report.publicId}` };
    const r1 = await resolveWithProof('wardHandler', report.publicId, 'Xong', [photo], resolveKey);
    assert.equal(r1.statusCode, 200, r1.body);
    const afterResolve = await snapshot(ctx.db, report.id);
    const r2 = await resolveWithProof('wardHandler', report.publicId, 'Xong', [photo], resolveKey);
    assert.equal(r2.statusCode, 200, r2.body);
    assert.deepEqual(r2.json(), r1.json());
    assert.deepEqual(await snapshot(ctx.db, report.id), afterResolve);
  });

  test('unknown report: 404; malformed public id: 422', async () => {
    const res = await post('wardIntake', 'PA-2026-999999', 'accept', { priority: 'normal' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
    const bad = await post('wardIntake', 'not-an-id', 'accept', { priority: 'normal' });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().error.details[0].field, 'params.publicId');
  });
}, { dataDir });
