/**
 * Who may see a photo an official hid (a face, a number plate): the officials who may open the
 * report in the officials' console — they see the hidden photos listed there, so they must be
 * able to load them. That is the report policy's `read` rule (the assigned unit and the units
 * above it, the unit a transfer waits in, any city admin). Citizens, the reporter included,
 * and anonymous callers never do.
 */
import type { DbOrTx } from '../../../db/client.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { UnitTree } from '../../officials/unitTree.js';
import { canOnReport } from '../reportPolicy.js';
import type { ReportRow } from '../reportRepository.js';

export async function canSeeHiddenMedia(db: DbOrTx, principal: Principal | null, report: ReportRow): Promise<boolean> {
  if (!principal || principal.kind !== 'official' || principal.memberships.length === 0) return false;
  const tree = await UnitTree.load(db);
  return canOnReport(principal, 'read', {
    assignedUnitId: report.assignedUnitId,
    assignedAncestry: tree.ancestry(report.assignedUnitId),
    pendingTransferUnitId: report.pendingTransferUnitId,
    reporterId: report.reporterId,
    escalated: report.escalatedAt !== null,
  });
}
