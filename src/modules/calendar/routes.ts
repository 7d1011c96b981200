/** The working calendar: public read, admin edit, and a deadline calculator. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import { calendarDays } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { authorize } from '../../platform/auth/policies.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses, LangQuery } from '../../platform/http/commonSchemas.js';
import { localized, type Language } from '../../platform/i18n/language.js';
import { formatLocal } from '../../platform/i18n/formatLocal.js';
import { CalendarDay, CalendarDayInput, DeadlineQuery, DeadlineResult, LocalDate } from './schemas.js';

type DayRow = typeof calendarDays.$inferSelect;

function present(row: DayRow, lang: Language) {
  return { date: row.date, kind: row.kind as 'holiday' | 'workday', name: localized(lang, row.nameVi, row.nameEn), nameVi: row.nameVi, nameEn: row.nameEn, source: row.source };
}

/** A real calendar date, not just the right shape (2026-02-30 is refused). */
function assertRealDate(date: string): void {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw AppError.validation([{ field: 'params.date', message: 'not a real calendar date' }]);
  }
}

export const calendarRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.get('/days', {
    schema: {
      tags: ['calendar'],
      summary: 'Holidays and make-up working days of a year',
      querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), ...LangQuery }),
      response: { 200: Type.Object({ items: Type.Array(CalendarDay) }), ...errorResponses(422) },
    },
  }, async (request) => {
    const { year } = request.query;
    const rows = await ctx.db.select().from(calendarDays)
      .where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
      .orderBy(asc(calendarDays.date));
    return { items: rows.map((r) => present(r, request.language)) };
  });

  app.put('/days/:date', {
    config: { admin: true },
    schema: {
      tags: ['calendar'],
      summary: 'Set a day as holiday or make-up working day (city admin)',
      security: [{ bearer: [] }],
      params: Type.Object({ date: LocalDate }),
      body: CalendarDayInput,
      response: { 200: CalendarDay, ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'calendar.manage');
    const { date } = request.params;
    assertRealDate(date);
    const values = { date, ...request.body, source: 'admin', updatedAt: new Date() };
    const row = await ctx.db.transaction(async (tx) => {
      const [saved] = await tx.insert(calendarDays).values(values)
        .onConflictDoUpdate({ target: calendarDays.date, set: { kind: values.kind, nameVi: values.nameVi, nameEn: values.nameEn, source: 'admin', updatedAt: values.updatedAt } })
        .returning();
      await recordAudit(tx, request.auditContext, { action: 'calendar.day.set', entityType: 'calendar_day', entityId: date, data: request.body });
      return saved!;
    });
    await ctx.calendar.reload();
    return present(row, request.language);
  });

  app.delete('/days/:date', {
    config: { admin: true },
    schema: {
      tags: ['calendar'],
      summary: 'Make a day ordinary again (city admin)',
      security: [{ bearer: [] }],
      params: Type.Object({ date: LocalDate }),
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'calendar.manage');
    const { date } = request.params;
    assertRealDate(date);
    await ctx.db.transaction(async (tx) => {
      const removed = await tx.delete(calendarDays).where(eq(calendarDays.date, date)).returning();
      if (removed.length === 0) throw AppError.notFound('calendar day', date);
      await recordAudit(tx, request.auditContext, { action: 'calendar.day.clear', entityType: 'calendar_day', entityId: date, data: { previous: removed[0] } });
    });
    await ctx.calendar.reload();
    return reply.status(204).send(null);
  });

  app.get('/deadline', {
    schema: {
      tags: ['calendar'],
      summary: 'Add working hours to an instant, counting office hours, weekends and holidays',
      querystring: DeadlineQuery,
      response: { 200: DeadlineResult, ...errorResponses(422) },
    },
  }, async (request) => {
    const from = new Date(request.query.from);
    const calendar = ctx.calendar.current();
    const deadline = calendar.addWorkingHours(from, request.query.hours);
    return {
      from: from.toISOString(),
      hours: request.query.hours,
      deadline: deadline.toISOString(),
      deadlineLocal: formatLocal(deadline, calendar.timeZone),
      timeZone: calendar.timeZone,
    };
  });
};
