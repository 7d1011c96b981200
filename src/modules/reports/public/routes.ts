/**
 * The public side of field reports: the feed, the map's GeoJSON, a report's public page and its
 * photos — no sign-in, only the fields the public presenters list — and the signed-in citizen's
 * own list. Registered under /api/v1.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isPubliclyVisible } from '../publicVisibility.js';
import { Type } from 'typebox';
import { eq, inArray } from 'drizzle-orm';
import type { ModuleContext } from '../../moduleContext.js';
import { reports } from '../../../db/schema/index.js';
import { AppError } from '../../../platform/errors/appError.js';
import { authorize } from '../../../platform/auth/policies.js';
import { errorResponses } from '../../../platform/http/commonSchemas.js';
import type { Language } from '../../../platform/i18n/language.js';
import { ReportPublicSchema, presentReportPublic, presentReportSummariesPublic } from '../presenters.js';
import { findReport, mediaOf, timelineOf } from '../reportRepository.js';
import { cityExtent, parseBBox } from './boundingBox.js';
import { canSeeHiddenMedia } from './mediaAccess.js';
import { presentMyReport } from './myReportPresenter.js';
import { markPublic, matchesEtag, PRIVATE_NO_STORE, PUBLIC_MEDIA_CACHE, publicEtagHook } from './publicCache.js';
import { findMediaOfReport, firstVisiblePhotos, latestPublicEvents, listReports, mapPoints } from './publicReportQueries.js';
import { filterConditions, parseStatuses, type ReportFilters } from './reportFilters.js';
import {
  FEED_MAX_OFFSET, FeedPage, FeedQuery, MapFeatureCollection, MapQuery, MediaParams, MediaQuery, MyReportsPage, MyReportsQuery, PublicIdParams,
} from './schemas.js';

const CONTENT_TYPES: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime' };

function offsetOf(page: number, pageSize: number, lang: Language): number {
  const offset = (page - 1) * pageSize;
  if (offset + pageSize > FEED_MAX_OFFSET) {
    throw AppError.validation([{
      field: 'querystring.page',
      message: lang === 'en'
        ? `paging stops after ${FEED_MAX_OFFSET} reports; narrow the filters (dates, category, ward)`
        : `chỉ xem được ${FEED_MAX_OFFSET} phản ánh đầu tiên; hãy thu hẹp bộ lọc (ngày, lĩnh vực, phường)`,
    }]);
  }
  return offset;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` within the file; anything else is ignored (the whole file is sent). */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(size - Number(match[2]), 0);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

const mediaNotFound = (mediaId: string) => new AppError('NOT_FOUND', { media: mediaId }, { vi: 'Không tìm thấy ảnh hoặc video này.', en: 'No such photo or video.' });

export const publicReportRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const extent = cityExtent(ctx.areas.all());
  const timeZone = ctx.city.settings.timeZone;
  publicEtagHook(app);

  const conditionsFor = (filters: ReportFilters, language: Language) => filterConditions(filters, { db: ctx.db, areas: ctx.areas, timeZone, lang: language });

  app.get('/reports', {
    schema: {
      tags: ['reports'],
      summary: 'Public feed of reports, newest first',
      description: `Offset paging (pageSize at most 100) up to the first ${FEED_MAX_OFFSET} matches; the count stops there too (totalCapped). `
        + 'Without a status filter, merged and withdrawn reports are left out. Cached by proxies for 30 s (ETag, 304).',
      querystring: FeedQuery,
      response: { 200: FeedPage, ...errorResponses(422) },
    },
  }, async (request, reply) => {
    const { page, pageSize, lang: _lang, ...filters } = request.query;
    const offset = offsetOf(page, pageSize, request.language);
    const conditions = await conditionsFor(filters, request.language);
    const { rows, total, capped } = await listReports(ctx.db, conditions, { offset, limit: pageSize, cap: FEED_MAX_OFFSET }, JSON.stringify(filters));
    const photos = await firstVisiblePhotos(ctx.db, rows.map((r) => r.id));
    const items = await presentReportSummariesPublic(rows.map((report) => ({ report, firstPhoto: photos.get(report.id) ?? null })), request.language, ctx);
    markPublic(reply);
    return { items, page, pageSize, total, totalCapped: capped };
  });

  app.get('/reports/map.geojson', {
    schema: {
      tags: ['reports'],
      summary: 'Report points in a bounding box, as GeoJSON',
      description: 'The feed’s filters apply. At most `limit` points (default 500, at most 2000), newest first; '
        + '`properties.truncated` says more exist. A box larger than twice the city’s extent is refused.',
      querystring: MapQuery,
      response: { 200: MapFeatureCollection, ...errorResponses(422) },
    },
  }, async (request, reply) => {
    const { bbox: bboxText, limit, lang: _lang, ...filters } = request.query;
    const bbox = parseBBox(bboxText, extent, request.language);
    const conditions = await conditionsFor(filters, request.language);
    const { points, truncated } = await mapPoints(ctx.db, conditions, bbox, limit);
    markPublic(reply);
    void reply.type('application/geo+json; charset=utf-8');
    return {
      type: 'FeatureCollection' as const,
      features: points.map((p) => ({
        type: 'Feature' as const,
        id: p.publicId,
        geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] as [number, number] },
        properties: { publicId: p.publicId, status: p.status, categoryCode: p.categoryCode, createdAt: p.createdAt.toISOString() },
      })),
      properties: { truncated, limit, count: points.length, bbox },
    };
  });

  app.get('/reports/:publicId', {
    schema: {
      tags: ['reports'],
      summary: 'A report’s public page: description, photos, the answer with its proof, the public timeline',
      params: PublicIdParams,
      response: { 200: ReportPublicSchema, ...errorResponses(404, 422) },
    },
  }, async (request, reply) => {
    const report = await findReport(ctx.db, request.params.publicId);
    if (!isPubliclyVisible(report)) throw AppError.notFound('report', report.publicId);
    const [media, events] = await Promise.all([
      mediaOf(ctx.db, report.id, { includeHidden: false }),
      timelineOf(ctx.db, report.id, { includeInternal: false }),
    ]);
    const body = await presentReportPublic(report, media, events, request.language, ctx);
    markPublic(reply);
    return body;
  });

  app.get('/reports/:publicId/media/:mediaId', {
    schema: {
      tags: ['reports'],
      summary: 'A photo or video of a report (size=thumb for the thumbnail)',
      description: 'Hidden photos answer 404, except to officials who may open the report in the officials’ console. Byte ranges are served for video.',
      params: MediaParams,
      querystring: MediaQuery,
      response: {
        200: Type.Unknown({ description: 'The file, with its own content type (image/webp, video/mp4 …)' }),
        206: Type.Unknown({ description: 'The requested byte range' }),
        304: Type.Null({ description: 'Not modified (If-None-Match)' }),
        ...errorResponses(404, 422),
      },
    },
  }, async (request, reply) => {
    const { publicId, mediaId } = request.params;
    const report = await findReport(ctx.db, publicId);
    const media = await findMediaOfReport(ctx.db, report.id, mediaId);
    if (!media) throw mediaNotFound(mediaId);
    // Same answer as "no such file", so the public cannot even tell a hidden photo exists.
    if ((media.hidden || !isPubliclyVisible(report)) && !(await canSeeHiddenMedia(ctx.db, request.principal, report))) throw mediaNotFound(mediaId);
    const wantsThumb = request.query.size === 'thumb';
    if (wantsThumb && !media.thumbnailKey && media.kind !== 'photo') throw mediaNotFound(mediaId);
    const key = wantsThumb && media.thumbnailKey ? media.thumbnailKey : media.storageKey;
    const servedSize = wantsThumb && media.thumbnailKey ? 'thumb' : 'display';
    const contentType = servedSize === 'thumb' ? CONTENT_TYPES[key.split('.').pop() ?? ''] ?? media.contentType : media.contentType;

    const etag = `"${media.id}-${servedSize}"`;
    void reply.header('x-content-type-options', 'nosniff').header('content-disposition', 'inline');
    if (media.hidden || !isPubliclyVisible(report)) {
      void reply.header('cache-control', PRIVATE_NO_STORE);
    } else {
      void reply.header('cache-control', PUBLIC_MEDIA_CACHE).header('etag', etag);
      if (matchesEtag(request, etag)) return reply.code(304).send(null);
    }
    const bytes = await ctx.media.get(key);
    if (!bytes) {
      request.log.warn({ mediaId: media.id }, 'report media row without its file');
      throw mediaNotFound(mediaId);
    }
    void reply.header('accept-ranges', 'bytes').type(contentType);
    const range = byteRange(request.headers.range, bytes.length);
    if (range) {
      return reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${bytes.length}`).send(bytes.subarray(range.start, range.end + 1));
    }
    return reply.send(bytes);
  });

  app.get('/me/reports', {
    schema: {
      tags: ['reports'],
      summary: 'The signed-in citizen’s own reports, newest first, with status, deadline and latest step',
      security: [{ bearer: [] }],
      querystring: MyReportsQuery,
      response: { 200: MyReportsPage, ...errorResponses(401, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'account.readOwn');
    const { page, pageSize, status } = request.query;
    const statuses = parseStatuses(status, request.language);
    const conditions = [eq(reports.reporterId, request.principal.userId), ...(statuses ? [inArray(reports.status, statuses)] : [])];
    const offset = offsetOf(page, pageSize, request.language);
    const { rows, total } = await listReports(ctx.db, conditions, { offset, limit: pageSize, cap: FEED_MAX_OFFSET });
    const ids = rows.map((r) => r.id);
    const [photos, latest] = await Promise.all([firstVisiblePhotos(ctx.db, ids), latestPublicEvents(ctx.db, ids)]);
    const summaries = await presentReportSummariesPublic(rows.map((report) => ({ report, firstPhoto: photos.get(report.id) ?? null })), request.language, ctx);
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return {
      items: rows.map((report, i) => presentMyReport(summaries[i]!, report, latest.get(report.id), timeZone)),
      page, pageSize, total,
    };
  });
};
