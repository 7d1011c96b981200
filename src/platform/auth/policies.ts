/**
 * Who may do what, in one place. Each action names the rule; routes call `authorize`.
 * The authorisation matrix test (auth/policies.test.ts) walks every action × kind of caller.
 */
import { AppError } from '../errors/appError.js';
import { hasRole, type OfficialRole, type Principal } from './principal.js';

const RULES = {
  /** Units, areas, categories, routing rules. */
  'referenceData.manage': (p: Principal | null) => hasRole(p, 'city_admin'),
  'calendar.manage': (p: Principal | null) => hasRole(p, 'city_admin'),
  'audit.read': (p: Principal | null) => hasRole(p, 'city_admin'),
  /** The screening keyword list (what flags a submitted report for the intake officer). */
  'screening.manage': (p: Principal | null) => hasRole(p, 'city_admin'),
  /** API keys of Open311 client applications (issue, list, revoke). */
  'open311.manageKeys': (p: Principal | null) => hasRole(p, 'city_admin'),
  'account.readOwn': (p: Principal | null) => p !== null,
  /** The officials admin area at all: a city admin, or a unit admin somewhere (scope: see below). */
  'officials.administer': (p: Principal | null) => canAdministerOfficials(p),
} satisfies Record<string, (p: Principal | null) => boolean>;

export type PolicyAction = keyof typeof RULES;
export const POLICY_ACTIONS = Object.keys(RULES) as PolicyAction[];

export function can(principal: Principal | null, action: PolicyAction): boolean {
  return RULES[action](principal);
}

/** Throws 401 for an anonymous caller, 403 for a signed-in one without the right. */
export function authorize(principal: Principal | null, action: PolicyAction): asserts principal is Principal {
  if (can(principal, action)) return;
  throw new AppError(principal ? 'FORBIDDEN' : 'UNAUTHENTICATED', { action });
}

/*
 * Officials and their roles, decided per target unit. A unit is given with its ancestry: the ids
 * of its parent, grandparent … up to the root (the unit itself not included).
 *
 *  - A city admin manages officials of every unit and may grant every role; `city_admin` itself
 *    only on the root unit.
 *  - A unit admin manages officials of their unit and its sub-units, and may grant there the
 *    working roles: intake, handler, supervisor, moderator.
 *  - Only a city admin grants (or takes away) `unit_admin` and `city_admin`.
 *  - Acting on an existing official (change roles, reset second factor, disable) needs the right
 *    to grant every role that official holds, so a unit admin cannot touch a fellow unit admin,
 *    a city admin, or anyone who also holds roles outside the admin's units.
 */

/** Roles a unit admin may hand out in the units they administer. */
export const UNIT_ADMIN_GRANTABLE_ROLES: readonly OfficialRole[] = ['intake', 'handler', 'supervisor', 'moderator'];

export function canAdministerOfficials(p: Principal | null): boolean {
  return hasRole(p, 'city_admin') || hasRole(p, 'unit_admin');
}

/** May `p` see and manage the officials of `unitId` (own unit or a sub-unit of it)? */
export function canManageOfficialsOf(p: Principal | null, unitId: string, unitAncestry: readonly string[]): boolean {
  if (!p) return false;
  if (hasRole(p, 'city_admin')) return true;
  return [unitId, ...unitAncestry].some((id) => hasRole(p, 'unit_admin', id));
}

/** May `p` give (or take away) `role` in `unitId`? `city_admin` exists on the root unit only. */
export function canGrantRole(p: Principal | null, role: OfficialRole, unitId: string, unitAncestry: readonly string[], rootUnitId: string): boolean {
  if (!p) return false;
  if (role === 'city_admin') return unitId === rootUnitId && hasRole(p, 'city_admin');
  if (role === 'unit_admin') return hasRole(p, 'city_admin');
  return canManageOfficialsOf(p, unitId, unitAncestry);
}

/** A role an official holds, with where its unit sits in the tree. */
export interface HeldRole {
  role: OfficialRole;
  unitId: string;
  unitAncestry: readonly string[];
}

/** May `p` see this official (they work in at least one unit `p` manages)? */
export function canViewOfficial(p: Principal | null, held: readonly HeldRole[]): boolean {
  if (!p) return false;
  if (hasRole(p, 'city_admin')) return true;
  return held.some((h) => canManageOfficialsOf(p, h.unitId, h.unitAncestry));
}

/**
 * May `p` change, reset or disable this official? Only when `p` could have granted every role
 * the official holds; an official without any role is a city admin's business.
 */
export function canActOnOfficial(p: Principal | null, held: readonly HeldRole[], rootUnitId: string): boolean {
  if (!p) return false;
  if (held.length === 0) return hasRole(p, 'city_admin');
  return held.every((h) => canGrantRole(p, h.role, h.unitId, h.unitAncestry, rootUnitId));
}

/** Like `authorize`, for a decision made by one of the unit-scoped functions above. */
export function authorizeScoped(principal: Principal | null, allowed: boolean, action: string): asserts principal is Principal {
  if (allowed && principal) return;
  throw new AppError(principal ? 'FORBIDDEN' : 'UNAUTHENTICATED', { action });
}
