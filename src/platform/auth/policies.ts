/**
 * Who may do what, in one place. Each action names the rule; routes call `authorize`.
 * The authorisation matrix test (auth/policies.test.ts) walks every action × kind of caller.
 */
import { AppError } from '../errors/appError.js';
import { hasRole, type Principal } from './principal.js';

const RULES = {
  /** Units, areas, categories, routing rules. */
  'referenceData.manage': (p: Principal | null) => hasRole(p, 'city_admin'),
  'calendar.manage': (p: Principal | null) => hasRole(p, 'city_admin'),
  'audit.read': (p: Principal | null) => hasRole(p, 'city_admin'),
  'account.readOwn': (p: Principal | null) => p !== null,
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
