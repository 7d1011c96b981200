import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/helpers/testApp.js';
import { auditLog, authChallenges, sessions, users } from '../../db/schema/index.js';
import { totpCode } from '../../platform/auth/totp.js';
import { hashPassword } from './passwords.js';
import { MAX_FAILED_LOGINS } from './passwordLogin.js';
import { demoTotpSecret } from './demoAccounts.js';

describeEachDatabase('password sign-in', (ctx) => {
  const password = 'correct horse battery staple';

  test('a citizen with a password signs in at once, sees who they are, signs out; the token is stored only as a hash', async () => {
    await ctx.db.insert(users).values({ kind: 'citizen', username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan', passwordHash: await hashPassword(password), identityLevel: 1 });
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'Lan.Nguyen ', password } });
    assert.equal(login.statusCode, 200);
    const { token, user } = login.json();
    assert.equal(user.displayName, 'Nguyễn Thị Lan');
    assert.equal(user.kind, 'citizen');
    assert.equal(login.json().secondFactor, undefined);
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

  test('an official\'s password alone gives no session, only a second-factor challenge; a wrong password counts towards the lock', async () => {
    const [official] = await ctx.db.insert(users).values({ kind: 'official', username: 'hoa.pham', displayName: 'Phạm Hoa', passwordHash: await hashPassword(password), identityLevel: 2 }).returning();
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'hoa.pham', password } });
    assert.equal(login.statusCode, 200);
    const body = login.json();
    assert.equal(body.secondFactor, 'enrol', 'no authenticator yet');
    assert.equal(body.token, undefined);
    assert.match(body.challengeToken, /^[\w-]{43}$/);
    assert.ok(Date.parse(body.expiresAt) - Date.now() <= 5 * 60_000);
    assert.equal(login.headers['set-cookie'], undefined, 'no session cookie');
    assert.equal((await ctx.db.select().from(sessions).where(eq(sessions.userId, official!.id))).length, 0);
    const [challenge] = await ctx.db.select().from(authChallenges).where(eq(authChallenges.userId, official!.id));
    assert.equal(challenge!.purpose, 'totp_login');
    assert.notEqual(challenge!.secretHash, body.challengeToken, 'only a hash of the token is kept');
    // The challenge token is not a session token.
    const me = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.challengeToken}` } });
    assert.equal(me.statusCode, 401);

    const enrol = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp/enrol', payload: { challengeToken: body.challengeToken } });
    assert.equal(enrol.statusCode, 200);
    const { secret } = enrol.json();
    const signedIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { challengeToken: body.challengeToken, code: totpCode(secret) } });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal(signedIn.json().user.kind, 'official');
    const stored = await ctx.db.select().from(sessions).where(eq(sessions.userId, official!.id));
    assert.deepEqual(stored.map((s) => s.method), ['totp']);
    const actions = (await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, official!.id))).map((r) => r.action);
    assert.deepEqual(actions, ['auth.passwordAccepted', 'auth.totpEnrol', 'auth.totpEnabled']);
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
    assert.equal(login.json().secondFactor, 'totp', 'demo officials have their second factor set up');
    const second = await ctx.app.inject({
      method: 'POST', url: '/api/v1/auth/login/totp', payload: { challengeToken: login.json().challengeToken, code: totpCode(demoTotpSecret('phuong.handler')) },
    });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().user.mustChangePassword, false);
    const me = (await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${second.json().token}` } })).json();
    assert.equal(me.memberships.length, 1);
    assert.equal(me.memberships[0].role, 'handler');
    const unit = (await ctx.app.inject({ url: `/api/v1/units/${me.memberships[0].unitId}` })).json();
    assert.equal(unit.code, 'ubnd-00070');
  });
}, { demoMode: true });
