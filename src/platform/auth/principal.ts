/** Who is calling: nobody, a citizen or an official with roles in units. */
export type OfficialRole = 'intake' | 'handler' | 'supervisor' | 'unit_admin' | 'moderator' | 'city_admin';
export const OFFICIAL_ROLES: readonly OfficialRole[] = ['intake', 'handler', 'supervisor', 'unit_admin', 'moderator', 'city_admin'];

export interface Principal {
  userId: string;
  sessionId: string;
  kind: 'citizen' | 'official';
  displayName: string;
  label: string;
  identityLevel: number;
  /** An official still on an initial password may do nothing but change it. */
  mustChangePassword: boolean;
  memberships: Array<{ unitId: string; role: OfficialRole }>;
}

export function hasRole(principal: Principal | null, role: OfficialRole, unitId?: string): boolean {
  if (!principal) return false;
  return principal.memberships.some((m) => m.role === role && (unitId === undefined || m.unitId === unitId));
}
