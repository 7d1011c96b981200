import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { asCityAdmin, describeEachDatabase, signIn } from '../../../test/helpers/testApp.js';
import { auditLog, calendarDays } from '../../db/schema/index.js';

interface Day { date: string; kind: string; name: string; nameVi: string; nameEn: string; source: string }
interface FieldProblem { field: string; message: string }

const fields = (body: { error: { details?: FieldProblem[] } }): string[] => (body.error.details ?? []).map((d) => d.field).sort();

/*
 * The reference deadline: 8 working hours from Friday 13 February 2026, 09:00 in Hanoi.
 * Office hours are 08:00–12:00 and 13:00–17:00, Monday to Friday.
 *   Fri 13 Feb  09:00–12:00 = 3 h, 13:00–17:00 = 4 h        → 7 h counted, 1 h left
 *   Sat 14, Sun 15                                         weekend
 *   Mon 16 – Fri 20 Feb                                    Tết (Giao thừa + mùng 1–4), seeded holidays
 *   Sat 21, Sun 22                                         weekend
 *   Mon 23 Feb  08:00–09:00 = 1 h                          → deadline Mon 23 Feb 09:00 (+07:00) = 02:00Z
 */
const FROM = '2026-02-13T09:00:00+07:00';
const BASELINE = '2026-02-23T09:00:00+07:00';
/* With Saturday 21 Feb made a working day, the hour left after Friday is Sat 21 08:00–09:00. */
const WITH_MAKE_UP_SATURDAY = '2026-02-21T09:00:00+07:00';
/* With Monday 23 Feb an extra holiday, the hour left is Tue 24 08:00–09:00. */
const WITH_EXTRA_HOLIDAY = '2026-02-24T09:00:00+07:00';
/* With Friday 20 Feb (mùng 4) turned into a working day, the hour left is Fri 20 08:00–09:00. */
const WITH_TET_DAY_WORKED = '2026-02-20T09:00:00+07:00';

describeEachDatabase('calendar API', (ctx) => {
  let admin: { authorization: string; userId: string };
  before(async () => { admin = await asCityAdmin(ctx.db); });

  async function deadline(from = FROM, hours = 8): Promise<{ from: string; hours: number; deadline: string; deadlineLocal: string; timeZone: string }> {
    const res = await ctx.app.inject({ url: `/api/v1/calendar/deadline?from=${encodeURIComponent(from)}&hours=${hours}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }
  async function deadlineLocal(): Promise<string> {
    return (await deadline()).deadlineLocal;
  }
  async function days(year = 2026, lang?: 'en'): Promise<Day[]> {
    const res = await ctx.app.inject({ url: `/api/v1/calendar/days?year=${year}${lang ? `&lang=${lang}` : ''}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items as Day[];
  }
  async function auditCount(): Promise<number> {
    return (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;
  }
  async function auditFor(action: string, date: string) {
    return ctx.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, date))).orderBy(auditLog.id);
  }
  const put = (date: string, payload: unknown, authorization = admin.authorization) =>
    ctx.app.inject({ method: 'PUT', url: `/api/v1/calendar/days/${date}`, headers: { authorization }, payload: payload as Record<string, unknown> });
  const del = (date: string, authorization = admin.authorization) =>
    ctx.app.inject({ method: 'DELETE', url: `/api/v1/calendar/days/${date}`, headers: { authorization } });

  test('the 2026 calendar holds the seeded Tết block, in Vietnamese and English', async () => {
    const vi = await days();
    assert.ok(vi.every((d) => d.date.startsWith('2026-')));
    assert.deepEqual(vi.map((d) => d.date), [...vi.map((d) => d.date)].sort(), 'in date order');
    const tet = vi.filter((d) => d.date >= '2026-02-16' && d.date <= '2026-02-20');
    assert.deepEqual(tet.map((d) => [d.date, d.kind, d.source]), [
      ['2026-02-16', 'holiday', 'seed'],
      ['2026-02-17', 'holiday', 'seed'],
      ['2026-02-18', 'holiday', 'seed'],
      ['2026-02-19', 'holiday', 'seed'],
      ['2026-02-20', 'holiday', 'seed'],
    ]);
    assert.deepEqual(tet.map((d) => d.name), [
      'Tết Nguyên Đán (Giao thừa)', 'Tết Nguyên Đán (mùng 1)', 'Tết Nguyên Đán (mùng 2)', 'Tết Nguyên Đán (mùng 3)', 'Tết Nguyên Đán (mùng 4)',
    ]);
    assert.equal(vi.filter((d) => d.date.startsWith('2026-02')).length, 5, 'nothing else in February');
    const byDate = new Map(vi.map((d) => [d.date, d]));
    assert.equal(byDate.get('2026-01-01')?.name, 'Tết Dương lịch');
    assert.equal(byDate.get('2026-09-02')?.name, 'Quốc khánh');
    assert.equal(byDate.get('2026-04-30')?.kind, 'holiday');

    const en = await days(2026, 'en');
    assert.deepEqual(en.filter((d) => d.date >= '2026-02-16' && d.date <= '2026-02-20').map((d) => d.name), [
      "Lunar New Year's Eve", 'Lunar New Year (day 1)', 'Lunar New Year (day 2)', 'Lunar New Year (day 3)', 'Lunar New Year (day 4)',
    ]);
    assert.equal(en.find((d) => d.date === '2026-02-17')!.nameVi, 'Tết Nguyên Đán (mùng 1)');

    assert.deepEqual(await days(2099), [], 'a year outside the seeded range is empty');
    const noYear = await ctx.app.inject({ url: '/api/v1/calendar/days' });
    assert.equal(noYear.statusCode, 422);
    assert.deepEqual(fields(noYear.json()), ['querystring.year']);
    const badYear = await ctx.app.inject({ url: '/api/v1/calendar/days?year=1999' });
    assert.deepEqual(fields(badYear.json()), ['querystring.year']);
  });

  test('the deadline skips the Tết block and both weekends around it', async () => {
    const result = await deadline();
    assert.deepEqual(result, {
      from: '2026-02-13T02:00:00.000Z',
      hours: 8,
      deadline: '2026-02-23T02:00:00.000Z',
      deadlineLocal: BASELINE,
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    // An ordinary week: Mon 2 Mar 16:00 + 2 h = 16:00–17:00 and Tue 3 Mar 08:00–09:00.
    assert.equal((await deadline('2026-03-02T16:00:00+07:00', 2)).deadlineLocal, '2026-03-03T09:00:00+07:00');
    // The lunch break does not count: Tue 3 Mar 11:30 + 1 h = 11:30–12:00 and 13:00–13:30.
    assert.equal((await deadline('2026-03-03T04:30:00Z', 1)).deadlineLocal, '2026-03-03T13:30:00+07:00');
    // Fractional hours: 8 h 30 min from Friday 09:00 is Monday 23 Feb 09:30.
    assert.equal((await deadline(FROM, 8.5)).deadlineLocal, '2026-02-23T09:30:00+07:00');
  });

  test('the deadline query is validated', async () => {
    for (const [query, field] of [
      ['from=2026-02-13T09:00:00&hours=8', 'querystring.from'], // no offset: ambiguous
      ['from=yesterday&hours=8', 'querystring.from'],
      ['hours=8', 'querystring.from'],
      [`from=${encodeURIComponent(FROM)}&hours=-1`, 'querystring.hours'],
      [`from=${encodeURIComponent(FROM)}&hours=10001`, 'querystring.hours'],
      [`from=${encodeURIComponent(FROM)}&hours=eight`, 'querystring.hours'],
      [`from=${encodeURIComponent(FROM)}`, 'querystring.hours'],
    ] as const) {
      const res = await ctx.app.inject({ url: `/api/v1/calendar/deadline?${query}` });
      assert.equal(res.statusCode, 422, query);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.deepEqual(fields(res.json()), [field], query);
    }
  });

  test('a make-up working Saturday brings the deadline forward; removing it restores it; both audited', async () => {
    const res = await put('2026-02-21', { kind: 'workday', nameVi: 'Làm bù Tết', nameEn: 'Tet make-up working day' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      date: '2026-02-21', kind: 'workday', name: 'Làm bù Tết', nameVi: 'Làm bù Tết', nameEn: 'Tet make-up working day', source: 'admin',
    });
    const listed = (await days(2026, 'en')).find((d) => d.date === '2026-02-21');
    assert.deepEqual(listed && [listed.kind, listed.name, listed.source], ['workday', 'Tet make-up working day', 'admin']);
    assert.equal(await deadlineLocal(), WITH_MAKE_UP_SATURDAY);
    assert.equal((await deadline()).deadline, '2026-02-21T02:00:00.000Z');

    const setRows = await auditFor('calendar.day.set', '2026-02-21');
    assert.equal(setRows.length, 1);
    assert.equal(setRows[0]!.entityType, 'calendar_day');
    assert.equal(setRows[0]!.actorId, admin.userId);
    assert.deepEqual(setRows[0]!.data, { kind: 'workday', nameVi: 'Làm bù Tết', nameEn: 'Tet make-up working day' });

    const removed = await del('2026-02-21');
    assert.equal(removed.statusCode, 204);
    assert.equal(removed.body, '');
    assert.equal((await days()).find((d) => d.date === '2026-02-21'), undefined);
    assert.equal(await deadlineLocal(), BASELINE);
    const clearRows = await auditFor('calendar.day.clear', '2026-02-21');
    assert.equal(clearRows.length, 1);
    assert.equal(clearRows[0]!.actorId, admin.userId);
    assert.equal((clearRows[0]!.data.previous as Record<string, unknown>).kind, 'workday');

    // Deleting it again: there is nothing to clear.
    const again = await del('2026-02-21');
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().error.code, 'NOT_FOUND');
  });

  test('an extra holiday pushes the deadline later; removing it restores it', async () => {
    const res = await put('2026-02-23', { kind: 'holiday', nameVi: 'Nghỉ thêm', nameEn: 'Extra day off' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().kind, 'holiday');
    assert.equal(await deadlineLocal(), WITH_EXTRA_HOLIDAY);
    assert.equal((await auditFor('calendar.day.set', '2026-02-23')).length, 1);

    assert.equal((await del('2026-02-23')).statusCode, 204);
    assert.equal(await deadlineLocal(), BASELINE);
    assert.equal((await auditFor('calendar.day.clear', '2026-02-23')).length, 1);
  });

  test('PUT on a seeded day replaces it (one row per date) and counts at once', async () => {
    const res = await put('2026-02-20', { kind: 'workday', nameVi: 'Đi làm mùng 4', nameEn: 'Working on day 4' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().source, 'admin');
    const feb20 = (await days()).filter((d) => d.date === '2026-02-20');
    assert.deepEqual(feb20.map((d) => [d.kind, d.nameVi]), [['workday', 'Đi làm mùng 4']]);
    assert.equal(await deadlineLocal(), WITH_TET_DAY_WORKED);

    const back = await put('2026-02-20', { kind: 'holiday', nameVi: 'Tết Nguyên Đán (mùng 4)', nameEn: 'Lunar New Year (day 4)' });
    assert.equal(back.statusCode, 200);
    assert.equal(await deadlineLocal(), BASELINE);
    assert.equal((await auditFor('calendar.day.set', '2026-02-20')).length, 2);
  });

  test('impossible or malformed dates are 422 naming params.date', async () => {
    const auditBefore = await auditCount();
    const body = { kind: 'holiday', nameVi: 'Ngày lạ', nameEn: 'Odd day' };
    for (const date of ['2026-02-30', '2026-13-01', '2025-02-29', '2026-2-3', '20260203', '2026-02-3x']) {
      const res = await put(date, body);
      assert.equal(res.statusCode, 422, `PUT ${date}: ${res.body}`);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.deepEqual(fields(res.json()), ['params.date'], date);
    }
    // A leap day that exists is fine.
    const leap = await put('2028-02-29', body);
    assert.equal(leap.statusCode, 200);
    assert.equal((await del('2028-02-29')).statusCode, 204);
    assert.equal(await auditCount(), auditBefore + 2);
  });

  test('DELETE checks the date the same way PUT does: 2026-02-30 is 422, not 404', async () => {
    const impossible = await del('2026-02-30');
    assert.equal(impossible.statusCode, 422, `DELETE 2026-02-30: ${impossible.body}`);
    assert.deepEqual(fields(impossible.json()), ['params.date']);
    const malformed = await del('2026-2-3');
    assert.equal(malformed.statusCode, 422);
    assert.deepEqual(fields(malformed.json()), ['params.date']);
  });

  test('a bad body is 422 naming the field and changes nothing', async () => {
    const auditBefore = await auditCount();
    for (const [payload, expected] of [
      [{ kind: 'vacation', nameVi: 'Nghỉ', nameEn: 'Off' }, ['body.kind']],
      [{ kind: 'holiday', nameVi: 'Nghỉ' }, ['body.nameEn']],
      [{ kind: 'holiday', nameVi: '', nameEn: 'Off' }, ['body.nameVi']],
      [{ kind: 'holiday', nameVi: 'Nghỉ', nameEn: 'Off', paid: true }, ['body.paid']],
      [{}, ['body.kind', 'body.nameEn', 'body.nameVi']],
    ] as const) {
      const res = await put('2026-03-02', payload);
      assert.equal(res.statusCode, 422, JSON.stringify(payload));
      assert.deepEqual(fields(res.json()), [...expected].sort(), JSON.stringify(payload));
    }
    assert.equal((await ctx.db.select().from(calendarDays).where(eq(calendarDays.date, '2026-03-02'))).length, 0);
    assert.equal(await auditCount(), auditBefore);
  });

  test('only a city admin may change the calendar; refused callers change nothing', async () => {
    const citizen = await signIn(ctx.db, { kind: 'citizen', identityLevel: 2 });
    const wardAdmin = await signIn(ctx.db, { kind: 'official', roles: ['unit_admin', 'supervisor'], unitCode: 'ubnd-00070' });
    const before = JSON.stringify(await days());
    const auditBefore = await auditCount();
    const workday = { kind: 'workday', nameVi: 'Làm bù', nameEn: 'Make-up day' };

    const anonymousPut = await ctx.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2026-02-21', payload: workday });
    assert.equal(anonymousPut.statusCode, 401);
    assert.equal(anonymousPut.json().error.code, 'UNAUTHENTICATED');
    const anonymousDelete = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/calendar/days/2026-02-17' });
    assert.equal(anonymousDelete.statusCode, 401);
    for (const who of [citizen, wardAdmin]) {
      const p = await put('2026-02-21', workday, who.authorization);
      assert.equal(p.statusCode, 403);
      assert.equal(p.json().error.code, 'FORBIDDEN');
      const d = await del('2026-02-17', who.authorization);
      assert.equal(d.statusCode, 403);
      assert.equal(d.json().error.code, 'FORBIDDEN');
    }
    assert.equal(JSON.stringify(await days()), before);
    assert.equal(await deadlineLocal(), BASELINE);
    assert.equal(await auditCount(), auditBefore);
  });

  test('the audit log holds every change above and its chain verifies', async () => {
    const sets = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'calendar.day.set'));
    const clears = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'calendar.day.clear'));
    assert.deepEqual(sets.map((r) => r.entityId).sort(), ['2026-02-20', '2026-02-20', '2026-02-21', '2026-02-23', '2028-02-29']);
    assert.deepEqual(clears.map((r) => r.entityId).sort(), ['2026-02-21', '2026-02-23', '2028-02-29']);
    assert.ok([...sets, ...clears].every((r) => r.entityType === 'calendar_day' && r.actorId === admin.userId));
    const verify = (await ctx.app.inject({ url: '/api/v1/audit/verify', headers: { authorization: admin.authorization } })).json();
    assert.equal(verify.ok, true);
  });
});
