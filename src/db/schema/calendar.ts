/** The admin-editable working calendar: days off and make-up working days. */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const calendarDays = pgTable('calendar_days', {
  /** Local date in the city's time zone, 'YYYY-MM-DD'. */
  date: text('date').primaryKey(),
  kind: text('kind').notNull(), // holiday | workday (a make-up working day on a weekend)
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  source: text('source').notNull().default('admin'), // seed | admin
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
