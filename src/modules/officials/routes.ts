/**
 * Official accounts: create (initial password or invite link), list, read, change roles in a
 * unit, reset the second factor, disable. Who may do what to whom is decided by the unit-scoped
 * policies in platform/auth/policies.ts; every change is audited in its own transaction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, asc, count, eq, ilike, inArray, isNull, ne, or, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import type { ModuleContext } from '../moduleContext.js';
import type { DbOrTx } from '../../db/client.js';
import { unitMemberships, users } from '../../db/schema/index.js';
import { recordAudit } from '../../platform/audit/auditLog.js';
import {
  authorize, authorizeScoped, canActOnOfficial, canGrantRole, canManageOfficialsOf, canViewOfficial, type HeldRole,
} from '../../platform/auth/policies.js';
import { hasRole, type OfficialRole, type Principal } from '../../platform/auth/principal.js';
import { endAllSessions } from '../../platform/auth/sessionStore.js';
import { AppError } from '../../platform/errors/appError.js';
import { errorResponses, Page } from '../../platform/http/commonSchemas.js';
import type { Language } from '../../platform/i18n/language.js';
import { hashPassword } from '../accounts/passwords.js';
import {
  consumeChallenges, createChallenge, findLiveChallenge, INVITE_PURPOSE, INVITE_TTL_MS, isDisabled,
  passwordProblems, randomInitialPassword, TOTP_CHALLENGE_PURPOSE, type UserRow,
} from './accountState.js';
import { InviteAccept, Official, OfficialCreate, OfficialCreated, OfficialId, OfficialListQuery, RolesChange } from './schemas.js';
import { UnitTree } from './unitTree.js';

type MembershipRow = { userId: string; unitId: string; role: string };

function heldRoles(memberships: MembershipRow[], tree: UnitTree): HeldRole[] {
  return memberships.map((m) => ({ role: m.role as OfficialRole, unitId: m.unitId, unitAncestry: tree.ancestry(m.unitId) }));
}

function presentOfficial(user: UserRow, memberships: MembershipRow[], tree: UnitTree, language: Language) {
  const status = isDisabled(user) ? 'disabled' as const : user.passwordHash ? 'active' as const : 'invited' as const;
  const temporarilyLocked = user.lockedUntil && user.lockedUntil > new Date() ? user.lockedUntil.toISOString() : null;
  return {
    id: user.id,
    username: user.username ?? '',
    displayName: user.displayName,
    status,
    mustChangePassword: user.mustChangePassword,
    secondFactorEnabled: user.totpEnabledAt !== null,
    lockedUntil: temporarilyLocked,
    memberships: memberships
      .map((m) => ({ unitId: m.unitId, unitCode: tree.get(m.unitId)?.code ?? '', unitName: tree.name(m.unitId, language), role: m.role }))
      .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.role.localeCompare(b.role)),
    createdAt: user.createdAt.toISOString(),
  };
}

async function loadOfficial(db: DbOrTx, id: string, forUpdate = false): Promise<{ user: UserRow; memberships: MembershipRow[] } | undefined> {
  const query = db.select().from(users).where(and(eq(users.id, id), eq(users.kind, 'official'), isNull(users.deletedAt))).limit(1);
  const [user] = forUpdate ? await query.for('update') : await query;
  if (!user) return undefined;
  const memberships = await db.select({ userId: unitMemberships.userId, unitId: unitMemberships.unitId, role: unitMemberships.role })
    .from(unitMemberships).where(eq(unitMemberships.userId, id));
  return { user, memberships };
}

/** City admins who can still sign in, other than `exceptUserId`. */
async function otherActiveCityAdmins(db: DbOrTx, exceptUserId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(unitMemberships)
    .innerJoin(users, eq(users.id, unitMemberships.userId))
    .where(and(eq(unitMemberships.role, 'city_admin'), ne(users.id, exceptUserId), isNull(users.deletedAt), isNull(users.disabledAt)));
  return row?.n ?? 0;
}

const unknownUnit = (field: string, code: string, language: Language) =>
  AppError.validation([{ field, message: language === 'en' ? `no unit ${code}` : `không có đơn vị ${code}` }]);

export const officialRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, ctx) => {
  const rootUnitCode = ctx.city.settings.rootUnitCode;

  /** Loads the tree and checks `city_admin` is only asked for on the root unit (422 otherwise). */
  async function unitFor(unitCode: string, roles: readonly OfficialRole[], language: Language) {
    const tree = await UnitTree.load(ctx.db);
    const unit = tree.byCode(unitCode);
    if (!unit) throw unknownUnit('body.unitCode', unitCode, language);
    const root = tree.byCode(rootUnitCode);
    if (!root) throw new Error(`root unit ${rootUnitCode} is missing`);
    if (roles.includes('city_admin') && unit.id !== root.id) {
      throw AppError.validation([{ field: 'body.roles', message: language === 'en' ? `city_admin exists only on the root unit ${rootUnitCode}` : `vai trò city_admin chỉ có ở đơn vị gốc ${rootUnitCode}` }]);
    }
    return { tree, unit, rootId: root.id };
  }

  async function targetOfficial(id: string) {
    const found = await loadOfficial(ctx.db, id);
    if (!found) throw AppError.notFound('official', id);
    return found;
  }

  function rootIdOf(tree: UnitTree): string {
    const root = tree.byCode(rootUnitCode);
    if (!root) throw new Error(`root unit ${rootUnitCode} is missing`);
    return root.id;
  }

  app.post('', {
    schema: {
      tags: ['officials'], summary: 'Create an official in a unit (unit admin for their units and sub-units, city admin anywhere)', security: [{ bearer: [] }],
      body: OfficialCreate, response: { 201: OfficialCreated, ...errorResponses(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    authorize(request.principal, 'officials.administer');
    const principal = request.principal;
    const { displayName, unitCode, roles, invite } = request.body;
    const username = request.body.username.toLowerCase();
    const { tree, unit, rootId } = await unitFor(unitCode, roles, request.language);
    const ancestry = tree.ancestry(unit.id);
    authorizeScoped(principal, roles.every((role) => canGrantRole(principal, role, unit.id, ancestry, rootId)), 'officials.create');

    const initialPassword = invite ? undefined : randomInitialPassword();
    const passwordHash = initialPassword ? await hashPassword(initialPassword) : null;
    const result = await ctx.db.transaction(async (tx) => {
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
      if (taken) throw new AppError('CONFLICT', { field: 'body.username', username });
      const [user] = await tx.insert(users).values({
        kind: 'official', username, displayName, passwordHash, mustChangePassword: !invite, identityLevel: 2,
      }).returning();
      await tx.insert(unitMemberships).values(roles.map((role) => ({ userId: user!.id, unitId: unit.id, role })));
      const challenge = invite ? await createChallenge(tx, { purpose: INVITE_PURPOSE, userId: user!.id, ttlMs: INVITE_TTL_MS, ip: request.ip }) : undefined;
      await recordAudit(tx, request.auditContext, {
        action: 'official.create', entityType: 'user', entityId: user!.id,
        data: { username, displayName, unit: unit.code, roles, method: invite ? 'invite' : 'initial_password' },
      });
      return { user: user!, challenge };
    });
    const memberships = roles.map((role) => ({ userId: result.user.id, unitId: unit.id, role }));
    void reply.header('cache-control', 'no-store');
    return reply.status(201).send({
      official: presentOfficial(result.user, memberships, tree, request.language),
      ...(initialPassword ? { initialPassword } : {}),
      ...(result.challenge ? {
        invite: {
          token: result.challenge.token,
          url: `${ctx.config.publicBaseUrl}/invite#token=${result.challenge.token}`,
          expiresAt: result.challenge.expiresAt.toISOString(),
        },
      } : {}),
    });
  });

  app.post('/invites/accept', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      tags: ['officials'], summary: 'Redeem an invite: choose a password (then sign in and set up the authenticator app)',
      body: InviteAccept,
      response: { 200: Type.Object({ username: Type.String() }), ...errorResponses(401, 422, 429) },
    },
  }, async (request) => {
    const { token, password } = request.body;
    // Read once to check the password against the username before the slow hash …
    const peek = await findLiveChallenge(ctx.db, token, INVITE_PURPOSE);
    const invited = peek?.userId ? await loadOfficial(ctx.db, peek.userId) : undefined;
    if (!invited || isDisabled(invited.user)) throw new AppError('CODE_INVALID');
    const problems = passwordProblems('body.password', password, invited.user.username, request.language);
    if (problems.length > 0) throw AppError.validation(problems);
    const passwordHash = await hashPassword(password);
    // … then again, locked, to use it exactly once.
    const username = await ctx.db.transaction(async (tx) => {
      const challenge = await findLiveChallenge(tx, token, INVITE_PURPOSE);
      if (!challenge?.userId || challenge.userId !== invited.user.id) throw new AppError('CODE_INVALID');
      await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(users.id, challenge.userId));
      await consumeChallenges(tx, challenge.userId, [INVITE_PURPOSE]);
      await recordAudit(tx, { ...request.auditContext, actorId: challenge.userId, actorLabel: invited.user.username ?? challenge.userId }, {
        action: 'official.inviteAccept', entityType: 'user', entityId: challenge.userId,
      });
      return invited.user.username ?? '';
    });
    return { username };
  });

  app.get('', {
    schema: {
      tags: ['officials'], summary: 'Officials of the units I administer (city admin: all), paginated; filter by unit, role, name', security: [{ bearer: [] }],
      querystring: OfficialListQuery, response: { 200: Page(Official), ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'officials.administer');
    const principal = request.principal;
    const { unitCode, role, q, page, pageSize } = request.query;
    const tree = await UnitTree.load(ctx.db);
    let scope: string[] | null;
    if (unitCode) {
      const unit = tree.byCode(unitCode);
      if (!unit) throw unknownUnit('querystring.unitCode', unitCode, request.language);
      authorizeScoped(principal, canManageOfficialsOf(principal, unit.id, tree.ancestry(unit.id)), 'officials.list');
      scope = [unit.id];
    } else if (hasRole(principal, 'city_admin')) {
      scope = null;
    } else {
      scope = [...tree.withDescendants(principal.memberships.filter((m) => m.role === 'unit_admin').map((m) => m.unitId))];
    }

    const conditions: SQL[] = [eq(users.kind, 'official'), isNull(users.deletedAt)];
    if (scope !== null || role) {
      const inScope: SQL[] = [];
      if (scope !== null) inScope.push(inArray(unitMemberships.unitId, scope));
      if (role) inScope.push(eq(unitMemberships.role, role));
      conditions.push(inArray(users.id, ctx.db.select({ id: unitMemberships.userId }).from(unitMemberships).where(and(...inScope))));
    }
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
      conditions.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
    }
    const where = and(...conditions);
    const [rows, [totalRow]] = await Promise.all([
      ctx.db.select().from(users).where(where).orderBy(asc(users.username)).limit(pageSize).offset((page - 1) * pageSize),
      ctx.db.select({ n: count() }).from(users).where(where),
    ]);
    const memberships = rows.length === 0 ? [] : await ctx.db
      .select({ userId: unitMemberships.userId, unitId: unitMemberships.unitId, role: unitMemberships.role })
      .from(unitMemberships).where(inArray(unitMemberships.userId, rows.map((r) => r.id)));
    return {
      items: rows.map((user) => presentOfficial(user, memberships.filter((m) => m.userId === user.id), tree, request.language)),
      page, pageSize, total: totalRow?.n ?? 0,
    };
  });

  app.get('/:id', {
    schema: {
      tags: ['officials'], summary: 'One official (who works in a unit I administer)', security: [{ bearer: [] }],
      params: OfficialId, response: { 200: Official, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'officials.administer');
    const principal = request.principal;
    const { user, memberships } = await targetOfficial(request.params.id);
    const tree = await UnitTree.load(ctx.db);
    authorizeScoped(principal, canViewOfficial(principal, heldRoles(memberships, tree)), 'officials.read');
    return presentOfficial(user, memberships, tree, request.language);
  });

  app.put('/:id/roles', {
    schema: {
      tags: ['officials'],
      summary: 'Set an official\'s roles in one unit (replaces them there; [] removes). Unit admins: intake, handler, supervisor, moderator in their units; unit_admin and city_admin: city admins only',
      security: [{ bearer: [] }],
      params: OfficialId, body: RolesChange, response: { 200: Official, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'officials.administer');
    const principal = request.principal;
    const target = await targetOfficial(request.params.id);
    const roles = request.body.roles;
    const { tree, unit, rootId } = await unitFor(request.body.unitCode, roles, request.language);
    const ancestry = tree.ancestry(unit.id);
    const before = target.memberships.filter((m) => m.unitId === unit.id).map((m) => m.role as OfficialRole).sort();
    const after = [...roles].sort();
    const changed = [...before.filter((r) => !after.includes(r)), ...after.filter((r) => !before.includes(r))];
    authorizeScoped(principal,
      canViewOfficial(principal, heldRoles(target.memberships, tree)) && changed.every((role) => canGrantRole(principal, role, unit.id, ancestry, rootId)),
      'officials.rolesChange');

    const updated = await ctx.db.transaction(async (tx) => {
      const current = await loadOfficial(tx, target.user.id, true);
      if (!current) throw AppError.notFound('official', target.user.id);
      const removingCityAdmin = before.includes('city_admin') && !after.includes('city_admin');
      if (removingCityAdmin && (await otherActiveCityAdmins(tx, target.user.id)) === 0) {
        throw new AppError('CONFLICT', { reason: 'last_city_admin' }, { vi: 'Không thể bỏ quyền của quản trị thành phố cuối cùng.', en: 'The last city admin cannot lose the role.' });
      }
      if (changed.length === 0) return current;
      await tx.delete(unitMemberships).where(and(eq(unitMemberships.userId, target.user.id), eq(unitMemberships.unitId, unit.id)));
      if (after.length > 0) await tx.insert(unitMemberships).values(after.map((role) => ({ userId: target.user.id, unitId: unit.id, role })));
      await tx.update(users).set({ updatedAt: new Date() }).where(eq(users.id, target.user.id));
      await recordAudit(tx, request.auditContext, {
        action: 'official.rolesChange', entityType: 'user', entityId: target.user.id,
        data: { username: target.user.username, unit: unit.code, before, after },
      });
      return loadOfficial(tx, target.user.id);
    });
    return presentOfficial(updated!.user, updated!.memberships, tree, request.language);
  });

  const OfficialAndSessions = Type.Object({ official: Official, endedSessions: Type.Integer() });

  app.post('/:id/reset-second-factor', {
    schema: {
      tags: ['officials'], summary: 'Forget an official\'s authenticator (lost phone): signs them out; their next sign-in sets up a new one', security: [{ bearer: [] }],
      params: OfficialId, response: { 200: OfficialAndSessions, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'officials.administer');
    const principal = request.principal;
    const target = await targetOfficial(request.params.id);
    const tree = await UnitTree.load(ctx.db);
    authorizeScoped(principal, canActOnOfficial(principal, heldRoles(target.memberships, tree), rootIdOf(tree)), 'officials.resetSecondFactor');
    const endedSessions = await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ totpSecretSealed: null, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date() }).where(eq(users.id, target.user.id));
      await consumeChallenges(tx, target.user.id, [TOTP_CHALLENGE_PURPOSE]);
      const ended = await endAllSessions(tx, target.user.id);
      await recordAudit(tx, request.auditContext, {
        action: 'official.secondFactorReset', entityType: 'user', entityId: target.user.id, data: { username: target.user.username, endedSessions: ended },
      });
      return ended;
    });
    const updated = await loadOfficial(ctx.db, target.user.id);
    return { official: presentOfficial(updated!.user, updated!.memberships, tree, request.language), endedSessions };
  });

  app.post('/:id/disable', {
    schema: {
      tags: ['officials'], summary: 'Disable an official: ends their sessions and open sign-in steps and invites; they can no longer sign in', security: [{ bearer: [] }],
      params: OfficialId, response: { 200: OfficialAndSessions, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    authorize(request.principal, 'officials.administer');
    const principal: Principal = request.principal;
    const target = await targetOfficial(request.params.id);
    const tree = await UnitTree.load(ctx.db);
    authorizeScoped(principal, canActOnOfficial(principal, heldRoles(target.memberships, tree), rootIdOf(tree)), 'officials.disable');
    if (target.user.id === principal.userId) {
      throw new AppError('CONFLICT', { reason: 'cannot_disable_self' }, { vi: 'Bạn không thể tự vô hiệu hóa tài khoản của mình.', en: 'You cannot disable your own account.' });
    }
    const endedSessions = await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ disabledAt: new Date(), failedLogins: 0, updatedAt: new Date() }).where(eq(users.id, target.user.id));
      await consumeChallenges(tx, target.user.id, [TOTP_CHALLENGE_PURPOSE, INVITE_PURPOSE]);
      const ended = await endAllSessions(tx, target.user.id);
      await recordAudit(tx, request.auditContext, {
        action: 'official.disable', entityType: 'user', entityId: target.user.id, data: { username: target.user.username, endedSessions: ended },
      });
      return ended;
    });
    const updated = await loadOfficial(ctx.db, target.user.id);
    return { official: presentOfficial(updated!.user, updated!.memberships, tree, request.language), endedSessions };
  });
};
