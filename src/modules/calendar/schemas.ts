import { Type } from 'typebox';

export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Local date YYYY-MM-DD', examples: ['2026-02-17'] });

export const CalendarDay = Type.Object({
  date: LocalDate,
  kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')], { description: 'holiday = day off; workday = make-up working day on a weekend' }),
  name: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  source: Type.String(),
});

export const CalendarDayInput = Type.Object({
  kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]),
  nameVi: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

export const DeadlineQuery = Type.Object({
  from: Type.String({ format: 'date-time', description: 'Start instant (ISO 8601 with offset)' }),
  hours: Type.Number({ minimum: 0, maximum: 10_000, description: 'Working hours to add' }),
});

export const DeadlineResult = Type.Object({
  from: Type.String(),
  hours: Type.Number(),
  deadline: Type.String({ description: 'UTC instant' }),
  deadlineLocal: Type.String({ description: 'The same instant in the city time zone' }),
  timeZone: Type.String(),
});
