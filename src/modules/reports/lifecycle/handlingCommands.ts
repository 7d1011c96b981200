/**
 * The handling unit's commands: start work, extend the deadline (supervisors), resolve with an
 * answer and proof photos, internal notes, and hiding a photo (moderators, the city admin).
 */
import { createHash } from 'node:crypto';
import { and, eq, max } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { reportMedia } from '../../../db/schema/index.js';
import { AppError } from '../../../platform/errors/appError.js';
import { errorResponses } from '../../../platform/http/commonSchemas.js';
import type { ModuleContext } from '../../moduleContext.js';
import { ReportOfficialSchema } from '../presenters.js';
import { findReport } from '../reportRepository.js';
import { authorizeOnReport } from '../reportPolicy.js';
import { deleteStored, keysOf, processPhoto, storeProcessedPhotos, type ProcessedPhoto, type StoredPhoto } from '../submit/mediaPipeline.js';
import { CLEARED_DEADLINE_FLAGS, requirePrincipal, requireText, runReportCommand } from './commandRunner.js';
import type { LifecycleApp } from './intakeCommands.js';
import { categoryFacts, loadUnitTree, scopeOf } from './reportFacts.js';
import { ExtendBody, HidePhotoBody, NoteBody, PublicIdParams } from './schemas.js';

const security = [{ bearer: [] }];
const response = { 200: ReportOfficialSchema, ...errorResponses(401, 403, 404, 409, 413, 415, 422) };

/** Same per-file limit as the app's multipart setting. */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MAX_ANSWER_LENGTH = 5000;

interface ResolveInput { answer: string | undefined; photos: Buffer[] }

/**
 * `multipart/form-data` with a text field `answer` and up to `maxPhotos` files `photos`, or JSON
 * `{ "answer": … }` for a category that needs no proof photo.
 */
async function readResolveInput(request: FastifyRequest, maxPhotos: number): Promise<ResolveInput> {
  const en = request.language === 'en';
  if (!request.isMultipart()) {
    const body = request.body as { answer?: unknown } | null | undefined;
    const extra = Object.keys(body ?? {}).filter((k) => k !== 'answer');
    if (extra.length > 0) throw AppError.validation(extra.map((k) => ({ field: `body.${k}`, message: en ? 'is not an allowed field' : 'không được phép có trường này' })));
    if (body?.answer !== undefined && typeof body.answer !== 'string') {
      throw AppError.validation([{ field: 'body.answer', message: en ? 'must be of type string' : 'phải có kiểu string' }]);
    }
    return { answer: body?.answer, photos: [] };
  }
  const photos: Buffer[] = [];
  let answer: string | undefined;
  try {
    for await (const part of request.parts({ limits: { files: maxPhotos, fileSize: MAX_PHOTO_BYTES, fields: 5 } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname !== 'photos') throw AppError.validation([{ field: `body.${part.fieldname}`, message: en ? 'is not an allowed field (send files as "photos")' : 'không được phép có trường này (gửi tệp ở trường "photos")' }]);
        photos.push(data);
      } else if (part.fieldname === 'answer') {
        answer = String(part.value);
      } else {
        throw AppError.validation([{ field: `body.${part.fieldname}`, message: en ? 'is not an allowed field' : 'không được phép có trường này' }]);
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw AppError.validation([{ field: 'body.photos', message: en ? `at most ${maxPhotos} photos` : `tối đa ${maxPhotos} ảnh` }]);
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { field: 'body.photos', maxBytes: MAX_PHOTO_BYTES });
    throw err;
  }
  return { answer, photos };
}

export function registerHandlingCommands(app: LifecycleApp, ctx: ModuleContext): void {
  app.post('/:publicId/start', {
    schema: {
      tags: ['reports: handling'], summary: 'Start work on an accepted report (handler, supervisor)',
      security, params: PublicIdParams, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'start', publicId: request.params.publicId, fingerprint: null,
    run: async () => ({ set: { status: 'in_progress' }, change: { type: 'started', actorRole: 'official' } }),
  }));

  app.post('/:publicId/extend', {
    schema: {
      tags: ['reports: handling'], summary: 'Give the report a later resolve-by deadline, with a reason the citizen reads (supervisor only)',
      security, params: PublicIdParams, body: ExtendBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'extend', publicId: request.params.publicId, fingerprint: request.body,
    run: async ({ report, now }) => {
      const reason = requireText(request.body.reason, 'body.reason', request);
      const newResolveBy = new Date(request.body.newResolveBy);
      const current = report.resolveBy;
      if (current && newResolveBy.getTime() <= current.getTime()) {
        throw AppError.validation([{
          field: 'body.newResolveBy',
          message: request.language === 'en' ? `must be later than the current deadline ${current.toISOString()}` : `phải sau hạn hiện tại ${current.toISOString()}`,
        }]);
      }
      if (newResolveBy.getTime() <= now.getTime()) {
        throw AppError.validation([{ field: 'body.newResolveBy', message: request.language === 'en' ? 'must be in the future' : 'phải là thời điểm trong tương lai' }]);
      }
      return {
        // The new deadline is not overdue; the sweep marks it due soon again when it is.
        set: { resolveBy: newResolveBy, ...CLEARED_DEADLINE_FLAGS },
        change: {
          type: 'deadline_extended', actorRole: 'official', message: reason,
          data: { previousResolveBy: current?.toISOString() ?? null, resolveBy: newResolveBy.toISOString() },
        },
      };
    },
  }));

  app.post('/:publicId/resolve', {
    schema: {
      tags: ['reports: handling'],
      summary: 'Answer the report: multipart field "answer" and one or more files "photos" (proof of the result; required when the category says so). '
        + 'JSON {"answer"} is accepted for categories without proof photos (handler, supervisor)',
      security, params: PublicIdParams, consumes: ['multipart/form-data', 'application/json'], response,
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const publicId = request.params.publicId;
    const en = request.language === 'en';
    const maxPhotos = ctx.city.settings.reports.maxPhotos;
    // Refuse strangers before any image work. The status is checked in the transaction only:
    // a retry with the same Idempotency-Key must get its first answer, not "already resolved".
    const early = await findReport(ctx.db, publicId);
    authorizeOnReport(principal, 'resolve', scopeOf(early, await loadUnitTree(ctx.db)));

    const input = await readResolveInput(request, maxPhotos);
    if (input.answer === undefined) throw AppError.validation([{ field: 'body.answer', message: en ? 'is required' : 'là bắt buộc' }]);
    const answer = requireText(input.answer, 'body.answer', request);
    if (answer.length > MAX_ANSWER_LENGTH) {
      throw AppError.validation([{ field: 'body.answer', message: en ? `must have at most ${MAX_ANSWER_LENGTH} characters` : `không được quá ${MAX_ANSWER_LENGTH} ký tự` }]);
    }
    const processed: ProcessedPhoto[] = [];
    for (const data of input.photos) processed.push(await processPhoto(data));
    const digests = input.photos.map((data) => createHash('sha256').update(data).digest('hex'));

    let stored: StoredPhoto[] = [];
    return runReportCommand(ctx, request, reply, {
      action: 'resolve', publicId, fingerprint: { answer, photos: digests },
      discard: () => deleteStored(ctx.media, keysOf(stored)),
      run: async ({ tx, report, now }) => {
        const category = await categoryFacts(tx, report.categoryId);
        if (category.proofPhotoRequired && processed.length === 0) {
          throw AppError.validation([{
            field: 'body.photos',
            message: en ? 'at least one proof photo of the result is required for this category' : 'cần ít nhất một ảnh minh chứng kết quả xử lý cho lĩnh vực này',
          }]);
        }
        stored = await storeProcessedPhotos(ctx.media, report.id, processed);
        const [last] = await tx.select({ position: max(reportMedia.position) }).from(reportMedia).where(eq(reportMedia.reportId, report.id));
        const first = (last?.position ?? -1) + 1;
        const rows = stored.length === 0 ? [] : await tx.insert(reportMedia).values(stored.map((s, i) => ({
          reportId: report.id, role: 'proof', kind: 'photo', storageKey: s.storageKey, thumbnailKey: s.thumbnailKey,
          contentType: s.contentType, width: s.width, height: s.height, bytes: s.bytes, position: first + i,
        }))).returning({ id: reportMedia.id });
        return {
          set: { status: 'resolved', resolvedAt: now, answerText: answer, infoRequested: false, pendingTransferUnitId: null, ...CLEARED_DEADLINE_FLAGS },
          change: { type: 'resolved', actorRole: 'official', message: answer, data: { proofMediaIds: rows.map((r) => r.id) } },
        };
      },
    });
  });

  app.post('/:publicId/note', {
    schema: {
      tags: ['reports: handling'], summary: 'An internal note on the timeline, never shown to the public (intake, handler, supervisor, moderator)',
      security, params: PublicIdParams, body: NoteBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'note', publicId: request.params.publicId, fingerprint: request.body,
    run: async () => {
      const text = requireText(request.body.text, 'body.text', request);
      return { set: {}, change: { type: 'note', actorRole: 'official', message: text, public: false } };
    },
  }));

  app.post('/:publicId/hide-photo', {
    schema: {
      tags: ['reports: handling'], summary: 'Hide a photo from the public (a face, a number plate); officials still see it (moderator, city admin)',
      security, params: PublicIdParams, body: HidePhotoBody, response,
    },
  }, (request, reply) => runReportCommand(ctx, request, reply, {
    action: 'hidePhoto', publicId: request.params.publicId, fingerprint: request.body,
    run: async ({ tx, report }) => {
      const { mediaId } = request.body;
      const [media] = await tx.select().from(reportMedia).where(and(eq(reportMedia.id, mediaId), eq(reportMedia.reportId, report.id))).for('update');
      if (!media) {
        throw AppError.validation([{ field: 'body.mediaId', message: request.language === 'en' ? 'is not a photo of this report' : 'không phải ảnh của phản ánh này' }]);
      }
      if (media.hidden) throw new AppError('ALREADY_DONE', { mediaId });
      await tx.update(reportMedia).set({ hidden: true }).where(eq(reportMedia.id, mediaId));
      return { set: {}, change: { type: 'photo_hidden', actorRole: 'official', public: false, data: { mediaId, role: media.role } } };
    },
  }));
}
