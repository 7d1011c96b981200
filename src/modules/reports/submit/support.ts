/**
 * "Me too" (ủng hộ): a citizen adds their weight to an open report instead of filing a
 * duplicate. Once per person — a second support answers with the state as it is, it is not an
 * error; never on one's own report; only while the report is open. The count is kept on the
 * report row and changed in the same transaction as the supporter row, so it never drifts.
 * The timeline shows that someone supported it, never who.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { reports, reportSupporters } from '../../../db/schema/index.js';
import type { AuditContext } from '../../../platform/audit/auditLog.js';
import { AppError } from '../../../platform/errors/appError.js';
import { findReport } from '../reportRepository.js';
import { assertTransition } from '../reportStatus.js';
import { recordReportChange } from '../reportTimeline.js';

export interface SupportState { publicId: string; supported: boolean; supportCount: number }

export async function supportReport(db: Db, audit: AuditContext, publicId: string, userId: string): Promise<SupportState> {
  return db.transaction(async (tx) => {
    const report = await findReport(tx, publicId, true);
    if (report.reporterId === userId) throw new AppError('OWN_REPORT', { publicId });
    const [already] = await tx.select({ userId: reportSupporters.userId }).from(reportSupporters)
      .where(and(eq(reportSupporters.reportId, report.id), eq(reportSupporters.userId, userId)));
    if (already) return { publicId, supported: true, supportCount: report.supportCount };
    assertTransition('support', report.status);
    await tx.insert(reportSupporters).values({ reportId: report.id, userId });
    const [updated] = await tx.update(reports).set({ supportCount: sql`${reports.supportCount} + 1` })
      .where(eq(reports.id, report.id)).returning({ supportCount: reports.supportCount });
    await recordReportChange(tx, audit, report, { type: 'supported', actorRole: 'public', data: { supportCount: updated!.supportCount } });
    return { publicId, supported: true, supportCount: updated!.supportCount };
  });
}

/** Takes one's support back (any status); without a support there is nothing to do. */
export async function withdrawSupport(db: Db, audit: AuditContext, publicId: string, userId: string): Promise<SupportState> {
  return db.transaction(async (tx) => {
    const report = await findReport(tx, publicId, true);
    const removed = await tx.delete(reportSupporters)
      .where(and(eq(reportSupporters.reportId, report.id), eq(reportSupporters.userId, userId))).returning({ userId: reportSupporters.userId });
    if (removed.length === 0) return { publicId, supported: false, supportCount: report.supportCount };
    const [updated] = await tx.update(reports).set({ supportCount: sql`greatest(${reports.supportCount} - 1, 0)` })
      .where(eq(reports.id, report.id)).returning({ supportCount: reports.supportCount });
    await recordReportChange(tx, audit, report, { type: 'support_withdrawn', actorRole: 'public', public: false, data: { supportCount: updated!.supportCount } });
    return { publicId, supported: false, supportCount: updated!.supportCount };
  });
}
