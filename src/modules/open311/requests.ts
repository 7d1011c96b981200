/**
 * Service requests are reports, read through the same public rules as the feed: flagged reports
 * waiting for an official and reports rejected as abusive or secret never appear
 * (`publiclyVisibleSql`, `isPubliclyVisible`), phone numbers typed into text are masked, and
 * nothing about the reporter leaves — no name, phone, e-mail, account or attributes.
 *
 * Lists are newest first ((created_at, id) order, the feed's index), at most 1,000 per page.
 */
import { and, desc, eq, gte, inArray, like, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { reports, type ReportStatus } from '../../db/schema/index.js';
import { formatLocal } from '../../platform/i18n/formatLocal.js';
import { localized, type Language } from '../../platform/i18n/language.js';
import { allUnitsById } from '../units/index.js';
import { mediaUrl } from '../reports/presenters.js';
import { maskPhoneNumbers, publiclyVisibleSql } from '../reports/publicVisibility.js';
import { firstVisiblePhotos } from '../reports/public/publicReportQueries.js';
import { open311Status } from '../reports/reportStatus.js';
import { rejectReasonText } from '../reports/lifecycle/rejectReasons.js';
import type { ReportRow } from '../reports/reportRepository.js';
import type { DateWindow } from './dates.js';
import type { ServiceCatalogue } from './services.js';

/** Reports posted by a client application have the channel `open311:<client name>`. */
export const OPEN311_CHANNEL_PREFIX = 'open311:';

/** What `status=open` and `status=closed` list (docs/architecture.md, Open311 status mapping). */
export const LISTED_STATUSES: Record<'open' | 'closed', readonly ReportStatus[]> = {
  open: ['submitted', 'accepted', 'in_progress'],
  closed: ['resolved', 'closed', 'rejected'],
};

export type Open311Request = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
};

export type RequestSelection =
  | { kind: 'ids'; publicIds: string[] }
  | { kind: 'search'; categoryIds: string[] | null; statuses: readonly ReportStatus[]; window: DateWindow };

export async function findRequests(db: Db, selection: RequestSelection, page: { offset: number; limit: number }): Promise<{ rows: ReportRow[]; more: boolean }> {
  const conditions: SQL[] = [publiclyVisibleSql];
  if (selection.kind === 'ids') {
    conditions.push(inArray(reports.publicId, selection.publicIds));
  } else {
    conditions.push(inArray(reports.status, [...selection.statuses]));
    if (selection.categoryIds) conditions.push(inArray(reports.categoryId, selection.categoryIds));
    const { window } = selection;
    conditions.push(gte(reports.createdAt, window.start), window.endExclusive ? lt(reports.createdAt, window.end) : lte(reports.createdAt, window.end));
  }
  const rows = await db.select().from(reports).where(and(...conditions))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(page.limit + 1).offset(page.offset);
  return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
}

export interface PresentContext {
  db: Db;
  catalogue: ServiceCatalogue;
  timeZone: string;
  publicBaseUrl: string;
  lang: Language;
}

/** Absolute URL of a public photo. */
export function absoluteMediaUrl(publicBaseUrl: string, publicId: string, mediaId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${mediaUrl(publicId, mediaId)}`;
}

/** The public answer a client shows next to the status: the answer, the reason for a rejection, or the report it was merged into. */
function statusNotes(report: ReportRow, mergedInto: Map<string, string>, lang: Language): string | null {
  // People's text is masked (phone numbers); our own sentence is not (a public id would look like one).
  if (report.status === 'rejected' && report.rejectReason) return rejectReasonText(report.rejectReason, lang) ?? maskPhoneNumbers(report.rejectReason);
  if (report.status === 'merged' && report.mergedIntoId) {
    const target = mergedInto.get(report.mergedIntoId);
    if (target) return lang === 'en' ? `Merged into ${target}, which is handled instead.` : `Đã gộp vào phản ánh ${target} để xử lý chung.`;
  }
  return report.answerText ? maskPhoneNumbers(report.answerText) : null;
}

export async function presentRequests(rows: ReportRow[], pc: PresentContext): Promise<Open311Request[]> {
  if (rows.length === 0) return [];
  const mergedIds = [...new Set(rows.map((r) => r.mergedIntoId).filter((id): id is string => id !== null))];
  const [unitMap, photos, merged] = await Promise.all([
    allUnitsById(pc.db),
    firstVisiblePhotos(pc.db, rows.map((r) => r.id)),
    mergedIds.length > 0
      ? pc.db.select({ id: reports.id, publicId: reports.publicId }).from(reports).where(inArray(reports.id, mergedIds))
      : Promise.resolve([]),
  ]);
  const mergedInto = new Map(merged.map((m) => [m.id, m.publicId]));
  const text = (value: string | null) => (value ? maskPhoneNumbers(value) : null);
  return rows.map((report) => {
    const category = pc.catalogue.byId.get(report.categoryId);
    const unit = unitMap.get(report.assignedUnitId);
    const photo = photos.get(report.id);
    return {
      service_request_id: report.publicId,
      status: open311Status(report.status),
      status_notes: statusNotes(report, mergedInto, pc.lang),
      service_name: category ? localized(pc.lang, category.nameVi, category.nameEn) : '',
      service_code: category?.code ?? '',
      description: maskPhoneNumbers(report.description),
      agency_responsible: unit ? localized(pc.lang, unit.nameVi, unit.nameEn) : '',
      service_notice: null,
      requested_datetime: formatLocal(report.createdAt, pc.timeZone),
      updated_datetime: formatLocal(report.updatedAt, pc.timeZone),
      expected_datetime: report.resolveBy ? formatLocal(report.resolveBy, pc.timeZone) : null,
      address: text(report.addressText),
      address_id: null,
      zipcode: null,
      lat: report.lat,
      long: report.lon,
      media_url: photo ? absoluteMediaUrl(pc.publicBaseUrl, report.publicId, photo.id) : null,
    };
  });
}

/**
 * The token handed out on POST is the report's internal id; it answers only for reports that
 * came in through Open311 (the client that posted it already holds the public id too).
 */
export async function publicIdForToken(db: Db, token: string): Promise<string | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token)) return null;
  const [row] = await db.select({ publicId: reports.publicId }).from(reports)
    .where(and(eq(reports.id, token.toLowerCase()), like(reports.channel, `${OPEN311_CHANNEL_PREFIX}%`)));
  return row?.publicId ?? null;
}
