/** Reads and writes of the `units` table. */
import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { units } from '../../db/schema/index.js';

export type UnitRow = typeof units.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findUnit(db: DbOrTx, ref: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(units).where(UUID.test(ref) ? eq(units.id, ref) : eq(units.code, ref)).limit(1);
  return row;
}

export interface UnitFilter {
  kind?: string | undefined;
  parentId?: string | undefined;
  q?: string | undefined;
}

export async function listUnits(db: DbOrTx, filter: UnitFilter, page: number, pageSize: number): Promise<{ rows: UnitRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(units.kind, filter.kind));
  if (filter.parentId) conditions.push(eq(units.parentId, filter.parentId));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    conditions.push(or(ilike(units.nameVi, like), ilike(units.nameEn, like), ilike(units.code, like))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [totalRow]] = await Promise.all([
    db.select().from(units).where(where).orderBy(asc(units.kind), asc(units.nameVi), asc(units.code)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(units).where(where),
  ]);
  return { rows, total: totalRow?.n ?? 0 };
}

/** True when `candidateParentId` is `unitId` itself or one of its descendants (a cycle). */
export async function wouldCreateCycle(db: DbOrTx, unitId: string, candidateParentId: string): Promise<boolean> {
  let current: string | null = candidateParentId;
  for (let depth = 0; current && depth < 50; depth++) {
    if (current === unitId) return true;
    const [row] = await db.select({ parentId: units.parentId }).from(units).where(eq(units.id, current));
    current = row?.parentId ?? null;
  }
  return false;
}
