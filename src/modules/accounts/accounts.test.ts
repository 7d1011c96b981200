import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/helpers/testApp.js';
import { auditLog, sessions, users } from '../../db/schema/index.js';
import { hashPassword } from './passwords.js';
import { MAX_FAILED_LOGINS } from './passwordLogin.js';

describeEachDatabase('password sign-in', (ctx) => {
  const password = 'correct horse battery staple';

  test('sign in, see who I am, sign out; the token is stored only as a hash', async () => {
    await ctx.db.insert(users).values({ kind: 'official', username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan', passwordHash: await hashPassword(password), identityLevel: 2 });
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'Lan.Nguyen ', password } });
    assert.equal(login.statusCode, 200);
    const { token, user } = login.json();
    assert.equal(user.displayName, 'Nguyễn Thị Lan');
    assert.match(String(login.headers['set-cookie']), /^cds_session=.+; Path=\/; HttpOnly; SameSite=Strict/);
    const stored = await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.tokenHash, token);
    assert.equal(stored[0]!.tokenHash.length, 64);

    const me = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.json().displayName, 'Nguyễn Thị Lan');
    const byCookie = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `other=1; cds_session=${token}` } });
    assert.equal(byCookie.json().id, user.id);

    const logout = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${token}` } });
    assert.equal(logout.statusCode, 204);
    const after = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error.code, 'UNAUTHENTICATED');
    const actions = (await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, user.id))).map((r) => r.action);
    assert.deepEqual(actions.sort(), ['auth.login', 'auth.logout']);
  });

  test('wrong password and unknown user give the same answer', async () => {
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'lan.nguyen', password: 'nope' } });
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'nope' } });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
  });

  test(`the account locks after ${MAX_FAILED_LOGINS} failures, even for the right password`, async () => {
    await ctx.db.insert(users).values({ kind: 'official', username: 'locked.user', displayName: 'Locked', passwordHash: await hashPassword(password) });
    const codes: string[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locked.user', password: `guess-${i}` } });
      codes.push(res.json().error.code);
    }
    assert.deepEqual(codes, [...Array(MAX_FAILED_LOGINS - 1).fill('INVALID_CREDENTIALS'), 'ACCOUNT_LOCKED']);
    const right = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locked.user', password } });
    assert.equal(right.statusCode, 423);
    assert.equal(right.json().error.code, 'ACCOUNT_LOCKED');
  });

  test('a garbage or expired token is anonymous', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: 'Bearer not-a-token' } });
    assert.equal(res.statusCode, 401);
  });
});

describeEachDatabase('demo mode', (ctx) => {
  test('creates a city admin and one official per role in a ward and a department, who can sign in', async () => {
    const officials = await ctx.db.select({ username: users.username }).from(users);
    const names = officials.map((o) => o.username).sort();
    assert.ok(names.includes('admin'));
    for (const role of ['intake', 'handler', 'supervisor', 'unitadmin', 'moderator']) {
      assert.ok(names.includes(`phuong.${role}`), `phuong.${role}`);
      assert.ok(names.includes(`so.${role}`), `so.${role}`);
    }
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'phuong.handler', password: 'demo-2026' } });
    assert.equal(login.statusCode, 200);
    const me = (await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${login.json().token}` } })).json();
    assert.equal(me.memberships.length, 1);
    assert.equal(me.memberships[0].role, 'handler');
    const unit = (await ctx.app.inject({ url: `/api/v1/units/${me.memberships[0].unitId}` })).json();
    assert.equal(unit.code, 'ubnd-00070');
  });
}, { demoMode: true });
