/**
 * Test fixture: a report put straight into the database, as the submit endpoint would leave it
 * (public id, ward 00070 and its People's Committee by default, accept-by from the working
 * calendar, a `submitted` event with its outbox and audit rows), so lifecycle tests do not
 * depend on the submit API. `set` moves it on to any state a test needs.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { categories, reports, reportMedia, units } from '../../../../db/schema/index.js';
import type { ModuleContext } from '../../../moduleContext.js';
import { CalendarService } from '../../../calendar/calendarService.js';
import { loadCityPack } from '../../../../cities/cityPack.js';
import { searchableText } from '../../../../platform/i18n/searchText.js';
import { SYSTEM_ACTOR } from '../../../../platform/audit/auditLog.js';
import { acceptDeadline } from '../../deadlines.js';
import { nextPublicId } from '../../publicId.js';
import type { ReportRow } from '../../reportRepository.js';
import { recordReportChange } from '../../reportTimeline.js';

export interface InsertReportOptions {
  /** Default: roads.pothole (needs a proof photo). */
  categoryCode?: string;
  reporterId?: string | null;
  /** Default: ward 00070 and the unit ubnd-00070. */
  areaId?: string;
  unitCode?: string;
  description?: string;
  /** When the citizen sent it; accept-by is counted from here. Default: now. */
  submittedAt?: Date;
  anonymous?: boolean;
  /** Columns to set after the insert (status, resolvedAt …), without any event. */
  set?: Partial<typeof reports.$inferInsert>;
  /** Adds this many citizen photos (fake storage keys; nothing is written to disk). */
  photos?: number;
}

export type FixtureContext = Pick<ModuleContext, 'calendar' | 'city'> & { db: Db };

/** The city pack and working calendar as the app has them, for a test's database. */
export async function fixtureContext(db: Db, city = 'hanoi'): Promise<FixtureContext> {
  const pack = loadCityPack(city);
  return { db, city: pack, calendar: await CalendarService.load(db, pack.settings) };
}

export async function insertReport(ctx: FixtureContext, options: InsertReportOptions = {}): Promise<ReportRow> {
  const settings = ctx.city.settings;
  const submittedAt = options.submittedAt ?? new Date();
  const description = options.description ?? 'Ổ gà lớn giữa đường, xe máy đi qua rất nguy hiểm.';
  return ctx.db.transaction(async (tx) => {
    const [category] = await tx.select().from(categories).where(eq(categories.code, options.categoryCode ?? 'roads.pothole'));
    const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.code, options.unitCode ?? 'ubnd-00070'));
    if (!category || !unit) throw new Error('insertReport: unknown category or unit');
    const year = Number(ctx.calendar.current().localDateOf(submittedAt).slice(0, 4));
    const publicId = await nextPublicId(tx, settings.reports.publicIdPrefix, year);
    const [inserted] = await tx.insert(reports).values({
      publicId,
      categoryId: category.id,
      description,
      searchText: searchableText(description),
      lat: 21.0285,
      lon: 105.8542,
      areaId: options.areaId ?? '00070',
      addressText: 'Số 1 phố Thử Nghiệm',
      reporterId: options.reporterId ?? null,
      anonymous: options.anonymous ?? false,
      priority: category.defaultPriority,
      assignedUnitId: unit.id,
      acceptBy: acceptDeadline(ctx.calendar.current(), submittedAt, category, settings),
      createdAt: submittedAt,
      updatedAt: submittedAt,
    }).returning();
    const report = inserted!;
    await recordReportChange(tx, { ...SYSTEM_ACTOR, actorId: report.reporterId, actorLabel: 'fixture' }, report, {
      type: 'submitted', actorRole: 'reporter', toStatus: 'submitted', message: description,
    });
    for (let i = 0; i < (options.photos ?? 0); i++) {
      await tx.insert(reportMedia).values({
        reportId: report.id, role: 'report', kind: 'photo', storageKey: `reports/${report.id}/fixture-${i}.webp`,
        thumbnailKey: `reports/${report.id}/fixture-${i}-thumb.webp`, contentType: 'image/webp', width: 64, height: 48, bytes: 100, position: i,
      });
    }
    if (!options.set) return report;
    const [updated] = await tx.update(reports).set(options.set).where(eq(reports.id, report.id)).returning();
    return updated!;
  });
}
