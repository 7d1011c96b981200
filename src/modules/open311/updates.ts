/**
 * The service request updates extension (as FixMyStreet and others use it): the public
 * timeline events of publicly visible reports as `request_update`s, and comments posted by a
 * client application, recorded as a public `comment` event on the report (timeline + outbox +
 * audit, like every change). A comment that screening flags stays with the officials.
 *
 * `status` of an update is the report's Open311 status right after the event: the event's own
 * new status, else the last status set before it.
 */
import { and, asc, eq, gte, inArray, lt, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { reportEvents, reportMedia, reports, type ReportStatus } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/auditLog.js';
import { formatLocal } from '../../platform/i18n/formatLocal.js';
import type { Language } from '../../platform/i18n/language.js';
import type { ModuleContext } from '../moduleContext.js';
import { isPubliclyVisible, maskPhoneNumbers, publiclyVisibleSql } from '../reports/publicVisibility.js';
import { findReport } from '../reports/reportRepository.js';
import { open311Status } from '../reports/reportStatus.js';
import { recordReportChange } from '../reports/reportTimeline.js';
import { activeKeywords } from '../reports/screening/keywordStore.js';
import { screenReport } from '../reports/screening/screenReport.js';
import type { DateWindow } from './dates.js';
import { Open311Error } from './errors.js';
import type { Open311Form } from './formBody.js';
import { absoluteMediaUrl, OPEN311_CHANNEL_PREFIX } from './requests.js';
import type { ApiKeyRow } from './apiKeys.js';
import { AppError } from '../../platform/errors/appError.js';

export type Open311Update = {
  update_id: string;
  service_request_id: string;
  status: 'open' | 'closed';
  updated_datetime: string;
  description: string;
  media_url: string | null;
};

/** "Me too" clicks are counts, not news about the request. */
const NOT_UPDATES = ['supported', 'support_withdrawn'];

const LABELS: Record<string, { vi: string; en: string }> = {
  submitted: { vi: 'Đã gửi phản ánh', en: 'Report submitted' },
  accepted: { vi: 'Cơ quan chức năng đã tiếp nhận', en: 'Accepted by the responsible agency' },
  rejected: { vi: 'Phản ánh không được tiếp nhận', en: 'Not accepted' },
  transferred: { vi: 'Đã chuyển cho đơn vị khác xử lý', en: 'Transferred to another agency' },
  info_requested: { vi: 'Cần bổ sung thông tin', en: 'More information requested' },
  info_added: { vi: 'Người phản ánh đã bổ sung thông tin', en: 'The reporter added information' },
  started: { vi: 'Đang xử lý', en: 'Work started' },
  deadline_extended: { vi: 'Gia hạn thời gian xử lý', en: 'Deadline extended' },
  resolved: { vi: 'Đã xử lý xong', en: 'Resolved' },
  rated: { vi: 'Người phản ánh đã đánh giá kết quả', en: 'The reporter rated the answer' },
  reopened: { vi: 'Phản ánh được mở lại', en: 'Reopened' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
  auto_closed: { vi: 'Đã đóng', en: 'Closed' },
  withdrawn: { vi: 'Người phản ánh đã rút phản ánh', en: 'Withdrawn by the reporter' },
  merged: { vi: 'Đã gộp vào phản ánh khác', en: 'Merged into another report' },
  comment: { vi: 'Bình luận', en: 'Comment' },
};

function describe(type: string, message: string | null, lang: Language): string {
  if (message && message.trim() !== '') return maskPhoneNumbers(message);
  return LABELS[type]?.[lang] ?? type;
}

export async function findUpdates(db: Db, window: DateWindow, page: { offset: number; limit: number }, publicBaseUrl: string, timeZone: string, lang: Language): Promise<{ items: Open311Update[]; more: boolean }> {
  // The status set last at or before the event (events without a status change carry none).
  const statusAfter = sql<ReportStatus>`coalesce(${reportEvents.toStatus}, (
    select e2.to_status from report_events e2
    where e2.report_id = ${reportEvents.reportId} and e2.id < ${reportEvents.id} and e2.to_status is not null
    order by e2.id desc limit 1), ${reports.status})`;
  const rows = await db.select({
    id: reportEvents.id, type: reportEvents.type, message: reportEvents.message, createdAt: reportEvents.createdAt,
    reportId: reports.id, publicId: reports.publicId, statusAfter,
  }).from(reportEvents)
    .innerJoin(reports, eq(reports.id, reportEvents.reportId))
    .where(and(
      eq(reportEvents.public, true),
      notInArray(reportEvents.type, NOT_UPDATES),
      publiclyVisibleSql,
      gte(reportEvents.createdAt, window.start),
      window.endExclusive ? lt(reportEvents.createdAt, window.end) : lte(reportEvents.createdAt, window.end),
    ))
    .orderBy(asc(reportEvents.createdAt), asc(reportEvents.id))
    .limit(page.limit + 1).offset(page.offset);
  const shown = rows.slice(0, page.limit);

  // A resolution shows its first proof photo.
  const resolvedReports = [...new Set(shown.filter((r) => r.type === 'resolved').map((r) => r.reportId))];
  const proofs = resolvedReports.length === 0 ? [] : await db.selectDistinctOn([reportMedia.reportId], { reportId: reportMedia.reportId, id: reportMedia.id }).from(reportMedia)
    .where(and(inArray(reportMedia.reportId, resolvedReports), eq(reportMedia.role, 'proof'), eq(reportMedia.kind, 'photo'), eq(reportMedia.hidden, false)))
    .orderBy(reportMedia.reportId, asc(reportMedia.position), asc(reportMedia.createdAt));
  const proofOf = new Map(proofs.map((p) => [p.reportId, p.id]));

  const items = shown.map((r) => {
    const proof = r.type === 'resolved' ? proofOf.get(r.reportId) : undefined;
    return {
      update_id: String(r.id),
      service_request_id: r.publicId,
      status: open311Status(r.statusAfter),
      updated_datetime: formatLocal(r.createdAt, timeZone),
      description: describe(r.type, r.message, lang),
      media_url: proof ? absoluteMediaUrl(publicBaseUrl, r.publicId, proof) : null,
    };
  });
  return { items, more: rows.length > page.limit };
}

export const COMMENT_MIN = 2;
export const COMMENT_MAX = 2000;

const t = (lang: Language, vi: string, en: string) => (lang === 'en' ? en : vi);

/** A client application's comment on a public report. Returns the new update's id. */
export async function postComment(ctx: ModuleContext, key: ApiKeyRow, form: Open311Form, audit: AuditContext, lang: Language): Promise<{ updateId: string; public: boolean }> {
  const publicId = (form.fields.service_request_id ?? '').trim();
  const text = (form.fields.description ?? '').normalize('NFC').trim();
  const problems: string[] = [];
  if (!publicId) problems.push(`service_request_id: ${t(lang, 'là bắt buộc', 'is required')}`);
  if (text.length < COMMENT_MIN || text.length > COMMENT_MAX) {
    problems.push(`description: ${t(lang, `cần từ ${COMMENT_MIN} đến ${COMMENT_MAX} ký tự`, `must have ${COMMENT_MIN} to ${COMMENT_MAX} characters`)}`);
  }
  const mediaUrl = form.fields.media_url?.trim();
  if (mediaUrl && (mediaUrl.length > 2000 || !/^https?:\/\/\S+$/i.test(mediaUrl))) problems.push(`media_url: ${t(lang, 'phải là một địa chỉ http(s)', 'must be an http(s) URL')}`);
  const clientUpdateId = form.fields.update_id?.trim().slice(0, 200) || null;
  if (problems.length > 0) throw new Open311Error(400, problems.map((description) => ({ code: 400, description })));

  const notFound = () => Open311Error.notFound(t(lang, `service_request_id: không có phản ánh "${publicId}"`, `service_request_id: no request "${publicId}"`));
  const flags = screenReport({ description: text }, await activeKeywords(ctx.db));
  const isPublic = flags.length === 0;
  return ctx.db.transaction(async (tx) => {
    let report;
    try {
      report = await findReport(tx, publicId, true);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw notFound();
      throw err;
    }
    if (!isPubliclyVisible(report)) throw notFound();
    const now = new Date();
    await tx.update(reports).set({ updatedAt: now }).where(eq(reports.id, report.id));
    await recordReportChange(tx, audit, report, {
      type: 'comment',
      actorRole: 'public',
      message: text,
      public: isPublic,
      data: {
        channel: `${OPEN311_CHANNEL_PREFIX}${key.name}`,
        clientUpdateId,
        ...(mediaUrl ? { mediaUrl } : {}),
        ...(isPublic ? {} : { flags: flags.map((f) => f.kind) }),
      },
    });
    const [event] = await tx.select({ id: reportEvents.id }).from(reportEvents)
      .where(and(eq(reportEvents.reportId, report.id), eq(reportEvents.type, 'comment')))
      .orderBy(sql`${reportEvents.id} desc`).limit(1);
    return { updateId: String(event!.id), public: isPublic };
  });
}
