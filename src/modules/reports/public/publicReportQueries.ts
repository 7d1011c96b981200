/**
 * The reads behind the public feed, map and "my reports". Every list is bounded: the feed by
 * page size and a maximum offset (its count stops there too), the map by its limit.
 *
 * Query strategy:
 * offset paging ordered by (created_at desc, id desc) — a total order, so pages never overlap
 * or skip while nothing is inserted — with a hard cap on the offset (FEED_MAX_OFFSET), and a
 * count that stops at the cap, so neither a deep page nor a broad filter costs more than
 * reading that many index entries. Filters use the (status|category|area|reporter, created_at)
 * and (lat, lon) indexes; the text filter is a LIKE on the folded `search_text`.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { categories, reportEvents, reportMedia, reports } from '../../../db/schema/index.js';
import type { ReportEventRow, ReportMediaRow, ReportRow } from '../reportRepository.js';
import type { BBox } from './boundingBox.js';

const newestFirst = [desc(reports.createdAt), desc(reports.id)];

/**
 * Counting up to the cap reads that many index entries on every request; the feed's total
 * changes slowly, so a count is kept per database and filter for COUNT_TTL_MS (measured: the
 * count was most of a feed request's time with 100,000 reports).
 */
const COUNT_TTL_MS = 30_000;
const countCaches = new WeakMap<object, Map<string, { n: number; at: number }>>();

/** One page of reports and the number matching, counted up to `cap` + 1. `countKey` names the filter for the count cache. */
export async function listReports(db: DbOrTx, conditions: SQL[], page: { offset: number; limit: number; cap: number }, countKey?: string): Promise<{ rows: ReportRow[]; total: number; capped: boolean }> {
  const where = and(...conditions);
  let cache = countCaches.get(db);
  if (!cache) countCaches.set(db, cache = new Map());
  const cached = countKey ? cache.get(countKey) : undefined;
  const countNow = async (): Promise<number> => {
    if (cached && Date.now() - cached.at < COUNT_TTL_MS) return cached.n;
    const capped = db.select({ one: sql<number>`1`.as('one') }).from(reports).where(where).limit(page.cap + 1).as('capped');
    const [counted] = await db.select({ n: count() }).from(capped);
    const n = Number(counted?.n ?? 0);
    if (countKey) {
      if (cache.size >= 1000) cache.clear();
      cache.set(countKey, { n, at: Date.now() });
    }
    return n;
  };
  const [rows, n] = await Promise.all([
    db.select().from(reports).where(where).orderBy(...newestFirst).limit(page.limit).offset(page.offset),
    countNow(),
  ]);
  return { rows, total: Math.min(n, page.cap), capped: n > page.cap };
}

/** The first visible photo of each report (for thumbnails), by report id. */
export async function firstVisiblePhotos(db: DbOrTx, reportIds: string[]): Promise<Map<string, ReportMediaRow>> {
  if (reportIds.length === 0) return new Map();
  const rows = await db.selectDistinctOn([reportMedia.reportId]).from(reportMedia)
    .where(and(inArray(reportMedia.reportId, reportIds), eq(reportMedia.hidden, false), eq(reportMedia.role, 'report'), eq(reportMedia.kind, 'photo')))
    .orderBy(reportMedia.reportId, asc(reportMedia.position), asc(reportMedia.createdAt));
  return new Map(rows.map((m) => [m.reportId, m]));
}

/** The latest public timeline event of each report, by report id. */
export async function latestPublicEvents(db: DbOrTx, reportIds: string[]): Promise<Map<string, ReportEventRow>> {
  if (reportIds.length === 0) return new Map();
  const rows = await db.selectDistinctOn([reportEvents.reportId]).from(reportEvents)
    .where(and(inArray(reportEvents.reportId, reportIds), eq(reportEvents.public, true)))
    .orderBy(reportEvents.reportId, desc(reportEvents.id));
  return new Map(rows.map((e) => [e.reportId, e]));
}

export interface MapPoint {
  publicId: string;
  status: string;
  categoryCode: string;
  createdAt: Date;
  lat: number;
  lon: number;
}

/** Points in the box, newest first, at most `limit` (+1 read to know whether more exist). */
export async function mapPoints(db: DbOrTx, conditions: SQL[], bbox: BBox, limit: number): Promise<{ points: MapPoint[]; truncated: boolean }> {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const rows = await db.select({
    publicId: reports.publicId, status: reports.status, categoryCode: categories.code, createdAt: reports.createdAt, lat: reports.lat, lon: reports.lon,
  }).from(reports)
    .innerJoin(categories, eq(categories.id, reports.categoryId))
    .where(and(...conditions, sql`${reports.lat} between ${minLat} and ${maxLat}`, sql`${reports.lon} between ${minLon} and ${maxLon}`))
    .orderBy(...newestFirst)
    .limit(limit + 1);
  const points = rows.slice(0, limit).map((r) => ({ ...r, lat: r.lat!, lon: r.lon! }));
  return { points, truncated: rows.length > limit };
}

export async function findMediaOfReport(db: DbOrTx, reportId: string, mediaId: string): Promise<ReportMediaRow | undefined> {
  const [row] = await db.select().from(reportMedia).where(and(eq(reportMedia.id, mediaId), eq(reportMedia.reportId, reportId)));
  return row;
}
