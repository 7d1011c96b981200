import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { describeEachDatabase, type TestContext } from '../../../test/helpers/testApp.js';
import { auditLog, authChallenges, users } from '../../db/schema/index.js';
import { OTP_MAX_ATTEMPTS } from './phoneLogin.js';

async function lastCodeFor(ctx: TestContext, phone: string): Promise<string> {
  const inbox = (await ctx.app.inject({ url: '/api/v1/dev/sms-inbox' })).json() as { items: Array<{ to: string; text: string }> };
  const message = inbox.items.find((m) => m.to === phone);
  assert.ok(message, `an SMS went to ${phone}`);
  return /(\d{6})/.exec(message.text)![1]!;
}

/** Each test uses its own number and client IP, so the per-number and per-IP limits do not mix. */
let n = 0;
function nextPhone(): { local: string; e164: string; ip: string } {
  n += 1;
  const digits = String(1000000 + n).slice(-7);
  return { local: `091${digits}`, e164: `+8491${digits}`, ip: `10.0.0.${n}` };
}

async function start(ctx: TestContext, phone: string, ip: string) {
  return ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/start', payload: { phone }, remoteAddress: ip });
}

describeEachDatabase('phone sign-in with a one-time code', (ctx) => {
  test('the first code registers a level-1 citizen; the code is stored only as a hash', async () => {
    const { local, e164, ip } = nextPhone();
    const started = await start(ctx, local, ip);
    assert.equal(started.statusCode, 200);
    const { challengeId } = started.json();
    const code = await lastCodeFor(ctx, e164);
    const [challenge] = await ctx.db.select().from(authChallenges).where(eq(authChallenges.id, challengeId));
    assert.equal(challenge!.phone, e164);
    assert.doesNotMatch(challenge!.secretHash, new RegExp(code));
    assert.equal(challenge!.secretHash.length, 64);

    const verified = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId, code, displayName: 'Trần Minh' }, remoteAddress: ip });
    assert.equal(verified.statusCode, 200);
    const body = verified.json();
    assert.equal(body.created, true);
    assert.equal(body.user.identityLevel, 1);
    assert.equal(body.user.displayName, 'Trần Minh');
    const me = (await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.token}` } })).json();
    assert.equal(me.identityLevel, 1);
    assert.equal(me.kind, 'citizen');
    const actions = (await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, body.user.id))).map((r) => r.action).sort();
    assert.deepEqual(actions, ['auth.login', 'user.register']);
  });

  test('a code works once; signing in again finds the same account', async () => {
    const { local, e164, ip } = nextPhone();
    const first = (await start(ctx, local, ip)).json();
    const code = await lastCodeFor(ctx, e164);
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId: first.challengeId, code }, remoteAddress: ip });
    assert.equal(ok.statusCode, 200);
    const reused = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId: first.challengeId, code }, remoteAddress: ip });
    assert.equal(reused.statusCode, 401);
    assert.equal(reused.json().error.code, 'CODE_INVALID');

    await ctx.db.update(authChallenges).set({ createdAt: sql`now() - interval '2 minutes'` }).where(eq(authChallenges.phone, e164));
    const second = (await start(ctx, `+84 ${local.slice(1)}`, ip)).json();
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId: second.challengeId, code: await lastCodeFor(ctx, e164) }, remoteAddress: ip });
    assert.equal(again.json().created, false);
    assert.equal(again.json().user.id, ok.json().user.id);
    assert.equal((await ctx.db.select().from(users).where(eq(users.phone, e164))).length, 1);
  });

  test(`after ${OTP_MAX_ATTEMPTS} wrong codes even the right one is refused`, async () => {
    const { local, e164, ip } = nextPhone();
    const { challengeId } = (await start(ctx, local, ip)).json();
    const code = await lastCodeFor(ctx, e164);
    const wrong = code === '000000' ? '111111' : '000000';
    const codes: string[] = [];
    for (let i = 0; i < OTP_MAX_ATTEMPTS; i++) {
      codes.push((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId, code: wrong }, remoteAddress: ip })).json().error.code);
    }
    assert.deepEqual(codes, [...Array(OTP_MAX_ATTEMPTS - 1).fill('CODE_INVALID'), 'CODE_ATTEMPTS_EXCEEDED']);
    const right = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId, code }, remoteAddress: ip });
    assert.equal(right.json().error.code, 'CODE_ATTEMPTS_EXCEEDED');
    assert.equal((await ctx.db.select().from(users).where(eq(users.phone, e164))).length, 0);
  });

  test('an expired code is refused', async () => {
    const { local, e164, ip } = nextPhone();
    const { challengeId } = (await start(ctx, local, ip)).json();
    await ctx.db.update(authChallenges).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(authChallenges.id, challengeId));
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId, code: await lastCodeFor(ctx, e164) }, remoteAddress: ip });
    assert.equal(res.json().error.code, 'CODE_INVALID');
  });

  test('resend waits 60 s; a number gets at most 5 codes an hour', async () => {
    const { local, e164, ip } = nextPhone();
    assert.equal((await start(ctx, local, ip)).statusCode, 200);
    const tooSoon = await start(ctx, local, ip);
    assert.equal(tooSoon.statusCode, 429);
    assert.equal(tooSoon.json().error.code, 'CODE_RESEND_TOO_SOON');
    assert.ok(tooSoon.json().error.details.retryAfterSeconds > 0);
    for (let i = 0; i < 4; i++) {
      await ctx.db.update(authChallenges).set({ createdAt: sql`created_at - interval '61 seconds'` }).where(eq(authChallenges.phone, e164));
      assert.equal((await start(ctx, local, ip)).statusCode, 200, `code ${i + 2}`);
    }
    await ctx.db.update(authChallenges).set({ createdAt: sql`created_at - interval '61 seconds'` }).where(eq(authChallenges.phone, e164));
    const sixth = await start(ctx, local, ip);
    assert.equal(sixth.statusCode, 429);
    assert.equal(sixth.json().error.code, 'RATE_LIMITED');
  });

  test('one client IP gets at most 20 codes an hour across numbers', async () => {
    const ip = '10.9.9.9';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await start(ctx, `0988${String(100000 + i)}`, ip)).statusCode);
    assert.deepEqual(statuses, [...Array(20).fill(200), 429]);
  });

  test('not a Vietnamese mobile number: 422 naming body.phone; nothing sent', async () => {
    for (const phone of ['02438123456', '+12025550101', '0912']) {
      const res = await start(ctx, phone, '10.1.1.1');
      assert.equal(res.statusCode, 422, phone);
      assert.equal(res.json().error.details[0].field, 'body.phone');
    }
    const forged = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId: '00000000-0000-4000-8000-000000000000', code: '123456' } });
    assert.equal(forged.json().error.code, 'CODE_INVALID');
    const badCode = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/verify', payload: { challengeId: '00000000-0000-4000-8000-000000000000', code: '12ab56' } });
    assert.equal(badCode.json().error.details[0].field, 'body.code');
  });

  test('the answer does not reveal whether a number has an account', async () => {
    const known = nextPhone();
    const unknown = nextPhone();
    await ctx.db.insert(users).values({ kind: 'citizen', phone: known.e164, displayName: 'Đã có', identityLevel: 1 });
    const a = (await start(ctx, known.local, known.ip)).json();
    const b = (await start(ctx, unknown.local, unknown.ip)).json();
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
    assert.deepEqual(Object.keys(a).sort(), ['challengeId', 'expiresAt', 'resendAfter']);
  });
});
