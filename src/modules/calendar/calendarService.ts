/**
 * The city's working calendar in memory, rebuilt from `calendar_days` after every admin change.
 * Deadlines everywhere are computed with `current()`.
 */
import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { calendarDays } from '../../db/schema/index.js';
import type { CitySettings } from '../../cities/cityPack.js';
import { WorkingCalendar } from '../../platform/calendar/workingTime.js';

export class CalendarService {
  private calendar!: WorkingCalendar;

  private constructor(private readonly db: Db, private readonly settings: CitySettings) {}

  static async load(db: Db, settings: CitySettings): Promise<CalendarService> {
    const service = new CalendarService(db, settings);
    await service.reload();
    return service;
  }

  current(): WorkingCalendar {
    return this.calendar;
  }

  async reload(): Promise<void> {
    const days = await this.db.select().from(calendarDays).orderBy(asc(calendarDays.date));
    this.calendar = new WorkingCalendar({
      timeZone: this.settings.timeZone,
      weekendDays: this.settings.weekendDays,
      officeHours: this.settings.officeHours,
      holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
      makeUpWorkdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
    });
  }
}
