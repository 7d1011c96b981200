/**
 * Password sign-in, with a second factor for every official.
 *
 *  - A citizen with a password gets a session at once.
 *  - An official gets no session from a password, only a challenge token (5 minutes, 5 tries)
 *    for `POST /login/totp` with a code from their authenticator app. An official without TOTP
 *    yet first calls `POST /login/totp/enrol` with that token for a new secret; the first good
 *    code switches it on.
 *  - Wrong passwords and wrong codes count together towards the lock (MAX_FAILED_LOGINS in a
 *    row → LOCKOUT_MS); for officials only a completed sign-in resets the count, so knowing the
 *    password does not buy fresh guesses at the code.
 *  - `POST /password`: change one's own password; the only thing an account on an initial
 *    password may do (see officials/passwordChangeGuard.ts). Ends the account's other sessions.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import type { DbOrTx } from '../../db/client.js';
import { authChallenges, users } from '../../db/schema/index.js';
import { recordAudit, type AuditContext } from '../../platform/audit/auditLog.js';
import { issueSession, type IssuedSession } from '../../platform/auth/issueSession.js';
import { authorize } from '../../platform/auth/policies.js';
import { endAllSessions } from '../../platform/auth/sessionStore.js';
import { generateTotpSecret, otpauthUri, verifyTotp } from '../../platform/auth/totp.js';
import { AppError } from '../../platform/errors/appError.js';
import type { ErrorCode } from '../../platform/errors/errorCodes.js';
import { errorResponses } from '../../platform/http/commonSchemas.js';
import {
  consumeChallenges, createChallenge, findLiveChallenge, isDisabled, MIN_PASSWORD_LENGTH, passwordProblems, sealTotpSecret,
  TOTP_CHALLENGE_MAX_ATTEMPTS, TOTP_CHALLENGE_PURPOSE, TOTP_CHALLENGE_TTL_MS, unsealTotpSecret, type UserRow,
} from '../officials/accountState.js';
import { assertNotLocked, LOCKOUT_MS, MAX_FAILED_LOGINS, recordFailedPassword } from './lockout.js';
import { hashPassword, verifyPassword } from './passwords.js';

export { LOCKOUT_MS, MAX_FAILED_LOGINS } from './lockout.js';

// Compared against when the username is unknown, so a miss costs as long as a wrong password.
const dummyHash = hashPassword('not-a-real-password');

const SignedIn = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  user: Type.Object({ id: Type.String(), displayName: Type.String(), kind: Type.String(), mustChangePassword: Type.Boolean() }),
});

const SecondFactorNeeded = Type.Object({
  secondFactor: Type.Union([Type.Literal('totp'), Type.Literal('enrol')], {
    description: '`totp`: send a code to /login/totp. `enrol`: no authenticator yet; get a secret from /login/totp/enrol first',
  }),
  challengeToken: Type.String({ description: 'Good for 5 minutes and 5 codes' }),
  expiresAt: Type.String(),
});

const ChallengeToken = Type.String({ minLength: 20, maxLength: 100 });

type Outcome<T> = T | { error: ErrorCode; details?: unknown };

function fail(error: ErrorCode, details?: unknown): { error: ErrorCode; details?: unknown } {
  return details === undefined ? { error } : { error, details };
}

function isFailure<T extends object>(outcome: Outcome<T>): outcome is { error: ErrorCode; details?: unknown } {
  return 'error' in outcome;
}

function asUser(user: UserRow, request: { auditContext: AuditContext }): AuditContext {
  return { ...request.auditContext, actorId: user.id, actorLabel: user.username ?? user.id };
}

async function lockedUser(tx: DbOrTx, userId: string): Promise<UserRow | undefined> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1).for('update');
  return user;
}

export const passwordLoginRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const issuer = `Công dân số ${ctx.city.settings.nameVi}`;

  app.post('/login', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with username and password. A citizen gets a bearer token and a session cookie; an official gets a second-factor challenge',
      body: Type.Object({
        username: Type.String({ minLength: 1, maxLength: 100 }),
        password: Type.String({ minLength: 1, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Union([SignedIn, SecondFactorNeeded]),
        ...errorResponses(401, 403, 422, 423, 429),
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    void reply.header('cache-control', 'no-store');
    const [user] = await ctx.db.select().from(users).where(eq(users.username, username.trim().toLowerCase()));
    if (!user?.passwordHash || user.deletedAt) {
      await verifyPassword(await dummyHash, password);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (isDisabled(user)) {
      // Only someone who knows the password learns that the account is disabled.
      const right = await verifyPassword(user.passwordHash, password);
      await ctx.db.transaction((tx) => recordAudit(tx, asUser(user, request), {
        action: 'auth.loginFailed', entityType: 'user', entityId: user.id, data: { reason: 'disabled' },
      }));
      throw new AppError(right ? 'ACCOUNT_DISABLED' : 'INVALID_CREDENTIALS');
    }
    assertNotLocked(user);
    if (!(await verifyPassword(user.passwordHash, password))) {
      const locked = await recordFailedPassword(ctx.db, user, asUser(user, request));
      throw new AppError(locked ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
    }

    if (user.kind === 'official') {
      const secondFactor = user.totpEnabledAt ? 'totp' as const : 'enrol' as const;
      const challenge = await ctx.db.transaction(async (tx) => {
        await consumeChallenges(tx, user.id, [TOTP_CHALLENGE_PURPOSE]);
        const created = await createChallenge(tx, { purpose: TOTP_CHALLENGE_PURPOSE, userId: user.id, ttlMs: TOTP_CHALLENGE_TTL_MS, ip: request.ip });
        await recordAudit(tx, asUser(user, request), {
          action: 'auth.passwordAccepted', entityType: 'user', entityId: user.id, data: { secondFactor, challengeId: created.challengeId },
        });
        return created;
      });
      return { secondFactor, challengeToken: challenge.token, expiresAt: challenge.expiresAt.toISOString() };
    }

    const session = await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
      return issueSession(tx, request, reply, { id: user.id, label: user.username ?? user.id }, 'password', ctx.sessionLimits, ctx.secureCookies);
    });
    return {
      token: session.token, expiresAt: session.expiresAt,
      user: { id: user.id, displayName: user.displayName, kind: user.kind, mustChangePassword: user.mustChangePassword },
    };
  });

  app.post('/login/totp', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'], summary: 'Second step of an official\'s sign-in: the 6-digit code from the authenticator app; returns a bearer token and sets a session cookie',
      body: Type.Object({
        challengeToken: ChallengeToken,
        code: Type.String({ pattern: '^[0-9]{6}$', description: '6 digits' }),
      }, { additionalProperties: false }),
      response: { 200: SignedIn, ...errorResponses(401, 403, 422, 423, 429) },
    },
  }, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const { challengeToken, code } = request.body;
    // Failures are returned, not thrown, so the counts they add are committed.
    const outcome: Outcome<{ session: IssuedSession; user: UserRow }> = await ctx.db.transaction(async (tx) => {
      const challenge = await findLiveChallenge(tx, challengeToken, TOTP_CHALLENGE_PURPOSE);
      if (!challenge?.userId) return fail('CODE_INVALID');
      if (challenge.attempts >= TOTP_CHALLENGE_MAX_ATTEMPTS) return fail('CODE_ATTEMPTS_EXCEEDED');
      const user = await lockedUser(tx, challenge.userId);
      if (!user || user.deletedAt) return fail('CODE_INVALID');
      if (isDisabled(user)) {
        await consumeChallenges(tx, user.id, [TOTP_CHALLENGE_PURPOSE]);
        return fail('ACCOUNT_DISABLED');
      }
      if (user.lockedUntil && user.lockedUntil > new Date()) return fail('ACCOUNT_LOCKED', { lockedUntil: user.lockedUntil.toISOString() });
      if (!user.totpSecretSealed) return fail('CODE_INVALID', { reason: 'enrolment_needed' });

      const secret = unsealTotpSecret(ctx.keys, user.totpSecretSealed);
      const step = verifyTotp(secret, code, { lastStep: user.totpLastStep });
      if (step === null) {
        const attempts = challenge.attempts + 1;
        const failed = user.failedLogins + 1;
        const lock = failed >= MAX_FAILED_LOGINS;
        const exhausted = attempts >= TOTP_CHALLENGE_MAX_ATTEMPTS;
        const lockedUntil = lock ? new Date(Date.now() + LOCKOUT_MS) : user.lockedUntil;
        const reused = verifyTotp(secret, code) !== null;
        // A spent challenge stays as it is: its attempt count says it is spent.
        await tx.update(authChallenges).set({ attempts }).where(eq(authChallenges.id, challenge.id));
        await tx.update(users).set({ failedLogins: lock ? 0 : failed, lockedUntil }).where(eq(users.id, user.id));
        await recordAudit(tx, asUser(user, request), {
          action: lock ? 'auth.lock' : 'auth.totpFailed', entityType: 'user', entityId: user.id,
          data: { failedLogins: failed, attempts, ...(reused ? { reason: 'code_reused' } : {}) },
        });
        if (exhausted) return fail('CODE_ATTEMPTS_EXCEEDED', lock ? { lockedUntil: lockedUntil!.toISOString() } : undefined);
        if (lock) return fail('ACCOUNT_LOCKED', { lockedUntil: lockedUntil!.toISOString() });
        return fail('CODE_INVALID', { attemptsLeft: TOTP_CHALLENGE_MAX_ATTEMPTS - attempts });
      }

      const enabling = user.totpEnabledAt === null;
      await tx.update(users).set({
        totpLastStep: step, failedLogins: 0, lockedUntil: null, ...(enabling ? { totpEnabledAt: new Date() } : {}), updatedAt: new Date(),
      }).where(eq(users.id, user.id));
      await tx.update(authChallenges).set({ consumedAt: new Date() }).where(eq(authChallenges.id, challenge.id));
      if (enabling) {
        await recordAudit(tx, asUser(user, request), { action: 'auth.totpEnabled', entityType: 'user', entityId: user.id });
      }
      const session = await issueSession(tx, request, reply, { id: user.id, label: user.username ?? user.id }, 'totp', ctx.sessionLimits, ctx.secureCookies);
      return { session, user };
    });
    if (isFailure(outcome)) throw new AppError(outcome.error, outcome.details);
    const { session, user } = outcome;
    return {
      token: session.token, expiresAt: session.expiresAt,
      user: { id: user.id, displayName: user.displayName, kind: user.kind, mustChangePassword: user.mustChangePassword },
    };
  });

  app.post('/login/totp/enrol', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'],
      summary: 'First sign-in of an official without an authenticator: a new TOTP secret (shown once) to add to the app; the first good code at /login/totp switches it on',
      body: Type.Object({ challengeToken: ChallengeToken }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          secret: Type.String({ description: 'Base32, for typing into the app' }),
          otpauthUri: Type.String({ description: 'otpauth://totp/… for a QR code' }),
        }),
        ...errorResponses(401, 403, 409, 422, 423, 429),
      },
    },
  }, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const outcome: Outcome<{ secret: string; otpauthUri: string }> = await ctx.db.transaction(async (tx) => {
      const challenge = await findLiveChallenge(tx, request.body.challengeToken, TOTP_CHALLENGE_PURPOSE);
      if (!challenge?.userId) return fail('CODE_INVALID');
      if (challenge.attempts >= TOTP_CHALLENGE_MAX_ATTEMPTS) return fail('CODE_ATTEMPTS_EXCEEDED');
      const user = await lockedUser(tx, challenge.userId);
      if (!user || user.deletedAt) return fail('CODE_INVALID');
      if (isDisabled(user)) return fail('ACCOUNT_DISABLED');
      if (user.lockedUntil && user.lockedUntil > new Date()) return fail('ACCOUNT_LOCKED', { lockedUntil: user.lockedUntil.toISOString() });
      if (user.totpEnabledAt) return fail('CONFLICT', { reason: 'second_factor_already_enrolled' });
      const secret = generateTotpSecret();
      await tx.update(users).set({ totpSecretSealed: sealTotpSecret(ctx.keys, secret), totpLastStep: null, updatedAt: new Date() }).where(eq(users.id, user.id));
      await recordAudit(tx, asUser(user, request), { action: 'auth.totpEnrol', entityType: 'user', entityId: user.id });
      return { secret, otpauthUri: otpauthUri({ secret, accountName: user.username ?? user.id, issuer }) };
    });
    if (isFailure(outcome)) throw new AppError(outcome.error, outcome.details);
    return outcome;
  });

  app.post('/password', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'],
      summary: `Change my password (at least ${MIN_PASSWORD_LENGTH} characters, not the username, not the current one); ends my other sessions`,
      security: [{ bearer: [] }],
      body: Type.Object({
        currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
        newPassword: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ endedSessions: Type.Integer({ description: 'Other sessions of this account that were signed out' }) }), ...errorResponses(401, 422, 423, 429) },
    },
  }, async (request) => {
    authorize(request.principal, 'account.readOwn');
    const principal = request.principal;
    const { currentPassword, newPassword } = request.body;
    const [user] = await ctx.db.select().from(users).where(eq(users.id, principal.userId));
    const wrongCurrent = () => AppError.validation([{ field: 'body.currentPassword', message: request.language === 'en' ? 'is not your current password' : 'không đúng mật khẩu hiện tại' }]);
    if (!user?.passwordHash) throw wrongCurrent();
    assertNotLocked(user);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      const locked = await recordFailedPassword(ctx.db, user, request.auditContext);
      if (locked) throw new AppError('ACCOUNT_LOCKED');
      throw wrongCurrent();
    }
    const problems = passwordProblems('body.newPassword', newPassword, user.username, request.language, newPassword === currentPassword);
    if (problems.length > 0) throw AppError.validation(problems);
    const passwordHash = await hashPassword(newPassword);
    const endedSessions = await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, mustChangePassword: false, failedLogins: 0, updatedAt: new Date() }).where(eq(users.id, user.id));
      const ended = await endAllSessions(tx, user.id, principal.sessionId);
      await recordAudit(tx, request.auditContext, {
        action: 'auth.passwordChange', entityType: 'user', entityId: user.id, data: { endedSessions: ended, wasInitial: user.mustChangePassword },
      });
      return ended;
    });
    return { endedSessions };
  });
};
