/** Routing rules: (category, ward) → unit. Public read and resolve; city-admin write, audited. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { asc, count, eq } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import { categories, routingRules, units } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { authorize } from '../../platform/auth/policies.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses, LangQuery, Page, PageQuery } from '../../platform/http/commonSchemas.js';
import { localized } from '../../platform/i18n/language.js';
import { findUnit } from '../units/index.js';
import { resolveHandlingUnit } from './routingResolver.js';

const Rule = Type.Object({
  id: Type.String({ format: 'uuid' }),
  categoryCode: Type.Union([Type.String(), Type.Null()]),
  areaId: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.String(),
  note: Type.String(),
});

const RuleCreate = Type.Object({
  categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  areaId: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  unitCode: Type.String({ minLength: 1, maxLength: 60 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

const Resolution = Type.Object({
  unit: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  reason: Type.String({ description: 'rule_category_area | rule_category | rule_area | category_default | ward_default' }),
  ruleId: Type.Optional(Type.String()),
  areaId: Type.Union([Type.String(), Type.Null()]),
});

export const routingRuleRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.get('', {
    schema: { tags: ['routing'], summary: 'Routing rules (paginated)', querystring: Type.Object(PageQuery), response: { 200: Page(Rule) } },
  }, async (request) => {
    const { page, pageSize } = request.query;
    const [rows, [total]] = await Promise.all([
      ctx.db.select({ id: routingRules.id, categoryCode: categories.code, areaId: routingRules.areaId, unitCode: units.code, note: routingRules.note })
        .from(routingRules)
        .leftJoin(categories, eq(categories.id, routingRules.categoryId))
        .innerJoin(units, eq(units.id, routingRules.unitId))
        .orderBy(asc(routingRules.createdAt), asc(routingRules.id))
        .limit(pageSize).offset((page - 1) * pageSize),
      ctx.db.select({ n: count() }).from(routingRules),
    ]);
    return { items: rows, page, pageSize, total: total?.n ?? 0 };
  });

  app.post('', {
    config: { admin: true },
    schema: {
      tags: ['routing'], summary: 'Add a routing rule (city admin); at least a category or a ward', security: [{ bearer: [] }],
      body: RuleCreate, response: { 201: Rule, ...errorResponses(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'referenceData.manage');
    const { categoryCode, areaId, unitCode, note = '' } = request.body;
    if (!categoryCode && !areaId) throw AppError.validation([{ field: 'body.categoryCode', message: 'give a category, a ward (areaId) or both' }]);
    const created = await ctx.db.transaction(async (tx) => {
      const unit = await findUnit(tx, unitCode);
      if (!unit) throw AppError.validation([{ field: 'body.unitCode', message: `no unit ${unitCode}` }]);
      let categoryId: string | null = null;
      if (categoryCode) {
        const [category] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.code, categoryCode));
        if (!category) throw AppError.validation([{ field: 'body.categoryCode', message: `no category ${categoryCode}` }]);
        categoryId = category.id;
      }
      if (areaId && !ctx.areas.get(areaId)) throw AppError.validation([{ field: 'body.areaId', message: `no ward ${areaId}` }]);
      const [row] = await tx.insert(routingRules).values({ categoryId, areaId: areaId ?? null, unitId: unit.id, note }).returning();
      await recordAudit(tx, request.auditContext, { action: 'routingRule.create', entityType: 'routing_rule', entityId: row!.id, data: request.body });
      return { id: row!.id, categoryCode: categoryCode ?? null, areaId: areaId ?? null, unitCode: unit.code, note };
    });
    return reply.status(201).send(created);
  });

  app.delete('/:id', {
    config: { admin: true },
    schema: {
      tags: ['routing'], summary: 'Remove a routing rule (city admin)', security: [{ bearer: [] }],
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'referenceData.manage');
    await ctx.db.transaction(async (tx) => {
      const removed = await tx.delete(routingRules).where(eq(routingRules.id, request.params.id)).returning();
      if (removed.length === 0) throw AppError.notFound('routing rule', request.params.id);
      await recordAudit(tx, request.auditContext, { action: 'routingRule.delete', entityType: 'routing_rule', entityId: request.params.id, data: { previous: removed[0] } });
    });
    return reply.status(204).send(null);
  });

  app.get('/resolve', {
    schema: {
      tags: ['routing'], summary: 'Which unit would handle a report of this category at this place',
      querystring: Type.Object({
        category: Type.String({ minLength: 1, maxLength: 80 }),
        lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
        lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
        ...LangQuery,
      }),
      response: { 200: Resolution, ...errorResponses(404, 422) },
    },
  }, async (request) => {
    const { category: code, lat, lon } = request.query;
    if ((lat === undefined) !== (lon === undefined)) throw AppError.validation([{ field: lat === undefined ? 'querystring.lat' : 'querystring.lon', message: 'lat and lon go together' }]);
    const [category] = await ctx.db.select().from(categories).where(eq(categories.code, code));
    if (!category) throw AppError.notFound('category', code);
    const area = lat !== undefined && lon !== undefined ? ctx.areas.lookup(lat, lon) : undefined;
    if (lat !== undefined && !area) throw new AppError('OUTSIDE_CITY', { lat, lon });
    const result = await resolveHandlingUnit(ctx.db, {
      categoryId: category.id, categoryParentId: category.parentId, categoryHandlingUnitId: category.handlingUnitId,
      areaId: area?.id ?? null, areaUnitId: area?.unitId ?? null,
    });
    if (!result) throw AppError.validation([{ field: 'querystring.lat', message: 'this category needs a location to be routed' }]);
    const unit = (await findUnit(ctx.db, result.unitId))!;
    return {
      unit: { id: unit.id, code: unit.code, name: localized(request.language, unit.nameVi, unit.nameEn) },
      reason: result.reason, ...(result.ruleId ? { ruleId: result.ruleId } : {}), areaId: area?.id ?? null,
    };
  });
};
