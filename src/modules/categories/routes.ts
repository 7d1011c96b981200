/** Report categories: public read (flat list or tree), city-admin write, every write audited. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { asc, eq } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import type { DbOrTx } from '../../db/client.js';
import { categories, units } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { authorize } from '../../platform/auth/policies.js';
import { AppError, type FieldProblem } from '../../platform/errors/appError.js';
import { errorResponses, LangQuery } from '../../platform/http/commonSchemas.js';
import { PublicCache } from '../../platform/http/publicCache.js';
import { localized, type Language } from '../../platform/i18n/language.js';
import { findUnit } from '../units/index.js';
import { attributeProblems, codeProblems } from './categoryRules.js';
import { Category, CategoryCreate, CategoryUpdate } from './schemas.js';

type CategoryRow = typeof categories.$inferSelect;
type Priority = 'urgent' | 'normal' | 'complex';

export const categoryRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const sla = ctx.city.settings.sla;
  // Every app asks for the whole list; it changes only through the writes below, which clear it.
  const listCache = new PublicCache();

  /** Codes of parents and handling units, read once per request (a few hundred rows at most). */
  async function codeMaps(db: DbOrTx) {
    const [cats, unitRows] = await Promise.all([
      db.select({ id: categories.id, code: categories.code }).from(categories),
      db.select({ id: units.id, code: units.code }).from(units),
    ]);
    return { categoryCode: new Map(cats.map((c) => [c.id, c.code])), unitCode: new Map(unitRows.map((u) => [u.id, u.code])) };
  }

  function present(row: CategoryRow, maps: Awaited<ReturnType<typeof codeMaps>>, lang: Language) {
    return {
      id: row.id,
      code: row.code,
      parentCode: row.parentId ? maps.categoryCode.get(row.parentId) ?? null : null,
      name: localized(lang, row.nameVi, row.nameEn),
      nameVi: row.nameVi,
      nameEn: row.nameEn,
      description: localized(lang, row.descriptionVi, row.descriptionEn),
      defaultPriority: row.defaultPriority,
      locationRequired: row.locationRequired,
      identityLevelRequired: row.identityLevelRequired,
      proofPhotoRequired: row.proofPhotoRequired,
      handlingUnitCode: row.handlingUnitId ? maps.unitCode.get(row.handlingUnitId) ?? null : null,
      slaAcceptHours: row.slaAcceptHours ?? sla.acceptHours,
      slaResolveHours: row.slaResolveHours ?? sla.resolveHours[row.defaultPriority as Priority],
      keywords: row.keywords,
      attributes: row.attributes,
      sortOrder: row.sortOrder,
      active: row.active,
    };
  }

  async function handlingUnitId(db: DbOrTx, code: string | null | undefined): Promise<string | null | undefined> {
    if (code === undefined || code === null) return code;
    const unit = await findUnit(db, code);
    if (!unit) throw AppError.validation([{ field: 'body.handlingUnitCode', message: `no unit ${code}` }]);
    return unit.id;
  }

  function failOn(problems: FieldProblem[]): void {
    if (problems.length > 0) throw AppError.validation(problems);
  }

  app.get('', {
    schema: {
      tags: ['categories'],
      summary: 'All categories, groups first then children, in display order',
      description: 'The category set is configuration (a few hundred rows at most), so it is returned whole.',
      querystring: Type.Object({ includeInactive: Type.Optional(Type.Boolean()), ...LangQuery }),
      response: { 200: Type.Object({ items: Type.Array(Category), total: Type.Integer() }) },
    },
  }, async (request, reply) => {
    const includeInactive = request.query.includeInactive === true;
    return listCache.send(request, reply, `${request.language}:${includeInactive}`, async () => {
      const rows = await ctx.db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.code)).limit(2000);
      const maps = await codeMaps(ctx.db);
      // A child of an inactive group is hidden with it, so clients never see an orphan.
      const inactiveGroups = new Set(rows.filter((r) => !r.parentId && !r.active).map((r) => r.id));
      const visible = rows.filter((r) => includeInactive || (r.active && !(r.parentId && inactiveGroups.has(r.parentId))));
      const items = visible.map((r) => present(r, maps, request.language));
      // Groups first keeps a client's tree-building single-pass.
      items.sort((a, b) => Number(a.parentCode !== null) - Number(b.parentCode !== null));
      return { items, total: items.length };
    });
  });

  app.get('/:code', {
    schema: {
      tags: ['categories'], summary: 'One category by code',
      params: Type.Object({ code: Type.String({ maxLength: 80 }) }), querystring: Type.Object(LangQuery),
      response: { 200: Category, ...errorResponses(404) },
    },
  }, async (request) => {
    const [row] = await ctx.db.select().from(categories).where(eq(categories.code, request.params.code));
    if (!row) throw AppError.notFound('category', request.params.code);
    return present(row, await codeMaps(ctx.db), request.language);
  });

  app.post('', {
    config: { admin: true },
    schema: {
      tags: ['categories'], summary: 'Create a category (city admin)', security: [{ bearer: [] }],
      body: CategoryCreate, response: { 201: Category, ...errorResponses(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'referenceData.manage');
    const { parentCode, handlingUnitCode, code, ...fields } = request.body;
    failOn([...codeProblems(code, parentCode), ...attributeProblems(fields.attributes)]);
    const row = await ctx.db.transaction(async (tx) => {
      let parentId: string | null = null;
      if (parentCode !== undefined) {
        const [parent] = await tx.select().from(categories).where(eq(categories.code, parentCode));
        if (!parent) throw AppError.validation([{ field: 'body.parentCode', message: `no category ${parentCode}` }]);
        if (parent.parentId) throw AppError.validation([{ field: 'body.parentCode', message: 'categories have two levels: the parent must be a group' }]);
        parentId = parent.id;
      }
      const [existing] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.code, code));
      if (existing) throw new AppError('CONFLICT', { field: 'body.code', code });
      const [created] = await tx.insert(categories).values({ ...fields, code, parentId, handlingUnitId: (await handlingUnitId(tx, handlingUnitCode)) ?? null }).returning();
      await recordAudit(tx, request.auditContext, { action: 'category.create', entityType: 'category', entityId: created!.id, data: request.body });
      return created!;
    });
    listCache.clear();
    return reply.status(201).send(present(row, await codeMaps(ctx.db), request.language));
  });

  app.patch('/:code', {
    config: { admin: true },
    schema: {
      tags: ['categories'], summary: 'Change a category (city admin)', security: [{ bearer: [] }],
      params: Type.Object({ code: Type.String({ maxLength: 80 }) }),
      body: CategoryUpdate, response: { 200: Category, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'referenceData.manage');
    const { handlingUnitCode, ...fields } = request.body;
    failOn(attributeProblems(fields.attributes));
    const row = await ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(categories).where(eq(categories.code, request.params.code));
      if (!current) throw AppError.notFound('category', request.params.code);
      const unitId = await handlingUnitId(tx, handlingUnitCode);
      const [updated] = await tx.update(categories)
        .set({ ...fields, ...(unitId !== undefined ? { handlingUnitId: unitId } : {}), updatedAt: new Date() })
        .where(eq(categories.id, current.id)).returning();
      await recordAudit(tx, request.auditContext, { action: 'category.update', entityType: 'category', entityId: current.id, data: { change: request.body } });
      return updated!;
    });
    listCache.clear();
    return present(row, await codeMaps(ctx.db), request.language);
  });
};
