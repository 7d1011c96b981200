/** Password attempts: after MAX_FAILED_LOGINS wrong passwords in a row, the account rests LOCKOUT_MS. */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { recordAudit, type AuditContext } from '../../platform/audit/auditLog.js';
import { AppError } from '../../platform/errors/appError.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

type UserRow = typeof users.$inferSelect;

export function assertNotLocked(user: UserRow): void {
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new AppError('ACCOUNT_LOCKED', { lockedUntil: user.lockedUntil.toISOString() });
  }
}

/** Counts a wrong password (audited) and says whether the account is now locked. */
export async function recordFailedPassword(db: DbOrTx, user: UserRow, audit: AuditContext): Promise<boolean> {
  const failed = user.failedLogins + 1;
  const lock = failed >= MAX_FAILED_LOGINS;
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(Date.now() + LOCKOUT_MS) : user.lockedUntil }).where(eq(users.id, user.id));
    await recordAudit(tx, { ...audit, actorId: user.id }, { action: lock ? 'auth.lock' : 'auth.loginFailed', entityType: 'user', entityId: user.id, data: { failedLogins: failed } });
  });
  return lock;
}
