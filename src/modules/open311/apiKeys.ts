/**
 * API keys of Open311 client applications. A key is `o311_` + 32 random bytes (base64url); only
 * its SHA-256 is stored, so a leaked database does not leak usable keys, and a lookup is one
 * indexed equality on the hash (no timing difference worth attacking between two random hashes).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { open311ApiKeys } from '../../db/schema/index.js';

export type ApiKeyRow = typeof open311ApiKeys.$inferSelect;

export const KEY_PREFIX = 'o311_';
/** Characters shown in lists: the marker and the first eight random characters. */
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 8;
/** `last_used_at` is written at most this often per key (a busy client would otherwise write on every call). */
const LAST_USED_RESOLUTION_MS = 60_000;
const KEY_SHAPE = /^o311_[A-Za-z0-9_-]{43}$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/** The active key row for a presented key, or null (unknown, malformed or revoked). */
export async function verifyApiKey(db: Db, presented: string, now = new Date()): Promise<ApiKeyRow | null> {
  if (!KEY_SHAPE.test(presented)) return null;
  const [row] = await db.select().from(open311ApiKeys).where(eq(open311ApiKeys.keyHash, hashApiKey(presented)));
  if (!row || row.revokedAt !== null) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db.update(open311ApiKeys).set({ lastUsedAt: now })
      .where(and(eq(open311ApiKeys.id, row.id), or(isNull(open311ApiKeys.lastUsedAt), lt(open311ApiKeys.lastUsedAt, stale))));
  }
  return row;
}

export async function listApiKeys(db: DbOrTx): Promise<ApiKeyRow[]> {
  // Keys are issued by hand, a few per client application: the list is configuration-sized.
  return db.select().from(open311ApiKeys).orderBy(desc(open311ApiKeys.createdAt)).limit(1000);
}

export function presentApiKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    contact: row.contact,
    prefix: row.keyPrefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
