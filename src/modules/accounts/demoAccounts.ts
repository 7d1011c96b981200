/**
 * Demo mode: sign-in accounts so a newcomer can try every journey at once. Never in production
 * (config refuses DEMO_MODE with NODE_ENV=production). Listed in the README.
 */
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { ModuleContext } from '../moduleContext.js';
import { unitMemberships, users } from '../../db/schema/index.js';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/auditLog.js';
import type { OfficialRole } from '../../platform/auth/principal.js';
import { findUnit } from '../units/index.js';
import { hashPassword } from './passwords.js';

export const DEMO_PASSWORD = 'demo-2026';

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
        }).returning({ id: users.id });
        await tx.insert(unitMemberships).values(official.roles.map((role) => ({ userId: user!.id, unitId: unit.id, role })));
        await recordAudit(tx, SYSTEM_ACTOR, { action: 'user.createDemo', entityType: 'user', entityId: user!.id, data: { username: official.username, roles: official.roles, unit: unit.code } });
      }
    });
  }
  log.info(`Demo mode — sign in with password "${DEMO_PASSWORD}" as: ${officials.map((o) => o.username).join(', ')}`);
}
