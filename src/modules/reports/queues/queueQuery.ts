/**
 * Which reports are in which of a unit's queues, as SQL conditions, and the page + counts query.
 * The views overlap on purpose (an overdue report in progress is in both lists); the counts
 * are what the tabs of the officers' console show.
 */
import { and, asc, count, desc, eq, gt, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { categories, reports } from '../../../db/schema/index.js';
import { searchableText } from '../../../platform/i18n/searchText.js';
import type { ReportRow } from '../reportRepository.js';
import type { QueueView } from './schemas.js';

const OPEN = inArray(reports.status, ['submitted', 'accepted', 'in_progress']);

export interface QueueScope {
  unitId: string;
  /** Units below this one (not itself): where escalated reports come from. */
  subUnitIds: string[];
}

export function viewCondition(view: QueueView, scope: QueueScope): SQL {
  const assigned = eq(reports.assignedUnitId, scope.unitId);
  switch (view) {
    case 'new': return and(assigned, eq(reports.status, 'submitted'))!;
    case 'due_soon': return and(assigned, OPEN, eq(reports.dueSoon, true), eq(reports.overdue, false))!;
    case 'overdue': return and(assigned, OPEN, eq(reports.overdue, true))!;
    case 'in_progress': return and(assigned, inArray(reports.status, ['accepted', 'in_progress']))!;
    case 'reopened': return and(assigned, OPEN, gt(reports.reopenCount, 0))!;
    case 'pending_transfer': return and(eq(reports.pendingTransferUnitId, scope.unitId), OPEN)!;
    case 'escalated': return scope.subUnitIds.length === 0
      ? sql`false`
      : and(inArray(reports.assignedUnitId, scope.subUnitIds), OPEN, isNotNull(reports.escalatedAt))!;
    case 'all': return assigned;
  }
}

export interface QueueFilters {
  /** Ids of the category asked for and, for a group, its categories. */
  categoryIds?: string[];
  areaId?: string;
  q?: string;
}

function filterConditions(filters: QueueFilters): SQL[] {
  const out: SQL[] = [];
  if (filters.categoryIds) out.push(inArray(reports.categoryId, filters.categoryIds));
  if (filters.areaId) out.push(eq(reports.areaId, filters.areaId));
  if (filters.q) {
    const escape = (text: string) => text.replace(/[\\%_]/g, '\\$&');
    out.push(or(
      ilike(reports.searchText, `%${escape(searchableText(filters.q))}%`),
      ilike(reports.addressText, `%${escape(filters.q.trim())}%`),
      eq(reports.publicId, filters.q.trim().toUpperCase()),
    )!);
  }
  return out;
}

/** The deadline that matters now: accept-by until accepted, resolve-by while being handled. */
export const currentDeadline = sql<Date | null>`case when ${reports.status} = 'submitted' then ${reports.acceptBy}
  when ${reports.status} in ('accepted', 'in_progress') then ${reports.resolveBy} else null end`;

export async function categoryIdsFor(db: DbOrTx, code: string): Promise<string[]> {
  const [category] = await db.select({ id: categories.id }).from(categories).where(eq(categories.code, code));
  if (!category) return [];
  const children = await db.select({ id: categories.id }).from(categories).where(eq(categories.parentId, category.id));
  return [category.id, ...children.map((c) => c.id)];
}

const COUNTED: Array<[keyof QueueCountsRow, QueueView]> = [
  ['new', 'new'], ['dueSoon', 'due_soon'], ['overdue', 'overdue'], ['inProgress', 'in_progress'],
  ['reopened', 'reopened'], ['pendingTransfer', 'pending_transfer'], ['escalated', 'escalated'],
];

export interface QueueCountsRow {
  new: number;
  dueSoon: number;
  overdue: number;
  inProgress: number;
  reopened: number;
  pendingTransfer: number;
  escalated: number;
}

export interface QueueRequest {
  view: QueueView;
  sort: 'deadline' | 'created';
  page: number;
  pageSize: number;
  filters: QueueFilters;
}

export async function readQueue(db: DbOrTx, scope: QueueScope, query: QueueRequest): Promise<{ rows: ReportRow[]; total: number; counts: QueueCountsRow }> {
  const filters = filterConditions(query.filters);
  const where = and(viewCondition(query.view, scope), ...filters);
  const order = query.sort === 'deadline'
    ? [sql`${currentDeadline} asc nulls last`, asc(reports.createdAt), asc(reports.id)]
    : [desc(reports.createdAt), desc(reports.id)];
  // Every row any view could hold, so the counts are one pass over the unit's reports.
  const anyView = or(...COUNTED.map(([, view]) => viewCondition(view, scope)))!;
  const countColumns = Object.fromEntries(COUNTED.map(([name, view]) => [
    name, sql<number>`count(*) filter (where ${viewCondition(view, scope)})`.mapWith(Number),
  ])) as { [K in keyof QueueCountsRow]: SQL.Aliased<number> | SQL<number> };

  const rows = await db.select().from(reports).where(where).orderBy(...order).limit(query.pageSize).offset((query.page - 1) * query.pageSize);
  const [total] = await db.select({ n: count() }).from(reports).where(where);
  const [counts] = await db.select(countColumns).from(reports).where(and(anyView, ...filters));
  return { rows, total: total?.n ?? 0, counts: counts as QueueCountsRow };
}
