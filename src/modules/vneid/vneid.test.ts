import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describeEachDatabase, signIn, type TestContext } from '../../../test/helpers/testApp.js';
import { auditLog, oidcLogins, sessions, users } from '../../db/schema/index.js';
import { SecretKeys, parseSecretKey } from '../../platform/crypto/secretKeys.js';
import { keyedHash, unseal } from '../../platform/crypto/sealing.js';
import { DEMO_CITIZENS, type DemoCitizen } from '../../platform/identity/localIdp/demoCitizens.js';
import { identityFromClaims } from './claims.js';
import { safeReturnTo } from './returnTo.js';
import { VNEID_CALLBACK_PATH } from './vneidClient.js';

const SECRET_KEY = randomBytes(32).toString('hex');
const keys = new SecretKeys(parseSecretKey(SECRET_KEY));
const [an, binh, cuong, ha] = DEMO_CITIZENS as [DemoCitizen, DemoCitizen, DemoCitizen, DemoCitizen];

/** A browser at the identity provider: follows redirects by hand and keeps the provider's cookies. */
class IdpBrowser {
  private readonly jar = new Map<string, string>();

  async request(url: string, init: { method?: string; body?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (init.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: init.method ?? 'GET', body: init.body, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!;
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /**
   * From the authorization URL to the callback URL: the picker page, the chosen citizen (or
   * cancel), then the provider's redirects until it points back at our callback.
   */
  async signInAs(authorizationUrl: string, choice: DemoCitizen | 'cancel'): Promise<URL> {
    let url = authorizationUrl;
    for (let hop = 0; hop < 10; hop++) {
      if (new URL(url).pathname === VNEID_CALLBACK_PATH) return new URL(url);
      let res = await this.request(url);
      if (res.status === 200 && /\/interaction\//.test(url)) {
        const page = await res.text();
        assert.match(page, /Chọn công dân để đăng nhập/);
        assert.match(page, /Choose a citizen to sign in as/);
        const body = choice === 'cancel' ? 'action=cancel' : `citizen=${encodeURIComponent(choice.sub)}`;
        res = await this.request(url, { method: 'POST', body });
      }
      const location = res.headers.get('location');
      assert.ok(location, `expected a redirect from ${url}, got ${res.status}: ${await res.text()}`);
      url = new URL(location, url).href;
    }
    throw new Error('too many redirects at the identity provider');
  }
}

interface Started {
  location: string;
  state: string;
  /** The cookie that binds the sign-in to this browser. */
  cookie: string;
}

async function start(ctx: TestContext, options: { returnTo?: string; authorization?: string } = {}): Promise<Started> {
  const query = options.returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(options.returnTo)}`;
  const res = await ctx.app.inject({ url: `/api/v1/auth/vneid/start${query}`, headers: options.authorization ? { authorization: options.authorization } : {} });
  assert.equal(res.statusCode, 302, res.body);
  const location = String(res.headers.location);
  const state = new URL(location).searchParams.get('state')!;
  const bound = res.cookies.find((c) => c.name === 'cds_vneid');
  assert.equal(bound?.value, state);
  assert.equal(bound?.httpOnly, true);
  return { location, state, cookie: `cds_vneid=${state}` };
}

async function callback(ctx: TestContext, url: URL, cookie: string | null, json = true) {
  const search = new URLSearchParams(url.search);
  if (json) search.set('format', 'json');
  return ctx.app.inject({ url: `${VNEID_CALLBACK_PATH}?${search}`, headers: cookie ? { cookie } : {} });
}

/** The whole flow for one citizen; returns the callback's answer. */
async function signInWithVneid(ctx: TestContext, citizen: DemoCitizen, options: { returnTo?: string; authorization?: string; json?: boolean } = {}) {
  const started = await start(ctx, options);
  const back = await new IdpBrowser().signInAs(started.location, citizen);
  return callback(ctx, back, started.cookie, options.json ?? true);
}

function expectFailure(res: { statusCode: number; json(): { error: { code: string; details?: { reason?: string } } } }, reason: string, code = 'SIGN_IN_FAILED', status = 400): void {
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.equal(res.json().error.code, code);
  assert.equal(res.json().error.details?.reason, reason);
}

async function auditActions(ctx: TestContext, userId: string): Promise<string[]> {
  return (await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, userId))).map((r) => r.action);
}

describeEachDatabase('VNeID sign-in with the local stand-in', (ctx) => {
  test('says it is on, and that the stand-in answers', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/auth/vneid' });
    assert.deepEqual(res.json(), { enabled: true, standIn: true });
  });

  test('start redirects to the provider with PKCE, state and nonce, and stores them for 10 minutes', async () => {
    const started = await start(ctx, { returnTo: '/reports/new?category=roads' });
    const url = new URL(started.location);
    assert.match(url.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(url.searchParams.get('client_id'), 'cong-dan-so');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('scope'), 'openid profile');
    assert.equal(url.searchParams.get('redirect_uri'), `http://127.0.0.1:3000${VNEID_CALLBACK_PATH}`);
    const [row] = await ctx.db.select().from(oidcLogins).where(eq(oidcLogins.state, started.state));
    assert.ok(row);
    assert.equal(row.returnTo, '/reports/new?category=roads');
    assert.equal(row.linkUserId, null);
    assert.equal(row.consumedAt, null);
    assert.ok(row.nonce.length >= 32 && row.codeVerifier.length >= 43);
    assert.equal(url.searchParams.get('nonce'), row.nonce);
    const minutes = (row.expiresAt.getTime() - Date.now()) / 60_000;
    assert.ok(minutes > 9.5 && minutes <= 10, String(minutes));
  });

  test('the full flow creates a level-2 citizen with the identity sealed, signs in and redirects back', async () => {
    const started = await start(ctx, { returnTo: '/reports/new' });
    const back = await new IdpBrowser().signInAs(started.location, an);
    assert.ok(back.searchParams.get('code'));
    const res = await callback(ctx, back, started.cookie, false);
    assert.equal(res.statusCode, 302, res.body);
    assert.equal(res.headers.location, '/reports/new');
    const session = res.cookies.find((c) => c.name === 'cds_session');
    assert.ok(session?.value);
    assert.equal(res.cookies.find((c) => c.name === 'cds_vneid')?.value, '', 'the binding cookie is cleared');

    const [user] = await ctx.db.select().from(users).where(eq(users.vneidSubject, an.sub));
    assert.ok(user);
    assert.equal(user.kind, 'citizen');
    assert.equal(user.displayName, 'Nguyễn Văn An');
    assert.equal(user.identityLevel, 2);
    assert.equal(user.identitySource, 'vneid');
    assert.ok(user.identityVerifiedAt);
    assert.equal(user.phone, '+84912345678');
    assert.ok(user.phoneVerifiedAt);
    // The ID number is never stored in clear: sealed, plus a keyed hash for uniqueness.
    assert.ok(user.identitySealed && !user.identitySealed.includes(an.citizen_id));
    assert.ok(!JSON.stringify(user).includes(an.citizen_id));
    assert.deepEqual(JSON.parse(unseal(keys.key('identity-seal'), user.identitySealed)), {
      idNumber: '001085012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1985-03-12', gender: 'male',
    });
    assert.equal(user.identityNumberHmac, keyedHash(keys.key('identity-hmac'), an.citizen_id));

    const me = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `cds_session=${session.value}` } });
    assert.equal(me.json().id, user.id);
    assert.equal(me.json().identityLevel, 2);
    const [stored] = await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    assert.equal(stored?.method, 'vneid');
    const [login] = await ctx.db.select().from(oidcLogins).where(eq(oidcLogins.state, started.state));
    assert.ok(login?.consumedAt);

    assert.deepEqual(await auditActions(ctx, user.id), ['user.createFromVneid']);
    const [created] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.createFromVneid'), eq(auditLog.entityId, user.id)));
    assert.equal(created?.actorId, user.id);
    assert.deepEqual(created?.data, { idNumberSuffix: '2345', withPhone: true });
    const [loginAudit] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.login'), eq(auditLog.actorId, user.id)));
    assert.deepEqual(loginAudit?.data, { method: 'vneid' });
  });

  test('signing in again finds the same account; replaying the callback fails', async () => {
    const before = await ctx.db.select({ id: users.id }).from(users);
    const started = await start(ctx);
    const back = await new IdpBrowser().signInAs(started.location, an);
    const res = await callback(ctx, back, started.cookie);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.outcome, 'existing');
    assert.equal(body.returnTo, '/');
    assert.equal(body.user.identityLevel, 2);
    const [user] = await ctx.db.select().from(users).where(eq(users.vneidSubject, an.sub));
    assert.equal(body.user.id, user!.id);
    assert.equal((await ctx.db.select({ id: users.id }).from(users)).length, before.length);
    const me = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.token}` } });
    assert.equal(me.json().id, user!.id);
    assert.ok((await auditActions(ctx, user!.id)).includes('user.identityRefresh'));

    const replay = await callback(ctx, back, started.cookie);
    expectFailure(replay, 'state_already_used');
  });

  test('links to the existing citizen account with the same verified phone', async () => {
    const [existing] = await ctx.db.insert(users).values({
      kind: 'citizen', displayName: 'Bình', phone: '+84987654321', phoneVerifiedAt: new Date(), identityLevel: 1,
    }).returning();
    const res = await signInWithVneid(ctx, binh);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().outcome, 'linked');
    assert.equal(res.json().user.id, existing!.id);
    const [user] = await ctx.db.select().from(users).where(eq(users.id, existing!.id));
    assert.equal(user!.vneidSubject, binh.sub);
    assert.equal(user!.identityLevel, 2);
    assert.equal(user!.displayName, 'Bình', 'the name the citizen chose stays');
    assert.equal(user!.identityNumberHmac, keyedHash(keys.key('identity-hmac'), binh.citizen_id));
    const [link] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.vneidLink'), eq(auditLog.entityId, existing!.id)));
    assert.deepEqual(link?.data, { idNumberSuffix: '4821', via: 'phone', previousIdentitySource: null });
  });

  test('a signed-in citizen links VNeID to their own account', async () => {
    const me = await signIn(ctx.db, { kind: 'citizen', identityLevel: 1 });
    const started = await start(ctx, { authorization: me.authorization, returnTo: '/me' });
    const [row] = await ctx.db.select().from(oidcLogins).where(eq(oidcLogins.state, started.state));
    assert.equal(row?.linkUserId, me.userId);
    const back = await new IdpBrowser().signInAs(started.location, cuong);
    // The provider's redirect back is a top-level navigation: no bearer token, only the binding cookie.
    const res = await callback(ctx, back, started.cookie);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().outcome, 'linked');
    assert.equal(res.json().user.id, me.userId);
    assert.equal(res.json().returnTo, '/me');
    const [user] = await ctx.db.select().from(users).where(eq(users.id, me.userId));
    assert.equal(user!.vneidSubject, cuong.sub);
    assert.equal(user!.identityLevel, 2);
    const [link] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.vneidLink'), eq(auditLog.entityId, me.userId)));
    assert.equal((link?.data as { via?: string }).via, 'signed_in');
  });

  test('IDENTITY_IN_USE when another account already has the ID number; nothing but the spent state is written', async () => {
    const [holder] = await ctx.db.insert(users).values({
      kind: 'citizen', displayName: 'Someone else', identityLevel: 2, identitySource: 'self',
      identityNumberHmac: keyedHash(keys.key('identity-hmac'), ha.citizen_id),
    }).returning();
    const usersBefore = (await ctx.db.select({ id: users.id }).from(users)).length;
    const auditBefore = (await ctx.db.select({ id: auditLog.id }).from(auditLog)).length;
    const started = await start(ctx);
    const back = await new IdpBrowser().signInAs(started.location, ha);
    const res = await callback(ctx, back, started.cookie);
    expectFailure(res, 'id_number_on_other_account', 'IDENTITY_IN_USE', 409);
    assert.equal((await ctx.db.select({ id: users.id }).from(users)).length, usersBefore);
    assert.equal((await ctx.db.select({ id: auditLog.id }).from(auditLog)).length, auditBefore);
    assert.equal((await ctx.db.select().from(users).where(eq(users.vneidSubject, ha.sub))).length, 0);
    const [holderAfter] = await ctx.db.select().from(users).where(eq(users.id, holder!.id));
    assert.equal(holderAfter!.vneidSubject, null);
    const [login] = await ctx.db.select().from(oidcLogins).where(eq(oidcLogins.state, started.state));
    assert.ok(login?.consumedAt, 'the state is spent');
    assert.equal(res.cookies.find((c) => c.name === 'cds_session'), undefined);
  });

  test('VNeID already linked to one account cannot be linked to another signed-in account', async () => {
    const other = await signIn(ctx.db, { kind: 'citizen', identityLevel: 1 });
    const res = await signInWithVneid(ctx, an, { authorization: other.authorization });
    expectFailure(res, 'vneid_linked_to_other_account', 'IDENTITY_IN_USE', 409);
    const [user] = await ctx.db.select().from(users).where(eq(users.id, other.userId));
    assert.equal(user!.vneidSubject, null);
  });

  test('an unknown state is refused', async () => {
    const state = 'x'.repeat(43);
    const res = await ctx.app.inject({ url: `${VNEID_CALLBACK_PATH}?code=abc&state=${state}`, headers: { cookie: `cds_vneid=${state}` } });
    expectFailure(res, 'unknown_state');
    const missing = await ctx.app.inject({ url: `${VNEID_CALLBACK_PATH}?code=abc` });
    expectFailure(missing, 'missing_state');
  });

  test('an expired state is refused, and spent', async () => {
    const started = await start(ctx);
    const back = await new IdpBrowser().signInAs(started.location, an);
    await ctx.db.update(oidcLogins).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(oidcLogins.state, started.state));
    expectFailure(await callback(ctx, back, started.cookie), 'state_expired');
    const [row] = await ctx.db.select().from(oidcLogins).where(eq(oidcLogins.state, started.state));
    assert.ok(row?.consumedAt);
    expectFailure(await callback(ctx, back, started.cookie), 'state_already_used');
  });

  test('a tampered code is refused by the provider, and the state cannot be tried again', async () => {
    const started = await start(ctx);
    const back = await new IdpBrowser().signInAs(started.location, an);
    const tampered = new URL(back);
    tampered.searchParams.set('code', `${back.searchParams.get('code')!.slice(0, -4)}AAAA`);
    const res = await callback(ctx, tampered, started.cookie);
    expectFailure(res, 'code_rejected');
    assert.equal(res.json().error.details.error, 'invalid_grant');
    expectFailure(await callback(ctx, back, started.cookie), 'state_already_used');
  });

  test('a changed nonce fails the ID token check', async () => {
    const started = await start(ctx);
    const back = await new IdpBrowser().signInAs(started.location, an);
    await ctx.db.update(oidcLogins).set({ nonce: 'not-the-nonce-that-was-sent' }).where(eq(oidcLogins.state, started.state));
    expectFailure(await callback(ctx, back, started.cookie), 'response_invalid');
  });

  test('a callback in another browser (no binding cookie) is refused: no login CSRF', async () => {
    const started = await start(ctx);
    const back = await new IdpBrowser().signInAs(started.location, an);
    expectFailure(await callback(ctx, back, null), 'browser_mismatch');
    expectFailure(await callback(ctx, back, `cds_vneid=${'y'.repeat(43)}`), 'state_already_used');
  });

  test('cancelling at the provider comes back as idp_error', async () => {
    const started = await start(ctx);
    const back = await new IdpBrowser().signInAs(started.location, 'cancel');
    assert.equal(back.searchParams.get('error'), 'access_denied');
    const res = await callback(ctx, back, started.cookie);
    expectFailure(res, 'idp_error');
    assert.equal(res.json().error.details.error, 'access_denied');
  });

  test('an open redirect in returnTo is neutralised', async () => {
    for (const returnTo of ['//evil.example', 'https://evil.example/x', '/\\evil.example']) {
      const started = await start(ctx, { returnTo });
      const [row] = await ctx.db.select().from(oidcLogins).where(eq(oidcLogins.state, started.state));
      assert.equal(row?.returnTo, '/', returnTo);
    }
    const res = await signInWithVneid(ctx, an, { returnTo: '//evil.example', json: false });
    assert.equal(res.statusCode, 302, res.body);
    assert.equal(res.headers.location, '/');
  });

  test('officials cannot start VNeID sign-in (they use password and second factor)', async () => {
    const official = await signIn(ctx.db, { kind: 'official', roles: ['handler'] });
    const res = await ctx.app.inject({ url: '/api/v1/auth/vneid/start', headers: { authorization: official.authorization } });
    expectFailure(res, 'official_account', 'FORBIDDEN', 403);
  });

  test('the audit chain still verifies after all of it', async () => {
    const { verifyAuditChain } = await import('../../platform/audit/auditLog.js');
    assert.equal((await verifyAuditChain(ctx.db)).ok, true);
  });
}, { vneidMode: 'local', vneidLocalPort: 0, secretKey: SECRET_KEY });

describeEachDatabase('VNeID sign-in switched off', (ctx) => {
  test('every route answers SIGN_IN_FAILED with reason vneid_disabled', async () => {
    assert.deepEqual((await ctx.app.inject({ url: '/api/v1/auth/vneid' })).json(), { enabled: false, standIn: false });
    expectFailure(await ctx.app.inject({ url: '/api/v1/auth/vneid/start' }), 'vneid_disabled');
    expectFailure(await ctx.app.inject({ url: `${VNEID_CALLBACK_PATH}?code=a&state=b` }), 'vneid_disabled');
  });
}, { vneidMode: 'off' });

describe('VNeID helpers', () => {
  test('returnTo keeps paths on this site only', () => {
    assert.equal(safeReturnTo('/reports/PA-2026-000123?tab=timeline#top'), '/reports/PA-2026-000123?tab=timeline#top');
    assert.equal(safeReturnTo(undefined), '/');
    for (const bad of ['//evil.example', '///evil.example', 'https://evil.example', 'evil.example', '/\\evil.example', '\\\\evil', 'javascript:alert(1)', '/\nLocation: x', '/api/v1/auth/vneid/start']) {
      assert.equal(safeReturnTo(bad), '/', JSON.stringify(bad));
    }
  });

  test('claims are mapped and normalised; missing ones are named', () => {
    const ok = identityFromClaims({ sub: 's1', citizen_id: '001 192 004 821', name: '  Trần   Thị Bình ', birthdate: '25/07/1992', gender: 'Nữ', phone_number: '0987 654 321' });
    assert.deepEqual(ok, { ok: true, identity: { subject: 's1', idNumber: '001192004821', fullName: 'Trần Thị Bình', dateOfBirth: '1992-07-25', gender: 'female', phone: '+84987654321' } });
    const unverifiedPhone = identityFromClaims({ sub: 's1', citizen_id: '001192004821', name: 'A', birthdate: '1992-07-25', gender: 'female', phone_number: '+84987654321', phone_number_verified: false });
    assert.equal(unverifiedPhone.ok && unverifiedPhone.identity.phone, null);
    const bad = identityFromClaims({ sub: 's1', name: 'A', birthdate: '1992-02-30', gender: 'other' });
    assert.deepEqual(bad, { ok: false, problems: [
      { claim: 'citizen_id', problem: 'missing' }, { claim: 'birthdate', problem: 'invalid' }, { claim: 'gender', problem: 'invalid' },
    ] });
  });
});
