/**
 * Default list of Vietnamese public holidays (ngày nghỉ lễ, Tết) used to seed
 * the city's working calendar. Admins are expected to edit the seeded list:
 * the government announces the exact days off (and make-up workdays) each year.
 *
 * Lunar dates come from `date-holidays` (country 'VN', type 'public'); we only
 * widen the blocks that the library keeps short, to match the Labour Code 2019
 * (Bộ luật Lao động 2019, Article 112).
 */
import Holidays from 'date-holidays';

export interface VietnamHoliday {
  /** Local date, 'YYYY-MM-DD'. */
  date: string;
  nameVi: string;
  nameEn: string;
}

const MS_PER_DAY = 86_400_000;

function shiftDate(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Holidays are recognised by their date-holidays rule string rather than by
 * name because names are translated/reworded between library releases more
 * often than the rules change.
 */
const RULE_NEW_YEAR = '01-01';
const RULE_TET_DAY_1 = 'vietnamese 1-0-1';
const RULE_TET_EVE_PREFIX = '1 day before vietnamese 1-0-1';
const RULE_HUNG_KINGS = 'vietnamese 3-0-10';
const RULE_REUNIFICATION = '04-30';
const RULE_LABOUR_DAY = '05-01';
const RULE_NATIONAL_DAY = '09-02';

/**
 * Public holidays for every year in [fromYear, toYear], sorted by date,
 * one entry per date.
 */
export function defaultVietnamHolidays(fromYear: number, toYear: number): VietnamHoliday[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear)) {
    throw new RangeError(`defaultVietnamHolidays: years must be integers, got ${fromYear}..${toYear}`);
  }
  if (fromYear > toYear) {
    throw new RangeError(`defaultVietnamHolidays: fromYear ${fromYear} is after toYear ${toYear}`);
  }
  if (fromYear < 1900 || toYear > 2200) {
    throw new RangeError(`defaultVietnamHolidays: years must be within 1900..2200, got ${fromYear}..${toYear}`);
  }

  const hd = new Holidays('VN');
  const byDate = new Map<string, VietnamHoliday>();
  // Curated entries win over pass-through ones for the same date, so a
  // library change that surfaces e.g. Giao thừa under a new rule cannot
  // replace our bilingual names or create a duplicate.
  const curated = new Set<string>();
  const put = (date: string, nameVi: string, nameEn: string, isCurated: boolean): void => {
    if (!isCurated && curated.has(date)) return;
    if (!isCurated && byDate.has(date)) return;
    byDate.set(date, { date, nameVi, nameEn });
    if (isCurated) curated.add(date);
  };

  for (let year = fromYear; year <= toYear; year++) {
    const vi = hd.getHolidays(year, 'vi').filter((h) => h.type === 'public');
    // English names are only needed for pass-through entries; computing the
    // holidays a second time for every year would double the cost.
    let enByRule: Map<string, string> | undefined;
    const englishName = (rule: string): string | undefined => {
      enByRule ??= new Map(
        hd
          .getHolidays(year, 'en')
          .filter((h) => h.type === 'public')
          .map((h) => [h.rule, h.name] as const),
      );
      return enByRule.get(rule);
    };
    let sawTet = false;

    for (const h of vi) {
      const date = h.date.slice(0, 10);
      switch (h.rule) {
        case RULE_NEW_YEAR:
          put(date, 'Tết Dương lịch', "New Year's Day", true);
          break;
        case RULE_TET_DAY_1: {
          sawTet = true;
          // Labour Code 2019 Art. 112: 5 days for Tết. The library gives the
          // eve and the first day; the usual (default) split is the eve plus
          // mùng 1–4. The government may shift the block each year.
          put(shiftDate(date, -1), 'Tết Nguyên Đán (Giao thừa)', "Lunar New Year's Eve", true);
          for (let n = 1; n <= 4; n++) {
            put(shiftDate(date, n - 1), `Tết Nguyên Đán (mùng ${n})`, `Lunar New Year (day ${n})`, true);
          }
          break;
        }
        case RULE_HUNG_KINGS:
          put(date, 'Giỗ Tổ Hùng Vương', 'Hung Kings Commemoration Day', true);
          break;
        case RULE_REUNIFICATION:
          put(date, 'Ngày Giải phóng miền Nam', 'Reunification Day', true);
          break;
        case RULE_LABOUR_DAY:
          put(date, 'Quốc tế Lao động', 'International Labour Day', true);
          break;
        case RULE_NATIONAL_DAY:
          put(date, 'Quốc khánh', 'National Day', true);
          // Labour Code 2019 Art. 112: 2 days for National Day, 2 September
          // and one adjacent day (1 or 3 September) that the government picks
          // each year. 1 September is only the default; admins edit it.
          put(shiftDate(date, -1), 'Quốc khánh (ngày nghỉ liền kề)', 'National Day (adjacent day off)', true);
          break;
        default:
          if (h.rule.startsWith(RULE_TET_EVE_PREFIX)) break; // derived from mùng 1 above
          // A public holiday we do not know about (new law, library update):
          // keep it with the library's names rather than dropping it.
          put(date, h.name, englishName(h.rule) ?? h.name, false);
      }
    }

    // Without this, a library change to the Tết rule would silently shorten
    // every deadline computed around Tết.
    if (!sawTet) {
      throw new Error(`defaultVietnamHolidays: date-holidays reported no Tết Nguyên Đán for ${year}`);
    }
  }

  return [...byDate.values()]
    .filter((h) => {
      const y = Number(h.date.slice(0, 4));
      return y >= fromYear && y <= toYear;
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
