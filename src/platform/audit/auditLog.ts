/**
 * The tamper-evident audit log. Each row's hash covers its content and the previous row's hash,
 * so changing or removing any row breaks every link after it. Rows are written inside the
 * caller's transaction: no change without its audit row, no audit row for a change rolled back.
 */
import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';
import { canonicalJson } from './canonicalJson.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Who acted and from where; built once per request (see requestContext). */
export interface AuditContext {
  actorId: string | null;
  /** Human-readable actor for the log viewer: a username, 'system', 'anonymous'… */
  actorLabel: string;
  requestId?: string | null;
  ip?: string | null;
}

export interface AuditEntry {
  action: string; // e.g. 'unit.create', 'calendar.day.upsert'
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
}

export const SYSTEM_ACTOR: AuditContext = { actorId: null, actorLabel: 'system' };

type AuditRow = typeof auditLog.$inferSelect;

function rowHash(prevHash: string, row: Omit<AuditRow, 'id' | 'hash' | 'prevHash'>): string {
  const content = canonicalJson([
    prevHash,
    row.occurredAt.toISOString(),
    row.actorId,
    row.actorLabel,
    row.action,
    row.entityType,
    row.entityId,
    row.data,
    row.requestId,
    row.ip,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

/** Appends one row. Must run inside the transaction that makes the change it records. */
export async function recordAudit(tx: DbOrTx, context: AuditContext, entry: AuditEntry): Promise<void> {
  // Serialise writers so two transactions never chain onto the same previous row.
  await tx.execute(sql`select pg_advisory_xact_lock(7402150001)`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    occurredAt: new Date(),
    actorId: context.actorId,
    actorLabel: context.actorLabel,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    // Round-trip through JSON so the hash covers exactly what jsonb will hand back.
    data: JSON.parse(JSON.stringify(entry.data ?? {})) as Record<string, unknown>,
    requestId: context.requestId ?? null,
    ip: context.ip ?? null,
  };
  await tx.insert(auditLog).values({ ...row, prevHash, hash: rowHash(prevHash, row) });
}

export interface ChainVerification {
  ok: boolean;
  rowsChecked: number;
  /** The first row whose link does not hold, and why. */
  firstBroken?: { id: number; reason: 'content_changed' | 'link_broken' };
}

/** Walks the whole chain in id order, in batches, and reports the first broken link. */
export async function verifyAuditChain(db: Db, batchSize = 1000): Promise<ChainVerification> {
  let expectedPrev = GENESIS_HASH;
  let afterId = 0;
  let rowsChecked = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(batchSize);
    for (const row of rows) {
      if (row.prevHash !== expectedPrev) return { ok: false, rowsChecked, firstBroken: { id: row.id, reason: 'link_broken' } };
      if (rowHash(row.prevHash, row) !== row.hash) return { ok: false, rowsChecked, firstBroken: { id: row.id, reason: 'content_changed' } };
      expectedPrev = row.hash;
      rowsChecked += 1;
    }
    if (rows.length < batchSize) return { ok: true, rowsChecked };
    afterId = rows[rows.length - 1]!.id;
  }
}
