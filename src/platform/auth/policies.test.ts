/**
 * The authorisation matrix: every policy action × every kind of caller, against a table written
 * out by hand, and the same at the HTTP level for each admin endpoint. A new action or role
 * fails the first test until this table says who may do it.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { asCityAdmin, describeEachDatabase, signIn } from '../../../test/helpers/testApp.js';
import { auditLog, calendarDays, categories, open311ApiKeys, routingRules, units } from '../../db/schema/index.js';
import { AppError } from '../errors/appError.js';
import {
  authorize, authorizeScoped, can, canActOnOfficial, canGrantRole, canManageOfficialsOf, canViewOfficial, POLICY_ACTIONS, type PolicyAction,
} from './policies.js';
import { OFFICIAL_ROLES, type OfficialRole, type Principal } from './principal.js';
import { resolveSession } from './sessionStore.js';

type Caller = 'anonymous' | 'citizen' | 'ward intake' | 'ward handler' | 'ward supervisor' | 'ward unit_admin' | 'ward moderator' | 'city_admin';

const ACTIONS: PolicyAction[] = ['referenceData.manage', 'calendar.manage', 'audit.read', 'account.readOwn', 'officials.administer', 'screening.manage', 'open311.manageKeys'];

/** Columns in the order of ACTIONS. */
const EXPECTED: Record<Caller, [boolean, boolean, boolean, boolean, boolean, boolean, boolean]> = {
  //                  referenceData.manage  calendar.manage  audit.read  account.readOwn  officials.administer  screening.manage  open311.manageKeys
  'anonymous':       [false,                false,           false,      false,           false,                false,            false],
  'citizen':         [false,                false,           false,      true,            false,                false,            false],
  'ward intake':     [false,                false,           false,      true,            false,                false,            false],
  'ward handler':    [false,                false,           false,      true,            false,                false,            false],
  'ward supervisor': [false,                false,           false,      true,            false,                false,            false],
  'ward unit_admin': [false,                false,           false,      true,            true,                 false,            false],
  'ward moderator':  [false,                false,           false,      true,            false,                false,            false],
  'city_admin':      [true,                 true,            true,       true,            true,                 true,             true],
};

const WARD_UNIT_ID = '00000000-0000-4000-8000-000000000070';
const CITY_UNIT_ID = '00000000-0000-4000-8000-000000000001';

function official(roles: OfficialRole[], unitId: string): Principal {
  return {
    userId: `user-${roles.join('-')}`, sessionId: 'session', kind: 'official', displayName: 'Cán bộ', label: 'can-bo',
    identityLevel: 2, mustChangePassword: false, memberships: roles.map((role) => ({ unitId, role })),
  };
}

const PRINCIPALS: Record<Caller, Principal | null> = {
  'anonymous': null,
  'citizen': { userId: 'citizen', sessionId: 'session', kind: 'citizen', displayName: 'Người dân', label: '0900000000', identityLevel: 2, mustChangePassword: false, memberships: [] },
  'ward intake': official(['intake'], WARD_UNIT_ID),
  'ward handler': official(['handler'], WARD_UNIT_ID),
  'ward supervisor': official(['supervisor'], WARD_UNIT_ID),
  'ward unit_admin': official(['unit_admin'], WARD_UNIT_ID),
  'ward moderator': official(['moderator'], WARD_UNIT_ID),
  'city_admin': official(['city_admin'], CITY_UNIT_ID),
};

const CALLERS = Object.keys(EXPECTED) as Caller[];

describe('authorisation policies', () => {
  test('the table covers exactly the actions and roles there are', () => {
    assert.deepEqual([...POLICY_ACTIONS].sort(), [...ACTIONS].sort());
    const wardRoles = OFFICIAL_ROLES.filter((r) => r !== 'city_admin').map((r) => `ward ${r}`);
    assert.deepEqual(CALLERS.filter((c) => c.startsWith('ward ')).sort(), wardRoles.sort());
  });

  test('can() matches the matrix for every action × caller', () => {
    const actual = Object.fromEntries(CALLERS.map((caller) => [caller, ACTIONS.map((action) => can(PRINCIPALS[caller], action))]));
    assert.deepEqual(actual, EXPECTED);
  });

  test('holding every ward role together still grants nothing city-wide', () => {
    const everything = official(['intake', 'handler', 'supervisor', 'unit_admin', 'moderator'], WARD_UNIT_ID);
    assert.deepEqual(ACTIONS.map((a) => can(everything, a)), [false, false, false, true, true, false, false], 'only the officials area, scoped to the ward');
    const citizenWithNoRoles: Principal = { ...PRINCIPALS.citizen!, identityLevel: 0 };
    assert.deepEqual(ACTIONS.map((a) => can(citizenWithNoRoles, a)), [false, false, false, true, false, false, false]);
  });

  test('authorize() passes when allowed, 401 for nobody, 403 for someone without the right', () => {
    for (const caller of CALLERS) {
      ACTIONS.forEach((action, i) => {
        const principal = PRINCIPALS[caller];
        if (EXPECTED[caller][i]) {
          assert.doesNotThrow(() => authorize(principal, action), `${caller} ${action}`);
          return;
        }
        assert.throws(() => authorize(principal, action), (error: unknown) => {
          assert.ok(error instanceof AppError);
          const expected = principal === null ? ['UNAUTHENTICATED', 401] : ['FORBIDDEN', 403];
          assert.deepEqual([error.code, error.status], expected, `${caller} ${action}`);
          assert.deepEqual(error.details, { action });
          return true;
        });
      });
    }
  });
});

describe('unit-scoped policies: officials and their roles', () => {
  // A small tree: city → ward (→ residential group), city → other ward, city → department.
  const CITY = CITY_UNIT_ID;
  const WARD = WARD_UNIT_ID;
  const GROUP = '00000000-0000-4000-8000-000000000071';
  const OTHER_WARD = '00000000-0000-4000-8000-000000000004';
  const DEPARTMENT = '00000000-0000-4000-8000-0000000000d1';
  const ANCESTRY: Record<string, string[]> = { [CITY]: [], [WARD]: [CITY], [GROUP]: [WARD, CITY], [OTHER_WARD]: [CITY], [DEPARTMENT]: [CITY] };
  const manages = (p: Principal | null, unit: string) => canManageOfficialsOf(p, unit, ANCESTRY[unit]!);
  const grants = (p: Principal | null, role: OfficialRole, unit: string) => canGrantRole(p, role, unit, ANCESTRY[unit]!, CITY);
  const held = (role: OfficialRole, unit: string) => ({ role, unitId: unit, unitAncestry: ANCESTRY[unit]! });

  test('which units each caller manages officials of (own unit and sub-units only)', () => {
    const UNITS = [CITY, WARD, GROUP, OTHER_WARD, DEPARTMENT];
    const expected: Record<Caller, boolean[]> = {
      //                  city   ward   group  other  dept
      'anonymous':       [false, false, false, false, false],
      'citizen':         [false, false, false, false, false],
      'ward intake':     [false, false, false, false, false],
      'ward handler':    [false, false, false, false, false],
      'ward supervisor': [false, false, false, false, false],
      'ward unit_admin': [false, true,  true,  false, false],
      'ward moderator':  [false, false, false, false, false],
      'city_admin':      [true,  true,  true,  true,  true],
    };
    const actual = Object.fromEntries(CALLERS.map((c) => [c, UNITS.map((u) => manages(PRINCIPALS[c], u))]));
    assert.deepEqual(actual, expected);
    const groupAdmin = official(['unit_admin'], GROUP);
    assert.deepEqual(UNITS.map((u) => manages(groupAdmin, u)), [false, false, true, false, false], 'a sub-unit admin does not manage the unit above');
  });

  test('which roles each caller may grant in the ward; city_admin only on the root, only by a city admin', () => {
    const expected: Record<Caller, boolean[]> = {
      //                  intake handler supervisor unit_admin moderator city_admin(ward) city_admin(root)
      'anonymous':       [false, false,  false,     false,     false,    false,           false],
      'citizen':         [false, false,  false,     false,     false,    false,           false],
      'ward intake':     [false, false,  false,     false,     false,    false,           false],
      'ward handler':    [false, false,  false,     false,     false,    false,           false],
      'ward supervisor': [false, false,  false,     false,     false,    false,           false],
      'ward unit_admin': [true,  true,   true,      false,     true,     false,           false],
      'ward moderator':  [false, false,  false,     false,     false,    false,           false],
      'city_admin':      [true,  true,   true,      true,      true,     false,           true],
    };
    const actual = Object.fromEntries(CALLERS.map((c) => {
      const p = PRINCIPALS[c];
      return [c, [...(['intake', 'handler', 'supervisor', 'unit_admin', 'moderator', 'city_admin'] as const).map((r) => grants(p, r, WARD)), grants(p, 'city_admin', CITY)]];
    }));
    assert.deepEqual(actual, expected);
  });

  test('acting on an official needs the right to grant every role they hold', () => {
    const wardAdmin = PRINCIPALS['ward unit_admin'];
    const cityAdmin = PRINCIPALS.city_admin;
    assert.equal(canActOnOfficial(wardAdmin, [held('handler', WARD)], CITY), true);
    assert.equal(canActOnOfficial(wardAdmin, [held('handler', GROUP), held('moderator', WARD)], CITY), true, 'sub-unit roles too');
    assert.equal(canActOnOfficial(wardAdmin, [held('unit_admin', WARD)], CITY), false, 'not a fellow unit admin');
    assert.equal(canActOnOfficial(wardAdmin, [held('handler', WARD), held('handler', DEPARTMENT)], CITY), false, 'not someone who also works elsewhere');
    assert.equal(canActOnOfficial(wardAdmin, [held('city_admin', CITY)], CITY), false);
    assert.equal(canActOnOfficial(wardAdmin, [], CITY), false, 'an official without roles is the city admin\'s business');
    assert.equal(canActOnOfficial(cityAdmin, [], CITY), true);
    assert.equal(canActOnOfficial(cityAdmin, [held('unit_admin', OTHER_WARD), held('city_admin', CITY)], CITY), true);
    // Seeing is wider than acting: any shared unit will do.
    assert.equal(canViewOfficial(wardAdmin, [held('handler', WARD), held('handler', DEPARTMENT)]), true);
    assert.equal(canViewOfficial(wardAdmin, [held('handler', OTHER_WARD)]), false);
    assert.equal(canViewOfficial(null, [held('handler', WARD)]), false);
  });

  test('authorizeScoped: 401 for nobody, 403 when refused, passes when allowed', () => {
    assert.doesNotThrow(() => authorizeScoped(PRINCIPALS.city_admin, true, 'officials.create'));
    for (const [principal, code, status] of [[null, 'UNAUTHENTICATED', 401], [PRINCIPALS.citizen, 'FORBIDDEN', 403]] as const) {
      assert.throws(() => authorizeScoped(principal, false, 'officials.create'), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.deepEqual([error.code, error.status, error.details], [code, status, { action: 'officials.create' }]);
        return true;
      });
    }
    assert.throws(() => authorizeScoped(null, true, 'officials.create'), /UNAUTHENTICATED/, 'allowed without a principal is still nobody');
  });
});

describeEachDatabase('authorisation matrix over HTTP', (ctx) => {
  type HttpCaller = 'anonymous' | 'citizen' | 'ward unit_admin' | 'city_admin';
  const headers: Record<HttpCaller, Record<string, string>> = { 'anonymous': {}, 'citizen': {}, 'ward unit_admin': {}, 'city_admin': {} };
  const tokens: Partial<Record<Caller, string>> = {};

  before(async () => {
    const citizen = await signIn(ctx.db, { kind: 'citizen', identityLevel: 2 });
    const wardAdmin = await signIn(ctx.db, { kind: 'official', roles: ['unit_admin'], unitCode: 'ubnd-00070' });
    const cityAdmin = await asCityAdmin(ctx.db);
    headers.citizen = { authorization: citizen.authorization };
    headers['ward unit_admin'] = { authorization: wardAdmin.authorization };
    headers.city_admin = { authorization: cityAdmin.authorization };
    tokens.citizen = citizen.authorization;
    tokens['city_admin'] = cityAdmin.authorization;
    for (const role of ['intake', 'handler', 'supervisor', 'unit_admin', 'moderator'] as const) {
      tokens[`ward ${role}`] = (await signIn(ctx.db, { kind: 'official', roles: [role], unitCode: 'ubnd-00070' })).authorization;
    }
  });

  test('principals built from real sessions get the same answers as the matrix', async () => {
    for (const caller of CALLERS) {
      const token = tokens[caller];
      const principal = token ? await resolveSession(ctx.db, token.slice('Bearer '.length)) : null;
      if (caller !== 'anonymous') assert.ok(principal, caller);
      assert.deepEqual(ACTIONS.map((a) => can(principal, a)), EXPECTED[caller], caller);
    }
  });

  const auditTotal = async () => (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;

  interface Endpoint {
    name: string;
    method: 'GET' | 'POST' | 'PATCH' | 'PUT';
    url: string;
    payload?: Record<string, unknown>;
    /** A snapshot of what the call would change; must be equal before and after every refused call. */
    state: () => Promise<unknown>;
    adminStatus: number;
    /** Checks the admin's successful answer and its effect. */
    check: (body: Record<string, unknown>) => Promise<void>;
  }

  const ENDPOINTS: Endpoint[] = [
    {
      name: 'create a unit', method: 'POST', url: '/api/v1/units',
      payload: { code: 'ma-tran-quyen', parentCode: 'ha-noi', kind: 'office', nameVi: 'Phòng ma trận', nameEn: 'Matrix office' },
      state: async () => (await ctx.db.select({ n: count() }).from(units))[0]!.n,
      adminStatus: 201,
      check: async (body) => {
        assert.equal(body.code, 'ma-tran-quyen');
        assert.equal((await ctx.app.inject({ url: '/api/v1/units/ma-tran-quyen' })).statusCode, 200);
      },
    },
    {
      name: 'change a category', method: 'PATCH', url: '/api/v1/categories/roads.pothole',
      payload: { defaultPriority: 'urgent', sortOrder: 42 },
      state: async () => (await ctx.db.select({ p: categories.defaultPriority, s: categories.sortOrder }).from(categories).where(eq(categories.code, 'roads.pothole')))[0],
      adminStatus: 200,
      check: async (body) => {
        assert.equal(body.defaultPriority, 'urgent');
        assert.equal(body.sortOrder, 42);
      },
    },
    {
      name: 'add a routing rule', method: 'POST', url: '/api/v1/routing-rules',
      payload: { categoryCode: 'roads.pothole', unitCode: 'so-xay-dung' },
      state: async () => (await ctx.db.select({ n: count() }).from(routingRules))[0]!.n,
      adminStatus: 201,
      check: async (body) => {
        assert.equal(body.unitCode, 'so-xay-dung');
        const resolved = (await ctx.app.inject({ url: '/api/v1/routing-rules/resolve?category=roads.pothole' })).json();
        assert.equal(resolved.unit.code, 'so-xay-dung');
      },
    },
    {
      name: 'set a calendar day', method: 'PUT', url: '/api/v1/calendar/days/2026-03-07',
      payload: { kind: 'workday', nameVi: 'Làm bù', nameEn: 'Make-up day' },
      state: async () => ctx.db.select({ kind: calendarDays.kind }).from(calendarDays).where(eq(calendarDays.date, '2026-03-07')),
      adminStatus: 200,
      check: async (body) => {
        assert.equal(body.kind, 'workday');
        // Saturday 7 March now counts: Fri 6 Mar 16:00 + 2 h = 16:00–17:00 and Sat 7 Mar 08:00–09:00.
        const d = (await ctx.app.inject({ url: `/api/v1/calendar/deadline?from=${encodeURIComponent('2026-03-06T16:00:00+07:00')}&hours=2` })).json();
        assert.equal(d.deadlineLocal, '2026-03-07T09:00:00+07:00');
      },
    },
    {
      name: 'read the audit log', method: 'GET', url: '/api/v1/audit/entries?pageSize=5',
      state: async () => null,
      adminStatus: 200,
      check: async (body) => {
        assert.equal(body.pageSize, 5);
        assert.ok((body.total as number) >= 1);
        assert.ok(Array.isArray(body.items) && body.items.length >= 1);
      },
    },
    {
      name: 'verify the audit chain', method: 'GET', url: '/api/v1/audit/verify',
      state: async () => null,
      adminStatus: 200,
      check: async (body) => {
        assert.equal(body.ok, true);
        assert.ok((body.rowsChecked as number) >= 1);
      },
    },
    {
      name: 'issue an Open311 API key', method: 'POST', url: '/api/v1/open311/keys',
      payload: { name: 'Ma trận quyền' },
      state: async () => (await ctx.db.select({ n: count() }).from(open311ApiKeys))[0]!.n,
      adminStatus: 201,
      check: async (body) => {
        assert.equal(body.name, 'Ma trận quyền');
        assert.match(String(body.key), /^o311_/);
      },
    },
  ];

  const REFUSED: Array<[HttpCaller, number, string]> = [
    ['anonymous', 401, 'UNAUTHENTICATED'],
    ['citizen', 403, 'FORBIDDEN'],
    ['ward unit_admin', 403, 'FORBIDDEN'],
  ];

  for (const endpoint of ENDPOINTS) {
    test(`${endpoint.name} (${endpoint.method} ${endpoint.url.split('?')[0]}): 401 anonymous, 403 citizen and ward unit_admin, 2xx city_admin`, async () => {
      const call = (caller: HttpCaller) => ctx.app.inject({
        method: endpoint.method, url: endpoint.url, headers: headers[caller],
        ...(endpoint.payload ? { payload: endpoint.payload } : {}),
      });
      const stateBefore = await endpoint.state();
      const auditBefore = await auditTotal();
      for (const [caller, status, code] of REFUSED) {
        const res = await call(caller);
        assert.equal(res.statusCode, status, `${caller}: ${res.body}`);
        assert.equal(res.json().error.code, code, caller);
        assert.equal(res.json().items, undefined, `${caller} got data`);
      }
      assert.deepEqual(await endpoint.state(), stateBefore, 'a refused call changed something');
      assert.equal(await auditTotal(), auditBefore, 'a refused call wrote to the audit log');

      const res = await call('city_admin');
      assert.equal(res.statusCode, endpoint.adminStatus, res.body);
      await endpoint.check(res.json());
      if (endpoint.method !== 'GET') assert.equal(await auditTotal(), auditBefore + 1, 'the admin write is audited');
    });
  }
});
