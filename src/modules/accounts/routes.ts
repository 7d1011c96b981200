/**
 * Password sign-in for officials (and citizens who set a password), sign-out and "who am I".
 * Phone + OTP, VNeID and second factors come with the accounts issue.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import { users } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { authorize } from '../../platform/auth/policies.js';
import { createSession, endSession } from '../../platform/auth/sessionStore.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses } from '../../platform/http/commonSchemas.js';
import { SESSION_COOKIE } from '../../platform/http/requestContext.js';
import { hashPassword, verifyPassword } from './passwords.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

const Me = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  displayName: Type.String(),
  identityLevel: Type.Integer(),
  memberships: Type.Array(Type.Object({ unitId: Type.String(), role: Type.String() })),
});

// Compared against when the username is unknown, so a miss costs as long as a wrong password.
const dummyHash = hashPassword('not-a-real-password');

export const authRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  app.post('/login', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'], summary: 'Sign in with username and password; returns a bearer token and sets a session cookie',
      body: Type.Object({
        username: Type.String({ minLength: 1, maxLength: 100 }),
        password: Type.String({ minLength: 1, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: Type.Object({ id: Type.String(), displayName: Type.String(), kind: Type.String() }) }),
        ...errorResponses(401, 422, 423, 429),
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const [user] = await ctx.db.select().from(users).where(eq(users.username, username.trim().toLowerCase()));
    if (!user?.passwordHash) {
      await verifyPassword(await dummyHash, password);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      throw new AppError('ACCOUNT_LOCKED', { lockedUntil: user.lockedUntil.toISOString() });
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const failed = user.failedLogins + 1;
      const lock = failed >= MAX_FAILED_LOGINS;
      await ctx.db.transaction(async (tx) => {
        await tx.update(users).set({ failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(Date.now() + LOCKOUT_MS) : user.lockedUntil }).where(eq(users.id, user.id));
        await recordAudit(tx, { ...request.auditContext, actorId: user.id, actorLabel: username }, { action: lock ? 'auth.lock' : 'auth.loginFailed', entityType: 'user', entityId: user.id, data: { failedLogins: failed } });
      });
      throw new AppError(lock ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
    }
    const session = await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
      const created = await createSession(tx, user.id);
      await recordAudit(tx, { ...request.auditContext, actorId: user.id, actorLabel: username }, { action: 'auth.login', entityType: 'session', entityId: created.sessionId });
      return created;
    });
    void reply.header('set-cookie', `${SESSION_COOKIE}=${session.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)}${ctx.config.publicBaseUrl.startsWith('https') ? '; Secure' : ''}`);
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: { id: user.id, displayName: user.displayName, kind: user.kind } };
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
    void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    return reply.status(204).send(null);
  });

  app.get('/me', {
    schema: { tags: ['auth'], summary: 'The signed-in account', security: [{ bearer: [] }], response: { 200: Me, ...errorResponses(401) } },
  }, async (request) => {
    authorize(request.principal, 'account.readOwn');
    const p = request.principal;
    return { id: p.userId, kind: p.kind, displayName: p.displayName, identityLevel: p.identityLevel, memberships: p.memberships };
  });
};
