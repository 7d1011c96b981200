/**
 * The filters of the public feed and map, turned into SQL conditions on `reports`. Unknown
 * codes are refused with the field named (a typo should not look like "no reports").
 */
import { eq, gte, inArray, lte, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { publiclyVisibleSql } from '../publicVisibility.js';
import type { DbOrTx } from '../../../db/client.js';
import { categories, reports, type ReportStatus } from '../../../db/schema/index.js';
import { AppError } from '../../../platform/errors/appError.js';
import { searchableText } from '../../../platform/i18n/searchText.js';
import type { Language } from '../../../platform/i18n/language.js';
import type { AreaService } from '../../areas/areaService.js';
import { findUnit } from '../../units/index.js';

export const REPORT_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected', 'withdrawn', 'merged'];
/** Left out of public lists unless asked for by status: a duplicate, or taken back by the reporter. */
export const HIDDEN_BY_DEFAULT: readonly ReportStatus[] = ['merged', 'withdrawn'];
/** Words of `q` that are matched; more add nothing but cost. */
const MAX_SEARCH_WORDS = 8;

export interface ReportFilters {
  categoryCode?: string | undefined;
  areaId?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  unitCode?: string | undefined;
}

function invalid(field: string, lang: Language, vi: string, en: string): AppError {
  return AppError.validation([{ field: `querystring.${field}`, message: lang === 'en' ? en : vi }]);
}

/** `a,b` → the statuses, each checked against the lifecycle's list. */
export function parseStatuses(text: string | undefined, lang: Language): ReportStatus[] | undefined {
  if (text === undefined) return undefined;
  const wanted = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  const unknown = wanted.filter((s) => !REPORT_STATUSES.includes(s as ReportStatus));
  if (unknown.length > 0 || wanted.length === 0) {
    throw invalid('status', lang, `trạng thái không hợp lệ: ${unknown.join(', ')}; dùng: ${REPORT_STATUSES.join(', ')}`, `unknown status ${unknown.join(', ')}; use: ${REPORT_STATUSES.join(', ')}`);
  }
  return wanted as ReportStatus[];
}

/** The UTC offset of `timeZone` at `instant`, in ms (+7 h for Hanoi). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!) - Math.floor(instant / 1000) * 1000;
}

/** A day (the start of it in the city's time zone, or of the next day with `endOfDay`) or an instant. */
export function parseDateBound(text: string, field: 'from' | 'to', timeZone: string, lang: Language): { at: Date; exclusive: boolean } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    const midnightUtc = Date.UTC(y, m - 1, d + (field === 'to' ? 1 : 0));
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
      throw invalid(field, lang, 'ngày không tồn tại', 'no such day');
    }
    // "to" a day means up to the end of that day: before the next local midnight.
    return { at: new Date(midnightUtc - zoneOffsetMs(midnightUtc, timeZone)), exclusive: field === 'to' };
  }
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw invalid(field, lang, 'thời điểm không hợp lệ', 'not a valid date or time');
  return { at, exclusive: false };
}

/** Words of a search, folded like `search_text` ("Đường Láng" → duong, lang). */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return searchableText(q).split(/[^a-z0-9]+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}

/**
 * A PostgreSQL regular expression for the words as a phrase: each starting a word, in the order
 * typed, anything but letters and digits between them (punctuation, spaces); the last word may
 * be unfinished. Vietnamese words are syllables, so "o ga" must not match "ở … gạch".
 * The words are [a-z0-9]+ only, so nothing needs escaping.
 */
export function phrasePattern(words: readonly string[]): string | null {
  return words.length === 0 ? null : `\\m${words.join('[^a-z0-9]+')}`;
}

export interface FilterContext {
  db: DbOrTx;
  areas: AreaService;
  timeZone: string;
  lang: Language;
}

/** SQL conditions for the filters; throws 422 naming the field for an unknown code or bad date. */
export async function filterConditions(filters: ReportFilters, fc: FilterContext): Promise<SQL[]> {
  // Screened-out reports never reach public lists, whatever the filters.
  const conditions: SQL[] = [publiclyVisibleSql];
  const statuses = parseStatuses(filters.status, fc.lang);
  conditions.push(statuses ? inArray(reports.status, statuses) : notInArray(reports.status, [...HIDDEN_BY_DEFAULT]));

  if (filters.categoryCode !== undefined) {
    const [category] = await fc.db.select({ id: categories.id }).from(categories).where(eq(categories.code, filters.categoryCode));
    if (!category) throw invalid('categoryCode', fc.lang, `không có lĩnh vực ${filters.categoryCode}`, `no category ${filters.categoryCode}`);
    const children = await fc.db.select({ id: categories.id }).from(categories).where(eq(categories.parentId, category.id));
    conditions.push(inArray(reports.categoryId, [category.id, ...children.map((c) => c.id)]));
  }
  if (filters.areaId !== undefined) {
    if (!fc.areas.get(filters.areaId)) throw invalid('areaId', fc.lang, `không có phường, xã ${filters.areaId}`, `no ward ${filters.areaId}`);
    conditions.push(eq(reports.areaId, filters.areaId));
  }
  if (filters.unitCode !== undefined) {
    const unit = await findUnit(fc.db, filters.unitCode);
    if (!unit) throw invalid('unitCode', fc.lang, `không có đơn vị ${filters.unitCode}`, `no unit ${filters.unitCode}`);
    conditions.push(eq(reports.assignedUnitId, unit.id));
  }
  const from = filters.from !== undefined ? parseDateBound(filters.from, 'from', fc.timeZone, fc.lang) : undefined;
  const to = filters.to !== undefined ? parseDateBound(filters.to, 'to', fc.timeZone, fc.lang) : undefined;
  if (from && to && from.at.getTime() >= to.at.getTime() + (to.exclusive ? 0 : 1)) {
    throw invalid('to', fc.lang, '"to" phải sau "from"', '"to" must come after "from"');
  }
  if (from) conditions.push(gte(reports.createdAt, from.at));
  if (to) conditions.push(to.exclusive ? lt(reports.createdAt, to.at) : lte(reports.createdAt, to.at));

  // The words as a phrase in the folded description + address.
  const pattern = phrasePattern(searchWords(filters.q));
  if (pattern) conditions.push(sql`${reports.searchText} ~ ${pattern}`);
  return conditions;
}

