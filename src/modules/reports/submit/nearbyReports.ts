/**
 * Open reports of one category near a point, so a citizen about to submit can support an
 * existing one instead. A bounding box on the indexed lat/lon columns narrows the rows; the
 * exact great-circle distance (haversine, in SQL so it runs the same on PGlite and PostgreSQL)
 * filters and orders them. Only public fields leave.
 */
import { and, asc, between, eq, inArray, sql } from 'drizzle-orm';
import { maskPhoneNumbers, publiclyVisibleSql } from '../publicVisibility.js';
import type { Db } from '../../../db/client.js';
import { reportMedia, reports } from '../../../db/schema/index.js';
import { mediaUrl } from '../presenters.js';
import { OPEN_STATUSES } from '../reportStatus.js';

export const NEARBY_MAX_RADIUS_METERS = 500;
export const NEARBY_MAX_RESULTS = 20;
const EARTH_RADIUS_METERS = 6_371_008.8;
const METERS_PER_DEGREE_LAT = 111_320;
const EXCERPT_LENGTH = 160;

export interface NearbyReport {
  publicId: string;
  descriptionExcerpt: string;
  distanceMeters: number;
  status: string;
  supportCount: number;
  createdAt: string;
  thumbnailUrl: string | null;
}

function excerpt(text: string): string {
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = text.slice(0, EXCERPT_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_LENGTH * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export async function findNearbyReports(db: Db, query: { categoryId: string; lat: number; lon: number; radiusMeters: number }): Promise<NearbyReport[]> {
  const { lat, lon, radiusMeters } = query;
  const dLat = radiusMeters / METERS_PER_DEGREE_LAT;
  // Widen the longitude span by the latitude's cosine (never below a small floor near the poles).
  const dLon = radiusMeters / (METERS_PER_DEGREE_LAT * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  // Parameters typed explicitly: PostgreSQL would otherwise guess from the operator next to them.
  const num = (value: number) => sql`${value}::double precision`;
  const distance = sql<number>`(2 * ${num(EARTH_RADIUS_METERS)} * asin(least(1, sqrt(
      power(sin(radians(${reports.lat} - ${num(lat)}) / 2), 2)
      + cos(radians(${num(lat)})) * cos(radians(${reports.lat})) * power(sin(radians(${reports.lon} - ${num(lon)}) / 2), 2)))))`;
  const rows = await db.select({
    id: reports.id,
    publicId: reports.publicId,
    description: reports.description,
    status: reports.status,
    supportCount: reports.supportCount,
    createdAt: reports.createdAt,
    distance: distance.mapWith(Number),
  }).from(reports).where(and(
    eq(reports.categoryId, query.categoryId),
    inArray(reports.status, [...OPEN_STATUSES]),
    publiclyVisibleSql,
    between(reports.lat, lat - dLat, lat + dLat),
    between(reports.lon, lon - dLon, lon + dLon),
    sql`${distance} <= ${num(radiusMeters)}`,
  )).orderBy(asc(distance), asc(reports.createdAt)).limit(NEARBY_MAX_RESULTS);
  if (rows.length === 0) return [];

  // The first visible photo of each, for a thumbnail.
  const photos = await db.select({ reportId: reportMedia.reportId, id: reportMedia.id, thumbnailKey: reportMedia.thumbnailKey })
    .from(reportMedia)
    .where(and(inArray(reportMedia.reportId, rows.map((r) => r.id)), eq(reportMedia.role, 'report'), eq(reportMedia.kind, 'photo'), eq(reportMedia.hidden, false)))
    .orderBy(asc(reportMedia.position), asc(reportMedia.createdAt));
  const firstPhoto = new Map<string, { id: string; thumbnailKey: string | null }>();
  for (const photo of photos) if (!firstPhoto.has(photo.reportId)) firstPhoto.set(photo.reportId, photo);

  return rows.map((r) => {
    const photo = firstPhoto.get(r.id);
    return {
      publicId: r.publicId,
      descriptionExcerpt: excerpt(maskPhoneNumbers(r.description)),
      distanceMeters: Math.round(r.distance),
      status: r.status,
      supportCount: r.supportCount,
      createdAt: r.createdAt.toISOString(),
      thumbnailUrl: photo ? mediaUrl(r.publicId, photo.id, photo.thumbnailKey ? 'thumb' : 'display') : null,
    };
  });
}
