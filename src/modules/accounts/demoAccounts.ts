/**
 * Demo mode: sign-in accounts so a newcomer can try every journey at once. Never in production
 * (config refuses DEMO_MODE with NODE_ENV=production). Listed in the README.
 *
 * Officials always sign in with a second factor. So that nobody needs a phone to try the demo,
 * each demo official's TOTP secret is derived from the username with a fixed, public salt: not a
 * secret at all — `npm run demo:totp -- <username>` prints the current code (it refuses to run in
 * production, and production has no demo accounts).
 */
import { createHmac } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { ModuleContext } from '../moduleContext.js';
import { unitMemberships, users } from '../../db/schema/index.js';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/auditLog.js';
import type { OfficialRole } from '../../platform/auth/principal.js';
import { base32Encode } from '../../platform/auth/totp.js';
import { sealTotpSecret } from '../officials/accountState.js';
import { findUnit } from '../units/index.js';
import { hashPassword } from './passwords.js';

export const DEMO_PASSWORD = 'demo-2026';

/** Public on purpose: demo second factors are for trying things out, not for protection. */
const DEMO_TOTP_SALT = 'cong-dan-so demo totp v1';

/** The demo official's TOTP secret (base32): HMAC-SHA-256(salt, username), first 20 bytes. */
export function demoTotpSecret(username: string): string {
  return base32Encode(createHmac('sha256', DEMO_TOTP_SALT).update(username.toLowerCase()).digest().subarray(0, 20));
}

interface DemoOfficial { username: string; displayName: string; unitCode: string; roles: OfficialRole[] }

/** One official per role in one ward and one department, and a city admin. */
export function demoOfficials(wardUnitCode: string, departmentCode: string): DemoOfficial[] {
  const perUnit = (prefix: string, unitCode: string, label: string): DemoOfficial[] =>
    (['intake', 'handler', 'supervisor', 'unit_admin', 'moderator'] as const).map((role) => ({
      username: `${prefix}.${role.replace('_', '')}`, displayName: `${label} — ${role}`, unitCode, roles: [role],
    }));
  return [
    { username: 'admin', displayName: 'Quản trị thành phố (demo)', unitCode: '', roles: ['city_admin'] },
    ...perUnit('phuong', wardUnitCode, 'Cán bộ phường (demo)'),
    ...perUnit('so', departmentCode, 'Cán bộ sở (demo)'),
  ];
}

export async function ensureDemoAccounts(ctx: ModuleContext, log: FastifyBaseLogger): Promise<void> {
  const { settings } = ctx.city;
  const officials = demoOfficials(`${settings.wardUnit.codePrefix}${settings.demo.wardId}`, settings.demo.departmentCode);
  const [existing] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  if (!existing) {
    // One hash for all: the demo password is the same, and Argon2 is deliberately slow.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await ctx.db.transaction(async (tx) => {
      for (const official of officials) {
        const unit = await findUnit(tx, official.unitCode || settings.rootUnitCode);
        if (!unit) continue;
        const [user] = await tx.insert(users).values({
          kind: 'official', username: official.username, displayName: official.displayName, passwordHash, identityLevel: 2,
          mustChangePassword: false, totpSecretSealed: sealTotpSecret(ctx.keys, demoTotpSecret(official.username)), totpEnabledAt: new Date(),
        }).returning({ id: users.id });
        await tx.insert(unitMemberships).values(official.roles.map((role) => ({ userId: user!.id, unitId: unit.id, role })));
        await recordAudit(tx, SYSTEM_ACTOR, { action: 'user.createDemo', entityType: 'user', entityId: user!.id, data: { username: official.username, roles: official.roles, unit: unit.code } });
      }
    });
  }
  await enableDemoSecondFactors(ctx, officials.map((o) => o.username));
  log.info(`Demo mode — sign in with password "${DEMO_PASSWORD}" as: ${officials.map((o) => o.username).join(', ')}; `
    + 'then the code from `npm run demo:totp -- <username>`');
}

/**
 * Demo data made before officials needed a second factor (or whose second factor was reset):
 * give those demo officials their derived secret again, so `demo:totp` always works.
 */
async function enableDemoSecondFactors(ctx: ModuleContext, usernames: string[]): Promise<void> {
  const missing = await ctx.db.select({ id: users.id, username: users.username }).from(users)
    .where(and(inArray(users.username, usernames), eq(users.kind, 'official'), isNull(users.totpEnabledAt)));
  if (missing.length === 0) return;
  await ctx.db.transaction(async (tx) => {
    for (const user of missing) {
      await tx.update(users).set({
        totpSecretSealed: sealTotpSecret(ctx.keys, demoTotpSecret(user.username!)), totpEnabledAt: new Date(), totpLastStep: null, mustChangePassword: false,
      }).where(eq(users.id, user.id));
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'user.demoSecondFactor', entityType: 'user', entityId: user.id, data: { username: user.username } });
    }
  });
}
