/**
 * Every lifecycle command runs the same way, in one transaction:
 *   lock the report → policy (401/403) → command-specific checks that outrank the status
 *   (e.g. "already rated") → assertTransition (409) → the command's own checks and change →
 *   one recordReportChange (timeline + outbox + audit) → the answer.
 * The policy comes before the status check so a caller without any right on the report learns
 * nothing about what could be done to it, and the authorisation matrix holds in every status.
 * Idempotency-Key is honoured for every command (scope: the caller's user id); the stored
 * answer is written in the same transaction.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../../../db/client.js';
import { reports } from '../../../db/schema/index.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { AppError } from '../../../platform/errors/appError.js';
import { idempotencyKeyOf, requestFingerprint, runIdempotent, type StoredResponse } from '../../../platform/http/idempotency.js';
import type { ModuleContext } from '../../moduleContext.js';
import type { UnitTree } from '../../officials/unitTree.js';
import { findReport, type ReportRow } from '../reportRepository.js';
import { authorizeOnReport } from '../reportPolicy.js';
import { assertTransition, type ReportAction } from '../reportStatus.js';
import { recordReportChange, type ReportChange } from '../reportTimeline.js';
import type { ReportOfficial } from '../presenters.js';
import { officialView } from './officialView.js';
import { loadUnitTree, scopeOf } from './reportFacts.js';

export type CommandAction = Exclude<ReportAction, 'close' | 'support'>;

export interface CommandEnv {
  tx: Tx;
  report: ReportRow;
  principal: Principal;
  tree: UnitTree;
  now: Date;
  request: FastifyRequest;
}

export interface CommandOutcome {
  /** Columns to change on the report (updatedAt is set for you). */
  set: Partial<typeof reports.$inferInsert>;
  /** The event; from/to status are filled in when `set.status` changes the status. */
  change: Omit<ReportChange, 'fromStatus' | 'toStatus'>;
}

export interface CommandSpec {
  action: CommandAction;
  publicId: string;
  /**
   * Another report the command changes (merge): both rows are locked in public-id order before
   * anything else, so two merges in opposite directions wait for each other instead of deadlocking.
   */
  alsoLock?: string;
  /** What identifies the request for Idempotency-Key (the body, or a digest of uploaded files). */
  fingerprint: unknown;
  /** Checks that answer before the status check (a second rating is ALREADY_DONE, not a bad transition). */
  precheck?: (report: ReportRow) => void;
  run: (env: CommandEnv) => Promise<CommandOutcome>;
  /**
   * Undoes what `run` did outside the database (stored files) when its change did not commit:
   * the transaction failed, or a concurrent copy of the same request won and its answer is used.
   */
  discard?: () => Promise<void>;
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED');
  return request.principal;
}

/** Runs the command and answers; a repeat with the same Idempotency-Key gets the first answer. */
export async function runReportCommand(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply, spec: CommandSpec): Promise<ReportOfficial> {
  const principal = requirePrincipal(request);
  const key = idempotencyKeyOf(request);
  const fingerprint = requestFingerprint({ action: spec.action, publicId: spec.publicId, content: spec.fingerprint });
  const work = (tx: Tx) => runInTransaction(ctx, request, principal, spec, tx);
  let result: StoredResponse<ReportOfficial>;
  try {
    result = await runIdempotent(ctx.db, principal.userId, key, fingerprint, work);
  } catch (err) {
    await spec.discard?.();
    throw err;
  }
  if (result.replayed) {
    await spec.discard?.();
    void reply.header('idempotent-replayed', 'true');
  }
  void reply.header('cache-control', 'no-store'); // the officials' view holds the reporter's contact
  return result.body;
}

async function runInTransaction(ctx: ModuleContext, request: FastifyRequest, principal: Principal, spec: CommandSpec, tx: Tx): Promise<{ statusCode: number; body: ReportOfficial }> {
  if (spec.alsoLock) {
    await tx.select({ id: reports.id }).from(reports).where(inArray(reports.publicId, [spec.publicId, spec.alsoLock])).orderBy(asc(reports.publicId)).for('update');
  }
  const report = await findReport(tx, spec.publicId, true);
  const tree = await loadUnitTree(tx);
  authorizeOnReport(principal, spec.action, scopeOf(report, tree));
  spec.precheck?.(report);
  assertTransition(spec.action, report.status);
  const now = new Date();
  const outcome = await spec.run({ tx, report, principal, tree, now, request });
  const [updated] = await tx.update(reports).set({ ...outcome.set, updatedAt: now }).where(eq(reports.id, report.id)).returning();
  const changed = updated!.status !== report.status;
  await recordReportChange(tx, request.auditContext, updated!, {
    ...outcome.change,
    ...(changed ? { fromStatus: report.status, toStatus: updated!.status } : {}),
  });
  return { statusCode: 200, body: await officialView(ctx, tx, updated!, request.language) };
}

/** A text field that must say something; whitespace alone is refused with the field named. */
export function requireText(value: string, field: string, request: FastifyRequest): string {
  const text = value.trim();
  if (text === '') {
    throw AppError.validation([{ field, message: request.language === 'en' ? 'must not be blank' : 'không được để trống' }]);
  }
  return text;
}

/** Deadline flags are about a deadline that has just changed or stopped mattering. */
export const CLEARED_DEADLINE_FLAGS = { dueSoon: false, overdue: false } as const;
