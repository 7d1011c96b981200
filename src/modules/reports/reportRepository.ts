/** Reads of reports shared by the submit, lifecycle and public parts of the module. */
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { reportEvents, reportMedia, reports } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors/appError.js';

export type ReportRow = typeof reports.$inferSelect;
export type ReportMediaRow = typeof reportMedia.$inferSelect;
export type ReportEventRow = typeof reportEvents.$inferSelect;

export const PUBLIC_ID_PATTERN = '^[A-Z]{1,5}-\\d{4}-\\d{6,}$';

/** By public id (PA-2026-000123); `forUpdate` locks the row for the rest of the transaction. */
export async function findReport(db: DbOrTx, publicId: string, forUpdate = false): Promise<ReportRow> {
  const query = db.select().from(reports).where(eq(reports.publicId, publicId));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('report', publicId);
  return row;
}

export async function mediaOf(db: DbOrTx, reportId: string, options: { includeHidden: boolean }): Promise<ReportMediaRow[]> {
  const rows = await db.select().from(reportMedia).where(eq(reportMedia.reportId, reportId)).orderBy(asc(reportMedia.position), asc(reportMedia.createdAt));
  return options.includeHidden ? rows : rows.filter((m) => !m.hidden);
}

export async function timelineOf(db: DbOrTx, reportId: string, options: { includeInternal: boolean }): Promise<ReportEventRow[]> {
  const where = options.includeInternal ? eq(reportEvents.reportId, reportId) : and(eq(reportEvents.reportId, reportId), eq(reportEvents.public, true));
  return db.select().from(reportEvents).where(where).orderBy(asc(reportEvents.id)).limit(1000);
}
