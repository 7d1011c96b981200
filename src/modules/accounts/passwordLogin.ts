/** Password sign-in (officials, and citizens who set a password), with lockout after failures. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import { users } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { issueSession } from '../../platform/auth/issueSession.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses } from '../../platform/http/commonSchemas.js';
import { hashPassword, verifyPassword } from './passwords.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

// Compared against when the username is unknown, so a miss costs as long as a wrong password.
const dummyHash = hashPassword('not-a-real-password');

export const passwordLoginRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
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
    if (!user?.passwordHash || user.deletedAt) {
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
      return issueSession(tx, request, reply, { id: user.id, label: user.username ?? user.id }, 'password', ctx.sessionLimits, ctx.secureCookies);
    });
    return { token: session.token, expiresAt: session.expiresAt, user: { id: user.id, displayName: user.displayName, kind: user.kind } };
  });
};
