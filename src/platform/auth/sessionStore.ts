/** Creates, resolves and ends sessions. Sessions expire after an absolute lifetime. */
import { and, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { sessions, unitMemberships, users } from '../../db/schema/index.js';
import type { OfficialRole, Principal } from './principal.js';
import { hashSessionToken, newSessionToken } from './sessionTokens.js';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export async function createSession(db: DbOrTx, userId: string): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  const [row] = await db.insert(sessions).values({ userId, tokenHash: hashSessionToken(token), expiresAt }).returning({ id: sessions.id });
  return { token, sessionId: row!.id, expiresAt };
}

export async function resolveSession(db: DbOrTx, token: string): Promise<Principal | null> {
  const [row] = await db
    .select({ sessionId: sessions.id, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashSessionToken(token)), gt(sessions.expiresAt, new Date())))
    .limit(1);
  if (!row) return null;
  const memberships = await db
    .select({ unitId: unitMemberships.unitId, role: unitMemberships.role })
    .from(unitMemberships)
    .where(eq(unitMemberships.userId, row.user.id));
  return {
    userId: row.user.id,
    sessionId: row.sessionId,
    kind: row.user.kind as Principal['kind'],
    displayName: row.user.displayName,
    label: row.user.username ?? row.user.phone ?? row.user.id,
    identityLevel: row.user.identityLevel,
    memberships: memberships.map((m) => ({ unitId: m.unitId, role: m.role as OfficialRole })),
  };
}

export async function endSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}
