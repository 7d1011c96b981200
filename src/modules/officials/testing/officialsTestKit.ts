/** Shared by the officials' tests: unit codes of the demo data and helpers bound to one app. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { type TestContext } from '../../../../test/helpers/testApp.js';
import { auditLog, users } from '../../../db/schema/index.js';
import type { OfficialRole } from '../../../platform/auth/principal.js';
import { base32Decode, hotp, totpStep, TOTP_PERIOD_SECONDS } from '../../../platform/auth/totp.js';

export const WARD = 'ubnd-00070';
export const OTHER_WARD = 'ubnd-00004';
export const DEPARTMENT = 'so-xay-dung';
export const ROOT = 'ha-noi';

let serial = 0;
export const unique = (prefix: string) => `${prefix}-${++serial}-${randomBytes(3).toString('hex')}`;
export const clientAddress = () => `10.${randomBytes(3).join('.')}`;

/** Test helpers bound to one app. */
export function helpers(ctx: TestContext) {
  // Sign-in routes allow 10 calls a minute per client address; each test call comes from its own.
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, authorization?: string, payload?: Record<string, unknown>) =>
    ctx.app.inject({ method, url, remoteAddress: clientAddress(), headers: authorization ? { authorization } : {}, ...(payload ? { payload } : {}) });

  const lastStepOf = async (userId: string) => (await ctx.db.select({ s: users.totpLastStep }).from(users).where(eq(users.id, userId)))[0]?.s ?? null;

  /**
   * A code the server will accept now: the current step, or the next one when the current one
   * was used already (both stay inside the ±1 window even if a step boundary passes meanwhile).
   */
  const freshCode = async (userId: string, secret: string): Promise<string> => {
    for (;;) {
      const now = Date.now();
      const current = totpStep(now);
      const step = Math.max(current, (await lastStepOf(userId) ?? -1) + 1);
      if (step <= current + 1) return hotp(base32Decode(secret), step);
      await new Promise((r) => setTimeout(r, (TOTP_PERIOD_SECONDS - (now / 1000) % TOTP_PERIOD_SECONDS) * 1000 + 50));
    }
  };

  /** A well-formed code that is wrong for any step near now. */
  const wrongCode = (secret: string): string => {
    const key = base32Decode(secret);
    const current = totpStep(Date.now());
    const near = new Set([-2, -1, 0, 1, 2].map((d) => hotp(key, current + d)));
    for (let n = 0; ; n++) {
      const code = String(n).padStart(6, '0');
      if (!near.has(code)) return code;
    }
  };

  const login = (username: string, password: string) => call('POST', '/api/v1/auth/login', undefined, { username, password });
  const totp = (challengeToken: string, code: string) => call('POST', '/api/v1/auth/login/totp', undefined, { challengeToken, code });

  /** Password + code → bearer header. */
  const signInOfficial = async (who: { username: string; password: string; secret: string; userId: string }): Promise<string> => {
    const first = await login(who.username, who.password);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().secondFactor, 'totp');
    const second = await totp(first.json().challengeToken, await freshCode(who.userId, who.secret));
    assert.equal(second.statusCode, 200, second.body);
    return `Bearer ${second.json().token}`;
  };

  /** Through the API, as in real life: invite → choose password → sign in → enrol → first code. */
  const officialViaInvite = async (admin: string, unitCode: string, roles: OfficialRole[]) => {
    const username = unique('can-bo');
    const password = `mat-khau-${randomBytes(6).toString('hex')}`;
    const created = await call('POST', '/api/v1/officials', admin, { username, displayName: `Cán bộ ${username}`, unitCode, roles, invite: true });
    assert.equal(created.statusCode, 201, created.body);
    const userId = created.json().official.id as string;
    const accepted = await call('POST', '/api/v1/officials/invites/accept', undefined, { token: created.json().invite.token, password });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const first = await login(username, password);
    assert.equal(first.json().secondFactor, 'enrol');
    const enrol = await call('POST', '/api/v1/auth/login/totp/enrol', undefined, { challengeToken: first.json().challengeToken });
    const secret = enrol.json().secret as string;
    const second = await totp(first.json().challengeToken, await freshCode(userId, secret));
    assert.equal(second.statusCode, 200, second.body);
    return { userId, username, password, secret, authorization: `Bearer ${second.json().token}` };
  };

  const auditActions = async (entityId: string) =>
    (await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id)).map((r) => r.action);

  const userRow = async (userId: string) => (await ctx.db.select().from(users).where(eq(users.id, userId)))[0]!;

  return { call, freshCode, wrongCode, login, totp, signInOfficial, officialViaInvite, auditActions, userRow };
}

