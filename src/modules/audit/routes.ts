/** The audit log for city admins: browse entries and verify the hash chain. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import { auditLog } from '../../db/schema/index.js';
import { verifyAuditChain } from '../../platform/audit/auditLog.js';
import { authorize } from '../../platform/auth/policies.js';
import { errorResponses, Page, PageQuery } from '../../platform/http/commonSchemas.js';

const Entry = Type.Object({
  id: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  data: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
});

const Verification = Type.Object({
  ok: Type.Boolean(),
  rowsChecked: Type.Integer(),
  firstBroken: Type.Optional(Type.Object({ id: Type.Integer(), reason: Type.String() })),
});

export const auditRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.get('/entries', {
    config: { admin: true },
    schema: {
      tags: ['audit'], summary: 'Audit log entries, newest first (city admin)', security: [{ bearer: [] }],
      querystring: Type.Object({
        action: Type.Optional(Type.String({ maxLength: 100 })),
        entityType: Type.Optional(Type.String({ maxLength: 100 })),
        entityId: Type.Optional(Type.String({ maxLength: 100 })),
        ...PageQuery,
      }),
      response: { 200: Page(Entry), ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'audit.read');
    const { page, pageSize, action, entityType, entityId } = request.query;
    const conditions: SQL[] = [];
    if (action) conditions.push(eq(auditLog.action, action));
    if (entityType) conditions.push(eq(auditLog.entityType, entityType));
    if (entityId) conditions.push(eq(auditLog.entityId, entityId));
    const where = conditions.length ? and(...conditions) : undefined;
    const [rows, [total]] = await Promise.all([
      ctx.db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(pageSize).offset((page - 1) * pageSize),
      ctx.db.select({ n: count() }).from(auditLog).where(where),
    ]);
    return {
      items: rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() })),
      page, pageSize, total: total?.n ?? 0,
    };
  });

  app.get('/verify', {
    config: { admin: true },
    schema: {
      tags: ['audit'], summary: 'Recompute the hash chain and report the first broken link (city admin)', security: [{ bearer: [] }],
      response: { 200: Verification, ...errorResponses(401, 403) },
    },
  }, async (request) => {
    authorize(request.principal, 'audit.read');
    return verifyAuditChain(ctx.db);
  });
};
