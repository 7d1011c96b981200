/** Public ids like PA-2026-000123: a prefix from the city pack, the year, a yearly sequence. */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

export async function nextPublicId(tx: DbOrTx, prefix: string, year: number): Promise<string> {
  const scope = `${prefix}-${year}`;
  // One row per year; the upsert takes a row lock, so concurrent submits get distinct numbers.
  const result = await tx.execute<{ last_value: number }>(sql`
    insert into public_id_counters (scope, last_value) values (${scope}, 1)
    on conflict (scope) do update set last_value = public_id_counters.last_value + 1
    returning last_value`);
  const rows = (Array.isArray(result) ? result : (result as { rows: Array<{ last_value: number }> }).rows);
  const value = Number(rows[0]!.last_value);
  return `${scope}-${String(value).padStart(6, '0')}`;
}
