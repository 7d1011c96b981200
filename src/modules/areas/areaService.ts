/** Wards held in memory (126 rows) with their point index; reloaded when the data changes. */
import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { areas } from '../../db/schema/index.js';
import { WardIndex } from './wardIndex.js';

export type AreaRow = typeof areas.$inferSelect;

export class AreaService {
  private constructor(private rows: AreaRow[], private byId: Map<string, AreaRow>, private index: WardIndex) {}

  static async load(db: Db): Promise<AreaService> {
    const rows = await db.select().from(areas).orderBy(asc(areas.name));
    return new AreaService(rows, new Map(rows.map((r) => [r.id, r])), new WardIndex(rows.map((r) => ({ id: r.id, rings: r.rings }))));
  }

  all(): readonly AreaRow[] {
    return this.rows;
  }

  get(id: string): AreaRow | undefined {
    return this.byId.get(id);
  }

  /** The ward at a point, or undefined outside the city. */
  lookup(lat: number, lon: number): AreaRow | undefined {
    const id = this.index.lookup(lat, lon);
    return id ? this.byId.get(id) : undefined;
  }
}
