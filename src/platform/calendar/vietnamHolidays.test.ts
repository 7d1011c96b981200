// TS 6 no longer loads @types automatically when these files are type-checked on their own.
/// <reference types="node" />
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { defaultVietnamHolidays } from './vietnamHolidays.js';

describe('defaultVietnamHolidays', () => {
  test('2026: exactly the statutory days, with Tết and National Day widened', () => {
    const dates = defaultVietnamHolidays(2026, 2026).map((h) => h.date);
    assert.deepEqual(dates, [
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ]);
  });

  test('2026: bilingual names', () => {
    const byDate = new Map(defaultVietnamHolidays(2026, 2026).map((h) => [h.date, h]));
    const expect = (date: string, nameVi: string, nameEn: string): void => {
      assert.deepEqual(byDate.get(date), { date, nameVi, nameEn });
    };
    expect('2026-01-01', 'Tết Dương lịch', "New Year's Day");
    expect('2026-02-16', 'Tết Nguyên Đán (Giao thừa)', "Lunar New Year's Eve");
    expect('2026-02-17', 'Tết Nguyên Đán (mùng 1)', 'Lunar New Year (day 1)');
    expect('2026-02-18', 'Tết Nguyên Đán (mùng 2)', 'Lunar New Year (day 2)');
    expect('2026-02-20', 'Tết Nguyên Đán (mùng 4)', 'Lunar New Year (day 4)');
    expect('2026-04-26', 'Giỗ Tổ Hùng Vương', 'Hung Kings Commemoration Day');
    expect('2026-04-30', 'Ngày Giải phóng miền Nam', 'Reunification Day');
    expect('2026-05-01', 'Quốc tế Lao động', 'International Labour Day');
    expect('2026-09-02', 'Quốc khánh', 'National Day');
    assert.match(byDate.get('2026-09-01')?.nameVi ?? '', /^Quốc khánh/);
    assert.match(byDate.get('2026-09-01')?.nameEn ?? '', /^National Day/);
  });

  test('2025: Tết block 2025-01-28..2025-02-01 and Hùng Kings on lunar 10/3 (2025-04-07)', () => {
    const dates = new Set(defaultVietnamHolidays(2025, 2025).map((h) => h.date));
    for (const d of ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01']) {
      assert.ok(dates.has(d), d);
    }
    assert.ok(!dates.has('2025-01-27'));
    assert.ok(!dates.has('2025-02-02'));
    assert.ok(dates.has('2025-04-07'));
  });

  test('every year 2020–2035: sorted, no duplicates, in range, 11 days, one 5-day Tết block', () => {
    const list = defaultVietnamHolidays(2020, 2035);
    const dates = list.map((h) => h.date);
    assert.deepEqual(dates, [...dates].sort());
    assert.equal(new Set(dates).size, dates.length);
    for (const h of list) {
      assert.match(h.date, /^(20[23]\d)-\d{2}-\d{2}$/);
      assert.ok(h.nameVi.length > 0 && h.nameEn.length > 0, h.date);
    }
    for (let year = 2020; year <= 2035; year++) {
      const ofYear = list.filter((h) => h.date.startsWith(`${year}-`));
      assert.equal(ofYear.length, 11, String(year));
      const tet = ofYear.filter((h) => h.nameVi.startsWith('Tết Nguyên Đán')).map((h) => Date.parse(h.date));
      assert.equal(tet.length, 5, String(year));
      for (let i = 1; i < tet.length; i++) assert.equal((tet[i] ?? 0) - (tet[i - 1] ?? 0), 86_400_000, String(year));
      assert.ok(ofYear.some((h) => h.date === `${year}-09-01`));
      assert.ok(ofYear.some((h) => h.date === `${year}-09-02`));
    }
  });

  test('multi-year result is the concatenation of single years', () => {
    assert.deepEqual(defaultVietnamHolidays(2025, 2026), [
      ...defaultVietnamHolidays(2025, 2025),
      ...defaultVietnamHolidays(2026, 2026),
    ]);
  });

  test('rejects bad ranges', () => {
    assert.throws(() => defaultVietnamHolidays(2027, 2026), /fromYear 2027 is after toYear 2026/);
    assert.throws(() => defaultVietnamHolidays(2026.5, 2027), /integers/);
  });
});
