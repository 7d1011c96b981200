/**
 * Who may manage whom among officials: the policy functions and the HTTP routes against a
 * table written out by hand.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { asCityAdmin, describeEachDatabase, signIn } from '../../../test/helpers/testApp.js';
import { auditLog, authChallenges, sessions, unitMemberships, users } from '../../db/schema/index.js';
import { can, canActOnOfficial, canGrantRole, canManageOfficialsOf, canViewOfficial } from '../../platform/auth/policies.js';
import type { OfficialRole, Principal } from '../../platform/auth/principal.js';
import { createSession, resolveSession } from '../../platform/auth/sessionStore.js';
import { UnitTree } from './unitTree.js';
import { DEPARTMENT, OTHER_WARD, ROOT, unique, WARD } from './testing/officialsTestKit.js';

/*
 * The matrix: who may manage officials of ward W. Written out by hand; the policy functions and
 * the HTTP routes must both agree with it, and a refused call must change nothing.
 */
type Caller = 'anonymous' | 'citizen' | 'ward intake' | 'ward handler' | 'ward supervisor' | 'ward unit_admin'
  | 'other-ward unit_admin' | 'department unit_admin' | 'city_admin';
type Action = 'create official in W' | 'change roles in W' | 'grant unit_admin in W' | 'grant city_admin' | 'list officials of W' | 'reset 2FA of an official of W';

const ACTIONS: Action[] = ['create official in W', 'change roles in W', 'grant unit_admin in W', 'grant city_admin', 'list officials of W', 'reset 2FA of an official of W'];

const MATRIX: Record<Caller, [boolean, boolean, boolean, boolean, boolean, boolean]> = {
  //                        create  roles  grant unit_admin  grant city_admin  list   reset 2FA
  'anonymous':             [false,  false, false,            false,            false, false],
  'citizen':               [false,  false, false,            false,            false, false],
  'ward intake':           [false,  false, false,            false,            false, false],
  'ward handler':          [false,  false, false,            false,            false, false],
  'ward supervisor':       [false,  false, false,            false,            false, false],
  'ward unit_admin':       [true,   true,  false,            false,            true,  true],
  'other-ward unit_admin': [false,  false, false,            false,            false, false],
  'department unit_admin': [false,  false, false,            false,            false, false],
  'city_admin':            [true,   true,  true,             true,             true,  true],
};
const CALLERS = Object.keys(MATRIX) as Caller[];

describeEachDatabase('officials: who may manage whom (matrix)', (ctx) => {
  const auth: Partial<Record<Caller, string>> = {};
  let tree: UnitTree;
  let ward: string;
  let root: string;

  before(async () => {
    auth.citizen = (await signIn(ctx.db, { kind: 'citizen', identityLevel: 2 })).authorization;
    for (const role of ['intake', 'handler', 'supervisor', 'unit_admin'] as const) {
      auth[`ward ${role}`] = (await signIn(ctx.db, { kind: 'official', roles: [role], unitCode: WARD })).authorization;
    }
    auth['other-ward unit_admin'] = (await signIn(ctx.db, { kind: 'official', roles: ['unit_admin'], unitCode: OTHER_WARD })).authorization;
    auth['department unit_admin'] = (await signIn(ctx.db, { kind: 'official', roles: ['unit_admin'], unitCode: DEPARTMENT })).authorization;
    auth.city_admin = (await asCityAdmin(ctx.db)).authorization;
    tree = await UnitTree.load(ctx.db);
    ward = tree.byCode(WARD)!.id;
    root = tree.byCode(ROOT)!.id;
  });

  /** The same decisions the routes make, in terms of the policy functions. */
  function decide(p: Principal | null, action: Action): boolean {
    const wardAncestry = tree.ancestry(ward);
    const aWardOfficial = [{ role: 'handler' as const, unitId: ward, unitAncestry: wardAncestry }];
    const gate = can(p, 'officials.administer');
    switch (action) {
      case 'create official in W': return gate && canGrantRole(p, 'handler', ward, wardAncestry, root);
      case 'change roles in W': return gate && canViewOfficial(p, aWardOfficial) && ['handler', 'supervisor'].every((r) => canGrantRole(p, r as OfficialRole, ward, wardAncestry, root));
      case 'grant unit_admin in W': return gate && canViewOfficial(p, aWardOfficial) && canGrantRole(p, 'unit_admin', ward, wardAncestry, root);
      case 'grant city_admin': return gate && canViewOfficial(p, aWardOfficial) && canGrantRole(p, 'city_admin', root, [], root);
      case 'list officials of W': return gate && canManageOfficialsOf(p, ward, wardAncestry);
      case 'reset 2FA of an official of W': return gate && canActOnOfficial(p, aWardOfficial, root);
    }
  }

  test('the policy functions give the table, for principals of real sessions', async () => {
    const actual: Record<string, boolean[]> = {};
    for (const caller of CALLERS) {
      const token = auth[caller];
      const principal = token ? await resolveSession(ctx.db, token.slice('Bearer '.length)) : null;
      if (caller !== 'anonymous') assert.ok(principal, caller);
      actual[caller] = ACTIONS.map((a) => decide(principal, a));
    }
    assert.deepEqual(actual, MATRIX);
  });

  /** An official of W made straight in the database: the target of one call. */
  async function target(roles: OfficialRole[]): Promise<string> {
    const [user] = await ctx.db.insert(users).values({
      kind: 'official', username: unique('muc-tieu'), displayName: 'Mục tiêu', identityLevel: 2,
      totpSecretSealed: 'v1.not.a.real-secret', totpEnabledAt: new Date(), totpLastStep: 1,
    }).returning({ id: users.id });
    await ctx.db.insert(unitMemberships).values(roles.map((role) => ({ userId: user!.id, unitId: ward, role })));
    await createSession(ctx.db, user!.id);
    return user!.id;
  }

  interface Call { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: Record<string, unknown>; targetId?: string; okStatus: number }

  async function prepare(action: Action): Promise<Call> {
    switch (action) {
      case 'create official in W':
        return { method: 'POST', url: '/api/v1/officials', payload: { username: unique('moi'), displayName: 'Cán bộ mới', unitCode: WARD, roles: ['handler'] }, okStatus: 201 };
      case 'change roles in W': {
        const id = await target(['intake']);
        return { method: 'PUT', url: `/api/v1/officials/${id}/roles`, payload: { unitCode: WARD, roles: ['handler', 'supervisor'] }, targetId: id, okStatus: 200 };
      }
      case 'grant unit_admin in W': {
        const id = await target(['handler']);
        return { method: 'PUT', url: `/api/v1/officials/${id}/roles`, payload: { unitCode: WARD, roles: ['handler', 'unit_admin'] }, targetId: id, okStatus: 200 };
      }
      case 'grant city_admin': {
        const id = await target(['handler']);
        return { method: 'PUT', url: `/api/v1/officials/${id}/roles`, payload: { unitCode: ROOT, roles: ['city_admin'] }, targetId: id, okStatus: 200 };
      }
      case 'list officials of W':
        await target(['handler']);
        return { method: 'GET', url: `/api/v1/officials?unitCode=${WARD}`, okStatus: 200 };
      case 'reset 2FA of an official of W': {
        const id = await target(['handler']);
        return { method: 'POST', url: `/api/v1/officials/${id}/reset-second-factor`, targetId: id, okStatus: 200 };
      }
    }
  }

  /** Everything a call could change. */
  async function state(targetId?: string) {
    const [u] = await ctx.db.select({ n: count() }).from(users);
    const [a] = await ctx.db.select({ n: count() }).from(auditLog);
    const [c] = await ctx.db.select({ n: count() }).from(authChallenges);
    const memberships = (await ctx.db.select().from(unitMemberships)).map((m) => `${m.userId}:${m.unitId}:${m.role}`).sort();
    const t = targetId ? await ctx.db.select({ secret: users.totpSecretSealed, on: users.totpEnabledAt, locked: users.lockedUntil }).from(users).where(eq(users.id, targetId)) : [];
    const s = targetId ? (await ctx.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, targetId)))[0]!.n : 0;
    return { users: u!.n, audit: a!.n, challenges: c!.n, memberships, target: t, targetSessions: s };
  }

  for (const [column, action] of ACTIONS.entries()) {
    test(`over HTTP: ${action}`, async () => {
      for (const caller of CALLERS) {
        const call = await prepare(action);
        const before = await state(call.targetId);
        const authorization = auth[caller];
        const res = await ctx.app.inject({
          method: call.method, url: call.url, headers: authorization ? { authorization } : {}, ...(call.payload ? { payload: call.payload } : {}),
        });
        const allowed = MATRIX[caller][column];
        if (!allowed) {
          const expected = caller === 'anonymous' ? [401, 'UNAUTHENTICATED'] : [403, 'FORBIDDEN'];
          assert.deepEqual([res.statusCode, res.json().error?.code], expected, `${caller}: ${res.body}`);
          assert.equal(res.json().items, undefined, `${caller} got data`);
          assert.deepEqual(await state(call.targetId), before, `${caller}: a refused call changed something`);
          continue;
        }
        assert.equal(res.statusCode, call.okStatus, `${caller}: ${res.body}`);
        const after = await state(call.targetId);
        const body = res.json();
        switch (action) {
          case 'create official in W':
            assert.equal(after.users, before.users + 1);
            assert.equal(body.official.username, call.payload!.username);
            break;
          case 'change roles in W':
          case 'grant unit_admin in W':
          case 'grant city_admin': {
            const { unitCode, roles } = call.payload as { unitCode: string; roles: string[] };
            const inUnit = body.memberships.filter((m: { unitCode: string }) => m.unitCode === unitCode).map((m: { role: string }) => m.role).sort();
            assert.deepEqual(inUnit, [...roles].sort(), caller);
            break;
          }
          case 'list officials of W':
            assert.ok(body.items.length >= 1);
            for (const item of body.items) assert.ok(item.memberships.some((m: { unitCode: string }) => m.unitCode === WARD));
            break;
          case 'reset 2FA of an official of W':
            assert.deepEqual(after.target, [{ secret: null, on: null, locked: null }]);
            assert.equal(after.targetSessions, 0);
            break;
        }
        if (call.method !== 'GET') assert.equal(after.audit, before.audit + 1, `${caller}: the change is audited once`);
        else assert.equal(after.audit, before.audit);
      }
    });
  }
});
