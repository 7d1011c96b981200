/**
 * The submit command. Files are stored first (outside any transaction, so slow storage never
 * holds database locks); then one transaction takes the public id, routes the report, inserts
 * it with its media and records the `submitted` change (timeline + outbox + audit). If anything
 * fails the stored files are deleted: no report without its files, no file without its report.
 *
 * Retries: with an `Idempotency-Key` the transaction also stores `{ publicId }` as the answer;
 * a repeat with the same key and the same content (fields and the SHA-256 of every file) gets
 * that report back without storing or inserting anything, a repeat with different content is
 * refused (IDEMPOTENCY_KEY_REUSED).
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { idempotencyKeys, reportMedia, reports, type ScreeningFlag } from '../../../db/schema/index.js';
import type { AuditContext } from '../../../platform/audit/auditLog.js';
import { AppError } from '../../../platform/errors/appError.js';
import { requestFingerprint, runIdempotent } from '../../../platform/http/idempotency.js';
import type { MediaStorage } from '../../../platform/media/mediaStorage.js';
import { searchableText } from '../../../platform/i18n/searchText.js';
import type { ModuleContext } from '../../moduleContext.js';
import type { AreaRow } from '../../areas/areaService.js';
import { resolveHandlingUnit, type RoutingReason } from '../../routing/routingResolver.js';
import { findUnit } from '../../units/index.js';
import { acceptDeadline } from '../deadlines.js';
import { nextPublicId } from '../publicId.js';
import { recordReportChange } from '../reportTimeline.js';
import { deleteStored, keysOf, storeProcessedPhotos, storeReportVideo, type StoredPhoto, type StoredVideo } from './mediaPipeline.js';
import type { CategoryRow } from './submitFields.js';
import type { Upload } from './uploadReader.js';

export interface SubmissionFacts {
  category: CategoryRow;
  parent: CategoryRow;
  description: string;
  lat: number | null;
  lon: number | null;
  area: AreaRow | null;
  addressText: string;
  anonymous: boolean;
  attributes: Record<string, unknown>;
  screeningFlags: ScreeningFlag[];
  suggestedCategoryId: string | null;
}

export interface SubmitRequest {
  /** The signed-in citizen; null when a client application files for its users (Open311). */
  reporterId: string | null;
  audit: AuditContext;
  idempotencyKey: string | undefined;
  /** Whose retries these are: the reporter by default, the client application for Open311. */
  idempotencyScope?: string;
  /** web (default) | open311:<client name> */
  channel?: string;
  /** The route the request came through, part of the retry fingerprint. */
  route?: string;
  /** What the client sent, for the retry fingerprint. */
  rawFields: Record<string, unknown>;
  upload: Upload;
  facts: SubmissionFacts;
}

export interface SubmitOutcome { publicId: string; reportId: string; acceptBy: string; replayed: boolean }

const ROUTE = 'POST /api/v1/reports';

/** Same fields and the same file bytes in the same order = the same request. */
export function submitFingerprint(rawFields: Record<string, unknown>, upload: Upload, route = ROUTE): string {
  return requestFingerprint({
    route,
    fields: rawFields,
    photos: upload.photos.map((p) => p.sha256),
    video: upload.video?.sha256 ?? null,
  });
}

/** The answer stored for an earlier request with this key, if any (refusing a key reused for other content). */
async function earlierAnswer(db: Db, scope: string, key: string, fingerprint: string): Promise<StoredAnswer | null> {
  const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!row) return null;
  if (row.requestHash !== fingerprint) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return row.responseBody as StoredAnswer;
}

/** What a retry gets back. */
interface StoredAnswer { publicId: string; reportId: string; acceptBy: string }

function yearIn(timeZone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
}

async function storeFiles(media: MediaStorage, reportId: string, upload: Upload): Promise<{ photos: StoredPhoto[]; video: StoredVideo | null }> {
  const photos = await storeProcessedPhotos(media, reportId, upload.photos.map((p) => p.photo));
  try {
    const video = upload.video ? await storeReportVideo(media, reportId, upload.video.data, upload.video.info) : null;
    return { photos, video };
  } catch (err) {
    await deleteStored(media, keysOf(photos));
    throw err;
  }
}

export async function submitReport(ctx: ModuleContext, request: SubmitRequest): Promise<SubmitOutcome> {
  const { facts, upload } = request;
  const scope = request.idempotencyScope ?? request.reporterId;
  if (!scope) throw new Error('submitReport: a report without a reporter needs an idempotencyScope');
  const fingerprint = submitFingerprint(request.rawFields, upload, request.route);
  if (request.idempotencyKey) {
    const earlier = await earlierAnswer(ctx.db, scope, request.idempotencyKey, fingerprint);
    if (earlier) return { ...earlier, replayed: true };
  }

  const reportId = randomUUID();
  const stored = await storeFiles(ctx.media, reportId, upload);
  const storedKeys = [...keysOf(stored.photos), ...(stored.video ? [stored.video.storageKey] : [])];
  try {
    const result = await runIdempotent(ctx.db, scope, request.idempotencyKey, fingerprint, async (tx) => {
      const settings = ctx.city.settings;
      const now = new Date();
      const publicId = await nextPublicId(tx, settings.reports.publicIdPrefix, yearIn(settings.timeZone, now));
      const routed = await resolveHandlingUnit(tx, {
        categoryId: facts.category.id,
        categoryParentId: facts.parent.id,
        categoryHandlingUnitId: facts.category.handlingUnitId ?? facts.parent.handlingUnitId,
        areaId: facts.area?.id ?? null,
        areaUnitId: facts.area?.unitId ?? null,
      });
      // No rule, no handling unit, no place: the city's own intake takes it.
      let unitId = routed?.unitId;
      let reason: RoutingReason | 'city_default' | undefined = routed?.reason;
      if (!unitId) {
        const root = await findUnit(tx, settings.rootUnitCode);
        if (!root) throw new Error(`root unit ${settings.rootUnitCode} is missing`);
        unitId = root.id;
        reason = 'city_default';
      }
      const acceptBy = acceptDeadline(ctx.calendar.current(), now, facts.category, settings);
      const [report] = await tx.insert(reports).values({
        id: reportId,
        publicId,
        categoryId: facts.category.id,
        suggestedCategoryId: facts.suggestedCategoryId,
        description: facts.description,
        searchText: searchableText(`${facts.description} ${facts.addressText}`),
        lat: facts.lat,
        lon: facts.lon,
        areaId: facts.area?.id ?? null,
        addressText: facts.addressText,
        attributes: facts.attributes,
        reporterId: request.reporterId,
        anonymous: facts.anonymous,
        channel: request.channel ?? 'web',
        status: 'submitted',
        priority: facts.category.defaultPriority,
        assignedUnitId: unitId,
        screeningFlags: facts.screeningFlags,
        acceptBy,
        createdAt: now,
        updatedAt: now,
      }).returning();
      const mediaRows = [
        ...stored.photos.map((p, i) => ({
          reportId, role: 'report', kind: 'photo', storageKey: p.storageKey, thumbnailKey: p.thumbnailKey,
          contentType: p.contentType, width: p.width, height: p.height, bytes: p.bytes, position: i,
        })),
        ...(stored.video ? [{
          reportId, role: 'report', kind: 'video', storageKey: stored.video.storageKey, thumbnailKey: null,
          contentType: stored.video.contentType, width: null, height: null, bytes: stored.video.bytes, position: stored.photos.length,
        }] : []),
      ];
      // Open311 clients send links, not files: such a report has no media rows.
      if (mediaRows.length > 0) await tx.insert(reportMedia).values(mediaRows);
      await recordReportChange(tx, request.audit, report!, {
        type: 'submitted',
        actorRole: 'reporter',
        fromStatus: null,
        toStatus: 'submitted',
        data: {
          categoryCode: facts.category.code,
          areaId: facts.area?.id ?? null,
          routing: reason,
          photos: stored.photos.length,
          video: stored.video !== null,
          flags: facts.screeningFlags.map((f) => f.kind),
          channel: request.channel ?? 'web',
        },
      });
      const answer: StoredAnswer = { publicId, reportId, acceptBy: acceptBy.toISOString() };
      return { statusCode: 201, body: answer };
    });
    // Two copies of one request raced and the other won: ours inserted nothing, so its files go.
    if (result.replayed) await deleteStored(ctx.media, storedKeys);
    return { ...result.body, replayed: result.replayed };
  } catch (err) {
    await deleteStored(ctx.media, storedKeys);
    throw err;
  }
}
