/**
 * My account: profile, identity verification, password, avatar, export my data, delete my
 * account (Decree 13/2023 on personal data: the owner can see, take and erase their data).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, desc, eq, ne } from 'drizzle-orm';
import type { ModuleContext } from '../moduleContext.js';
import type { DbOrTx } from '../../db/client.js';
import { auditLog, sessions, unitMemberships, users } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import { clearSessionCookie } from '../../platform/auth/issueSession.js';
import { authorize } from '../../platform/auth/policies.js';
import { endAllSessions } from '../../platform/auth/sessionStore.js';
import { keyedHash, seal, unseal } from '../../platform/crypto/sealing.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses } from '../../platform/http/commonSchemas.js';
import { squareWebp } from '../../platform/media/imageProcessing.js';
import { checkCitizenId, maskCitizenId, type Gender } from './citizenId.js';
import { hashPassword, verifyPassword } from './passwords.js';

type UserRow = typeof users.$inferSelect;
interface Identity { idNumber: string; fullName: string; dateOfBirth: string; gender: Gender }

const IdentityInput = Type.Object({
  idNumber: Type.String({ pattern: '^\\d{12}$', description: '12-digit citizen identity number (CCCD)' }),
  fullName: Type.String({ minLength: 2, maxLength: 100 }),
  dateOfBirth: Type.String({ format: 'date' }),
  gender: Type.Union([Type.Literal('male'), Type.Literal('female')]),
}, { additionalProperties: false });

const Profile = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  displayName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  identityLevel: Type.Integer(),
  identity: Type.Union([Type.Object({
    source: Type.String(), verifiedAt: Type.String(), idNumberMasked: Type.String(), fullName: Type.String(), dateOfBirth: Type.String(), gender: Type.String(),
  }), Type.Null()]),
  vneidLinked: Type.Boolean(),
  hasPassword: Type.Boolean(),
  hasAvatar: Type.Boolean(),
  notificationPreferences: Type.Object({ inApp: Type.Boolean(), push: Type.Boolean(), sms: Type.Boolean() }),
});

const MESSAGES: Record<string, { vi: string; en: string }> = {
  format: { vi: 'phải gồm đúng 12 chữ số', en: 'must be exactly 12 digits' },
  province: { vi: '3 chữ số đầu không phải mã tỉnh hợp lệ', en: 'the first 3 digits are not a valid province code' },
  century: { vi: 'chữ số thứ 4 (giới tính, thế kỷ) không hợp lệ', en: 'the 4th digit (gender and century) is not valid' },
  year_mismatch: { vi: 'không khớp với năm sinh trong số định danh', en: 'does not match the birth year in the ID number' },
  gender_mismatch: { vi: 'không khớp với giới tính trong số định danh', en: 'does not match the gender in the ID number' },
};

export const profileRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const sealKey = ctx.keys.key('identity-seal');
  const hmacKey = ctx.keys.key('identity-hmac');
  const { media } = ctx;

  const identityOf = (user: UserRow): Identity | null => (user.identitySealed ? JSON.parse(unseal(sealKey, user.identitySealed)) as Identity : null);

  function present(user: UserRow) {
    const identity = identityOf(user);
    return {
      id: user.id, kind: user.kind, displayName: user.displayName, phone: user.phone, language: user.language,
      identityLevel: user.identityLevel,
      identity: identity && user.identityVerifiedAt ? {
        source: user.identitySource ?? 'self', verifiedAt: user.identityVerifiedAt.toISOString(),
        idNumberMasked: maskCitizenId(identity.idNumber), fullName: identity.fullName, dateOfBirth: identity.dateOfBirth, gender: identity.gender,
      } : null,
      vneidLinked: user.vneidSubject !== null,
      hasPassword: user.passwordHash !== null,
      hasAvatar: user.avatarKey !== null,
      notificationPreferences: user.notificationPreferences,
    };
  }

  // Inside a transaction pass its handle: on PGlite a query outside it would wait for it forever.
  async function me(userId: string, db: DbOrTx = ctx.db): Promise<UserRow> {
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    if (!user) throw new AppError('UNAUTHENTICATED');
    return user;
  }

  app.get('', {
    schema: { tags: ['me'], summary: 'My profile', security: [{ bearer: [] }], response: { 200: Profile, ...errorResponses(401) } },
  }, async (request) => {
    authorize(request.principal, 'account.readOwn');
    return present(await me(request.principal.userId));
  });

  app.patch('', {
    schema: {
      tags: ['me'], summary: 'Change my name, language or notification preferences', security: [{ bearer: [] }],
      body: Type.Object({
        displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        language: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
        notificationPreferences: Type.Optional(Type.Object({ inApp: Type.Boolean(), push: Type.Boolean(), sms: Type.Boolean() }, { additionalProperties: false })),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Profile, ...errorResponses(401, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'account.readOwn');
    const userId = request.principal.userId;
    const updated = await ctx.db.transaction(async (tx) => {
      const [row] = await tx.update(users).set({ ...request.body, updatedAt: new Date() }).where(eq(users.id, userId)).returning();
      await recordAudit(tx, request.auditContext, { action: 'user.profileUpdate', entityType: 'user', entityId: userId, data: { fields: Object.keys(request.body) } });
      return row!;
    });
    return present(updated);
  });

  app.put('/identity', {
    schema: {
      tags: ['me'], summary: 'Verify my identity with my citizen ID details (reaches identity level 2)', security: [{ bearer: [] }],
      body: IdentityInput, response: { 200: Profile, ...errorResponses(401, 409, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'account.readOwn');
    const userId = request.principal.userId;
    const identity: Identity = { ...request.body, fullName: request.body.fullName.trim().replace(/\s+/g, ' ') };
    const birth = new Date(`${identity.dateOfBirth}T00:00:00Z`);
    const problems = checkCitizenId(identity.idNumber, identity.dateOfBirth, identity.gender)
      .map((p) => ({ field: `body.${p.field}`, message: MESSAGES[p.problem]![request.language] }));
    if (Number.isNaN(birth.getTime()) || birth > new Date() || birth.getUTCFullYear() < 1900) {
      problems.push({ field: 'body.dateOfBirth', message: request.language === 'en' ? 'not a possible date of birth' : 'ngày sinh không hợp lệ' });
    }
    if (problems.length) throw AppError.validation(problems);
    const numberHmac = keyedHash(hmacKey, identity.idNumber);
    const updated = await ctx.db.transaction(async (tx) => {
      const [other] = await tx.select({ id: users.id }).from(users).where(and(eq(users.identityNumberHmac, numberHmac), ne(users.id, userId)));
      if (other) throw new AppError('IDENTITY_IN_USE');
      const current = await me(userId, tx);
      if (current.identitySource === 'vneid') {
        throw new AppError('CONFLICT', { reason: 'verified_by_vneid' }, { vi: 'Danh tính đã được xác thực qua VNeID, không thể khai báo lại.', en: 'Your identity was verified through VNeID and cannot be re-entered.' });
      }
      const [row] = await tx.update(users).set({
        identitySealed: seal(sealKey, JSON.stringify(identity)), identityNumberHmac: numberHmac, identitySource: 'self',
        identityVerifiedAt: new Date(), identityLevel: 2, updatedAt: new Date(),
      }).where(eq(users.id, userId)).returning();
      await recordAudit(tx, request.auditContext, { action: 'user.identityVerify', entityType: 'user', entityId: userId, data: { source: 'self', idNumberSuffix: identity.idNumber.slice(-4) } });
      return row!;
    });
    return present(updated);
  });

  app.get('/identity', {
    schema: {
      tags: ['me'], summary: 'My identity details in full (only I see the whole ID number)', security: [{ bearer: [] }],
      response: { 200: Type.Union([Type.Object({ idNumber: Type.String(), fullName: Type.String(), dateOfBirth: Type.String(), gender: Type.String() }), Type.Null()]), ...errorResponses(401) },
    },
  }, async (request) => {
    authorize(request.principal, 'account.readOwn');
    return identityOf(await me(request.principal.userId));
  });

  app.put('/password', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      tags: ['me'], summary: 'Set or change my password (optional for citizens: sign in without a code)', security: [{ bearer: [] }],
      body: Type.Object({
        currentPassword: Type.Optional(Type.String({ maxLength: 200 })),
        newPassword: Type.String({ minLength: 10, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errorResponses(401, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'account.readOwn');
    const principal = request.principal;
    const user = await me(principal.userId);
    if (user.passwordHash && !(await verifyPassword(user.passwordHash, request.body.currentPassword ?? ''))) {
      throw AppError.validation([{ field: 'body.currentPassword', message: request.language === 'en' ? 'is not your current password' : 'không đúng mật khẩu hiện tại' }]);
    }
    const passwordHash = await hashPassword(request.body.newPassword);
    await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(users.id, principal.userId));
      // A changed password ends every other session: whoever knew the old one is out.
      await endAllSessions(tx, principal.userId, principal.sessionId);
      await recordAudit(tx, request.auditContext, { action: 'user.passwordSet', entityType: 'user', entityId: principal.userId });
    });
    return reply.status(204).send(null);
  });

  app.put('/avatar', {
    schema: {
      tags: ['me'], summary: 'Upload my picture (multipart field "file"; JPEG, PNG, WebP or HEIF, up to 10 MB)', security: [{ bearer: [] }],
      consumes: ['multipart/form-data'], response: { 200: Profile, ...errorResponses(401, 413, 415, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'account.readOwn');
    const userId = request.principal.userId;
    const file = await request.file();
    if (!file) throw AppError.validation([{ field: 'body.file', message: request.language === 'en' ? 'is required' : 'là bắt buộc' }]);
    const image = await squareWebp(await file.toBuffer(), 256);
    const key = `avatars/${randomUUID()}.webp`;
    await media.put(key, image);
    let previous: string | null = null;
    try {
      const updated = await ctx.db.transaction(async (tx) => {
        const current = await me(userId, tx);
        previous = current.avatarKey;
        const [row] = await tx.update(users).set({ avatarKey: key, updatedAt: new Date() }).where(eq(users.id, userId)).returning();
        await recordAudit(tx, request.auditContext, { action: 'user.avatarSet', entityType: 'user', entityId: userId, data: { key } });
        return row!;
      });
      if (previous) await media.delete(previous);
      return present(updated);
    } catch (err) {
      await media.delete(key); // no orphan file when the database refused
      throw err;
    }
  });

  app.get('/avatar', {
    schema: {
      tags: ['me'], summary: 'My picture (WebP)', security: [{ bearer: [] }],
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', contentMediaType: 'image/webp' }), ...errorResponses(401, 404) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'account.readOwn');
    const user = await me(request.principal.userId);
    const data = user.avatarKey ? await media.get(user.avatarKey) : null;
    if (!data) throw AppError.notFound('user', 'avatar');
    return reply.type('image/webp').header('cache-control', 'private, max-age=300').send(data);
  });

  app.get('/export', {
    schema: { tags: ['me'], summary: 'Everything the platform holds about me, as JSON', security: [{ bearer: [] }] },
  }, async (request, reply) => {
    authorize(request.principal, 'account.readOwn');
    const userId = request.principal.userId;
    const user = await me(userId);
    const [mySessions, memberships, actions] = await Promise.all([
      ctx.db.select({ method: sessions.method, userAgent: sessions.userAgent, ip: sessions.ip, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt }).from(sessions).where(eq(sessions.userId, userId)),
      ctx.db.select({ unitId: unitMemberships.unitId, role: unitMemberships.role }).from(unitMemberships).where(eq(unitMemberships.userId, userId)),
      ctx.db.select({ occurredAt: auditLog.occurredAt, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, ip: auditLog.ip })
        .from(auditLog).where(eq(auditLog.actorId, userId)).orderBy(desc(auditLog.id)).limit(5000),
    ]);
    await ctx.db.transaction((tx) => recordAudit(tx, request.auditContext, { action: 'user.export', entityType: 'user', entityId: userId }));
    const document = {
      exportedAt: new Date().toISOString(),
      account: {
        id: user.id, kind: user.kind, displayName: user.displayName, phone: user.phone, phoneVerifiedAt: user.phoneVerifiedAt,
        language: user.language, identityLevel: user.identityLevel, notificationPreferences: user.notificationPreferences,
        createdAt: user.createdAt, vneidLinked: user.vneidSubject !== null, hasPassword: user.passwordHash !== null,
      },
      identity: identityOf(user),
      memberships,
      sessions: mySessions,
      activity: actions,
    };
    return reply
      .header('content-disposition', `attachment; filename="cong-dan-so-${user.id}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(document, null, 2));
  });

  app.delete('', {
    schema: {
      tags: ['me'], summary: 'Delete my account: personal data erased, my contributions kept anonymised', security: [{ bearer: [] }],
      body: Type.Object({ confirm: Type.Literal(true, { description: 'Must be true: this cannot be undone' }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errorResponses(401, 403, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'account.readOwn');
    const principal = request.principal;
    if (principal.kind === 'official') {
      throw new AppError('FORBIDDEN', { reason: 'officials_are_disabled_by_their_unit' }, {
        vi: 'Tài khoản cán bộ do đơn vị quản lý vô hiệu hóa, không tự xóa.', en: 'Official accounts are disabled by their unit, not deleted by their owner.',
      });
    }
    const user = await me(principal.userId);
    await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({
        displayName: 'Người dùng đã xóa', phone: null, phoneVerifiedAt: null, username: null, passwordHash: null,
        identitySealed: null, identityNumberHmac: null, identitySource: null, identityVerifiedAt: null, vneidSubject: null,
        totpSecretSealed: null, totpEnabledAt: null, avatarKey: null, identityLevel: 0, deletedAt: new Date(), updatedAt: new Date(),
      }).where(eq(users.id, principal.userId));
      await endAllSessions(tx, principal.userId);
      await recordAudit(tx, request.auditContext, { action: 'user.delete', entityType: 'user', entityId: principal.userId });
    });
    if (user.avatarKey) await media.delete(user.avatarKey);
    clearSessionCookie(reply);
    return reply.status(204).send(null);
  });
};
