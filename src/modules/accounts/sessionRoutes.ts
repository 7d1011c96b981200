/** Who am I, my sessions, sign out here or everywhere. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, desc, eq } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import { sessions } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { clearSessionCookie } from '../../platform/auth/issueSession.js';
import { authorize } from '../../platform/auth/policies.js';
import { endAllSessions, endSession } from '../../platform/auth/sessionStore.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses } from '../../platform/http/commonSchemas.js';

const Me = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  displayName: Type.String(),
  identityLevel: Type.Integer({ description: '0 browsing, 1 phone verified, 2 identity verified' }),
  mustChangePassword: Type.Boolean(),
  memberships: Type.Array(Type.Object({ unitId: Type.String(), role: Type.String() })),
});

const Session = Type.Object({
  id: Type.String(),
  method: Type.String(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  expiresAt: Type.String(),
  current: Type.Boolean(),
});

export const sessionRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.get('/me', {
    schema: { tags: ['auth'], summary: 'The signed-in account', security: [{ bearer: [] }], response: { 200: Me, ...errorResponses(401) } },
  }, async (request) => {
    authorize(request.principal, 'account.readOwn');
    const p = request.principal;
    return { id: p.userId, kind: p.kind, displayName: p.displayName, identityLevel: p.identityLevel, mustChangePassword: p.mustChangePassword, memberships: p.memberships };
  });

  app.post('/logout', {
    schema: { tags: ['auth'], summary: 'End this session', security: [{ bearer: [] }], response: { 204: Type.Null(), ...errorResponses(401) } },
  }, async (request, reply) => {
    authorize(request.principal, 'account.readOwn');
    const principal = request.principal;
    await ctx.db.transaction(async (tx) => {
      await endSession(tx, principal.sessionId);
      await recordAudit(tx, request.auditContext, { action: 'auth.logout', entityType: 'session', entityId: principal.sessionId });
    });
    clearSessionCookie(reply);
    return reply.status(204).send(null);
  });

  app.post('/logout-everywhere', {
    schema: {
      tags: ['auth'], summary: 'End every session of this account, this one included', security: [{ bearer: [] }],
      response: { 200: Type.Object({ ended: Type.Integer() }), ...errorResponses(401) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'account.readOwn');
    const principal = request.principal;
    const ended = await ctx.db.transaction(async (tx) => {
      const n = await endAllSessions(tx, principal.userId);
      await recordAudit(tx, request.auditContext, { action: 'auth.logoutEverywhere', entityType: 'user', entityId: principal.userId, data: { ended: n } });
      return n;
    });
    clearSessionCookie(reply);
    return { ended };
  });

  app.get('/sessions', {
    schema: {
      tags: ['auth'], summary: 'My active sessions (at most 100, newest first)', security: [{ bearer: [] }],
      response: { 200: Type.Object({ items: Type.Array(Session) }), ...errorResponses(401) },
    },
  }, async (request) => {
    authorize(request.principal, 'account.readOwn');
    const rows = await ctx.db.select().from(sessions).where(eq(sessions.userId, request.principal.userId)).orderBy(desc(sessions.lastSeenAt)).limit(100);
    return {
      items: rows.map((r) => ({
        id: r.id, method: r.method, userAgent: r.userAgent, ip: r.ip,
        createdAt: r.createdAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString(), expiresAt: r.expiresAt.toISOString(),
        current: r.id === request.principal!.sessionId,
      })),
    };
  });

  app.delete('/sessions/:id', {
    schema: {
      tags: ['auth'], summary: 'End one of my sessions (e.g. a lost phone)', security: [{ bearer: [] }],
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null(), ...errorResponses(401, 404) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'account.readOwn');
    const principal = request.principal;
    await ctx.db.transaction(async (tx) => {
      // Someone else's session id is "not found", never "forbidden": ids reveal nothing.
      const removed = await tx.delete(sessions).where(and(eq(sessions.id, request.params.id), eq(sessions.userId, principal.userId))).returning({ id: sessions.id });
      if (removed.length === 0) throw AppError.notFound('session', request.params.id);
      await recordAudit(tx, request.auditContext, { action: 'auth.sessionRevoked', entityType: 'session', entityId: request.params.id });
    });
    if (request.params.id === principal.sessionId) clearSessionCookie(reply);
    return reply.status(204).send(null);
  });
};
