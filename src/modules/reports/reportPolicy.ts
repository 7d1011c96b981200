/**
 * Who may do what to a report, in one place. Decisions are made on the report's assigned unit
 * (and the unit a pending transfer waits in), never on the caller's wish; the matrix test
 * (reportPolicy.test.ts) writes the whole table out by hand.
 *
 *  - Officials see the reports of their units and sub-units (any role there, including
 *    unit_admin and moderator), and the reports waiting for their unit to accept a transfer.
 *    A city admin sees every report. Nobody else gets the officials' view.
 *  - intake of the assigned unit: accept, reject, transfer, request information, merge, note.
 *  - handler of the assigned unit: start, resolve, request information, note.
 *  - supervisor of the assigned unit: everything intake and handler may, plus extend.
 *    Supervisors of an ANCESTOR unit may do the same once the report has been escalated
 *    (the deadline sweep escalates overdue reports to the parent unit).
 *  - intake or supervisor of the unit a transfer waits in: accept or decline the transfer.
 *  - moderator of the assigned unit or an ancestor, and the city admin: hide a photo; a
 *    moderator may also write an internal note. The city admin does no handling.
 *  - the reporter: withdraw, add information, rate, reopen. Another citizen: nothing here.
 */
import type { ReportAction } from './reportStatus.js';
import { hasRole, type OfficialRole, type Principal } from '../../platform/auth/principal.js';
import { authorizeScoped } from '../../platform/auth/policies.js';

/** The actions with a policy: every lifecycle action a person starts, plus the officials' view. */
export type ReportPolicyAction = Exclude<ReportAction, 'close' | 'support'> | 'read';

export const REPORT_POLICY_ACTIONS: readonly ReportPolicyAction[] = [
  'read', 'accept', 'reject', 'transfer', 'acceptTransfer', 'declineTransfer', 'requestInfo', 'addInfo', 'start', 'extend',
  'resolve', 'rate', 'reopen', 'withdraw', 'merge', 'note', 'hidePhoto',
];

/** What a decision needs to know about the report; ancestries list parent, grandparent … root. */
export interface ReportScope {
  assignedUnitId: string;
  assignedAncestry: readonly string[];
  pendingTransferUnitId: string | null;
  reporterId: string | null;
  /** Escalated to the parent unit by the deadline sweep. */
  escalated: boolean;
}

const INTAKE: readonly OfficialRole[] = ['intake', 'supervisor'];
const HANDLING: readonly OfficialRole[] = ['handler', 'supervisor'];
const INTAKE_OR_HANDLING: readonly OfficialRole[] = ['intake', 'handler', 'supervisor'];

function roleIn(p: Principal, roles: readonly OfficialRole[], unitIds: readonly string[]): boolean {
  return p.memberships.some((m) => roles.includes(m.role) && unitIds.includes(m.unitId));
}

/** A role in the assigned unit, or a supervisor above it once the report is escalated. */
function actsOnAssigned(p: Principal, roles: readonly OfficialRole[], scope: ReportScope): boolean {
  if (roleIn(p, roles, [scope.assignedUnitId])) return true;
  return scope.escalated && roles.includes('supervisor') && roleIn(p, ['supervisor'], scope.assignedAncestry);
}

const isReporter = (p: Principal, scope: ReportScope) => scope.reporterId !== null && p.userId === scope.reporterId;

const RULES: Record<ReportPolicyAction, (p: Principal, scope: ReportScope) => boolean> = {
  read: (p, s) => hasRole(p, 'city_admin')
    || p.memberships.some((m) => m.unitId === s.assignedUnitId || s.assignedAncestry.includes(m.unitId) || m.unitId === s.pendingTransferUnitId),
  accept: (p, s) => actsOnAssigned(p, INTAKE, s),
  reject: (p, s) => actsOnAssigned(p, INTAKE, s),
  transfer: (p, s) => actsOnAssigned(p, INTAKE, s),
  merge: (p, s) => actsOnAssigned(p, INTAKE, s),
  acceptTransfer: (p, s) => s.pendingTransferUnitId !== null && roleIn(p, INTAKE, [s.pendingTransferUnitId]),
  declineTransfer: (p, s) => s.pendingTransferUnitId !== null && roleIn(p, INTAKE, [s.pendingTransferUnitId]),
  requestInfo: (p, s) => actsOnAssigned(p, INTAKE_OR_HANDLING, s),
  start: (p, s) => actsOnAssigned(p, HANDLING, s),
  resolve: (p, s) => actsOnAssigned(p, HANDLING, s),
  extend: (p, s) => actsOnAssigned(p, ['supervisor'], s),
  note: (p, s) => actsOnAssigned(p, INTAKE_OR_HANDLING, s) || roleIn(p, ['moderator'], [s.assignedUnitId, ...s.assignedAncestry]),
  hidePhoto: (p, s) => hasRole(p, 'city_admin') || roleIn(p, ['moderator'], [s.assignedUnitId, ...s.assignedAncestry]),
  addInfo: isReporter,
  rate: isReporter,
  reopen: isReporter,
  withdraw: isReporter,
};

export function canOnReport(principal: Principal | null, action: ReportPolicyAction, scope: ReportScope): boolean {
  return principal !== null && RULES[action](principal, scope);
}

/** Throws 401 for an anonymous caller, 403 for a signed-in one without the right. */
export function authorizeOnReport(principal: Principal | null, action: ReportPolicyAction, scope: ReportScope): asserts principal is Principal {
  authorizeScoped(principal, canOnReport(principal, action, scope), `report.${action}`);
}

/** A unit's queues: its officials (any role) and those of the units above it; the city admin. */
export function canReadQueue(principal: Principal | null, unitId: string, unitAncestry: readonly string[]): boolean {
  if (!principal) return false;
  if (hasRole(principal, 'city_admin')) return true;
  return principal.memberships.some((m) => m.unitId === unitId || unitAncestry.includes(m.unitId));
}

/** Running the deadline sweep by hand: the city admin. */
export function canRunDeadlineSweep(principal: Principal | null): boolean {
  return hasRole(principal, 'city_admin');
}
