/**
 * The officials' accept → start → resolve cycle as a closed loop: `workers` clients each take
 * the next waiting report and run the three commands in order, for `durationSeconds`.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';

export const CYCLE_PREFIX = 'BC-2026-';

/** Submitted reports in the demo ward, in a category that needs no proof photo. */
export async function seedCycleReports(db: Db, count: number): Promise<void> {
  await db.execute(sql`
    insert into reports (public_id, category_id, description, search_text, lat, lon, area_id, status, priority, assigned_unit_id, accept_by)
    select ${CYCLE_PREFIX} || lpad(g::text, 7, '0'),
           (select id from categories where code = 'water_supply.outage'),
           'Mất nước sinh hoạt từ sáng', 'mat nuoc sinh hoat tu sang', 21.0285, 105.8542, '00070', 'submitted', 'normal',
           (select id from units where code = 'ubnd-00070'), now() + interval '1 day'
    from generate_series(1, ${count}::int) as g`);
}

export interface CycleResult { cyclesPerSecond: number; p50Ms: number; p99Ms: number; errors: number; cycles: number }

export async function runCycles(baseUrl: string, token: string, workers: number, durationSeconds: number): Promise<CycleResult> {
  let next = 1;
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + durationSeconds * 1000;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(String(response.status));
  };
  const worker = async () => {
    while (Date.now() < deadline) {
      const id = `${CYCLE_PREFIX}${String(next++).padStart(7, '0')}`;
      const started = performance.now();
      try {
        await post(`/api/v1/reports/${id}/accept`, { priority: 'normal' });
        await post(`/api/v1/reports/${id}/start`, {});
        await post(`/api/v1/reports/${id}/resolve`, { answer: 'Đã khắc phục, nước đã có trở lại từ 14 giờ.' });
        latencies.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    }
  };
  const began = Date.now();
  await Promise.all(Array.from({ length: workers }, worker));
  const elapsed = (Date.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { cyclesPerSecond: Math.round(latencies.length / elapsed), p50Ms: at(0.5), p99Ms: at(0.99), errors, cycles: latencies.length };
}
