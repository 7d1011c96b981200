/**
 * What the public may see of reports. A report waits out of public view while screening has
 * flagged it and no official has looked yet; a report rejected as abusive or as touching state
 * secrets never shows. Phone numbers typed into a description are masked in public.
 */
import { and, not, or, sql, type SQL } from 'drizzle-orm';
import { reports } from '../../db/schema/index.js';
import type { ReportRow } from './reportRepository.js';

export const PRIVATE_REJECT_REASONS = ['abusive', 'state_secret'] as const;

export function isPubliclyVisible(report: Pick<ReportRow, 'status' | 'screeningFlags' | 'rejectReason'>): boolean {
  if (report.status === 'submitted' && report.screeningFlags.length > 0) return false;
  if (report.status === 'rejected' && (PRIVATE_REJECT_REASONS as readonly string[]).includes(report.rejectReason ?? '')) return false;
  return true;
}

/** The same rule as SQL, for lists and maps. */
export const publiclyVisibleSql: SQL = not(or(
  and(sql`${reports.status} = 'submitted'`, sql`${reports.screeningFlags} <> '[]'::jsonb`),
  and(sql`${reports.status} = 'rejected'`, sql`${reports.rejectReason} in ('abusive', 'state_secret')`),
)!);

// Vietnamese phone numbers as people type them: 0912 345 678, 0912.345.678, +84 912345678, 024 3826 1234.
const PHONE_IN_TEXT = /(?:\+?84|0)(?:[\s.-]?\d){8,10}/g;

/** "Gọi 0912 345 678 để…" → "Gọi 09******** để…": the start stays so the sentence still reads. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE_IN_TEXT, (match) => `${match.slice(0, 2)}********`);
}
