/**
 * Which unit handles a report of a category at a place. Most specific wins:
 * rule for (category, ward) → rule for category anywhere → rule for ward, any category →
 * the category's default handling unit → the ward's People's Committee.
 */
import { and, eq, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { routingRules } from '../../db/schema/index.js';

export type RoutingReason = 'rule_category_area' | 'rule_category' | 'rule_area' | 'category_default' | 'ward_default';

export interface RoutingInput {
  categoryId: string;
  categoryParentId: string | null;
  categoryHandlingUnitId: string | null;
  areaId: string | null;
  areaUnitId: string | null;
}

export async function resolveHandlingUnit(db: DbOrTx, input: RoutingInput): Promise<{ unitId: string; reason: RoutingReason; ruleId?: string } | null> {
  // A rule on the parent group applies to its children too; the child's own rule is more specific.
  const categoryIds = [input.categoryId, ...(input.categoryParentId ? [input.categoryParentId] : [])];
  const rules = await db.select().from(routingRules).where(and(
    or(isNull(routingRules.categoryId), ...categoryIds.map((id) => eq(routingRules.categoryId, id))),
    input.areaId ? or(isNull(routingRules.areaId), eq(routingRules.areaId, input.areaId)) : isNull(routingRules.areaId),
  ));
  // (child, ward) > (group, ward) > (child) > (group) > (ward): a category rule beats a ward-wide one,
  // so "scams anywhere → police" still holds in a ward that sends everything else elsewhere.
  const rank = (r: typeof rules[number]): number => {
    const categoryRank = r.categoryId === input.categoryId ? 2 : r.categoryId ? 1 : 0;
    if (categoryRank === 0) return r.areaId ? 1 : 0;
    return 2 + categoryRank + (r.areaId ? 2 : 0);
  };
  const best = rules.filter((r) => rank(r) > 0).sort((a, b) => rank(b) - rank(a))[0];
  if (best) {
    const reason: RoutingReason = best.categoryId && best.areaId ? 'rule_category_area' : best.categoryId ? 'rule_category' : 'rule_area';
    return { unitId: best.unitId, reason, ruleId: best.id };
  }
  if (input.categoryHandlingUnitId) return { unitId: input.categoryHandlingUnitId, reason: 'category_default' };
  if (input.areaUnitId) return { unitId: input.areaUnitId, reason: 'ward_default' };
  return null;
}
