/**
 * All units in memory for display (a few hundred rows), refreshed every 30 s and at once after
 * a write on this instance, so hot paths (ward lookup, report pages) need no query for names.
 */
import type { Db } from '../../db/client.js';
import { units } from '../../db/schema/index.js';
import type { UnitRow } from './unitRepository.js';

const TTL_MS = 30_000;
const directories = new WeakMap<Db, { at: number; byId: Map<string, UnitRow>; byCode: Map<string, UnitRow> }>();

async function load(db: Db) {
  const cached = directories.get(db);
  if (cached && Date.now() - cached.at < TTL_MS) return cached;
  const rows = await db.select().from(units);
  const fresh = { at: Date.now(), byId: new Map(rows.map((r) => [r.id, r])), byCode: new Map(rows.map((r) => [r.code, r])) };
  directories.set(db, fresh);
  return fresh;
}

export async function unitById(db: Db, id: string): Promise<UnitRow | undefined> {
  return (await load(db)).byId.get(id);
}

export async function allUnitsById(db: Db): Promise<Map<string, UnitRow>> {
  return (await load(db)).byId;
}

/** Call after changing units so this instance shows the change at once. */
export function forgetUnitDirectory(db: Db): void {
  directories.delete(db);
}
