// Who may do what with surveys. The caller (chat command, CLI) checks; these say the rule once.
//
// - Managing (create, launch, close, list): hr, communications, admin. Communications runs
//   the district's surveys day to day, so it can build and launch them.
// - Results: hr and admin see everything: all groups, breakdowns and comments.
//   A leader sees their own building (or, when the directory gives them a region and no
//   building, their region), with breakdowns and comments inside it.
//   Communications (without hr/admin/leader) sees district-wide totals only: the clarity of
//   communication is its own key result, but breakdowns by building or role and staff comments
//   are personnel matters for HR and leaders.
//   Everyone else sees no results.
import type { Role } from '../../../core/db.ts';

export type ScopeFilter = { kind: 'all' } | { kind: 'building'; building: string } | { kind: 'region'; region: string };

export type ResultScope = (ScopeFilter & { breakdowns: boolean; comments: boolean }) | { kind: 'none' };

export interface ScopedPerson {
  roles: readonly Role[];
  building?: string | null;
  region?: string | null;
}

const has = (roles: readonly Role[], ...wanted: Role[]) => wanted.some((r) => roles.includes(r));

export function canManageSurveys(roles: readonly Role[]): boolean {
  return has(roles, 'hr', 'communications', 'admin');
}

export function resultScope(person: ScopedPerson): ResultScope {
  if (has(person.roles, 'hr', 'admin')) return { kind: 'all', breakdowns: true, comments: true };
  if (has(person.roles, 'leader')) {
    if (person.building) return { kind: 'building', building: person.building, breakdowns: true, comments: true };
    if (person.region) return { kind: 'region', region: person.region, breakdowns: true, comments: true };
  }
  if (has(person.roles, 'communications')) return { kind: 'all', breakdowns: false, comments: false };
  return { kind: 'none' };
}

/** The one role a response is grouped under when someone holds several. */
const PRIMARY_ORDER: readonly Role[] = ['leader', 'hr', 'communications', 'hiring_manager', 'staff', 'admin'];
export function primaryRole(roles: readonly Role[]): Role | null {
  return PRIMARY_ORDER.find((r) => roles.includes(r)) ?? null;
}
