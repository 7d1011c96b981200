import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describeEachDatabase } from '../../../test/helpers/testApp.js';
import { registerCitizen } from '../../../test/helpers/citizen.js';
import { auditLog, authChallenges, sessions, users } from '../../db/schema/index.js';
import { requireIdentityLevel } from '../../platform/auth/identityLevels.js';
import { AppError } from '../../platform/errors/appError.js';

const identity = { idNumber: '001090012345', fullName: 'Nguyễn  Văn An', dateOfBirth: '1990-05-17', gender: 'male' };

function multipart(field: string, filename: string, contentType: string, data: Buffer) {
  const boundary = '----cds-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachDatabase('my account', (ctx) => {
  test('profile: read and change name, language and notification preferences', async () => {
    const { authorization, phone } = await registerCitizen(ctx, 'Lê Thu');
    const profile = (await ctx.app.inject({ url: '/api/v1/me', headers: { authorization } })).json();
    assert.equal(profile.displayName, 'Lê Thu');
    assert.equal(profile.phone, phone);
    assert.equal(profile.identity, null);
    assert.deepEqual(profile.notificationPreferences, { inApp: true, push: true, sms: false });
    const changed = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { authorization }, payload: { language: 'en', notificationPreferences: { inApp: true, push: false, sms: true } } });
    assert.equal(changed.statusCode, 200);
    assert.equal(changed.json().language, 'en');
    assert.equal(changed.json().notificationPreferences.sms, true);
    const empty = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { authorization }, payload: {} });
    assert.equal(empty.statusCode, 422);
    assert.equal((await ctx.app.inject({ url: '/api/v1/me' })).statusCode, 401);
  });

  test('identity verification raises the level to 2 and keeps the ID number sealed', async () => {
    const { authorization, userId } = await registerCitizen(ctx);
    const res = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/identity', headers: { authorization }, payload: identity });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.identityLevel, 2);
    assert.equal(body.identity.idNumberMasked, '********2345');
    assert.equal(body.identity.fullName, 'Nguyễn Văn An');
    assert.doesNotMatch(res.body, /001090012345/, 'the full number is not in the profile');
    const [row] = await ctx.db.select().from(users).where(eq(users.id, userId));
    assert.doesNotMatch(JSON.stringify(row), /001090012345|Nguyễn Văn An/, 'nothing in clear in the database row');
    const full = (await ctx.app.inject({ url: '/api/v1/me/identity', headers: { authorization } })).json();
    assert.equal(full.idNumber, '001090012345');
    const [audit] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'user.identityVerify'));
    assert.doesNotMatch(JSON.stringify(audit!.data), /001090012345/);
  });

  test('identity details that do not fit each other are refused field by field', async () => {
    const { authorization, userId } = await registerCitizen(ctx);
    const res = await ctx.app.inject({
      method: 'PUT', url: '/api/v1/me/identity?lang=en', headers: { authorization },
      payload: { ...identity, idNumber: '003190012345', gender: 'male', dateOfBirth: '1991-01-01' },
    });
    assert.equal(res.statusCode, 422);
    const fields = (res.json().error.details as Array<{ field: string }>).map((d) => d.field).sort();
    assert.deepEqual(fields, ['body.dateOfBirth', 'body.gender', 'body.idNumber']);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, userId));
    assert.equal(row!.identityLevel, 1, 'nothing changed');
    const future = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/identity', headers: { authorization }, payload: { ...identity, idNumber: '001290012345', dateOfBirth: '2090-01-01' } });
    assert.equal(future.statusCode, 422);
  });

  test('one ID number, one account', async () => {
    const a = await registerCitizen(ctx);
    const b = await registerCitizen(ctx);
    const other = { ...identity, idNumber: '001095067890', dateOfBirth: '1995-02-02' };
    assert.equal((await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/identity', headers: { authorization: a.authorization }, payload: other })).statusCode, 200);
    const taken = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/identity', headers: { authorization: b.authorization }, payload: other });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().error.code, 'IDENTITY_IN_USE');
  });

  test('level checks say how to reach the level', () => {
    const citizen = { userId: 'u', sessionId: 's', kind: 'citizen' as const, displayName: 'x', label: 'x', identityLevel: 1, mustChangePassword: false, memberships: [] };
    assert.doesNotThrow(() => requireIdentityLevel(citizen, 1));
    assert.throws(() => requireIdentityLevel(citizen, 2), (err: unknown) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, 'IDENTITY_LEVEL_TOO_LOW');
      assert.deepEqual((err.details as { neededLevel: number }).neededLevel, 2);
      assert.match(err.localizedMessage!.en, /VNeID/);
      return true;
    });
    assert.throws(() => requireIdentityLevel(null, 1), (err: unknown) => err instanceof AppError && err.code === 'UNAUTHENTICATED');
  });

  test('a citizen may set a password and then sign in with number + password; others sessions end', async () => {
    const { authorization, phone } = await registerCitizen(ctx);
    const other = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/password', payload: { phone, password: 'anything-at-all' } });
    assert.equal(other.json().error.code, 'INVALID_CREDENTIALS', 'no password yet');
    const short = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { authorization }, payload: { newPassword: 'short' } });
    assert.equal(short.json().error.details[0].field, 'body.newPassword');
    assert.equal((await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { authorization }, payload: { newPassword: 'hoan-kiem-2026' } })).statusCode, 204);
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/password', payload: { phone: `0${phone.slice(3)}`, password: 'hoan-kiem-2026' } });
    assert.equal(login.statusCode, 200);
    const change = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { authorization }, payload: { newPassword: 'another-pass-99', currentPassword: 'wrong' } });
    assert.equal(change.json().error.details[0].field, 'body.currentPassword');
    assert.equal((await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { authorization }, payload: { newPassword: 'another-pass-99', currentPassword: 'hoan-kiem-2026' } })).statusCode, 204);
    const oldSession = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${login.json().token}` } });
    assert.equal(oldSession.statusCode, 401, 'the other session ended with the password change');
    assert.equal((await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization } })).statusCode, 200, 'this one goes on');
  });

  test('avatar: an image is re-encoded to a 256 px WebP; a text file or a non-image is refused', async () => {
    const { authorization } = await registerCitizen(ctx);
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c33' } }).png().toBuffer();
    const upload = multipart('file', 'photo.jpg', 'image/jpeg', png); // a PNG named .jpg: judged by content
    const res = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/avatar', headers: { authorization, ...upload.headers }, payload: upload.payload });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().hasAvatar, true);
    const image = await ctx.app.inject({ url: '/api/v1/me/avatar', headers: { authorization } });
    assert.equal(image.headers['content-type'], 'image/webp');
    const meta = await sharp(image.rawPayload).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 256, 256]);
    const text = multipart('file', 'evil.png', 'image/png', Buffer.from('<?php echo 1; ?>'));
    const refused = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/avatar', headers: { authorization, ...text.headers }, payload: text.payload });
    assert.equal(refused.statusCode, 415);
    assert.equal(refused.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('export my data: everything about me, audited', async () => {
    const { authorization, userId, phone } = await registerCitizen(ctx);
    await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/identity', headers: { authorization }, payload: { ...identity, idNumber: '001090055555' } });
    const res = await ctx.app.inject({ url: '/api/v1/me/export', headers: { authorization } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="cong-dan-so-/);
    const data = res.json();
    assert.equal(data.account.phone, phone);
    assert.equal(data.identity.idNumber, '001090055555');
    assert.ok(data.sessions.length >= 1);
    assert.ok(data.activity.some((a: { action: string }) => a.action === 'user.register'));
    const audited = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'user.export'));
    assert.ok(audited.some((a) => a.actorId === userId));
  });

  test('delete my account: personal data erased, sessions ended, the number free to register again', async () => {
    const { authorization, userId, phone } = await registerCitizen(ctx);
    await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/identity', headers: { authorization }, payload: { ...identity, idNumber: '001090066666' } });
    const unconfirmed = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { authorization }, payload: {} });
    assert.equal(unconfirmed.statusCode, 422);
    const res = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { authorization }, payload: { confirm: true } });
    assert.equal(res.statusCode, 204);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, userId));
    assert.equal(row!.phone, null);
    assert.equal(row!.identitySealed, null);
    assert.equal(row!.identityNumberHmac, null);
    assert.equal(row!.displayName, 'Người dùng đã xóa');
    assert.ok(row!.deletedAt);
    assert.equal((await ctx.db.select().from(sessions).where(eq(sessions.userId, userId))).length, 0);
    assert.equal((await ctx.app.inject({ url: '/api/v1/me', headers: { authorization } })).statusCode, 401);
    // The number can register afresh (past the one-minute resend pause).
    await ctx.db.update(authChallenges).set({ createdAt: sql`created_at - interval '2 minutes'` }).where(eq(authChallenges.phone, phone));
    const reuse = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/phone/start', payload: { phone }, remoteAddress: '10.200.0.1' });
    assert.equal(reuse.statusCode, 200);
  });

  test('sessions: list mine, revoke one, sign out everywhere; an idle session ends', async () => {
    const first = await registerCitizen(ctx);
    const list = (await ctx.app.inject({ url: '/api/v1/auth/sessions', headers: { authorization: first.authorization } })).json();
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].current, true);
    assert.equal(list.items[0].method, 'otp');
    const someoneElse = await registerCitizen(ctx);
    const theirs = (await ctx.app.inject({ url: '/api/v1/auth/sessions', headers: { authorization: someoneElse.authorization } })).json().items[0].id;
    const notMine = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${theirs}`, headers: { authorization: first.authorization } });
    assert.equal(notMine.statusCode, 404);
    assert.equal((await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: someoneElse.authorization } })).statusCode, 200);

    const everywhere = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout-everywhere', headers: { authorization: someoneElse.authorization } });
    assert.equal(everywhere.json().ended, 1);
    assert.equal((await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: someoneElse.authorization } })).statusCode, 401);

    await ctx.db.update(sessions).set({ lastSeenAt: sql`now() - interval '3 hours'` }).where(eq(sessions.userId, first.userId));
    assert.equal((await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: first.authorization } })).statusCode, 401, 'idle for longer than 2 hours');
  });

  test('a cookie-authenticated write from another site is refused; the same site and bearer tokens pass', async () => {
    const { token } = await registerCitizen(ctx);
    const cookie = `cds_session=${token}`;
    const crossSite = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie, origin: 'https://evil.example' }, payload: { displayName: 'Hacked' } });
    assert.equal(crossSite.statusCode, 403);
    assert.equal(crossSite.json().error.details.reason, 'cross_site_request');
    const noOrigin = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload: { displayName: 'Hacked' } });
    assert.equal(noOrigin.statusCode, 403);
    const sameSite = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie, origin: 'http://127.0.0.1:3000' }, payload: { displayName: 'Chị Hoa' } });
    assert.equal(sameSite.statusCode, 200);
    const read = await ctx.app.inject({ url: '/api/v1/me', headers: { cookie } });
    assert.equal(read.json().displayName, 'Chị Hoa');
    const tampered = await ctx.app.inject({ url: '/api/v1/me', headers: { cookie: `cds_session=${token.slice(0, -2)}xx` } });
    assert.equal(tampered.statusCode, 401);
  });
});
