/**
 * GET /api/v1/queues/:unitCode — a unit's work queues for its officials (and those of the units
 * above it; the city admin sees every unit's): one view at a time, paginated, sorted by the
 * deadline that applies, with the count of every view.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { inArray } from 'drizzle-orm';
import { categories } from '../../../db/schema/index.js';
import { authorizeScoped } from '../../../platform/auth/policies.js';
import { AppError } from '../../../platform/errors/appError.js';
import { errorResponses } from '../../../platform/http/commonSchemas.js';
import { localized, type Language } from '../../../platform/i18n/language.js';
import type { ModuleContext } from '../../moduleContext.js';
import { UnitTree } from '../../officials/unitTree.js';
import type { ReportRow } from '../reportRepository.js';
import { canReadQueue } from '../reportPolicy.js';
import { categoryIdsFor, readQueue } from './queueQuery.js';
import { QueuePage, QueueParams, QueueQuery, type QueueView } from './schemas.js';

const DESCRIPTION_EXCERPT = 200;

export const queueRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  async function categoryNames(ids: string[], language: Language): Promise<Map<string, { code: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await ctx.db.select({ id: categories.id, code: categories.code, nameVi: categories.nameVi, nameEn: categories.nameEn })
      .from(categories).where(inArray(categories.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, { code: r.code, name: localized(language, r.nameVi, r.nameEn) }]));
  }

  function present(report: ReportRow, tree: UnitTree, names: Map<string, { code: string; name: string }>, language: Language) {
    const unit = (id: string) => ({ code: tree.get(id)?.code ?? 'unknown', name: tree.name(id, language) });
    const area = report.areaId ? ctx.areas.get(report.areaId) : undefined;
    const deadlineKind = report.status === 'submitted' ? 'accept' as const : report.status === 'accepted' || report.status === 'in_progress' ? 'resolve' as const : null;
    const deadline = deadlineKind === 'accept' ? report.acceptBy : deadlineKind === 'resolve' ? report.resolveBy : null;
    return {
      publicId: report.publicId,
      status: report.status,
      priority: report.priority,
      category: names.get(report.categoryId) ?? { code: 'unknown', name: '?' },
      description: report.description.length > DESCRIPTION_EXCERPT ? `${report.description.slice(0, DESCRIPTION_EXCERPT - 1)}…` : report.description,
      area: area ? { id: area.id, name: area.name } : null,
      addressText: report.addressText,
      assignedUnit: unit(report.assignedUnitId),
      pendingTransferUnit: report.pendingTransferUnitId ? unit(report.pendingTransferUnitId) : null,
      deadlineKind,
      deadline: deadline?.toISOString() ?? null,
      acceptBy: report.acceptBy.toISOString(),
      resolveBy: report.resolveBy?.toISOString() ?? null,
      dueSoon: report.dueSoon,
      overdue: report.overdue,
      escalatedAt: report.escalatedAt?.toISOString() ?? null,
      reopenCount: report.reopenCount,
      infoRequested: report.infoRequested,
      screeningFlags: report.screeningFlags,
      supportCount: report.supportCount,
      createdAt: report.createdAt.toISOString(),
    };
  }

  app.get('/:unitCode', {
    schema: {
      tags: ['reports: handling'], summary: 'A unit\'s work queue: one view, paginated and sorted by deadline, with the counts of every view (officials of the unit or a unit above it; city admin)',
      security: [{ bearer: [] }], params: QueueParams, querystring: QueueQuery, response: { 200: QueuePage, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    const { unitCode } = request.params;
    const { view, sort, page, pageSize, categoryCode, areaId, q } = request.query;
    if (!request.principal) throw new AppError('UNAUTHENTICATED');
    const tree = await UnitTree.load(ctx.db);
    const unit = tree.byCode(unitCode);
    if (!unit) throw AppError.notFound('unit', unitCode);
    authorizeScoped(request.principal, canReadQueue(request.principal, unit.id, tree.ancestry(unit.id)), 'report.queue');

    let categoryIds: string[] | undefined;
    if (categoryCode) {
      categoryIds = await categoryIdsFor(ctx.db, categoryCode);
      if (categoryIds.length === 0) {
        throw AppError.validation([{ field: 'querystring.categoryCode', message: request.language === 'en' ? `no category ${categoryCode}` : `không có lĩnh vực ${categoryCode}` }]);
      }
    }
    const subUnitIds = [...tree.withDescendants([unit.id])].filter((id) => id !== unit.id);
    const { rows, total, counts } = await readQueue(ctx.db, { unitId: unit.id, subUnitIds }, {
      view: view as QueueView, sort: sort as 'deadline' | 'created', page, pageSize,
      filters: { ...(categoryIds ? { categoryIds } : {}), ...(areaId ? { areaId } : {}), ...(q ? { q } : {}) },
    });
    const names = await categoryNames(rows.map((r) => r.categoryId), request.language);
    void reply.header('cache-control', 'no-store');
    return {
      unit: { code: unit.code, name: tree.name(unit.id, request.language) },
      view, sort, counts, page, pageSize, total,
      items: rows.map((r) => present(r, tree, names, request.language)),
    };
  });
};
