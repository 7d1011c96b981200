/**
 * The deadline sweep, run every minute by the server and on demand by the city admin.
 *
 * In batches of at most 500 rows, each batch one transaction with its rows locked (rows a
 * command holds are skipped and picked up next time), it
 *  1. marks OVERDUE open reports whose deadline has passed (accept-by while submitted,
 *     resolve-by while accepted or in progress): event `overdue`;
 *  2. marks DUE SOON those whose deadline falls within the next N working hours
 *     (settings.reports.dueSoonWorkingHours): event `due_soon`;
 *  3. ESCALATES overdue reports to the supervisors of the parent unit, once per report:
 *     `escalatedAt`, event `escalated` (from then on the parent's supervisors may act on it);
 *  4. CLOSES resolved reports nobody rated within settings.reports.autoCloseDays: event `auto_closed`.
 * Each mark is recorded once per transition (the flag goes false → true); commands that move a
 * deadline clear the flags. Events 1–3 are internal; their outbox events are what notifies the
 * unit and its supervisors.
 *
 * "Within N working hours" is computed exactly in SQL terms: the deadline is due soon when
 * deadline ≤ addWorkingHours(now, N) — the working-time distance grows with the deadline, so
 * this is the same as workingHoursBetween(now, deadline) ≤ N, across nights, weekends and Tết.
 * A deadline is passed when now > deadline (a deadline at 15:00 is met at 15:00).
 */
import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.js';
import { reports } from '../../../db/schema/index.js';
import { SYSTEM_ACTOR, type AuditContext } from '../../../platform/audit/auditLog.js';
import type { ModuleContext } from '../../moduleContext.js';
import { UnitTree } from '../../officials/unitTree.js';
import type { ReportRow } from '../reportRepository.js';
import { recordReportChange } from '../reportTimeline.js';

export const MAX_SWEEP_BATCH = 500;
const MS_PER_DAY = 86_400_000;

export interface SweepResult {
  overdue: number;
  dueSoon: number;
  escalated: number;
  autoClosed: number;
}

export interface SweepOptions {
  /** Rows per transaction, at most MAX_SWEEP_BATCH. */
  batchSize?: number;
  /** Who to record in the audit rows (the admin's request id when run by hand). */
  audit?: AuditContext;
}

export type SweepContext = Pick<ModuleContext, 'calendar' | 'city'> & { db: Db };

const WAITING_TO_ACCEPT = eq(reports.status, 'submitted');
const BEING_HANDLED = inArray(reports.status, ['accepted', 'in_progress']);
const OPEN = inArray(reports.status, ['submitted', 'accepted', 'in_progress']);

/** Open reports whose relevant deadline matches `test` (accept-by while submitted, resolve-by afterwards). */
function deadlineWhere(test: (deadline: typeof reports.acceptBy | typeof reports.resolveBy) => SQL): SQL {
  return or(and(WAITING_TO_ACCEPT, test(reports.acceptBy)), and(BEING_HANDLED, isNotNull(reports.resolveBy), test(reports.resolveBy)))!;
}

function deadlineOf(report: ReportRow): { kind: 'accept' | 'resolve'; at: Date } {
  return report.status === 'submitted' ? { kind: 'accept', at: report.acceptBy } : { kind: 'resolve', at: report.resolveBy! };
}

/**
 * Walks the rows matching `where` in id order, `batchSize` at a time, each batch in its own
 * transaction with the rows locked; `handle` changes one row and returns whether it counted.
 */
async function inBatches(db: Db, where: SQL, batchSize: number, handle: (tx: Tx, report: ReportRow) => Promise<boolean>): Promise<number> {
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const batch: ReportRow[] = await db.transaction(async (tx) => {
      const rows = await tx.select().from(reports)
        .where(after === null ? where : and(where, gt(reports.id, after)))
        .orderBy(asc(reports.id)).limit(batchSize)
        .for('update', { skipLocked: true });
      for (const row of rows) if (await handle(tx, row)) done += 1;
      return rows;
    });
    if (batch.length < batchSize) return done;
    after = batch[batch.length - 1]!.id;
  }
}

export async function sweepDeadlines(ctx: SweepContext, now: Date, options: SweepOptions = {}): Promise<SweepResult> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? MAX_SWEEP_BATCH, MAX_SWEEP_BATCH));
  const audit = options.audit ?? SYSTEM_ACTOR;
  const settings = ctx.city.settings.reports;
  const calendar = ctx.calendar.current();
  const result: SweepResult = { overdue: 0, dueSoon: 0, escalated: 0, autoClosed: 0 };

  result.overdue = await inBatches(ctx.db, and(eq(reports.overdue, false), deadlineWhere((d) => lt(d, now)))!, batchSize, async (tx, report) => {
    const deadline = deadlineOf(report);
    await tx.update(reports).set({ overdue: true, dueSoon: false, updatedAt: now }).where(eq(reports.id, report.id));
    await recordReportChange(tx, audit, report, {
      type: 'overdue', actorRole: 'system', public: false,
      data: { deadlineKind: deadline.kind, deadline: deadline.at.toISOString(), markedAt: now.toISOString() },
    });
    return true;
  });

  const dueSoonLimit = calendar.addWorkingHours(now, settings.dueSoonWorkingHours);
  const dueSoonWhere = and(eq(reports.dueSoon, false), eq(reports.overdue, false), deadlineWhere((d) => and(gte(d, now), lte(d, dueSoonLimit))!))!;
  result.dueSoon = await inBatches(ctx.db, dueSoonWhere, batchSize, async (tx, report) => {
    const deadline = deadlineOf(report);
    await tx.update(reports).set({ dueSoon: true, updatedAt: now }).where(eq(reports.id, report.id));
    await recordReportChange(tx, audit, report, {
      type: 'due_soon', actorRole: 'system', public: false,
      data: {
        deadlineKind: deadline.kind, deadline: deadline.at.toISOString(),
        workingHoursLeft: calendar.workingHoursBetween(now, deadline.at), markedAt: now.toISOString(),
      },
    });
    return true;
  });

  const tree = await UnitTree.load(ctx.db);
  result.escalated = await inBatches(ctx.db, and(OPEN, eq(reports.overdue, true), isNull(reports.escalatedAt))!, batchSize, async (tx, report) => {
    const parentId = tree.get(report.assignedUnitId)?.parentId ?? null;
    if (!parentId) return false; // the root unit has nobody above it
    await tx.update(reports).set({ escalatedAt: now, updatedAt: now }).where(eq(reports.id, report.id));
    await recordReportChange(tx, audit, report, {
      type: 'escalated', actorRole: 'system', public: false,
      data: { toUnitId: parentId, toUnitCode: tree.get(parentId)?.code ?? null, deadline: deadlineOf(report).at.toISOString() },
    });
    return true;
  });

  const answeredBefore = new Date(now.getTime() - settings.autoCloseDays * MS_PER_DAY);
  const unrated = and(eq(reports.status, 'resolved'), isNull(reports.rating), lte(reports.resolvedAt, answeredBefore))!;
  result.autoClosed = await inBatches(ctx.db, unrated, batchSize, async (tx, report) => {
    await tx.update(reports).set({ status: 'closed', closedAt: now, updatedAt: now }).where(eq(reports.id, report.id));
    await recordReportChange(tx, audit, report, {
      type: 'auto_closed', actorRole: 'system', fromStatus: 'resolved', toStatus: 'closed',
      data: { resolvedAt: report.resolvedAt?.toISOString() ?? null, afterDays: settings.autoCloseDays },
    });
    return true;
  });

  return result;
}
