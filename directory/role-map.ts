// How a roster's role (OneRoster 1.1/1.2, School Data Sync v2.1, or a district's own role such
// as Infinite Campus's "paraprofessional") becomes our roles, or is skipped (students, guardians,
// parents: not staff, never in the directory). The default table is below; a district changes or
// extends it with `people import --role-map map.csv`, a CSV of `source_role,roles` where roles
// are ours separated by ; or the word skip. Source roles match whatever their case.
import { readFile } from 'node:fs/promises';
import { isRole, ROLES } from '../core/db.ts';
import { AppError, ErrorCode } from '../core/errors.ts';
import type { DirectoryRole } from './csv-row.ts';
import { readTable } from './csv-table.ts';

/** Our roles for a source role, or 'skip'. */
export type RoleMapping = readonly DirectoryRole[] | 'skip';
export type RoleMap = ReadonlyMap<string, RoleMapping>;

/** The documented default (README "Directory"). Bot admin, hr and communications are never inferred from a roster. */
export const DEFAULT_ROLE_MAP: Readonly<Record<string, RoleMapping>> = {
  teacher: ['staff'],
  aide: ['staff'],
  paraprofessional: ['staff'],
  proctor: ['staff'],
  counselor: ['staff'],
  principal: ['staff', 'leader', 'hiring_manager'],
  siteadministrator: ['staff', 'leader'],
  administrator: ['staff', 'leader'],
  districtadministrator: ['staff', 'leader'],
  systemadministrator: ['staff'],
  student: 'skip',
  guardian: 'skip',
  parent: 'skip',
  relative: 'skip',
};

const key = (role: string) =>
  role
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

export const defaultRoleMap = (): Map<string, RoleMapping> => new Map(Object.entries(DEFAULT_ROLE_MAP));

export const mapRole = (map: RoleMap, sourceRole: string): RoleMapping | undefined => map.get(key(sourceRole));

/** The default table with the file's lines over it; a bad line refuses the whole file (nothing imported). */
export async function loadRoleMap(file: string): Promise<Map<string, RoleMapping>> {
  await readFile(file).catch((cause: NodeJS.ErrnoException) => {
    throw new AppError(ErrorCode.NotFound, cause.code === 'ENOENT' ? `no role map at ${file}` : `cannot read ${file}: ${cause.message}`, { cause });
  });
  const map = defaultRoleMap();
  const problems: string[] = [];
  for await (const item of readTable(file, { required: ['source_role', 'roles'], normalise: (s) => s.trim().toLowerCase() })) {
    if (item.kind === 'malformed') {
      problems.push(`line ${item.line}: ${item.reason}`);
      continue;
    }
    const source = key(item.get('source_role'));
    const value = item.get('roles').toLowerCase();
    if (!source) {
      problems.push(`line ${item.line}: source_role is empty`);
      continue;
    }
    if (value === 'skip') {
      map.set(source, 'skip');
      continue;
    }
    const roles = value
      .split(';')
      .map((r) => r.trim().replace(/[\s-]+/g, '_'))
      .filter(Boolean);
    const unknown = roles.filter((r) => !isRole(r));
    if (!roles.length || unknown.length) {
      problems.push(`line ${item.line}: roles must be ${ROLES.join(', ')} separated by ;, or skip (got "${item.get('roles')}")`);
      continue;
    }
    map.set(source, [...new Set(roles)].sort() as DirectoryRole[]);
  }
  if (problems.length) throw new AppError(ErrorCode.InvalidInput, `the role map ${file} has problems; nothing was imported:\n  ${problems.join('\n  ')}`);
  return map;
}
