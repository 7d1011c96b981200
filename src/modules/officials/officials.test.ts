/**
 * Official accounts end to end: initial password → second factor → forced password change;
 * invites; every way a code can be wrong; management (roles, 2FA reset, disable, lists); (the
 * who-may-manage-whom matrix is in officials.matrix.test.ts).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { asCityAdmin, describeEachDatabase, signIn } from '../../../test/helpers/testApp.js';
import { auditLog, authChallenges, sessions } from '../../db/schema/index.js';
import { createSession } from '../../platform/auth/sessionStore.js';
import { base32Decode, hotp } from '../../platform/auth/totp.js';
import { MAX_FAILED_LOGINS } from '../accounts/passwordLogin.js';
import { DEPARTMENT, helpers, OTHER_WARD, ROOT, unique, WARD } from './testing/officialsTestKit.js';

describeEachDatabase('officials: first sign-in, second factor, password change', (ctx) => {
  let h: ReturnType<typeof helpers>;
  let cityAdmin: string;
  let wardAdmin: string;
  before(async () => {
    h = helpers(ctx);
    cityAdmin = (await asCityAdmin(ctx.db)).authorization;
    wardAdmin = (await signIn(ctx.db, { kind: 'official', roles: ['unit_admin'], unitCode: WARD })).authorization;
  });

  test('create with an initial password → sign in → enrol TOTP → must change the password (all else 403) → change → sign in with a code', async () => {
    const created = await h.call('POST', '/api/v1/officials', wardAdmin, { username: 'Minh.TranVan', displayName: 'Trần Văn Minh', unitCode: WARD, roles: ['handler'] });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['cache-control'], 'no-store');
    const { official, initialPassword } = created.json();
    assert.equal(official.username, 'minh.tranvan', 'stored lower-case');
    assert.equal(official.status, 'active');
    assert.equal(official.mustChangePassword, true);
    assert.equal(official.secondFactorEnabled, false);
    assert.deepEqual(official.memberships.map((m: { unitCode: string; role: string }) => [m.unitCode, m.role]), [[WARD, 'handler']]);
    assert.match(initialPassword, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const stored = await h.userRow(official.id);
    assert.notEqual(stored.passwordHash, initialPassword);
    assert.match(stored.passwordHash!, /^\$argon2id\$/);
    const [createAudit] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, official.id), eq(auditLog.action, 'official.create')));
    assert.deepEqual(createAudit!.data, { username: 'minh.tranvan', displayName: 'Trần Văn Minh', unit: WARD, roles: ['handler'], method: 'initial_password' });
    assert.ok(!JSON.stringify(createAudit).includes(initialPassword), 'the password is never logged');
    // Shown once: reading the official again does not show it.
    const again = await h.call('GET', `/api/v1/officials/${official.id}`, wardAdmin);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().initialPassword, undefined);

    // Password: no session, a challenge to enrol.
    const first = await h.login('minh.tranvan', initialPassword);
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().secondFactor, 'enrol');
    assert.equal(first.json().token, undefined);
    const challengeToken = first.json().challengeToken;
    const tooEarly = await h.totp(challengeToken, '123456');
    assert.equal(tooEarly.statusCode, 401);
    assert.deepEqual([tooEarly.json().error.code, tooEarly.json().error.details], ['CODE_INVALID', { reason: 'enrolment_needed' }]);

    const enrol = await h.call('POST', '/api/v1/auth/login/totp/enrol', undefined, { challengeToken });
    assert.equal(enrol.statusCode, 200, enrol.body);
    const { secret, otpauthUri } = enrol.json();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.ok(otpauthUri.startsWith('otpauth://totp/'));
    assert.equal(new URL(otpauthUri).searchParams.get('secret'), secret);
    assert.match(decodeURIComponent(otpauthUri), /:minh\.tranvan\?/);
    const enrolled = await h.userRow(official.id);
    assert.ok(enrolled.totpSecretSealed && !enrolled.totpSecretSealed.includes(secret), 'sealed, not in clear');
    assert.equal(enrolled.totpEnabledAt, null, 'not on until the first good code');

    const wrong = await h.totp(challengeToken, h.wrongCode(secret));
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json().error.details, { attemptsLeft: 4 });
    const signedIn = await h.totp(challengeToken, await h.freshCode(official.id, secret));
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal(signedIn.json().user.mustChangePassword, true);
    assert.ok((await h.userRow(official.id)).totpEnabledAt, 'the first good code switches TOTP on');
    const used = await h.totp(challengeToken, await h.freshCode(official.id, secret));
    assert.equal(used.json().error.code, 'CODE_INVALID', 'a challenge signs in once');
    const auth = `Bearer ${signedIn.json().token}`;

    // On the initial password: everything but /auth/* is refused, reads included.
    for (const [method, url] of [['GET', '/api/v1/units'], ['GET', '/api/v1/categories'], ['POST', '/api/v1/units'], ['GET', '/api/v1/officials'], ['GET', `/api/v1/officials/${official.id}`]] as const) {
      const res = await h.call(method, url, auth, method === 'POST' ? { code: 'x' } : undefined);
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.equal(res.json().error.code, 'PASSWORD_CHANGE_REQUIRED', `${method} ${url}`);
    }
    const me = await h.call('GET', '/api/v1/auth/me', auth);
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().mustChangePassword, true);
    assert.equal((await h.call('GET', '/healthz', auth)).statusCode, 200);
    assert.equal((await h.call('GET', '/api/v1/no-such-thing', auth)).statusCode, 404);
    // The same user signed in elsewhere too: that session ends with the change.
    const elsewhere = await createSession(ctx.db, official.id);

    const change = (currentPassword: string, newPassword: string) => h.call('POST', '/api/v1/auth/password', auth, { currentPassword, newPassword });
    const refusals: Array<[string, string, string]> = [
      ['wrong current password', 'not-the-password', 'a-new-password-2026'],
      ['too short', initialPassword, 'short'],
      ['same as the username (any case)', initialPassword, 'MINH.TRANVAN'],
      ['same as the current one', initialPassword, initialPassword],
    ];
    for (const [why, current, next] of refusals) {
      const res = await change(current, next);
      assert.equal(res.statusCode, 422, `${why}: ${res.body}`);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED', why);
      assert.ok(res.json().error.details.length >= 1, why);
    }
    assert.equal((await change(initialPassword, 'không-phải-tên-mình-2026')).statusCode, 200);
    assert.equal((await change('không-phải-tên-mình-2026', 'x')).statusCode, 422, 'still signed in, the new rules hold');
    const after = await h.userRow(official.id);
    assert.equal(after.mustChangePassword, false);
    assert.equal((await h.call('GET', '/api/v1/auth/me', `Bearer ${elsewhere.token}`)).statusCode, 401, 'the other session ended');
    assert.equal((await h.call('GET', '/api/v1/units?pageSize=1', auth)).statusCode, 200, 'this session goes on, now unrestricted');
    assert.ok((await h.auditActions(official.id)).includes('auth.passwordChange'));

    assert.equal((await h.login('minh.tranvan', initialPassword)).json().error.code, 'INVALID_CREDENTIALS', 'the initial password is gone');
    const token = await h.signInOfficial({ username: 'minh.tranvan', password: 'không-phải-tên-mình-2026', secret, userId: official.id });
    const meAgain = await h.call('GET', '/api/v1/auth/me', token);
    assert.equal(meAgain.json().mustChangePassword, false);
    const methods = (await ctx.db.select({ m: sessions.method }).from(sessions).where(eq(sessions.userId, official.id))).map((r) => r.m);
    assert.deepEqual(methods, ['totp', 'totp']);
    const actions = await h.auditActions(official.id);
    for (const action of ['official.create', 'auth.passwordAccepted', 'auth.totpEnrol', 'auth.totpFailed', 'auth.totpEnabled', 'auth.passwordChange']) {
      assert.ok(actions.includes(action), action);
    }
  });

  test('invite: a one-time link (72 h) where the official chooses a password; then sign in and enrol', async () => {
    const created = await h.call('POST', '/api/v1/officials', cityAdmin, { username: 'thu.le', displayName: 'Lê Thu', unitCode: DEPARTMENT, roles: ['intake', 'handler'], invite: true });
    assert.equal(created.statusCode, 201, created.body);
    const { official, invite, initialPassword } = created.json();
    assert.equal(initialPassword, undefined);
    assert.equal(official.status, 'invited');
    assert.equal(official.mustChangePassword, false);
    assert.ok(invite.url.endsWith(`/invite#token=${invite.token}`));
    const hours = (Date.parse(invite.expiresAt) - Date.now()) / 3_600_000;
    assert.ok(hours > 71.9 && hours <= 72, String(hours));
    const [row] = await ctx.db.select().from(authChallenges).where(eq(authChallenges.userId, official.id));
    assert.equal(row!.purpose, 'invite');
    assert.notEqual(row!.secretHash, invite.token);

    assert.equal((await h.login('thu.le', 'anything-at-all')).json().error.code, 'INVALID_CREDENTIALS', 'no password before the invite is used');
    const accept = (token: string, password: string) => h.call('POST', '/api/v1/officials/invites/accept', undefined, { token, password });
    assert.equal((await accept(invite.token, 'short')).statusCode, 422);
    assert.equal((await accept(invite.token, 'THU.LE    ')).statusCode, 422, 'not the username');
    const forged = await accept(randomBytes(32).toString('base64url'), 'a-good-long-password');
    assert.equal(forged.statusCode, 401);
    assert.equal(forged.json().error.code, 'CODE_INVALID');

    const ok = await accept(invite.token, 'a-good-long-password');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().username, 'thu.le');
    assert.equal((await accept(invite.token, 'another-long-password')).json().error.code, 'CODE_INVALID', 'used once');
    const first = await h.login('thu.le', 'a-good-long-password');
    assert.equal(first.json().secondFactor, 'enrol');
    assert.deepEqual(await h.auditActions(official.id), ['official.create', 'official.inviteAccept', 'auth.passwordAccepted']);

    // An expired invite is worthless.
    const late = await h.call('POST', '/api/v1/officials', cityAdmin, { username: 'tre.han', displayName: 'Trễ Hạn', unitCode: DEPARTMENT, roles: ['intake'], invite: true });
    await ctx.db.update(authChallenges).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(authChallenges.userId, late.json().official.id));
    assert.equal((await accept(late.json().invite.token, 'a-good-long-password')).json().error.code, 'CODE_INVALID');
  });

  test('wrong, reused and expired codes; forged and misused challenge tokens', async () => {
    const o = await h.officialViaInvite(wardAdmin, WARD, ['handler']);
    const first = await h.login(o.username, o.password);
    const challengeToken = first.json().challengeToken;

    // A wrong code is refused and counted.
    const wrong = await h.totp(challengeToken, h.wrongCode(o.secret));
    assert.deepEqual([wrong.statusCode, wrong.json().error.code], [401, 'CODE_INVALID']);
    assert.equal((await h.userRow(o.userId)).failedLogins, 1);

    // The code already used to enrol is refused (same time step), and counted as a failure.
    const lastStep = (await h.userRow(o.userId)).totpLastStep!;
    const reused = await h.totp(challengeToken, hotp(base32Decode(o.secret), lastStep));
    assert.deepEqual([reused.statusCode, reused.json().error.code], [401, 'CODE_INVALID']);
    const [reuseAudit] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, o.userId), eq(auditLog.action, 'auth.totpFailed'))).orderBy(auditLog.id).offset(1);
    assert.equal(reuseAudit!.data.reason, 'code_reused');

    // A fresh code works and resets the count.
    const good = await h.totp(challengeToken, await h.freshCode(o.userId, o.secret));
    assert.equal(good.statusCode, 200, good.body);
    assert.equal((await h.userRow(o.userId)).failedLogins, 0);

    // An expired challenge is refused even with a right code, and counts nothing.
    const second = await h.login(o.username, o.password);
    await ctx.db.update(authChallenges).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(authChallenges.userId, o.userId));
    const expired = await h.totp(second.json().challengeToken, await h.freshCode(o.userId, o.secret));
    assert.deepEqual([expired.statusCode, expired.json().error.code], [401, 'CODE_INVALID']);
    assert.equal((await h.userRow(o.userId)).failedLogins, 0);

    // Forged tokens, and tokens of another kind, open nothing.
    const third = await h.login(o.username, o.password);
    const code = await h.freshCode(o.userId, o.secret);
    const invite = await h.call('POST', '/api/v1/officials', wardAdmin, { username: unique('moi'), displayName: 'Mời', unitCode: WARD, roles: ['intake'], invite: true });
    const sessionToken = o.authorization.slice('Bearer '.length);
    for (const [why, token] of [
      ['random', randomBytes(32).toString('base64url')],
      ['an invite token', invite.json().invite.token],
      ['a session token', sessionToken],
      ['the challenge with one character changed', `${third.json().challengeToken.slice(0, -1)}${third.json().challengeToken.endsWith('A') ? 'B' : 'A'}`],
    ] as const) {
      const res = await h.totp(token, code);
      assert.deepEqual([res.statusCode, res.json().error.code], [401, 'CODE_INVALID'], why);
      const enrol = await h.call('POST', '/api/v1/auth/login/totp/enrol', undefined, { challengeToken: token });
      assert.deepEqual([enrol.statusCode, enrol.json().error.code], [401, 'CODE_INVALID'], `enrol with ${why}`);
    }
    const asInvite = await h.call('POST', '/api/v1/officials/invites/accept', undefined, { token: third.json().challengeToken, password: 'a-good-long-password' });
    assert.equal(asInvite.json().error.code, 'CODE_INVALID', 'a sign-in challenge is not an invite');
    // Enrolment is only for officials who have none yet: it cannot replace a working authenticator.
    const enrolAgain = await h.call('POST', '/api/v1/auth/login/totp/enrol', undefined, { challengeToken: third.json().challengeToken });
    assert.deepEqual([enrolAgain.statusCode, enrolAgain.json().error.code], [409, 'CONFLICT']);
    // After all that, the real challenge still works with the real code.
    assert.equal((await h.totp(third.json().challengeToken, code)).statusCode, 200);
  });

  test(`a challenge allows ${MAX_FAILED_LOGINS} wrong codes, then is spent and the account locked`, async () => {
    const o = await h.officialViaInvite(wardAdmin, WARD, ['intake']);
    const first = await h.login(o.username, o.password);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await h.totp(first.json().challengeToken, h.wrongCode(o.secret))).json().error.code);
    assert.deepEqual(codes, ['CODE_INVALID', 'CODE_INVALID', 'CODE_INVALID', 'CODE_INVALID', 'CODE_ATTEMPTS_EXCEEDED']);
    const right = await h.totp(first.json().challengeToken, await h.freshCode(o.userId, o.secret));
    assert.deepEqual([right.statusCode, right.json().error.code], [401, 'CODE_ATTEMPTS_EXCEEDED'], 'the right code is too late');
    const again = await h.login(o.username, o.password);
    assert.deepEqual([again.statusCode, again.json().error.code], [423, 'ACCOUNT_LOCKED'], 'and the account rests');
    assert.ok((await h.auditActions(o.userId)).includes('auth.lock'));

    // Wrong passwords and wrong codes count together: knowing the password buys no fresh guesses.
    const p = await h.officialViaInvite(wardAdmin, WARD, ['intake']);
    for (let i = 0; i < 2; i++) assert.equal((await h.login(p.username, 'wrong-password')).json().error.code, 'INVALID_CREDENTIALS');
    const challenge = (await h.login(p.username, p.password)).json().challengeToken;
    assert.equal((await h.userRow(p.userId)).failedLogins, 2, 'a right password alone does not clear the count');
    const results: string[] = [];
    for (let i = 0; i < 3; i++) results.push((await h.totp(challenge, h.wrongCode(p.secret))).json().error.code);
    assert.deepEqual(results, ['CODE_INVALID', 'CODE_INVALID', 'ACCOUNT_LOCKED']);
  });
});

describeEachDatabase('officials: management', (ctx) => {
  let h: ReturnType<typeof helpers>;
  let cityAdmin: { authorization: string; userId: string };
  let wardAdmin: string;
  let otherWardAdmin: string;
  before(async () => {
    h = helpers(ctx);
    cityAdmin = await asCityAdmin(ctx.db);
    wardAdmin = (await signIn(ctx.db, { kind: 'official', roles: ['unit_admin'], unitCode: WARD })).authorization;
    otherWardAdmin = (await signIn(ctx.db, { kind: 'official', roles: ['unit_admin'], unitCode: OTHER_WARD })).authorization;
  });

  test('reset second factor: signs the official out; the next sign-in enrols anew', async () => {
    const o = await h.officialViaInvite(wardAdmin, WARD, ['handler']);
    const pending = (await h.login(o.username, o.password)).json().challengeToken;
    assert.equal((await h.call('POST', `/api/v1/officials/${o.userId}/reset-second-factor`, otherWardAdmin)).statusCode, 403);
    const reset = await h.call('POST', `/api/v1/officials/${o.userId}/reset-second-factor`, wardAdmin);
    assert.equal(reset.statusCode, 200, reset.body);
    assert.equal(reset.json().endedSessions, 1);
    assert.equal(reset.json().official.secondFactorEnabled, false);
    const row = await h.userRow(o.userId);
    assert.deepEqual([row.totpSecretSealed, row.totpEnabledAt, row.totpLastStep], [null, null, null]);
    assert.equal((await h.call('GET', '/api/v1/auth/me', o.authorization)).statusCode, 401);
    assert.equal((await h.totp(pending, await h.freshCode(o.userId, o.secret))).json().error.code, 'CODE_INVALID', 'open sign-in steps end too');
    assert.equal((await h.login(o.username, o.password)).json().secondFactor, 'enrol');
    assert.ok((await h.auditActions(o.userId)).includes('official.secondFactorReset'));
  });

  test('disable: sessions, sign-in steps and invites end; the password no longer signs in', async () => {
    const o = await h.officialViaInvite(wardAdmin, WARD, ['supervisor']);
    const pending = (await h.login(o.username, o.password)).json().challengeToken;
    const disabled = await h.call('POST', `/api/v1/officials/${o.userId}/disable`, wardAdmin);
    assert.equal(disabled.statusCode, 200, disabled.body);
    assert.equal(disabled.json().official.status, 'disabled');
    assert.equal(disabled.json().endedSessions, 1);
    assert.equal((await h.call('GET', '/api/v1/auth/me', o.authorization)).statusCode, 401);
    assert.equal((await h.totp(pending, await h.freshCode(o.userId, o.secret))).json().error.code, 'CODE_INVALID');
    const right = await h.login(o.username, o.password);
    assert.deepEqual([right.statusCode, right.json().error.code], [403, 'ACCOUNT_DISABLED']);
    const wrong = await h.login(o.username, 'not-the-password');
    assert.deepEqual([wrong.statusCode, wrong.json().error.code], [401, 'INVALID_CREDENTIALS'], 'only the password holder learns it is disabled');
    assert.ok((await h.auditActions(o.userId)).includes('official.disable'));

    const invited = await h.call('POST', '/api/v1/officials', wardAdmin, { username: unique('moi'), displayName: 'Mời', unitCode: WARD, roles: ['intake'], invite: true });
    await h.call('POST', `/api/v1/officials/${invited.json().official.id}/disable`, wardAdmin);
    const accept = await h.call('POST', '/api/v1/officials/invites/accept', undefined, { token: invited.json().invite.token, password: 'a-good-long-password' });
    assert.equal(accept.json().error.code, 'CODE_INVALID', 'a disabled official\'s invite is void');

    const self = await h.call('POST', `/api/v1/officials/${cityAdmin.userId}/disable`, cityAdmin.authorization);
    assert.deepEqual([self.statusCode, self.json().error.details], [409, { reason: 'cannot_disable_self' }]);
  });

  test('a unit admin cannot touch a fellow unit admin, a city admin, or someone who also works elsewhere; a city admin can', async () => {
    const fellow = await h.officialViaInvite(cityAdmin.authorization, WARD, ['unit_admin']);
    const twoUnits = await h.officialViaInvite(cityAdmin.authorization, WARD, ['handler']);
    assert.equal((await h.call('PUT', `/api/v1/officials/${twoUnits.userId}/roles`, cityAdmin.authorization, { unitCode: DEPARTMENT, roles: ['handler'] })).statusCode, 200);
    for (const [target, why] of [[fellow.userId, 'fellow unit admin'], [twoUnits.userId, 'also in a department'], [cityAdmin.userId, 'city admin']] as const) {
      for (const action of ['reset-second-factor', 'disable']) {
        const res = await h.call('POST', `/api/v1/officials/${target}/${action}`, wardAdmin);
        assert.deepEqual([res.statusCode, res.json().error.code], [403, 'FORBIDDEN'], `${action} ${why}`);
      }
    }
    const demote = await h.call('PUT', `/api/v1/officials/${fellow.userId}/roles`, wardAdmin, { unitCode: WARD, roles: ['handler'] });
    assert.equal(demote.statusCode, 403, 'taking unit_admin away is a city admin\'s call too');
    // Adding a working role in the ward to someone who also works elsewhere is fine.
    const add = await h.call('PUT', `/api/v1/officials/${twoUnits.userId}/roles`, wardAdmin, { unitCode: WARD, roles: ['handler', 'moderator'] });
    assert.equal(add.statusCode, 200, add.body);
    assert.deepEqual(add.json().memberships.map((m: { unitCode: string; role: string }) => `${m.unitCode}:${m.role}`), [`${DEPARTMENT}:handler`, `${WARD}:handler`, `${WARD}:moderator`]);
    const [rolesAudit] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, twoUnits.userId), eq(auditLog.action, 'official.rolesChange'))).orderBy(auditLog.id).offset(1);
    assert.deepEqual(rolesAudit!.data, { username: twoUnits.username, unit: WARD, before: ['handler'], after: ['handler', 'moderator'] });
    const auditCount = async () => (await ctx.db.select({ n: count() }).from(auditLog))[0]!.n;
    const before = await auditCount();
    assert.equal((await h.call('PUT', `/api/v1/officials/${twoUnits.userId}/roles`, wardAdmin, { unitCode: WARD, roles: ['moderator', 'handler'] })).statusCode, 200);
    assert.equal(await auditCount(), before, 'no change, nothing to audit');
    assert.equal((await h.call('POST', `/api/v1/officials/${fellow.userId}/reset-second-factor`, cityAdmin.authorization)).statusCode, 200);
  });

  test('input rules: unknown unit, city_admin outside the root unit, duplicate username, unknown official', async () => {
    const create = (payload: Record<string, unknown>) => h.call('POST', '/api/v1/officials', cityAdmin.authorization, { displayName: 'Ai Đó', roles: ['intake'], unitCode: WARD, username: unique('ai'), ...payload });
    const noUnit = await create({ unitCode: 'khong-co' });
    assert.deepEqual([noUnit.statusCode, noUnit.json().error.details[0].field], [422, 'body.unitCode']);
    const cityInWard = await create({ roles: ['city_admin'] });
    assert.deepEqual([cityInWard.statusCode, cityInWard.json().error.details[0].field], [422, 'body.roles']);
    assert.equal((await create({ roles: [] })).statusCode, 422);
    assert.equal((await create({ roles: ['mayor'] })).statusCode, 422);
    assert.equal((await create({ username: 'a b' })).statusCode, 422);
    assert.equal((await create({ username: 'trung.ten' })).statusCode, 201);
    const dup = await create({ username: 'Trung.Ten' });
    assert.deepEqual([dup.statusCode, dup.json().error.code], [409, 'CONFLICT']);
    const missing = await h.call('GET', '/api/v1/officials/00000000-0000-4000-8000-000000000000', cityAdmin.authorization);
    assert.deepEqual([missing.statusCode, missing.json().error.code], [404, 'NOT_FOUND']);
    const citizen = await signIn(ctx.db, { kind: 'citizen' });
    const notOfficial = await h.call('PUT', `/api/v1/officials/${citizen.userId}/roles`, cityAdmin.authorization, { unitCode: WARD, roles: ['handler'] });
    assert.equal(notOfficial.statusCode, 404, 'citizens are not made officials by a role');
  });

  test('lists: a unit admin sees the officials of their units only; paging and filters', async () => {
    const wardPeople = [await h.officialViaInvite(wardAdmin, WARD, ['intake']), await h.officialViaInvite(wardAdmin, WARD, ['handler'])];
    const deptPerson = await h.officialViaInvite(cityAdmin.authorization, DEPARTMENT, ['handler']);
    const list = async (auth: string, query = '') => h.call('GET', `/api/v1/officials?pageSize=200${query}`, auth);

    const mine = (await list(wardAdmin)).json();
    const ids = mine.items.map((i: { id: string }) => i.id);
    for (const p of wardPeople) assert.ok(ids.includes(p.userId));
    assert.ok(!ids.includes(deptPerson.userId), 'nobody from the department');
    for (const item of mine.items) assert.ok(item.memberships.some((m: { unitCode: string }) => m.unitCode === WARD), item.username);
    assert.equal(mine.total, mine.items.length);

    const handlers = (await list(wardAdmin, `&unitCode=${WARD}&role=handler`)).json();
    assert.ok(handlers.items.length >= 1);
    for (const item of handlers.items) assert.ok(item.memberships.some((m: { unitCode: string; role: string }) => m.unitCode === WARD && m.role === 'handler'));
    const byName = (await list(wardAdmin, `&q=${wardPeople[0]!.username}`)).json();
    assert.deepEqual(byName.items.map((i: { id: string }) => i.id), [wardPeople[0]!.userId]);
    const paged = (await h.call('GET', '/api/v1/officials?pageSize=1&page=2', wardAdmin)).json();
    assert.deepEqual([paged.items.length, paged.page, paged.pageSize, paged.total], [1, 2, 1, mine.total]);
    assert.equal((await h.call('GET', '/api/v1/officials?pageSize=201', wardAdmin)).statusCode, 422, 'a hard maximum');

    assert.equal((await list(wardAdmin, `&unitCode=${DEPARTMENT}`)).statusCode, 403);
    assert.equal((await list(otherWardAdmin, `&unitCode=${WARD}`)).statusCode, 403);
    assert.equal((await list(wardAdmin, '&unitCode=khong-co')).statusCode, 422);
    assert.ok(!(await list(otherWardAdmin)).json().items.some((i: { id: string }) => wardPeople.some((p) => p.userId === i.id)));
    const all = (await list(cityAdmin.authorization)).json().items.map((i: { id: string }) => i.id);
    assert.ok(all.includes(deptPerson.userId) && all.includes(wardPeople[0]!.userId));

    assert.equal((await h.call('GET', `/api/v1/officials/${deptPerson.userId}`, wardAdmin)).statusCode, 403);
    assert.equal((await h.call('GET', `/api/v1/officials/${wardPeople[0]!.userId}`, otherWardAdmin)).statusCode, 403);
    const one = await h.call('GET', `/api/v1/officials/${wardPeople[0]!.userId}?lang=en`, wardAdmin);
    assert.equal(one.statusCode, 200);
    assert.match(one.json().memberships[0].unitName, /Ward People's Committee$/);
  });
});

describeEachDatabase('officials: the last city admin', (ctx) => {
  test('cannot lose the role', async () => {
    const only = await asCityAdmin(ctx.db);
    const res = await ctx.app.inject({ method: 'PUT', url: `/api/v1/officials/${only.userId}/roles`, headers: { authorization: only.authorization }, payload: { unitCode: ROOT, roles: [] } });
    assert.deepEqual([res.statusCode, res.json().error.details], [409, { reason: 'last_city_admin' }]);
    const second = await asCityAdmin(ctx.db);
    const ok = await ctx.app.inject({ method: 'PUT', url: `/api/v1/officials/${only.userId}/roles`, headers: { authorization: second.authorization }, payload: { unitCode: ROOT, roles: [] } });
    assert.equal(ok.statusCode, 200, 'with another city admin there, fine');
    assert.deepEqual(ok.json().memberships, []);
  });
});
