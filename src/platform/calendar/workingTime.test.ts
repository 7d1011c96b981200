// TS 6 no longer loads @types automatically when these files are type-checked on their own.
/// <reference types="node" />
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_OFFICE_HOURS,
  HANOI_TIME_ZONE,
  MAX_SCAN_DAYS,
  WorkingCalendar,
  type WorkingCalendarRules,
} from './workingTime.js';
import { defaultVietnamHolidays } from './vietnamHolidays.js';

/** Hanoi wall-clock time → instant. The tests may hardcode +07:00; the module may not. */
function hn(local: string): Date {
  return new Date(`${local}+07:00`);
}

function iso(d: Date): string {
  return d.toISOString();
}

function rules(overrides: Partial<WorkingCalendarRules> = {}): WorkingCalendarRules {
  return {
    timeZone: HANOI_TIME_ZONE,
    weekendDays: [0, 6],
    officeHours: [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
    holidays: new Set<string>(),
    makeUpWorkdays: new Set<string>(),
    ...overrides,
  };
}

const VN_HOLIDAYS = new Set(defaultVietnamHolidays(2025, 2027).map((h) => h.date));

const MS_PER_HOUR = 3_600_000;
// `|| 0` folds -0 into 0 so strict equality compares amounts, not signs of zero.
const toMs = (hours: number): number => Math.round(hours * MS_PER_HOUR) || 0;

/** Deterministic PRNG (mulberry32) so property-style failures are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// 2026-03-02 is a Monday; March 2026 has no Vietnamese public holiday.
describe('office hours', () => {
  const cal = new WorkingCalendar(rules());

  test('11:30 Monday + 1 working hour skips the lunch break → 13:30', () => {
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-02T11:30'), 1)), iso(hn('2026-03-02T13:30')));
  });

  test('16:30 Friday + 1 working hour → Monday 08:30', () => {
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-06T16:30'), 1)), iso(hn('2026-03-09T08:30')));
  });

  test('submitted on Saturday → counting starts Monday 08:00', () => {
    const sat = hn('2026-03-07T10:15');
    assert.equal(iso(cal.nextOpening(sat)), iso(hn('2026-03-09T08:00')));
    assert.equal(iso(cal.addWorkingHours(sat, 0)), iso(hn('2026-03-09T08:00')));
    assert.equal(iso(cal.addWorkingHours(sat, 1)), iso(hn('2026-03-09T09:00')));
  });

  test('submitted at 07:00 → counting starts 08:00', () => {
    const early = hn('2026-03-03T07:00');
    assert.equal(iso(cal.nextOpening(early)), iso(hn('2026-03-03T08:00')));
    assert.equal(iso(cal.addWorkingHours(early, 2)), iso(hn('2026-03-03T10:00')));
  });

  test('nextOpening: open now → same instant; lunch → 13:00; at closing → next working morning', () => {
    const open = new Date(hn('2026-03-02T09:41').getTime() + 123);
    assert.equal(iso(cal.nextOpening(open)), iso(open));
    assert.equal(iso(cal.nextOpening(hn('2026-03-02T12:00'))), iso(hn('2026-03-02T13:00')));
    assert.equal(iso(cal.nextOpening(hn('2026-03-02T12:59'))), iso(hn('2026-03-02T13:00')));
    assert.equal(iso(cal.nextOpening(hn('2026-03-02T17:00'))), iso(hn('2026-03-03T08:00')));
    assert.equal(iso(cal.nextOpening(hn('2026-03-06T17:00'))), iso(hn('2026-03-09T08:00')));
  });

  test('a duration that ends exactly at closing time lands on the closing time', () => {
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-02T08:00'), 4)), iso(hn('2026-03-02T12:00')));
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-02T08:00'), 8)), iso(hn('2026-03-02T17:00')));
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-02T08:00'), 8.5)), iso(hn('2026-03-03T08:30')));
  });

  test('fractional hours and millisecond precision', () => {
    // 0.25 h = 15 min: 10 min before lunch, 5 min after.
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-02T11:50'), 0.25)), iso(hn('2026-03-02T13:05')));
    const from = hn('2026-03-02T10:00');
    assert.equal(cal.addWorkingHours(from, 1 / MS_PER_HOUR).getTime(), from.getTime() + 1);
    assert.equal(cal.workingHoursBetween(from, new Date(from.getTime() + 1)), 1 / MS_PER_HOUR);
  });

  test('negative hours count backwards, starting at the previous closing', () => {
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-02T13:30'), -1)), iso(hn('2026-03-02T11:30')));
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-09T08:30'), -1)), iso(hn('2026-03-06T16:30')));
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-08T20:00'), -2)), iso(hn('2026-03-06T15:00')));
  });

  test('hoursPerWorkingDay sums the office-hour intervals', () => {
    assert.equal(cal.hoursPerWorkingDay(), 8);
    const other = new WorkingCalendar(
      rules({
        officeHours: [
          { start: '07:30', end: '11:30' },
          { start: '13:30', end: '17:00' },
        ],
      }),
    );
    assert.equal(other.hoursPerWorkingDay(), 7.5);
    assert.equal(iso(other.addWorkingHours(hn('2026-03-02T11:00'), 1)), iso(hn('2026-03-02T14:00')));
  });

  test('weekendDays defaults to Saturday and Sunday when omitted', () => {
    const { weekendDays: _omit, ...rest } = rules();
    const def = new WorkingCalendar(rest);
    assert.equal(def.isWorkingDay('2026-03-07'), false);
    assert.equal(def.isWorkingDay('2026-03-08'), false);
    assert.equal(def.isWorkingDay('2026-03-09'), true);
    assert.deepEqual(DEFAULT_OFFICE_HOURS, rules().officeHours);
  });

  test('a six-day week (only Sunday off) counts Saturday', () => {
    const sixDay = new WorkingCalendar(rules({ weekendDays: [0] }));
    assert.equal(iso(sixDay.addWorkingHours(hn('2026-03-06T16:30'), 1)), iso(hn('2026-03-07T08:30')));
  });

  test('localDateOf uses the calendar time zone, not UTC', () => {
    assert.equal(cal.localDateOf(new Date('2026-03-01T17:30:00Z')), '2026-03-02');
    assert.equal(cal.localDateOf(new Date('2026-03-01T16:59:59.999Z')), '2026-03-01');
  });
});

describe('addWorkingDays', () => {
  const cal = new WorkingCalendar(rules());

  test('is defined as addWorkingHours(from, days * hoursPerWorkingDay())', () => {
    for (const [from, days] of [
      [hn('2026-03-02T10:30'), 1],
      [hn('2026-03-07T10:00'), 3],
      [hn('2026-03-02T12:30'), 2],
      [hn('2026-03-02T08:00'), 0.5],
    ] as const) {
      assert.equal(iso(cal.addWorkingDays(from, days)), iso(cal.addWorkingHours(from, days * 8)));
    }
  });

  test('same office moment N working days later', () => {
    assert.equal(iso(cal.addWorkingDays(hn('2026-03-02T10:30'), 1)), iso(hn('2026-03-03T10:30')));
    assert.equal(iso(cal.addWorkingDays(hn('2026-03-06T10:30'), 1)), iso(hn('2026-03-09T10:30')));
    assert.equal(iso(cal.addWorkingDays(hn('2026-03-02T10:00'), 15)), iso(hn('2026-03-23T10:00')));
  });

  test('from outside office hours: Saturday + 1 day → Monday closing; Monday 08:00 + 1 day → Monday 17:00', () => {
    assert.equal(iso(cal.addWorkingDays(hn('2026-03-07T09:00'), 1)), iso(hn('2026-03-09T17:00')));
    assert.equal(iso(cal.addWorkingDays(hn('2026-03-02T08:00'), 1)), iso(hn('2026-03-02T17:00')));
    assert.equal(iso(cal.addWorkingDays(hn('2026-03-02T17:00'), 1)), iso(hn('2026-03-03T17:00')));
  });

  test('rejects non-finite days', () => {
    assert.throws(() => cal.addWorkingDays(hn('2026-03-02T10:00'), Number.NaN), /days must be a finite number/);
  });
});

describe('Tết 2026 (default Vietnamese holidays)', () => {
  const cal = new WorkingCalendar(rules({ holidays: VN_HOLIDAYS }));

  test('the holiday block is not working time', () => {
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      assert.equal(cal.isWorkingDay(d), false, d);
    }
    assert.equal(cal.isWorkingDay('2026-02-13'), true);
    assert.equal(cal.isWorkingDay('2026-02-23'), true);
  });

  test('8 working hours from Friday 2026-02-13 16:00 → Monday 2026-02-23 16:00', () => {
    // Fri 16–17 (1h), Sat–Sun, Tết Mon–Fri, Sat–Sun, Mon 08–12 (4h) + 13–16 (3h).
    const from = hn('2026-02-13T16:00');
    const due = cal.addWorkingHours(from, 8);
    assert.equal(iso(due), iso(hn('2026-02-23T16:00')));
    assert.equal(cal.workingHoursBetween(from, due), 8);
  });

  test('5 working days from Thursday 2026-02-12 10:00 skip all five Tết days and both weekends', () => {
    // Thu 12 → Fri 13 (1), Mon 23 (2), Tue 24 (3), Wed 25 (4), Thu 26 (5).
    const due = cal.addWorkingDays(hn('2026-02-12T10:00'), 5);
    assert.equal(iso(due), iso(hn('2026-02-26T10:00')));
    assert.equal(iso(cal.addWorkingDays(hn('2026-02-13T16:00'), 5)), iso(hn('2026-02-27T16:00')));
  });

  test('without the holidays the same deadline would fall inside Tết (the test can fail)', () => {
    const noHolidays = new WorkingCalendar(rules());
    assert.equal(iso(noHolidays.addWorkingHours(hn('2026-02-13T16:00'), 8)), iso(hn('2026-02-16T16:00')));
  });

  test('report filed during Tết starts counting on the first working morning after it', () => {
    assert.equal(iso(cal.nextOpening(hn('2026-02-18T09:00'))), iso(hn('2026-02-23T08:00')));
  });
});

describe('make-up workdays (ngày làm bù)', () => {
  // 2026-04-25 is a Saturday, the day before Giỗ Tổ Hùng Vương (Sunday 04-26).
  const withMakeUp = new WorkingCalendar(rules({ holidays: VN_HOLIDAYS, makeUpWorkdays: new Set(['2026-04-25']) }));
  const without = new WorkingCalendar(rules({ holidays: VN_HOLIDAYS }));

  test('the make-up Saturday is a working day', () => {
    assert.equal(withMakeUp.isWorkingDay('2026-04-25'), true);
    assert.equal(without.isWorkingDay('2026-04-25'), false);
    assert.equal(withMakeUp.isWorkingDay('2026-04-26'), false);
  });

  test('work is counted on the make-up Saturday', () => {
    const from = hn('2026-04-24T16:30');
    assert.equal(iso(withMakeUp.addWorkingHours(from, 1)), iso(hn('2026-04-25T08:30')));
    assert.equal(iso(without.addWorkingHours(from, 1)), iso(hn('2026-04-27T08:30')));
    assert.equal(withMakeUp.workingHoursBetween(hn('2026-04-24T17:00'), hn('2026-04-27T08:00')), 8);
    assert.equal(without.workingHoursBetween(hn('2026-04-24T17:00'), hn('2026-04-27T08:00')), 0);
  });

  test('a make-up date on a weekday is accepted and changes nothing', () => {
    const cal = new WorkingCalendar(rules({ makeUpWorkdays: new Set(['2026-03-04']) }));
    assert.equal(cal.isWorkingDay('2026-03-04'), true);
  });
});

describe('workingHoursBetween', () => {
  const cal = new WorkingCalendar(rules({ holidays: VN_HOLIDAYS, makeUpWorkdays: new Set(['2026-04-25']) }));

  test('simple spans, and negative when reversed ("overdue by")', () => {
    assert.equal(cal.workingHoursBetween(hn('2026-03-02T11:30'), hn('2026-03-02T13:30')), 1);
    assert.equal(cal.workingHoursBetween(hn('2026-03-02T13:30'), hn('2026-03-02T11:30')), -1);
    assert.equal(cal.workingHoursBetween(hn('2026-03-06T16:00'), hn('2026-03-09T09:00')), 2);
    assert.equal(cal.workingHoursBetween(hn('2026-03-09T09:00'), hn('2026-03-06T16:00')), -2);
    assert.equal(cal.workingHoursBetween(hn('2026-03-07T09:00'), hn('2026-03-08T09:00')), 0);
    assert.ok(Object.is(cal.workingHoursBetween(hn('2026-03-08T09:00'), hn('2026-03-07T09:00')), 0), 'no -0');
  });

  test('a whole year: 2026 has 251 working days = 2008 hours under the default holidays', () => {
    const plain = new WorkingCalendar(rules({ holidays: VN_HOLIDAYS }));
    const from = hn('2026-01-01T00:00');
    const to = hn('2027-01-01T00:00');

    // Independent count, day by day with plain UTC date arithmetic.
    let days = 0;
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const date = d.toISOString().slice(0, 10);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !VN_HOLIDAYS.has(date)) days++;
    }
    assert.equal(days, 251);

    assert.equal(plain.workingHoursBetween(from, to), 2008);
    assert.equal(plain.workingHoursBetween(to, from), -2008);
    // 2026-12-31 is a Thursday: the last working hour of the year ends at 17:00 that day.
    assert.equal(iso(plain.addWorkingHours(from, 2008)), iso(hn('2026-12-31T17:00')));
    assert.equal(iso(plain.addWorkingDays(from, 251)), iso(hn('2026-12-31T17:00')));
  });

  test('agrees with a minute-by-minute reference on random short spans', () => {
    const rand = mulberry32(0xc0ffee);
    const base = hn('2026-01-20T00:00').getTime(); // spans reach into Tết and the make-up Saturday is out of range
    const offsetMs = 7 * MS_PER_HOUR; // reference only: Hanoi is UTC+7 all year
    const isOpenMinute = (t: number): boolean => {
      const local = new Date(t + offsetMs);
      const date = local.toISOString().slice(0, 10);
      const dow = local.getUTCDay();
      if (dow === 0 || dow === 6 || VN_HOLIDAYS.has(date)) return false;
      const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
      return (minute >= 8 * 60 && minute < 12 * 60) || (minute >= 13 * 60 && minute < 17 * 60);
    };
    for (let i = 0; i < 60; i++) {
      const a = base + Math.floor(rand() * 40 * 24 * 60) * 60_000;
      const b = a + Math.floor(rand() * 10 * 24 * 60) * 60_000;
      let minutes = 0;
      for (let t = a; t < b; t += 60_000) if (isOpenMinute(t)) minutes++;
      const got = cal.workingHoursBetween(new Date(a), new Date(b));
      assert.equal(Math.round(got * 60), minutes, `case ${i}: ${new Date(a).toISOString()} → ${new Date(b).toISOString()}`);
    }
  });
});

describe('addWorkingHours ⇄ workingHoursBetween (200 seeded random cases)', () => {
  const cal = new WorkingCalendar(rules({ holidays: VN_HOLIDAYS, makeUpWorkdays: new Set(['2026-04-25']) }));
  const rand = mulberry32(20260217);
  const start = Date.UTC(2025, 11, 1);
  const span = Date.UTC(2026, 11, 1) - start;

  test('between(from, add(from, h)) === h, negative when reversed, and add(·, -h) undoes add(·, h)', () => {
    for (let i = 0; i < 200; i++) {
      const from = new Date(start + Math.floor(rand() * span));
      // Up to ~15 working days, at millisecond granularity; every 10th case is 0.
      const hMs = i % 10 === 0 ? 0 : Math.floor(rand() * 120 * MS_PER_HOUR);
      const h = hMs / MS_PER_HOUR;
      const label = `case ${i}: from ${iso(from)} + ${h}h`;

      const to = cal.addWorkingHours(from, h);
      assert.ok(to.getTime() >= from.getTime(), label);
      assert.equal(toMs(cal.workingHoursBetween(from, to)), hMs, label);
      assert.equal(toMs(-cal.workingHoursBetween(to, from)), hMs, label);
      if (hMs > 0) assert.ok(cal.workingHoursBetween(to, from) < 0, label);

      // Going back by the same amount lands on the moment counting started.
      const back = cal.addWorkingHours(to, -h);
      assert.equal(iso(back), iso(cal.nextOpening(from)), label);
      assert.equal(toMs(cal.workingHoursBetween(back, to)), hMs, label);
    }
  });

  test('add(a, between(a, b)) reaches b exactly when b is during office hours', () => {
    for (let i = 0; i < 200; i++) {
      const a = start + Math.floor(rand() * span);
      const b = a + Math.floor(rand() * 30 * 24 * MS_PER_HOUR);
      const h = cal.workingHoursBetween(new Date(a), new Date(b));
      const reached = cal.addWorkingHours(new Date(a), h).getTime();
      const label = `case ${i}: ${new Date(a).toISOString()} → ${new Date(b).toISOString()}`;
      assert.ok(reached <= b || cal.nextOpening(new Date(b)).getTime() === reached, label);
      assert.equal(cal.workingHoursBetween(new Date(Math.min(reached, b)), new Date(b)), 0, label);
      if (cal.nextOpening(new Date(b)).getTime() === b) assert.equal(reached, b, label);
    }
  });
});

describe('time zone comes from the rules', () => {
  test('Asia/Tokyo (UTC+9): 08:00 local is 23:00Z the previous day', () => {
    const tokyo = new WorkingCalendar(rules({ timeZone: 'Asia/Tokyo' }));
    assert.equal(iso(tokyo.nextOpening(new Date('2026-03-01T22:00:00Z'))), '2026-03-01T23:00:00.000Z');
  });

  test('Europe/Berlin across the DST change follows local office hours', () => {
    const berlin = new WorkingCalendar(rules({ timeZone: 'Europe/Berlin' }));
    // Friday 2026-03-27 is CET (+1), Monday 2026-03-30 is CEST (+2).
    assert.equal(iso(berlin.nextOpening(new Date('2026-03-27T05:00:00Z'))), '2026-03-27T07:00:00.000Z');
    assert.equal(iso(berlin.nextOpening(new Date('2026-03-28T12:00:00Z'))), '2026-03-30T06:00:00.000Z');
    // Fri 16:00 CET → Mon 09:00 CEST = 1h + 1h.
    assert.equal(berlin.workingHoursBetween(new Date('2026-03-27T15:00:00Z'), new Date('2026-03-30T07:00:00Z')), 2);
    assert.equal(iso(berlin.addWorkingHours(new Date('2026-03-27T15:00:00Z'), 2)), '2026-03-30T07:00:00.000Z');
  });
});

describe('rule validation', () => {
  const cases: Array<[string, Partial<WorkingCalendarRules>, RegExp]> = [
    ['empty office hours', { officeHours: [] }, /officeHours is empty/],
    ['H:MM', { officeHours: [{ start: '8:00', end: '12:00' }] }, /officeHours\[0\]\.start '8:00' is not in 'HH:MM' format/],
    ['hour 25', { officeHours: [{ start: '08:00', end: '25:00' }] }, /officeHours\[0\]\.end '25:00' is not a valid time/],
    ['minute 60', { officeHours: [{ start: '08:60', end: '12:00' }] }, /officeHours\[0\]\.start '08:60' is not a valid time/],
    ['24:00 as start', { officeHours: [{ start: '24:00', end: '24:00' }] }, /not a valid time/],
    ['end before start', { officeHours: [{ start: '12:00', end: '08:00' }] }, /ends \(08:00\) at or before it starts/],
    ['zero-length', { officeHours: [{ start: '08:00', end: '08:00' }] }, /at or before it starts/],
    [
      'overlapping',
      { officeHours: [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '17:00' }] },
      /officeHours\[1\] \(11:00–17:00\) overlaps/,
    ],
    [
      'unordered',
      { officeHours: [{ start: '13:00', end: '17:00' }, { start: '08:00', end: '12:00' }] },
      /not in chronological order/,
    ],
    ['holiday that is also a make-up day', { holidays: new Set(['2026-04-25']), makeUpWorkdays: new Set(['2026-04-25']) }, /2026-04-25 is listed both as a holiday and as a make-up workday/],
    ['unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, /unknown time zone 'Mars\/Olympus_Mons'/],
    ['impossible holiday date', { holidays: new Set(['2026-02-30']) }, /holiday '2026-02-30' is not a real calendar date/],
    ['badly formatted make-up date', { makeUpWorkdays: new Set(['25/04/2026']) }, /make-up workday '25\/04\/2026' is not in 'YYYY-MM-DD'/],
    ['weekend day 7', { weekendDays: [6, 7] }, /weekendDays contains 7/],
    ['every day a weekend day', { weekendDays: [0, 1, 2, 3, 4, 5, 6] }, /every day of the week is a weekend day/],
  ];
  for (const [name, overrides, message] of cases) {
    test(`throws on ${name}`, () => {
      assert.throws(() => new WorkingCalendar(rules(overrides)), message);
    });
  }

  test('accepts touching intervals and a 24:00 end', () => {
    const cal = new WorkingCalendar(rules({ officeHours: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '24:00' }] }));
    assert.equal(cal.hoursPerWorkingDay(), 16);
    assert.equal(iso(cal.addWorkingHours(hn('2026-03-02T23:00'), 2)), iso(hn('2026-03-03T09:00')));
  });

  test('rejects invalid arguments', () => {
    const cal = new WorkingCalendar(rules());
    assert.throws(() => cal.addWorkingHours(new Date(Number.NaN), 1), /invalid Date/);
    assert.throws(() => cal.addWorkingHours(hn('2026-03-02T10:00'), Number.POSITIVE_INFINITY), /finite number/);
    assert.throws(() => cal.isWorkingDay('2026-13-01'), /not a real calendar date/);
  });
});

describe('calendars without working time fail fast instead of hanging', () => {
  test('every day a holiday from 2015 to 2039', () => {
    const holidays = new Set<string>();
    for (let t = Date.UTC(2015, 0, 1); t < Date.UTC(2040, 0, 1); t += 86_400_000) {
      holidays.add(new Date(t).toISOString().slice(0, 10));
    }
    const cal = new WorkingCalendar(rules({ holidays }));
    const from = hn('2026-03-02T10:00');
    const started = Date.now();
    assert.throws(() => cal.addWorkingHours(from, 1), new RegExp(`scanned ${MAX_SCAN_DAYS} days after`));
    assert.throws(() => cal.nextOpening(from), /every day a day off/);
    assert.throws(() => cal.addWorkingHours(from, -1), new RegExp(`scanned ${MAX_SCAN_DAYS} days before`));
    assert.equal(cal.workingHoursBetween(from, hn('2027-03-02T10:00')), 0);
    assert.ok(Date.now() - started < 10_000, 'guard should trip quickly');
  });

  test('all weekdays off with only a make-up day long ago', () => {
    const cal = new WorkingCalendar(
      rules({ weekendDays: [0, 1, 2, 3, 4, 5, 6], makeUpWorkdays: new Set(['2000-01-08']) }),
    );
    assert.equal(cal.isWorkingDay('2000-01-08'), true);
    assert.throws(() => cal.addWorkingDays(hn('2026-03-02T10:00'), 1), /scanned \d+ days after/);
  });
});
