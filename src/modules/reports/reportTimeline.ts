/**
 * Every change to a report is recorded three ways, in the caller's transaction: a timeline
 * event (what the citizen and officials see), a domain event in the outbox (what notifications
 * react to) and an audit row (who did what, tamper-evident). Commands call this once.
 */
import type { DbOrTx } from '../../db/client.js';
import { reportEvents, type ReportStatus } from '../../db/schema/index.js';
import { recordAudit, type AuditContext } from '../../platform/audit/auditLog.js';
import { emitEvent } from '../../platform/outbox/outbox.js';

export interface ReportChange {
  type: string; // submitted, accepted, rejected, transfer_requested, transferred, info_requested, …
  actorRole: 'reporter' | 'official' | 'system' | 'public';
  fromStatus?: ReportStatus | null;
  toStatus?: ReportStatus | null;
  message?: string | null;
  data?: Record<string, unknown>;
  /** False for internal notes and routing details. */
  public?: boolean;
}

export interface ReportRef {
  id: string;
  publicId: string;
  assignedUnitId: string;
  reporterId: string | null;
  status: ReportStatus;
}

export async function recordReportChange(tx: DbOrTx, audit: AuditContext, report: ReportRef, change: ReportChange): Promise<void> {
  const isPublic = change.public ?? true;
  await tx.insert(reportEvents).values({
    reportId: report.id,
    type: change.type,
    actorId: audit.actorId,
    actorRole: change.actorRole,
    fromStatus: change.fromStatus ?? null,
    toStatus: change.toStatus ?? null,
    message: change.message ?? null,
    data: change.data ?? {},
    public: isPublic,
  });
  await emitEvent(tx, {
    type: `report.${change.type}`,
    aggregateType: 'report',
    aggregateId: report.id,
    payload: {
      publicId: report.publicId,
      unitId: report.assignedUnitId,
      reporterId: report.reporterId,
      fromStatus: change.fromStatus ?? report.status,
      toStatus: change.toStatus ?? report.status,
      public: isPublic,
      ...change.data,
    },
  });
  await recordAudit(tx, audit, {
    action: `report.${change.type}`,
    entityType: 'report',
    entityId: report.id,
    data: { publicId: report.publicId, fromStatus: change.fromStatus ?? null, toStatus: change.toStatus ?? null, ...(change.data ?? {}) },
  });
}
