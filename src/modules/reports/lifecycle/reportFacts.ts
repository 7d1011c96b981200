/**
 * The few facts of other modules a lifecycle command decides on: the category's deadlines and
 * proof rule, and where the report's units sit in the unit tree. Read-only, the same facts the
 * public category and unit APIs show.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { categories } from '../../../db/schema/index.js';
import { UnitTree } from '../../officials/unitTree.js';
import type { CategorySla } from '../deadlines.js';
import type { ReportRow } from '../reportRepository.js';
import type { ReportScope } from '../reportPolicy.js';

export interface CategoryFacts extends CategorySla {
  id: string;
  code: string;
  proofPhotoRequired: boolean;
}

export async function categoryFacts(db: DbOrTx, categoryId: string): Promise<CategoryFacts> {
  const [row] = await db.select({
    id: categories.id, code: categories.code, proofPhotoRequired: categories.proofPhotoRequired,
    slaAcceptHours: categories.slaAcceptHours, slaResolveHours: categories.slaResolveHours, defaultPriority: categories.defaultPriority,
  }).from(categories).where(eq(categories.id, categoryId));
  if (!row) throw new Error(`category ${categoryId} of a report is missing`);
  return row;
}

export function loadUnitTree(db: DbOrTx): Promise<UnitTree> {
  return UnitTree.load(db);
}

export function scopeOf(report: ReportRow, tree: UnitTree): ReportScope {
  return {
    assignedUnitId: report.assignedUnitId,
    assignedAncestry: tree.ancestry(report.assignedUnitId),
    pendingTransferUnitId: report.pendingTransferUnitId,
    reporterId: report.reporterId,
    escalated: report.escalatedAt !== null,
  };
}
