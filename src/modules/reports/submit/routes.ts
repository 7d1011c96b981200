/**
 * The citizen's side of field reports: submit (multipart, photos and an optional video),
 * look for similar open reports nearby first, and support ("me too") one of them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModuleContext } from '../../moduleContext.js';
import { requireIdentityLevel } from '../../../platform/auth/identityLevels.js';
import { AppError } from '../../../platform/errors/appError.js';
import { errorResponses, LangQuery } from '../../../platform/http/commonSchemas.js';
import { idempotencyKeyOf } from '../../../platform/http/idempotency.js';
import { validatorCompiler } from '../../../platform/http/validators.js';
import { PUBLIC_ID_PATTERN, findReport, mediaOf, timelineOf } from '../reportRepository.js';
import { presentReportForCitizen, ReportCitizenSchema } from '../presenters.js';
import { findNearbyReports, NEARBY_MAX_RADIUS_METERS, NEARBY_MAX_RESULTS } from './nearbyReports.js';
import { checkSubmission, prepareSubmission } from './prepareSubmission.js';
import { submitReport } from './submitReport.js';
import { findSubmitCategory, SubmitFields } from './submitFields.js';
import { supportReport, withdrawSupport } from './support.js';
import { PHOTO_MAX_BYTES, readUpload } from './uploadReader.js';
import { VIDEO_MAX_BYTES, VIDEO_MAX_SECONDS } from './mediaPipeline.js';

const SupportState = Type.Object({
  publicId: Type.String(),
  supported: Type.Boolean({ description: 'Whether the caller supports the report now' }),
  supportCount: Type.Integer(),
});

const NearbyItem = Type.Object({
  publicId: Type.String(),
  descriptionExcerpt: Type.String(),
  distanceMeters: Type.Integer(),
  status: Type.String(),
  supportCount: Type.Integer(),
  createdAt: Type.String(),
  thumbnailUrl: Type.Union([Type.String(), Type.Null()]),
});

/**
 * The submit form as OpenAPI shows it. The handler checks it while streaming the parts (fields
 * coerced from text, files by content), so the route skips schema validation of the body only.
 */
const submitForm = (maxPhotos: number) => Type.Object({
  ...SubmitFields.properties,
  photos: Type.Array(Type.String({ format: 'binary' }), { minItems: 1, maxItems: maxPhotos, description: 'JPEG, PNG, WebP or AVIF; judged by content' }),
  video: Type.Optional(Type.String({ format: 'binary', description: 'MP4, MOV or WebM, at most 30 s' })),
});
const skipBodyValidation: typeof validatorCompiler = (route) => (route.httpPart === 'body' ? () => true : validatorCompiler(route));

const PublicIdParams = Type.Object({ publicId: Type.String({ pattern: PUBLIC_ID_PATTERN, maxLength: 30 }) });

export const reportSubmitRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const settings = ctx.city.settings;

  app.post('', {
    validatorCompiler: skipBodyValidation,
    schema: {
      tags: ['reports'],
      summary: 'Submit a field report (multipart/form-data)',
      description: [
        'Fields: `categoryCode` (a child category), `description` (10–2,000 characters), `lat` and `lon` (required when the category',
        'needs a place; must be inside the city), `addressText`, `anonymous` (true hides your name from the public), `attributes`',
        '(JSON object of the category\'s extra attributes). Files: `photos` (1 to the city\'s maximum, JPEG/PNG/WebP/AVIF, each up to',
        `${PHOTO_MAX_BYTES / 1024 / 1024} MB, judged by content) and optionally one \`video\` (MP4, MOV or WebM, up to ${VIDEO_MAX_BYTES / 1024 / 1024} MB`,
        `and ${VIDEO_MAX_SECONDS} s). Send the fields before the files. With an \`Idempotency-Key\` header a retried submit answers 201 with the`,
        'same report (header `idempotent-replayed: true`) and creates nothing; the same key with other content gives 422 IDEMPOTENCY_KEY_REUSED.',
      ].join(' '),
      security: [{ bearer: [] }],
      consumes: ['multipart/form-data'],
      body: submitForm(settings.reports.maxPhotos),
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: '8–100 characters: letters, digits, _ . : -' })) }),
      querystring: Type.Object({ ...LangQuery }),
      response: { 201: ReportCitizenSchema, ...errorResponses(400, 401, 403, 413, 415, 422) },
    },
  }, async (request, reply) => {
    const lang = request.language;
    requireIdentityLevel(request.principal, 1);
    const principal = request.principal;
    const idempotencyKey = idempotencyKeyOf(request);
    const upload = await readUpload(request, {
      maxPhotos: settings.reports.maxPhotos,
      lang,
      // Fields sent before the files are checked before any photo is processed.
      beforeFirstFile: async (fields) => {
        if (fields.categoryCode !== undefined && fields.description !== undefined) await checkSubmission(ctx, principal, fields, null, lang);
      },
    });
    const facts = await prepareSubmission(ctx, principal, upload.fields, upload.photos.length, lang);
    const outcome = await submitReport(ctx, {
      reporterId: principal.userId, audit: request.auditContext, idempotencyKey, rawFields: upload.fields, upload, facts,
    });
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    const report = await findReport(ctx.db, outcome.publicId);
    if (report.reporterId !== principal.userId) throw AppError.notFound('report', outcome.publicId);
    const [media, events] = await Promise.all([mediaOf(ctx.db, report.id, { includeHidden: true }), timelineOf(ctx.db, report.id, { includeInternal: false })]);
    return reply.status(201).send(await presentReportForCitizen(report, media, events, lang, ctx));
  });

  app.get('/nearby', {
    schema: {
      tags: ['reports'],
      summary: 'Open reports of a category near a point, nearest first (check before submitting)',
      description: `At most ${NEARBY_MAX_RESULTS}; radius in metres, default ${settings.reports.nearbyRadiusMeters}, at most ${NEARBY_MAX_RADIUS_METERS}. Only public fields.`,
      querystring: Type.Object({
        categoryCode: Type.String({ minLength: 1, maxLength: 100 }),
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        lon: Type.Number({ minimum: -180, maximum: 180 }),
        radius: Type.Optional(Type.Integer({ minimum: 1, maximum: NEARBY_MAX_RADIUS_METERS })),
        ...LangQuery,
      }),
      response: { 200: Type.Object({ items: Type.Array(NearbyItem), radiusMeters: Type.Integer() }), ...errorResponses(422) },
    },
  }, async (request) => {
    const { categoryCode, lat, lon } = request.query;
    const radiusMeters = request.query.radius ?? settings.reports.nearbyRadiusMeters;
    const { category } = await findSubmitCategory(ctx.db, categoryCode, request.language, 'querystring.categoryCode');
    const items = await findNearbyReports(ctx.db, { categoryId: category.id, lat, lon, radiusMeters });
    return { items, radiusMeters };
  });

  app.post('/:publicId/support', {
    schema: {
      tags: ['reports'], summary: 'Support an open report ("me too"); once per person, not your own', security: [{ bearer: [] }],
      params: PublicIdParams,
      response: { 200: SupportState, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    requireIdentityLevel(request.principal, 1);
    return supportReport(ctx.db, request.auditContext, request.params.publicId, request.principal.userId);
  });

  app.delete('/:publicId/support', {
    schema: {
      tags: ['reports'], summary: 'Take back my support', security: [{ bearer: [] }],
      params: PublicIdParams,
      response: { 200: SupportState, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    requireIdentityLevel(request.principal, 1);
    return withdrawSupport(ctx.db, request.auditContext, request.params.publicId, request.principal.userId);
  });
};

