/**
 * The report authorisation matrix: every caller × every action, against a table written out by
 * hand, first on the policy functions, then over HTTP for a representative set of commands
 * (right status for each refusal, nothing written when refused, the change when allowed).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { describeEachDatabase, signIn } from '../../../test/helpers/testApp.js';
import { reportMedia, reports, units } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors/appError.js';
import type { OfficialRole, Principal } from '../../platform/auth/principal.js';
import { authorizeOnReport, canOnReport, canReadQueue, canRunDeadlineSweep, REPORT_POLICY_ACTIONS, type ReportPolicyAction, type ReportScope } from './reportPolicy.js';
import { fixtureContext, insertReport, type FixtureContext } from './lifecycle/testing/insertReport.js';
import { snapshot } from './lifecycle/testing/lifecycleHelpers.js';

const CITY = '00000000-0000-4000-8000-000000000001';
const WARD = '00000000-0000-4000-8000-000000000070';
const OTHER_WARD = '00000000-0000-4000-8000-000000000004';
const DEPARTMENT = '00000000-0000-4000-8000-0000000000d1';
const REPORTER = 'reporter-user';

type Caller =
  | 'anonymous' | 'other citizen' | 'the reporter'
  | 'ward intake' | 'ward handler' | 'ward supervisor' | 'ward moderator' | 'ward unit_admin'
  | 'other ward handler' | 'city supervisor' | 'city supervisor, escalated' | 'city moderator' | 'transfer target intake' | 'city_admin';

/*
 * The report: assigned to the ward (under the city), a transfer to the department pending,
 * reported by REPORTER, not escalated — except in the "escalated" row.
 * Y = allowed, - = refused (401 for anonymous, 403 for everyone else).
 */
const COLUMNS = 'read accept reject transfer acceptTransfer declineTransfer requestInfo addInfo start extend resolve rate reopen withdraw merge note hidePhoto';
const TABLE: Record<Caller, string> = {
  //                              read acc rej trf aTr dTr rqI adI sta ext res rat reo wdr mrg not hid
  'anonymous':                   '  -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -',
  'other citizen':               '  -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -',
  'the reporter':                '  -   -   -   -   -   -   -   Y   -   -   -   Y   Y   Y   -   -   -',
  'ward intake':                 '  Y   Y   Y   Y   -   -   Y   -   -   -   -   -   -   -   Y   Y   -',
  'ward handler':                '  Y   -   -   -   -   -   Y   -   Y   -   Y   -   -   -   -   Y   -',
  'ward supervisor':             '  Y   Y   Y   Y   -   -   Y   -   Y   Y   Y   -   -   -   Y   Y   -',
  'ward moderator':              '  Y   -   -   -   -   -   -   -   -   -   -   -   -   -   -   Y   Y',
  'ward unit_admin':             '  Y   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -',
  'other ward handler':          '  -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -',
  'city supervisor':             '  Y   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -',
  'city supervisor, escalated':  '  Y   Y   Y   Y   -   -   Y   -   Y   Y   Y   -   -   -   Y   Y   -',
  'city moderator':              '  Y   -   -   -   -   -   -   -   -   -   -   -   -   -   -   Y   Y',
  'transfer target intake':      '  Y   -   -   -   Y   Y   -   -   -   -   -   -   -   -   -   -   -',
  'city_admin':                  '  Y   -   -   -   -   -   -   -   -   -   -   -   -   -   -   -   Y',
};

const ACTIONS = COLUMNS.split(' ') as ReportPolicyAction[];
const CALLERS = Object.keys(TABLE) as Caller[];
const expected = (caller: Caller) => Object.fromEntries(ACTIONS.map((a, i) => [a, TABLE[caller].trim().split(/\s+/)[i] === 'Y']));

function person(userId: string, kind: 'citizen' | 'official', memberships: Array<[OfficialRole, string]> = []): Principal {
  return {
    userId, sessionId: 'session', kind, displayName: userId, label: userId, identityLevel: 2, mustChangePassword: false,
    memberships: memberships.map(([role, unitId]) => ({ role, unitId })),
  };
}

const PRINCIPALS: Record<Caller, Principal | null> = {
  'anonymous': null,
  'other citizen': person('someone-else', 'citizen'),
  'the reporter': person(REPORTER, 'citizen'),
  'ward intake': person('wi', 'official', [['intake', WARD]]),
  'ward handler': person('wh', 'official', [['handler', WARD]]),
  'ward supervisor': person('ws', 'official', [['supervisor', WARD]]),
  'ward moderator': person('wm', 'official', [['moderator', WARD]]),
  'ward unit_admin': person('wa', 'official', [['unit_admin', WARD]]),
  'other ward handler': person('oh', 'official', [['handler', OTHER_WARD], ['intake', OTHER_WARD], ['supervisor', OTHER_WARD]]),
  'city supervisor': person('cs', 'official', [['supervisor', CITY]]),
  'city supervisor, escalated': person('cs', 'official', [['supervisor', CITY]]),
  'city moderator': person('cm', 'official', [['moderator', CITY]]),
  'transfer target intake': person('ti', 'official', [['intake', DEPARTMENT]]),
  'city_admin': person('ca', 'official', [['city_admin', CITY]]),
};

const SCOPE: ReportScope = { assignedUnitId: WARD, assignedAncestry: [CITY], pendingTransferUnitId: DEPARTMENT, reporterId: REPORTER, escalated: false };
const scopeFor = (caller: Caller): ReportScope => caller === 'city supervisor, escalated' ? { ...SCOPE, escalated: true } : SCOPE;

describe('report policies: the matrix', () => {
  test('the table has a column for every action and a row for every kind of caller', () => {
    assert.deepEqual([...ACTIONS].sort(), [...REPORT_POLICY_ACTIONS].sort());
    for (const caller of CALLERS) assert.equal(TABLE[caller].trim().split(/\s+/).length, ACTIONS.length, caller);
  });

  test('canOnReport matches the table for every caller × action', () => {
    const actual = Object.fromEntries(CALLERS.map((c) => [c, Object.fromEntries(ACTIONS.map((a) => [a, canOnReport(PRINCIPALS[c], a, scopeFor(c))]))]));
    assert.deepEqual(actual, Object.fromEntries(CALLERS.map((c) => [c, expected(c)])));
  });

  test('authorizeOnReport: passes when allowed, 401 for nobody, 403 otherwise, naming the action', () => {
    for (const caller of CALLERS) {
      const allowed = expected(caller);
      for (const action of ACTIONS) {
        const run = () => authorizeOnReport(PRINCIPALS[caller], action, scopeFor(caller));
        if (allowed[action]) { assert.doesNotThrow(run, `${caller} ${action}`); continue; }
        assert.throws(run, (error: unknown) => {
          assert.ok(error instanceof AppError);
          assert.deepEqual([error.code, error.details], [PRINCIPALS[caller] ? 'FORBIDDEN' : 'UNAUTHENTICATED', { action: `report.${action}` }], `${caller} ${action}`);
          return true;
        });
      }
    }
  });

  test('without a pending transfer nobody accepts or declines one; a reporter who is also an official keeps both rights', () => {
    const noTransfer = { ...SCOPE, pendingTransferUnitId: null };
    for (const caller of CALLERS) {
      assert.equal(canOnReport(PRINCIPALS[caller], 'acceptTransfer', noTransfer), false, caller);
      assert.equal(canOnReport(PRINCIPALS[caller], 'declineTransfer', noTransfer), false, caller);
    }
    const officialReporter = { ...PRINCIPALS['ward handler']!, userId: REPORTER };
    assert.equal(canOnReport(officialReporter, 'rate', SCOPE), true);
    assert.equal(canOnReport(officialReporter, 'resolve', SCOPE), true);
    const anonymousReport = { ...SCOPE, reporterId: null };
    assert.equal(canOnReport(PRINCIPALS['other citizen'], 'withdraw', anonymousReport), false, 'no reporter on record: nobody is "the reporter"');
  });

  test('queues: officials of the unit and of the units above it, the city admin; the sweep: the city admin', () => {
    const queue = Object.fromEntries(CALLERS.map((c) => [c, canReadQueue(PRINCIPALS[c], WARD, [CITY])]));
    assert.deepEqual(queue, {
      'anonymous': false, 'other citizen': false, 'the reporter': false,
      'ward intake': true, 'ward handler': true, 'ward supervisor': true, 'ward moderator': true, 'ward unit_admin': true,
      'other ward handler': false, 'city supervisor': true, 'city supervisor, escalated': true, 'city moderator': true,
      'transfer target intake': false, 'city_admin': true,
    });
    assert.deepEqual(CALLERS.filter((c) => canRunDeadlineSweep(PRINCIPALS[c])), ['city_admin']);
  });
});

describeEachDatabase('report policies over HTTP', (ctx) => {
  type HttpCaller = Exclude<Caller, 'city supervisor, escalated'>;
  const tokens: Partial<Record<HttpCaller, { authorization: string; userId: string }>> = {};
  let fixture: FixtureContext;
  let departmentId: string;

  before(async () => {
    fixture = await fixtureContext(ctx.db);
    const official = (role: OfficialRole, unitCode: string) => signIn(ctx.db, { kind: 'official', roles: [role], unitCode });
    tokens['other citizen'] = await signIn(ctx.db, { kind: 'citizen' });
    tokens['the reporter'] = await signIn(ctx.db, { kind: 'citizen' });
    tokens['ward intake'] = await official('intake', 'ubnd-00070');
    tokens['ward handler'] = await official('handler', 'ubnd-00070');
    tokens['ward supervisor'] = await official('supervisor', 'ubnd-00070');
    tokens['ward moderator'] = await official('moderator', 'ubnd-00070');
    tokens['ward unit_admin'] = await official('unit_admin', 'ubnd-00070');
    tokens['other ward handler'] = await official('handler', 'ubnd-00004');
    tokens['city supervisor'] = await official('supervisor', 'ha-noi');
    tokens['city moderator'] = await official('moderator', 'ha-noi');
    tokens['transfer target intake'] = await official('intake', 'so-xay-dung');
    tokens['city_admin'] = await official('city_admin', 'ha-noi');
    departmentId = (await ctx.db.select({ id: units.id }).from(units).where(eq(units.code, 'so-xay-dung')))[0]!.id;
  });

  const hours = (n: number) => new Date(Date.now() + n * 3_600_000);
  const IN_PROGRESS = () => ({ status: 'in_progress' as const, acceptedAt: new Date(), resolveBy: hours(48) });
  const RESOLVED = () => ({ status: 'resolved' as const, acceptedAt: hours(-5), resolvedAt: hours(-1), resolveBy: hours(24), answerText: 'Xong' });

  interface HttpCase {
    action: ReportPolicyAction;
    method?: 'GET' | 'POST';
    path: string;
    body?: (reportId: string) => Promise<object> | object;
    set?: () => Partial<typeof reports.$inferInsert>;
    photos?: number;
    /** Who gets the change (must be a Y in the table); everyone else is refused. */
    allowed: HttpCaller;
    check: (json: Record<string, unknown>) => void;
  }

  const firstPhoto = async (reportId: string) => ({ mediaId: (await ctx.db.select({ id: reportMedia.id }).from(reportMedia).where(eq(reportMedia.reportId, reportId)))[0]!.id });

  const CASES: HttpCase[] = [
    { action: 'read', method: 'GET', path: 'official', allowed: 'city supervisor', check: (j) => assert.ok(Array.isArray(j.timeline)) },
    { action: 'accept', path: 'accept', body: () => ({ priority: 'urgent' }), allowed: 'ward intake', check: (j) => assert.equal(j.status, 'accepted') },
    { action: 'transfer', path: 'transfer', body: () => ({ unitCode: 'ubnd-00004', reason: 'Thuộc phường khác' }), allowed: 'ward supervisor', check: (j) => assert.equal((j.pendingTransferUnit as { code: string }).code, 'ubnd-00004') },
    {
      action: 'acceptTransfer', path: 'accept-transfer', set: () => ({ pendingTransferUnitId: departmentId }), allowed: 'transfer target intake',
      check: (j) => assert.equal((j.assignedUnit as { code: string }).code, 'so-xay-dung'),
    },
    { action: 'start', path: 'start', set: () => ({ status: 'accepted', acceptedAt: new Date(), resolveBy: hours(48) }), allowed: 'ward handler', check: (j) => assert.equal(j.status, 'in_progress') },
    { action: 'extend', path: 'extend', set: IN_PROGRESS, body: () => ({ newResolveBy: hours(96).toISOString(), reason: 'Chờ vật liệu' }), allowed: 'ward supervisor', check: (j) => assert.ok(j.resolveBy) },
    { action: 'note', path: 'note', body: () => ({ text: 'Ghi chú nội bộ' }), allowed: 'ward handler', check: (j) => assert.equal((j.timeline as unknown[]).length, 2) },
    { action: 'hidePhoto', path: 'hide-photo', photos: 1, body: firstPhoto, allowed: 'ward moderator', check: (j) => assert.equal((j.hiddenPhotoIds as unknown[]).length, 1) },
    { action: 'withdraw', path: 'withdraw', allowed: 'the reporter', check: (j) => assert.equal(j.status, 'withdrawn') },
    { action: 'rate', path: 'rate', set: RESOLVED, body: () => ({ rating: 'chap_nhan_duoc' }), allowed: 'the reporter', check: (j) => assert.equal(j.status, 'closed') },
    { action: 'reopen', path: 'reopen', set: RESOLVED, body: () => ({ reason: 'Chưa xong' }), allowed: 'the reporter', check: (j) => assert.equal(j.status, 'in_progress') },
  ];

  const HTTP_CALLERS: HttpCaller[] = CALLERS.filter((c): c is HttpCaller => c !== 'city supervisor, escalated');

  for (const testCase of CASES) {
    const refusedCallers = HTTP_CALLERS.filter((c) => !expected(c)[testCase.action]);
    test(`${testCase.action}: ${refusedCallers.length} kinds of caller refused (401/403), nothing written; ${testCase.allowed} allowed`, async () => {
      assert.ok(expected(testCase.allowed)[testCase.action], 'the allowed caller must be a Y in the table');
      const report = await insertReport(fixture, { reporterId: tokens['the reporter']!.userId, photos: testCase.photos ?? 0, ...(testCase.set ? { set: testCase.set() } : {}) });
      const body = testCase.body ? await testCase.body(report.id) : undefined;
      const call = (caller: HttpCaller) => ctx.app.inject({
        method: testCase.method ?? 'POST', url: `/api/v1/reports/${report.publicId}/${testCase.path}`,
        headers: caller === 'anonymous' ? {} : { authorization: tokens[caller]!.authorization },
        ...(body ? { payload: body } : {}),
      });
      const before = await snapshot(ctx.db, report.id);
      for (const caller of refusedCallers) {
        const res = await call(caller);
        const [status, code] = caller === 'anonymous' ? [401, 'UNAUTHENTICATED'] : [403, 'FORBIDDEN'];
        assert.equal(res.statusCode, status, `${caller}: ${res.body}`);
        assert.equal(res.json().error.code, code, caller);
        assert.equal(res.json().publicId, undefined, `${caller} got the report`);
      }
      assert.deepEqual(await snapshot(ctx.db, report.id), before, 'a refused call changed something');
      const res = await call(testCase.allowed);
      assert.equal(res.statusCode, 200, res.body);
      testCase.check(res.json());
      const after = await snapshot(ctx.db, report.id);
      const wrote = testCase.method === 'GET' ? 0 : 1;
      assert.deepEqual([after.events, after.outbox, after.audit], [before.events + wrote, before.outbox + wrote, before.audit + wrote], 'one event, one outbox event, one audit row');
    });
  }

  test('a supervisor of the parent unit acts on an escalated report, not before', async () => {
    const report = await insertReport(fixture, { set: { status: 'accepted', acceptedAt: hours(-100), resolveBy: hours(-1), overdue: true } });
    const start = () => ctx.app.inject({ method: 'POST', url: `/api/v1/reports/${report.publicId}/start`, headers: { authorization: tokens['city supervisor']!.authorization } });
    const before = await snapshot(ctx.db, report.id);
    assert.equal((await start()).statusCode, 403);
    assert.deepEqual(await snapshot(ctx.db, report.id), before);
    await ctx.db.update(reports).set({ escalatedAt: new Date() }).where(eq(reports.id, report.id));
    const res = await start();
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'in_progress');
  });
});
