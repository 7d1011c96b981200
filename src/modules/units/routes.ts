/** Units of the city administration: public read, city-admin write, every write audited. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import { units } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { authorize } from '../../platform/auth/policies.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses, Page } from '../../platform/http/commonSchemas.js';
import { localized, type Language } from '../../platform/i18n/language.js';
import { Unit, UnitCreate, UnitListQuery, UnitRef, UnitUpdate } from './schemas.js';
import { findUnit, listUnits, wouldCreateCycle, type UnitRow } from './unitRepository.js';
import { forgetUnitDirectory } from './unitDirectory.js';

export function presentUnit(row: UnitRow, lang: Language) {
  return { id: row.id, code: row.code, parentId: row.parentId, kind: row.kind, name: localized(lang, row.nameVi, row.nameEn), nameVi: row.nameVi, nameEn: row.nameEn, active: row.active };
}

export const unitRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.get('', {
    schema: { tags: ['units'], summary: 'List units (paginated, filterable)', querystring: UnitListQuery, response: { 200: Page(Unit), ...errorResponses(422) } },
  }, async (request) => {
    const { page, pageSize, kind, parentId, q } = request.query;
    const { rows, total } = await listUnits(ctx.db, { kind, parentId, q }, page, pageSize);
    return { items: rows.map((r) => presentUnit(r, request.language)), page, pageSize, total };
  });

  app.get('/:ref', {
    schema: { tags: ['units'], summary: 'One unit by id or code', params: UnitRef, response: { 200: Unit, ...errorResponses(404) } },
  }, async (request) => {
    const row = await findUnit(ctx.db, request.params.ref);
    if (!row) throw AppError.notFound('unit', request.params.ref);
    return presentUnit(row, request.language);
  });

  app.post('', {
    config: { admin: true },
    schema: {
      tags: ['units'], summary: 'Create a unit (city admin)', security: [{ bearer: [] }],
      body: UnitCreate, response: { 201: Unit, ...errorResponses(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'referenceData.manage');
    const { parentCode, ...fields } = request.body;
    const row = await ctx.db.transaction(async (tx) => {
      const parent = await findUnit(tx, parentCode);
      if (!parent) throw AppError.validation([{ field: 'body.parentCode', message: `no unit ${parentCode}` }]);
      if (await findUnit(tx, fields.code)) throw new AppError('CONFLICT', { field: 'body.code', code: fields.code });
      const [created] = await tx.insert(units).values({ ...fields, parentId: parent.id }).returning();
      await recordAudit(tx, request.auditContext, { action: 'unit.create', entityType: 'unit', entityId: created!.id, data: request.body });
      return created!;
    });
    forgetUnitDirectory(ctx.db);
    return reply.status(201).send(presentUnit(row, request.language));
  });

  app.patch('/:ref', {
    config: { admin: true },
    schema: {
      tags: ['units'], summary: 'Rename, move or deactivate a unit (city admin)', security: [{ bearer: [] }],
      params: UnitRef, body: UnitUpdate, response: { 200: Unit, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'referenceData.manage');
    const { parentCode, ...fields } = request.body;
    const row = await ctx.db.transaction(async (tx) => {
      const unit = await findUnit(tx, request.params.ref);
      if (!unit) throw AppError.notFound('unit', request.params.ref);
      let parentId = unit.parentId;
      if (parentCode !== undefined) {
        const parent = await findUnit(tx, parentCode);
        if (!parent) throw AppError.validation([{ field: 'body.parentCode', message: `no unit ${parentCode}` }]);
        if (await wouldCreateCycle(tx, unit.id, parent.id)) throw AppError.validation([{ field: 'body.parentCode', message: 'a unit cannot be placed under itself or its own sub-unit' }]);
        parentId = parent.id;
      }
      const [updated] = await tx.update(units).set({ ...fields, parentId, updatedAt: new Date() }).where(eq(units.id, unit.id)).returning();
      await recordAudit(tx, request.auditContext, {
        action: 'unit.update', entityType: 'unit', entityId: unit.id,
        data: { before: { parentId: unit.parentId, nameVi: unit.nameVi, nameEn: unit.nameEn, active: unit.active }, change: request.body },
      });
      return updated!;
    });
    forgetUnitDirectory(ctx.db);
    return presentUnit(row, request.language);
  });

  // Kept so the tree is easy to draw without paging through every unit.
  app.get('/:ref/children', {
    schema: {
      tags: ['units'], summary: 'Direct sub-units of a unit', params: UnitRef,
      querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])) }),
      response: { 200: Type.Object({ items: Type.Array(Unit) }), ...errorResponses(404) },
    },
  }, async (request) => {
    const unit = await findUnit(ctx.db, request.params.ref);
    if (!unit) throw AppError.notFound('unit', request.params.ref);
    const rows = await ctx.db.select().from(units).where(eq(units.parentId, unit.id)).orderBy(units.kind, units.nameVi).limit(1000);
    return { items: rows.map((r) => presentUnit(r, request.language)) };
  });
};
