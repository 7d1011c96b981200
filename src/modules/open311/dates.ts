/**
 * Dates as GeoReport v2 takes them (the W3C profile of ISO 8601): a day (`2026-03-01`, read in
 * the city's time zone) or a date and time with its offset (`2026-03-01T08:30:00+07:00`, `…Z`).
 * A time without an offset is refused: the specification requires one, and guessing the zone
 * would silently shift a client's window by hours.
 */
import { parseDateBound } from '../reports/public/reportFilters.js';
import { Open311Error } from './errors.js';
import type { Language } from '../../platform/i18n/language.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

export const DAY_MS = 86_400_000;
/** The default window, and the widest one the specification allows. */
export const WINDOW_DAYS = 90;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

const t = (lang: Language, vi: string, en: string) => (lang === 'en' ? en : vi);

/**
 * An instant, or a whole day: `start` of a day is its first moment, `end` of a day is the next
 * day's first moment (exclusive), so `end_date=2026-03-01` includes all of 1 March.
 */
export function parseOpen311Date(raw: string, field: string, bound: 'start' | 'end', timeZone: string, lang: Language): { at: Date; exclusive: boolean } {
  // A `+` left unencoded in a query string arrives as a space: "2026-03-01T08:00:00 07:00".
  const text = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const bad = () => Open311Error.badRequest(`${field}: ${t(lang,
    'phải là ngày giờ ISO 8601 có múi giờ, ví dụ 2026-03-01T08:00:00+07:00, hoặc một ngày 2026-03-01',
    'must be an ISO 8601 date and time with its offset, e.g. 2026-03-01T08:00:00+07:00, or a day 2026-03-01')}`);
  const day = DAY.exec(text);
  if (day) {
    if (!validDay(+day[1]!, +day[2]!, +day[3]!)) throw bad();
    return parseDateBound(text, bound === 'start' ? 'from' : 'to', timeZone, lang);
  }
  const match = DATE_TIME.exec(text);
  if (!match) throw bad();
  const [, y, mo, d, h, mi, s, zone, oh, om] = match;
  if (!validDay(+y!, +mo!, +d!) || +h! > 23 || +mi! > 59 || (s !== undefined && +s > 59)) throw bad();
  if (zone !== 'Z' && (+oh! > 14 || +om! > 59)) throw bad();
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw bad();
  return { at, exclusive: false };
}

export interface DateWindow {
  start: Date;
  /** Results are before `end` (exclusive) or at most `end`. */
  end: Date;
  endExclusive: boolean;
}

/**
 * start_date/end_date → the window searched. Neither: the last 90 days. One: 90 days from or up
 * to it. Both: as given, at most 90 days apart (the specification's limit).
 */
export function dateWindow(startText: string | undefined, endText: string | undefined, now: Date, timeZone: string, lang: Language): DateWindow {
  const start = startText !== undefined && startText !== '' ? parseOpen311Date(startText, 'start_date', 'start', timeZone, lang) : undefined;
  const end = endText !== undefined && endText !== '' ? parseOpen311Date(endText, 'end_date', 'end', timeZone, lang) : undefined;
  const span = WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end.at.getTime() <= start.at.getTime()) {
      throw Open311Error.badRequest(t(lang, 'end_date: phải sau start_date', 'end_date: must be after start_date'));
    }
    if (end.at.getTime() - start.at.getTime() > span + (end.exclusive ? 0 : 1)) {
      throw Open311Error.badRequest(t(lang, `start_date, end_date: cách nhau tối đa ${WINDOW_DAYS} ngày`, `start_date, end_date: may not span more than ${WINDOW_DAYS} days`));
    }
    return { start: start.at, end: end.at, endExclusive: end.exclusive };
  }
  if (start) return { start: start.at, end: new Date(start.at.getTime() + span), endExclusive: false };
  if (end) return { start: new Date(end.at.getTime() - span), end: end.at, endExclusive: end.exclusive };
  return { start: new Date(now.getTime() - span), end: now, endExclusive: false };
}
