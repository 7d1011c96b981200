/**
 * Retried writes: a client sends `Idempotency-Key: <uuid or any 8–100 chars>` with a write it
 * might repeat (a submit over a shaky phone connection). The first request's answer is stored
 * in the same transaction as its change; a repeat with the same key and the same content gets
 * that answer again, without doing anything; the same key with different content is refused.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema/index.js';
import { AppError } from '../errors/appError.js';
import { canonicalJson } from '../audit/canonicalJson.js';

export interface StoredResponse<T> {
  statusCode: number;
  body: T;
  /** True when this is a repeat answered from the store. */
  replayed: boolean;
}

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,100}$/;

/** The key from the request header, validated; undefined when the client sent none. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  if (value === undefined) return undefined;
  const key = Array.isArray(value) ? value[0] : value;
  if (!key || !KEY_PATTERN.test(key)) {
    throw AppError.validation([{ field: 'headers.idempotency-key', message: request.language === 'en' ? 'must be 8–100 letters, digits or _ . : -' : 'gồm 8–100 ký tự chữ, số hoặc _ . : -' }]);
  }
  return key;
}

export function requestFingerprint(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Runs `work` once per (scope, key). Without a key it simply runs `work` in a transaction.
 * `work` returns the status and body to answer with; both are stored with the change.
 */
export async function runIdempotent<T>(
  db: Db,
  scope: string,
  key: string | undefined,
  fingerprint: string,
  work: (tx: Tx) => Promise<{ statusCode: number; body: T }>,
): Promise<StoredResponse<T>> {
  const lookup = async (): Promise<StoredResponse<T> | null> => {
    if (!key) return null;
    const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    if (!row) return null;
    if (row.requestHash !== fingerprint) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { statusCode: row.statusCode, body: row.responseBody as T, replayed: true };
  };
  const earlier = await lookup();
  if (earlier) return earlier;
  try {
    const result = await db.transaction(async (tx) => {
      const outcome = await work(tx);
      if (key) {
        await tx.insert(idempotencyKeys).values({ scope, key, requestHash: fingerprint, statusCode: outcome.statusCode, responseBody: outcome.body as object });
      }
      return outcome;
    });
    return { ...result, replayed: false };
  } catch (err) {
    // Two copies of the same request raced: the loser's transaction rolled back; answer as a repeat.
    const code = (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
    if (key && code === '23505') {
      const winner = await lookup();
      if (winner) return winner;
    }
    throw err;
  }
}
