/**
 * Register or sign in with a mobile number and a one-time code sent by SMS.
 *
 * Codes: 6 digits, valid 5 minutes, 5 tries, stored only as a keyed hash. Limits: one code per
 * number per minute, 5 per number per hour, 20 per client IP per hour — counted in the database,
 * so they hold across server instances. The answer to "send a code" is the same whether the
 * number has an account or not.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, count, desc, eq, gt } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import { authChallenges, users } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { issueSession, type IssuedSession } from '../../platform/auth/issueSession.js';
import { keyedHash } from '../../platform/crypto/sealing.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses } from '../../platform/http/commonSchemas.js';
import { normalizeVietnameseMobile } from './phoneNumbers.js';
import { assertNotLocked, recordFailedPassword } from './lockout.js';
import { hashPassword, verifyPassword } from './passwords.js';

// Compared against when the number has no password, so a miss costs as long as a wrong password.
const dummyHash = hashPassword('not-a-real-password');

export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_RESEND_COOLDOWN_MS = 60_000;
export const OTP_PER_NUMBER_PER_HOUR = 5;
export const OTP_PER_IP_PER_HOUR = 20;

const PURPOSE = 'phone_login';

type VerifyOutcome =
  | { error: 'CODE_INVALID' | 'CODE_ATTEMPTS_EXCEEDED' }
  | { session: IssuedSession; user: typeof users.$inferSelect; created: boolean };

const SignedIn = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  created: Type.Boolean({ description: 'True when this code registered a new account' }),
  user: Type.Object({ id: Type.String(), displayName: Type.String(), identityLevel: Type.Integer() }),
});

export const phoneLoginRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const codeKey = ctx.keys.key('sms-code');
  const hashCode = (challengeId: string, code: string) => keyedHash(codeKey, `${challengeId}:${code}`);

  app.post('/phone/start', {
    schema: {
      tags: ['auth'], summary: 'Send a one-time code to a Vietnamese mobile number (registers on first use)',
      body: Type.Object({ phone: Type.String({ minLength: 9, maxLength: 20, examples: ['0912345678'] }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ challengeId: Type.String(), expiresAt: Type.String(), resendAfter: Type.String() }),
        ...errorResponses(422, 429),
      },
    },
  }, async (request) => {
    const phone = normalizeVietnameseMobile(request.body.phone);
    if (!phone) {
      throw new AppError('VALIDATION_FAILED', [{ field: 'body.phone', message: request.language === 'en' ? 'not a Vietnamese mobile number' : 'không phải số di động Việt Nam' }]);
    }
    const now = Date.now();
    const hourAgo = new Date(now - 3_600_000);
    const [last] = await ctx.db.select({ createdAt: authChallenges.createdAt }).from(authChallenges)
      .where(and(eq(authChallenges.purpose, PURPOSE), eq(authChallenges.phone, phone)))
      .orderBy(desc(authChallenges.createdAt)).limit(1);
    if (last && now - last.createdAt.getTime() < OTP_RESEND_COOLDOWN_MS) {
      const retryAfterSeconds = Math.ceil((last.createdAt.getTime() + OTP_RESEND_COOLDOWN_MS - now) / 1000);
      throw new AppError('CODE_RESEND_TOO_SOON', { retryAfterSeconds });
    }
    const [[perNumber], [perIp]] = await Promise.all([
      ctx.db.select({ n: count() }).from(authChallenges).where(and(eq(authChallenges.purpose, PURPOSE), eq(authChallenges.phone, phone), gt(authChallenges.createdAt, hourAgo))),
      ctx.db.select({ n: count() }).from(authChallenges).where(and(eq(authChallenges.purpose, PURPOSE), eq(authChallenges.ip, request.ip), gt(authChallenges.createdAt, hourAgo))),
    ]);
    if ((perNumber?.n ?? 0) >= OTP_PER_NUMBER_PER_HOUR || (perIp?.n ?? 0) >= OTP_PER_IP_PER_HOUR) {
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: 3600 });
    }

    const challengeId = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now + OTP_TTL_MS);
    await ctx.db.transaction(async (tx) => {
      await tx.insert(authChallenges).values({ id: challengeId, purpose: PURPOSE, phone, secretHash: hashCode(challengeId, code), ip: request.ip, expiresAt });
      await recordAudit(tx, request.auditContext, { action: 'auth.otpSent', entityType: 'auth_challenge', entityId: challengeId, data: { phoneSuffix: phone.slice(-3) } });
    });
    const text = request.language === 'en'
      ? `Cong dan so: your code is ${code}. It expires in 5 minutes. Never share it.`
      : `Cong dan so: ma xac thuc cua ban la ${code}, hieu luc 5 phut. Khong chia se ma nay cho ai.`;
    try {
      await ctx.sms.send(phone, text);
    } catch (err) {
      request.log.error({ err }, 'SMS gateway failed');
      throw new AppError('SERVICE_UNAVAILABLE', { channel: 'sms' });
    }
    return { challengeId, expiresAt: expiresAt.toISOString(), resendAfter: new Date(now + OTP_RESEND_COOLDOWN_MS).toISOString() };
  });

  app.post('/phone/verify', {
    config: { rateLimit: { max: 30, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'], summary: 'Check the one-time code; signs in, creating the account on first use (identity level 1)',
      body: Type.Object({
        challengeId: Type.String({ format: 'uuid' }),
        code: Type.String({ pattern: '^\\d{6}$' }),
        displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name for a new account' })),
      }, { additionalProperties: false }),
      response: { 200: SignedIn, ...errorResponses(401, 422, 429) },
    },
  }, async (request, reply) => {
    const { challengeId, code } = request.body;
    const outcome = await ctx.db.transaction(async (tx): Promise<VerifyOutcome> => {
      const [challenge] = await tx.select().from(authChallenges)
        .where(and(eq(authChallenges.id, challengeId), eq(authChallenges.purpose, PURPOSE))).for('update');
      if (!challenge || challenge.consumedAt || challenge.expiresAt <= new Date() || !challenge.phone) return { error: 'CODE_INVALID' as const };
      if (challenge.attempts >= OTP_MAX_ATTEMPTS) return { error: 'CODE_ATTEMPTS_EXCEEDED' as const };
      if (challenge.secretHash !== hashCode(challengeId, code)) {
        const attempts = challenge.attempts + 1;
        await tx.update(authChallenges).set({ attempts }).where(eq(authChallenges.id, challengeId));
        await recordAudit(tx, request.auditContext, { action: 'auth.otpFailed', entityType: 'auth_challenge', entityId: challengeId, data: { attempts } });
        return { error: attempts >= OTP_MAX_ATTEMPTS ? 'CODE_ATTEMPTS_EXCEEDED' as const : 'CODE_INVALID' as const };
      }
      await tx.update(authChallenges).set({ consumedAt: new Date() }).where(eq(authChallenges.id, challengeId));
      let [user] = await tx.select().from(users).where(eq(users.phone, challenge.phone));
      let created = false;
      if (!user) {
        [user] = await tx.insert(users).values({
          kind: 'citizen', phone: challenge.phone, phoneVerifiedAt: new Date(), identityLevel: 1,
          displayName: request.body.displayName ?? `Người dùng ${challenge.phone.slice(-3)}`,
          language: request.language,
        }).returning();
        created = true;
        await recordAudit(tx, { ...request.auditContext, actorId: user!.id }, { action: 'user.register', entityType: 'user', entityId: user!.id, data: { method: 'phone' } });
      } else if (user.identityLevel < 1 || !user.phoneVerifiedAt) {
        [user] = await tx.update(users).set({ phoneVerifiedAt: new Date(), identityLevel: Math.max(1, user.identityLevel) }).where(eq(users.id, user.id)).returning();
      }
      const session = await issueSession(tx, request, reply, { id: user!.id, label: challenge.phone }, 'otp', ctx.sessionLimits, ctx.secureCookies);
      return { session, user: user!, created };
    });
    // A wrong code's attempt count must be kept, so the refusal is thrown after the commit.
    if ('error' in outcome) throw new AppError(outcome.error);
    return {
      token: outcome.session.token, expiresAt: outcome.session.expiresAt, created: outcome.created,
      user: { id: outcome.user.id, displayName: outcome.user.displayName, identityLevel: outcome.user.identityLevel },
    };
  });

  app.post('/phone/password', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'], summary: 'Sign in with mobile number and password (for citizens who set one), without a code',
      body: Type.Object({
        phone: Type.String({ minLength: 9, maxLength: 20 }),
        password: Type.String({ minLength: 1, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: { 200: SignedIn, ...errorResponses(401, 422, 423, 429) },
    },
  }, async (request, reply) => {
    const phone = normalizeVietnameseMobile(request.body.phone);
    const [user] = phone ? await ctx.db.select().from(users).where(eq(users.phone, phone)) : [];
    if (!user?.passwordHash || user.deletedAt || user.kind !== 'citizen') {
      await verifyPassword(await dummyHash, request.body.password);
      throw new AppError('INVALID_CREDENTIALS');
    }
    assertNotLocked(user);
    if (!(await verifyPassword(user.passwordHash, request.body.password))) {
      const locked = await recordFailedPassword(ctx.db, user, { ...request.auditContext, actorLabel: phone! });
      throw new AppError(locked ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
    }
    const session = await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
      return issueSession(tx, request, reply, { id: user.id, label: phone! }, 'password', ctx.sessionLimits, ctx.secureCookies);
    });
    return { token: session.token, expiresAt: session.expiresAt, created: false, user: { id: user.id, displayName: user.displayName, identityLevel: user.identityLevel } };
  });
};
