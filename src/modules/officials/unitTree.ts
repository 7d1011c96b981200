/**
 * The unit tree as official management needs it: a unit's ancestry (for the policies) and the
 * sub-units of the units someone administers (for lists). Read whole — a city has a few hundred
 * units — once per request that needs it, so a unit moved a moment ago is already where it is.
 *
 * Reads only the `units` table's id, parent, code and names, the same facts the public units API
 * shows; the units module owns that table.
 */
import type { DbOrTx } from '../../db/client.js';
import { units } from '../../db/schema/index.js';
import { localized, type Language } from '../../platform/i18n/language.js';

export interface TreeUnit {
  id: string;
  code: string;
  parentId: string | null;
  nameVi: string;
  nameEn: string;
}

/** Guards against a cycle that should not exist (the units module prevents them). */
const MAX_DEPTH = 50;

export class UnitTree {
  private readonly byId = new Map<string, TreeUnit>();
  private readonly byCodeMap = new Map<string, TreeUnit>();
  private readonly children = new Map<string, string[]>();

  constructor(rows: TreeUnit[]) {
    for (const row of rows) {
      this.byId.set(row.id, row);
      this.byCodeMap.set(row.code, row);
      if (row.parentId) this.children.set(row.parentId, [...(this.children.get(row.parentId) ?? []), row.id]);
    }
  }

  static async load(db: DbOrTx): Promise<UnitTree> {
    const rows = await db.select({ id: units.id, code: units.code, parentId: units.parentId, nameVi: units.nameVi, nameEn: units.nameEn }).from(units);
    return new UnitTree(rows);
  }

  get(id: string): TreeUnit | undefined {
    return this.byId.get(id);
  }

  byCode(code: string): TreeUnit | undefined {
    return this.byCodeMap.get(code);
  }

  /** Parent, grandparent … root; the unit itself not included. */
  ancestry(unitId: string): string[] {
    const out: string[] = [];
    let current = this.byId.get(unitId)?.parentId ?? null;
    while (current && out.length < MAX_DEPTH) {
      out.push(current);
      current = this.byId.get(current)?.parentId ?? null;
    }
    return out;
  }

  /** The given units and every unit below them. */
  withDescendants(unitIds: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const queue = [...unitIds];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      queue.push(...(this.children.get(id) ?? []));
    }
    return out;
  }

  name(unitId: string, language: Language): string {
    const unit = this.byId.get(unitId);
    return unit ? localized(language, unit.nameVi, unit.nameEn) : unitId;
  }
}
