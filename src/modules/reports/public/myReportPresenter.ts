/**
 * A row of the signed-in citizen's own list: the public summary (the lead's presenter) plus what
 * only the reporter sees about their own report — that it is anonymous, the deadline that runs,
 * and the latest public step of the timeline. Internal events never show, even to the reporter.
 */
import type { Static } from 'typebox';
import { formatLocal } from '../../../platform/i18n/formatLocal.js';
import type { ReportSummaryPublic } from '../presenters.js';
import type { ReportEventRow, ReportRow } from '../reportRepository.js';
import type { MyReportItem } from './schemas.js';

export function currentDeadline(report: ReportRow): Date | null {
  if (report.status === 'submitted') return report.acceptBy;
  if (report.status === 'accepted' || report.status === 'in_progress') return report.resolveBy;
  return null;
}

export function presentMyReport(summary: ReportSummaryPublic, report: ReportRow, latest: ReportEventRow | undefined, timeZone: string): Static<typeof MyReportItem> {
  const deadline = currentDeadline(report);
  return {
    ...summary,
    anonymous: report.anonymous,
    priority: report.priority,
    deadline: deadline?.toISOString() ?? null,
    deadlineLocal: deadline ? formatLocal(deadline, timeZone) : null,
    dueSoon: report.dueSoon,
    overdue: report.overdue,
    infoRequested: report.infoRequested,
    latestEvent: latest && latest.public
      ? { type: latest.type, actorRole: latest.actorRole, fromStatus: latest.fromStatus, toStatus: latest.toStatus, message: latest.message, at: latest.createdAt.toISOString() }
      : null,
  };
}
