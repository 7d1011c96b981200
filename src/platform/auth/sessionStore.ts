/**
 * Creates, resolves and ends sessions. A session ends after an idle period without use and
 * after an absolute lifetime, whichever comes first; the token itself is never stored.
 */
import { and, eq, gt, isNull, lt, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { sessions, unitMemberships, users } from '../../db/schema/index.js';
import type { OfficialRole, Principal } from './principal.js';
import { hashSessionToken, newSessionToken } from './sessionTokens.js';

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 120 * 60_000, absoluteMs: 12 * 3_600_000 };

/** How often "last seen" is written: once a minute is precise enough for a 2-hour idle limit. */
const TOUCH_INTERVAL_MS = 60_000;

export interface NewSession {
  method: string;
  userAgent?: string | undefined;
  ip?: string | undefined;
}

export async function createSession(db: DbOrTx, userId: string, details: NewSession = { method: 'password' }, limits: SessionLimits = DEFAULT_SESSION_LIMITS): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + limits.absoluteMs);
  const [row] = await db.insert(sessions).values({
    userId, tokenHash: hashSessionToken(token), expiresAt,
    method: details.method, userAgent: details.userAgent?.slice(0, 300) ?? null, ip: details.ip ?? null,
  }).returning({ id: sessions.id });
  return { token, sessionId: row!.id, expiresAt };
}

export async function resolveSession(db: DbOrTx, token: string, limits: SessionLimits = DEFAULT_SESSION_LIMITS): Promise<Principal | null> {
  const now = new Date();
  const [row] = await db
    .select({ sessionId: sessions.id, lastSeenAt: sessions.lastSeenAt, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(
      eq(sessions.tokenHash, hashSessionToken(token)),
      gt(sessions.expiresAt, now),
      gt(sessions.lastSeenAt, new Date(now.getTime() - limits.idleMs)),
      isNull(users.deletedAt),
      isNull(users.disabledAt),
    ))
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  const memberships = await db
    .select({ unitId: unitMemberships.unitId, role: unitMemberships.role })
    .from(unitMemberships)
    .where(eq(unitMemberships.userId, row.user.id));
  return {
    userId: row.user.id,
    sessionId: row.sessionId,
    kind: row.user.kind as Principal['kind'],
    displayName: row.user.displayName,
    label: row.user.username ?? maskPhone(row.user.phone) ?? row.user.id,
    identityLevel: row.user.identityLevel,
    mustChangePassword: row.user.mustChangePassword,
    memberships: memberships.map((m) => ({ unitId: m.unitId, role: m.role as OfficialRole })),
  };
}

/** "+84912345678" → "+84912***678": enough to recognise, not enough to call. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length > 8 ? `${phone.slice(0, 6)}***${phone.slice(-3)}` : '***';
}

export async function endSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user, or every other one when `keepSessionId` is given. */
export async function endAllSessions(db: DbOrTx, userId: string, keepSessionId?: string): Promise<number> {
  const removed = await db.delete(sessions)
    .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return removed.length;
}

/** Housekeeping: drops sessions past their absolute lifetime. */
export async function purgeExpiredSessions(db: DbOrTx): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
