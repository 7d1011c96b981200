/**
 * The report lifecycle (docs/architecture.md, "Report lifecycle"): which status each action
 * leaves from and goes to. Commands check here before they change anything.
 */
import type { ReportStatus } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors/appError.js';

export const OPEN_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted', 'in_progress'];
export const FINAL_STATUSES: readonly ReportStatus[] = ['closed', 'rejected', 'withdrawn', 'merged'];

export type ReportAction =
  | 'accept' | 'reject' | 'transfer' | 'acceptTransfer' | 'declineTransfer' | 'requestInfo' | 'addInfo' | 'start' | 'extend'
  | 'resolve' | 'rate' | 'reopen' | 'close' | 'withdraw' | 'merge' | 'note' | 'hidePhoto' | 'support';

/** From which statuses each action may start. */
export const ALLOWED_FROM: Record<ReportAction, readonly ReportStatus[]> = {
  accept: ['submitted'],
  reject: ['submitted', 'accepted'],
  transfer: ['submitted', 'accepted', 'in_progress'],
  acceptTransfer: ['submitted', 'accepted', 'in_progress'],
  declineTransfer: ['submitted', 'accepted', 'in_progress'],
  requestInfo: ['submitted', 'accepted', 'in_progress'],
  addInfo: ['submitted', 'accepted', 'in_progress'],
  start: ['accepted'],
  extend: ['accepted', 'in_progress'],
  resolve: ['accepted', 'in_progress'],
  rate: ['resolved'],
  reopen: ['resolved'],
  close: ['resolved'],
  withdraw: ['submitted'],
  merge: ['submitted', 'accepted', 'in_progress'],
  note: ['submitted', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected', 'withdrawn', 'merged'],
  hidePhoto: ['submitted', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected', 'withdrawn', 'merged'],
  support: ['submitted', 'accepted', 'in_progress'],
};

export function assertTransition(action: ReportAction, status: ReportStatus): void {
  if (!ALLOWED_FROM[action].includes(status)) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { action, status, allowedFrom: ALLOWED_FROM[action] });
  }
}

/** Open311 knows two states. */
export function open311Status(status: ReportStatus): 'open' | 'closed' {
  return OPEN_STATUSES.includes(status) ? 'open' : 'closed';
}
