/**
 * Working-time arithmetic for officials' deadlines.
 *
 * Legal deadlines ("within 3 working days", "reply within 8 working hours")
 * count only time when the office is open, in the city's own time zone. This
 * module is pure: callers pass the rules (loaded from wherever they live) and
 * get millisecond-precise UTC `Date`s back.
 *
 * Conventions (chosen so that add and between are exact inverses):
 * - Office intervals are half-open, [start, end). 12:00 is "closed" when the
 *   morning session is 08:00–12:00.
 * - A duration that ends exactly at a closing time is reported AS that closing
 *   time (Monday 08:00 + 8h = Monday 17:00, not Tuesday 08:00). Both are the
 *   same amount of working time; the former is what an official expects to read.
 * - All internal arithmetic is done on integer milliseconds, so fractional
 *   hours are rounded to the nearest millisecond once, on input.
 */

export interface OfficeHours {
  /** Local wall-clock time, 'HH:MM' (00:00–23:59). */
  start: string;
  /** Local wall-clock time, 'HH:MM'; '24:00' is accepted to mean midnight at the end of the day. */
  end: string;
}

export interface WorkingCalendarRules {
  /** IANA time zone, e.g. 'Asia/Ho_Chi_Minh'. */
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday. Defaults to DEFAULT_WEEKEND_DAYS ([0, 6]). */
  weekendDays?: readonly number[];
  /** Non-overlapping, in chronological order, e.g. a morning and an afternoon session. */
  officeHours: readonly OfficeHours[];
  /** Local dates 'YYYY-MM-DD' that are days off. */
  holidays: ReadonlySet<string>;
  /**
   * Local dates 'YYYY-MM-DD' that are working days although they fall on a
   * weekend day (ngày làm bù). Listing a date that is already a working day is
   * accepted and has no effect, so the list stays valid if weekendDays change.
   */
  makeUpWorkdays: ReadonlySet<string>;
}

export const HANOI_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const DEFAULT_WEEKEND_DAYS: readonly number[] = Object.freeze([0, 6]);
export const DEFAULT_OFFICE_HOURS: readonly OfficeHours[] = Object.freeze([
  Object.freeze({ start: '08:00', end: '12:00' }),
  Object.freeze({ start: '13:00', end: '17:00' }),
]);

/**
 * Upper bound on how many calendar days a single forward/backward search may
 * scan. ~10 years: far beyond any real deadline, small enough that a
 * misconfigured calendar (every day a holiday) fails fast instead of hanging.
 */
export const MAX_SCAN_DAYS = 3660;

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

const HHMM = /^(\d{2}):(\d{2})$/;
const YYYY_MM_DD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A half-open interval [start, end) in UTC epoch milliseconds. */
interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Office hours as minutes since local midnight. */
interface MinuteRange {
  readonly start: number;
  readonly end: number;
}

function parseHHMM(value: unknown, what: string, allow24: boolean): number {
  if (typeof value !== 'string') {
    throw new Error(`WorkingCalendar: ${what} must be a 'HH:MM' string, got ${String(value)}`);
  }
  const m = HHMM.exec(value);
  if (!m) throw new Error(`WorkingCalendar: ${what} '${value}' is not in 'HH:MM' format`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  const isMidnightEnd = allow24 && h === 24 && min === 0;
  if (!isMidnightEnd && (h > 23 || min > 59)) {
    throw new Error(`WorkingCalendar: ${what} '${value}' is not a valid time of day`);
  }
  return h * 60 + min;
}

/** Days since 1970-01-01 for a 'YYYY-MM-DD' string; throws on impossible dates like 2026-02-30. */
function parseLocalDate(value: unknown, what: string): number {
  if (typeof value !== 'string') {
    throw new Error(`WorkingCalendar: ${what} must be a 'YYYY-MM-DD' string, got ${String(value)}`);
  }
  const m = YYYY_MM_DD.exec(value);
  if (!m) throw new Error(`WorkingCalendar: ${what} '${value}' is not in 'YYYY-MM-DD' format`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC silently rolls 02-30 over into March; a round trip catches it.
  if (formatDayNumber(ms / MS_PER_DAY) !== value) {
    throw new Error(`WorkingCalendar: ${what} '${value}' is not a real calendar date`);
  }
  return ms / MS_PER_DAY;
}

function formatDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function toEpochMs(value: unknown, what: string): number {
  if (!(value instanceof Date)) throw new TypeError(`WorkingCalendar: ${what} must be a Date`);
  const ms = value.getTime();
  if (!Number.isFinite(ms)) throw new TypeError(`WorkingCalendar: ${what} is an invalid Date`);
  return ms;
}

function hoursToMs(hours: unknown, what: string): number {
  if (typeof hours !== 'number' || !Number.isFinite(hours)) {
    throw new RangeError(`WorkingCalendar: ${what} must be a finite number, got ${String(hours)}`);
  }
  const ms = Math.round(hours * MS_PER_HOUR);
  if (!Number.isSafeInteger(ms)) throw new RangeError(`WorkingCalendar: ${what} is too large`);
  // Normalise -0 so "no time" always takes the forward path.
  return ms === 0 ? 0 : ms;
}

function isSetLike(value: unknown): value is ReadonlySet<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { has?: unknown }).has === 'function' &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

export class WorkingCalendar {
  readonly timeZone: string;
  private readonly weekend: ReadonlySet<number>;
  private readonly ranges: readonly MinuteRange[];
  private readonly holidayDays: ReadonlySet<number>;
  private readonly makeUpDays: ReadonlySet<number>;
  private readonly workingMsPerDay: number;
  private readonly partsFormatter: Intl.DateTimeFormat;
  // Deadline computations for many reports hit the same few days over and
  // over; caching per-day intervals avoids repeating the Intl offset lookups.
  private readonly intervalCache = new Map<number, readonly Interval[]>();

  constructor(rules: WorkingCalendarRules) {
    if (rules === null || typeof rules !== 'object') {
      throw new Error('WorkingCalendar: rules object is required');
    }

    if (typeof rules.timeZone !== 'string' || rules.timeZone === '') {
      throw new Error('WorkingCalendar: timeZone must be a non-empty IANA time zone name');
    }
    try {
      this.partsFormatter = new Intl.DateTimeFormat('en-US', {
        timeZone: rules.timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new Error(`WorkingCalendar: unknown time zone '${rules.timeZone}'`);
    }
    this.timeZone = rules.timeZone;

    const weekendDays = rules.weekendDays ?? DEFAULT_WEEKEND_DAYS;
    if (!Array.isArray(weekendDays)) {
      throw new Error('WorkingCalendar: weekendDays must be an array of weekday numbers 0–6');
    }
    for (const d of weekendDays) {
      if (!Number.isInteger(d) || d < 0 || d > 6) {
        throw new Error(`WorkingCalendar: weekendDays contains ${String(d)}; expected integers 0 (Sunday) to 6 (Saturday)`);
      }
    }
    this.weekend = new Set(weekendDays);

    if (!Array.isArray(rules.officeHours) || rules.officeHours.length === 0) {
      throw new Error('WorkingCalendar: officeHours is empty; at least one office-hours interval is required');
    }
    const ranges: MinuteRange[] = [];
    rules.officeHours.forEach((oh, i) => {
      const label = `officeHours[${i}]`;
      if (oh === null || typeof oh !== 'object') throw new Error(`WorkingCalendar: ${label} must be {start, end}`);
      const start = parseHHMM(oh.start, `${label}.start`, false);
      const end = parseHHMM(oh.end, `${label}.end`, true);
      if (end <= start) {
        throw new Error(`WorkingCalendar: ${label} ends (${oh.end}) at or before it starts (${oh.start})`);
      }
      const prev = ranges[ranges.length - 1];
      if (prev !== undefined) {
        if (start < prev.start) {
          throw new Error(`WorkingCalendar: officeHours are not in chronological order at ${label} (${oh.start})`);
        }
        if (start < prev.end) {
          throw new Error(`WorkingCalendar: ${label} (${oh.start}–${oh.end}) overlaps the previous interval`);
        }
      }
      ranges.push({ start, end });
    });
    this.ranges = ranges;
    this.workingMsPerDay = ranges.reduce((sum, r) => sum + (r.end - r.start) * MS_PER_MINUTE, 0);

    if (!isSetLike(rules.holidays)) throw new Error('WorkingCalendar: holidays must be a Set of YYYY-MM-DD strings');
    if (!isSetLike(rules.makeUpWorkdays)) {
      throw new Error('WorkingCalendar: makeUpWorkdays must be a Set of YYYY-MM-DD strings');
    }
    const holidayDays = new Set<number>();
    for (const h of rules.holidays) holidayDays.add(parseLocalDate(h, 'holiday'));
    const makeUpDays = new Set<number>();
    for (const m of rules.makeUpWorkdays) {
      const day = parseLocalDate(m, 'make-up workday');
      // Contradictory admin data; silently picking one would move deadlines
      // without anyone noticing.
      if (holidayDays.has(day)) {
        throw new Error(`WorkingCalendar: ${String(m)} is listed both as a holiday and as a make-up workday`);
      }
      makeUpDays.add(day);
    }
    this.holidayDays = holidayDays;
    this.makeUpDays = makeUpDays;

    if (this.weekend.size === 7 && makeUpDays.size === 0) {
      throw new Error('WorkingCalendar: every day of the week is a weekend day and there are no make-up workdays');
    }
  }

  /** Working hours in one full working day (e.g. 8 for 08:00–12:00 + 13:00–17:00). */
  hoursPerWorkingDay(): number {
    return this.workingMsPerDay / MS_PER_HOUR;
  }

  /** Whether a local date 'YYYY-MM-DD' is a working day. Holidays beat make-up days (they cannot both be set). */
  isWorkingDay(localDate: string): boolean {
    return this.isWorkingDayNumber(parseLocalDate(localDate, 'localDate'));
  }

  /** The local calendar date 'YYYY-MM-DD' of an instant in this calendar's time zone. */
  localDateOf(instant: Date): string {
    return formatDayNumber(this.dayNumberOf(toEpochMs(instant, 'instant')));
  }

  /**
   * The earliest instant >= `from` at which the office is open. Returns `from`
   * itself when the office is open at that moment; this is the instant from
   * which working time starts counting.
   */
  nextOpening(from: Date): Date {
    return new Date(this.forward(toEpochMs(from, 'from'), 0));
  }

  /**
   * `from` plus `hours` of working time. Fractional hours are allowed (rounded
   * to the millisecond). If `from` is outside office hours, counting starts at
   * the next opening, so `hours = 0` is the same as nextOpening(from).
   * Negative hours count backwards (the inverse: counting ends at the previous
   * closing), so that workingHoursBetween(result, from) === -hours.
   */
  addWorkingHours(from: Date, hours: number): Date {
    const start = toEpochMs(from, 'from');
    const ms = hoursToMs(hours, 'hours');
    return new Date(ms >= 0 ? this.forward(start, ms) : this.backward(start, -ms));
  }

  /**
   * `from` plus `days` working days, defined as exactly
   * addWorkingHours(from, days * hoursPerWorkingDay()).
   *
   * Because every working day has the same office hours, this lands at the same
   * position within the working day N working days later: Monday 10:30 + 1 day
   * is Tuesday 10:30; Friday 10:30 + 1 day is the next working day at 10:30.
   * When `from` is outside office hours counting starts at the next opening,
   * so a report filed on Saturday with a 1-day deadline is due at Monday's
   * closing time (17:00), and Monday 08:00 + 1 day is Monday 17:00. Fractional
   * and negative values follow from the hours definition.
   */
  addWorkingDays(from: Date, days: number): Date {
    if (typeof days !== 'number' || !Number.isFinite(days)) {
      throw new RangeError(`WorkingCalendar: days must be a finite number, got ${String(days)}`);
    }
    return this.addWorkingHours(from, days * this.hoursPerWorkingDay());
  }

  /**
   * Working hours between two instants (office time inside [from, to)).
   * Negative when `to` is before `from`, which gives "overdue by N working
   * hours" directly as workingHoursBetween(deadline, now).
   */
  workingHoursBetween(from: Date, to: Date): number {
    const a = toEpochMs(from, 'from');
    const b = toEpochMs(to, 'to');
    if (b >= a) return this.workedMs(a, b) / MS_PER_HOUR;
    const ms = this.workedMs(b, a);
    // Avoid returning -0, which strict equality checks treat as different from 0.
    return ms === 0 ? 0 : -ms / MS_PER_HOUR;
  }

  // ---------------------------------------------------------------------------

  private isWorkingDayNumber(day: number): boolean {
    if (this.holidayDays.has(day)) return false;
    if (this.makeUpDays.has(day)) return true;
    // Day 0 (1970-01-01) was a Thursday.
    const weekday = (((day + 4) % 7) + 7) % 7;
    return !this.weekend.has(weekday);
  }

  /** Offset of the time zone from UTC at a given instant, in ms (positive east of Greenwich). */
  private offsetAt(ms: number): number {
    const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
    const fields: Record<string, number> = {};
    for (const part of this.partsFormatter.formatToParts(new Date(wholeSecond))) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(
      fields.year ?? NaN,
      (fields.month ?? NaN) - 1,
      fields.day ?? NaN,
      fields.hour ?? NaN,
      fields.minute ?? NaN,
      fields.second ?? NaN,
    );
    if (!Number.isFinite(asUtc)) throw new Error(`WorkingCalendar: could not resolve local time in ${this.timeZone}`);
    return asUtc - wholeSecond;
  }

  private dayNumberOf(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / MS_PER_DAY);
  }

  /**
   * UTC instant of a local wall-clock time. The second pass corrects the guess
   * when the offset differs across a DST change between the guess and the
   * answer; zones without DST (like Hanoi) converge on the first pass.
   */
  private localToUtc(day: number, minuteOfDay: number): number {
    const wall = day * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
    const firstGuess = wall - this.offsetAt(wall);
    const offset = this.offsetAt(firstGuess);
    return wall - offset;
  }

  private intervalsOn(day: number): readonly Interval[] {
    const cached = this.intervalCache.get(day);
    if (cached !== undefined) return cached;
    let intervals: Interval[] = [];
    if (this.isWorkingDayNumber(day)) {
      intervals = this.ranges
        .map((r) => ({ start: this.localToUtc(day, r.start), end: this.localToUtc(day, r.end) }))
        // A DST jump inside office hours could produce an empty or inverted slot.
        .filter((iv) => iv.end > iv.start);
    }
    if (this.intervalCache.size >= 4096) this.intervalCache.clear();
    this.intervalCache.set(day, intervals);
    return intervals;
  }

  private forward(fromMs: number, amountMs: number): number {
    let remaining = amountMs;
    let day = this.dayNumberOf(fromMs);
    for (let scanned = 0; scanned <= MAX_SCAN_DAYS; scanned++, day++) {
      for (const iv of this.intervalsOn(day)) {
        if (iv.end <= fromMs) continue;
        const start = Math.max(iv.start, fromMs);
        const available = iv.end - start;
        // `<=` (not `<`) is what makes a deadline land on closing time rather
        // than on the next opening.
        if (remaining <= available) return start + remaining;
        remaining -= available;
      }
    }
    throw new Error(
      `WorkingCalendar: scanned ${MAX_SCAN_DAYS} days after ${new Date(fromMs).toISOString()} without ` +
        'finding enough working time; check holidays/weekendDays (is every day a day off?)',
    );
  }

  private backward(fromMs: number, amountMs: number): number {
    let remaining = amountMs;
    let day = this.dayNumberOf(fromMs);
    for (let scanned = 0; scanned <= MAX_SCAN_DAYS; scanned++, day--) {
      const intervals = this.intervalsOn(day);
      for (let i = intervals.length - 1; i >= 0; i--) {
        const iv = intervals[i] as Interval;
        if (iv.start >= fromMs) continue;
        const end = Math.min(iv.end, fromMs);
        const available = end - iv.start;
        if (remaining <= available) return end - remaining;
        remaining -= available;
      }
    }
    throw new Error(
      `WorkingCalendar: scanned ${MAX_SCAN_DAYS} days before ${new Date(fromMs).toISOString()} without ` +
        'finding enough working time; check holidays/weekendDays (is every day a day off?)',
    );
  }

  /** Office time inside [a, b), a <= b. Bounded by the span itself, so no scan guard is needed. */
  private workedMs(a: number, b: number): number {
    if (a === b) return 0;
    let total = 0;
    const lastDay = this.dayNumberOf(b);
    for (let day = this.dayNumberOf(a); day <= lastDay; day++) {
      for (const iv of this.intervalsOn(day)) {
        const overlap = Math.min(iv.end, b) - Math.max(iv.start, a);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }
}
