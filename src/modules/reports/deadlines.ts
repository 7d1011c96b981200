/**
 * Deadlines in working time: accept within the category's (or the city's) accept hours from
 * submission; resolve within the hours for the priority from acceptance (Decision 1207/QĐ-UBND:
 * accept within 8 working hours; urgent within 4; defaults normal 5 and complex 15 working days).
 */
import type { CitySettings } from '../../cities/cityPack.js';
import type { WorkingCalendar } from '../../platform/calendar/workingTime.js';

export type Priority = 'urgent' | 'normal' | 'complex';

export interface CategorySla {
  slaAcceptHours: number | null;
  slaResolveHours: number | null;
  defaultPriority: string;
}

export function acceptHours(category: CategorySla, settings: CitySettings): number {
  return category.slaAcceptHours ?? settings.sla.acceptHours;
}

export function resolveHours(category: CategorySla, priority: Priority, settings: CitySettings): number {
  // A category's own resolve time applies to its default priority; other priorities use the city's.
  if (category.slaResolveHours !== null && priority === category.defaultPriority) return category.slaResolveHours;
  return settings.sla.resolveHours[priority];
}

export function acceptDeadline(calendar: WorkingCalendar, submittedAt: Date, category: CategorySla, settings: CitySettings): Date {
  return calendar.addWorkingHours(submittedAt, acceptHours(category, settings));
}

export function resolveDeadline(calendar: WorkingCalendar, acceptedAt: Date, category: CategorySla, priority: Priority, settings: CitySettings): Date {
  return calendar.addWorkingHours(acceptedAt, resolveHours(category, priority, settings));
}
