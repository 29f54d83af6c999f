// Roster extracts: OneRoster 1.1 (what Infinite Campus exports), OneRoster 1.2 and Microsoft
// School Data Sync v2.1, as a folder of CSV files or the zip of one. Recognised by their files
// and headers: a manifest.csv names the OneRoster version; without one, 1.2 and SDS have a
// roles.csv (1.2's has roleType) and 1.1 keeps role and orgSourcedIds in users.csv.
//
// Each staff user becomes one directory row: employee_id = identifier (else sourcedId; SDS:
// sourcedId), name = (preferred) given + family name, email (else a username that is an email),
// building = the name of the user's primary org, region = that org's parent when the parent is
// not the top of the tree (district → region → school), job_category = the source role as
// written, roles = the role map (role-map.ts). Students, guardians, parents are skipped and
// counted. A user whose status is tobedeleted, or whose every staff role has ended (roles.csv
// endDate / roleEndDate before today) is inactive.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import AdmZip from 'adm-zip';
import { AppError, ErrorCode } from '../core/errors.ts';
import type { DirectoryRole } from './csv-row.ts';
import { readHeaderNames, readTable } from './csv-table.ts';
import { mapRole, type RoleMap } from './role-map.ts';
import type { SourceFormat, SourceItem } from './source.ts';

export interface OpenRoster {
  format: Exclude<SourceFormat, 'csv'>;
  /** The folder holding the CSV files (a temporary one for a zip). */
  dir: string;
  /** OneRoster manifest says users.csv is a delta, not the whole roster (then --full is refused). */
  delta: boolean;
  close(): Promise<void>;
}

/** Unpacks the zip's CSV files (wherever they sit in it) into a temporary folder. */
async function unzip(file: string): Promise<string> {
  let zip: AdmZip;
  try {
    zip = new AdmZip(file);
  } catch (cause) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `${basename(file)} is not a zip file that can be read: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'dmps-roster-'));
  for (const entry of zip.getEntries()) {
    const name = basename(entry.entryName);
    if (entry.isDirectory || !name.toLowerCase().endsWith('.csv')) continue;
    await writeFile(join(dir, name), entry.getData());
  }
  return dir;
}

async function readManifest(file: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const item of readTable(file, { required: ['propertyName', 'value'] }))
    if (item.kind === 'row') out.set(item.get('propertyName'), item.get('value'));
  return out;
}

const EXPECTED =
  'a OneRoster extract (manifest.csv, orgs.csv, users.csv; 1.2 also roles.csv) or a School Data Sync v2.1 folder (orgs.csv, users.csv, roles.csv)';

/** Recognises the extract in a folder or zip, or refuses it saying what was expected. */
export async function openRoster(path: string): Promise<OpenRoster> {
  const info = await stat(path).catch((cause: NodeJS.ErrnoException) => {
    throw new AppError(ErrorCode.NotFound, cause.code === 'ENOENT' ? `no file or folder at ${path}` : `cannot read ${path}: ${cause.message}`, { cause });
  });
  const zipped = info.isFile();
  const dir = zipped ? await unzip(path) : path;
  const close = async () => {
    if (zipped) await rm(dir, { recursive: true, force: true });
  };
  try {
    const names = new Set(await readdir(dir));
    const has = (n: string) => names.has(n);
    for (const n of ['orgs.csv', 'users.csv'])
      if (!has(n)) throw new AppError(ErrorCode.InvalidInput, `${basename(path)} has no ${n}: expected ${EXPECTED}; nothing was imported`);
    const usersHeader = await readHeaderNames(join(dir, 'users.csv'));
    const rolesHeader = has('roles.csv') ? await readHeaderNames(join(dir, 'roles.csv')) : [];
    let format: OpenRoster['format'];
    let delta = false;
    if (has('manifest.csv')) {
      const manifest = await readManifest(join(dir, 'manifest.csv'));
      const version = manifest.get('oneroster.version') ?? '';
      delta = manifest.get('file.users') === 'delta';
      if (version === '1.2') format = 'oneroster-1.2';
      else if (version === '1.1' || version === '1.0') format = 'oneroster-1.1';
      else if (!version) format = usersHeader.includes('role') ? 'oneroster-1.1' : 'oneroster-1.2';
      else throw new AppError(ErrorCode.InvalidInput, `manifest.csv says OneRoster ${version}; this import reads OneRoster 1.1 and 1.2; nothing was imported`);
    } else if (rolesHeader.includes('roleType')) format = 'oneroster-1.2';
    else if (rolesHeader.includes('role') && rolesHeader.includes('userSourcedId')) format = 'sds-2.1';
    else if (usersHeader.includes('role') && usersHeader.includes('orgSourcedIds')) format = 'oneroster-1.1';
    else throw new AppError(ErrorCode.InvalidInput, `${basename(path)} is not ${EXPECTED}; nothing was imported`);
    if (format !== 'oneroster-1.1' && !has('roles.csv'))
      throw new AppError(
        ErrorCode.InvalidInput,
        `${basename(path)} has no roles.csv, which ${format === 'sds-2.1' ? 'School Data Sync v2.1' : 'OneRoster 1.2'} needs; nothing was imported`,
      );
    return { format, dir, delta, close };
  } catch (e) {
    await close();
    throw e;
  }
}

interface Org {
  name: string;
  parent: string;
}

interface RoleRecord {
  role: string;
  org: string;
  primary: boolean;
  ended: boolean;
}

/** YYYY-MM-DD (or a full timestamp) before `today` (YYYY-MM-DD). */
const before = (date: string, today: string) => date !== '' && date.slice(0, 10) < today;

export interface RosterOptions {
  roleMap: RoleMap;
  now: Date;
}

export async function* readRoster(roster: OpenRoster, opts: RosterOptions): AsyncGenerator<SourceItem> {
  const { format, dir } = roster;
  const today = opts.now.toISOString().slice(0, 10);
  const sds = format === 'sds-2.1';

  const orgs = new Map<string, Org>();
  for await (const item of readTable(join(dir, 'orgs.csv'), { required: ['sourcedId', 'name', 'type'] })) {
    if (item.kind === 'malformed') yield { kind: 'malformed', file: 'orgs.csv', line: item.line, reason: item.reason };
    else if (item.get('status') !== 'tobedeleted') orgs.set(item.get('sourcedId'), { name: item.get('name'), parent: item.get('parentSourcedId') });
  }

  const roles = new Map<string, RoleRecord[]>();
  if (format !== 'oneroster-1.1') {
    const required = sds ? ['userSourcedId', 'orgSourcedId', 'role'] : ['userSourcedId', 'roleType', 'role', 'orgSourcedId'];
    for await (const item of readTable(join(dir, 'roles.csv'), { required })) {
      if (item.kind === 'malformed') {
        yield { kind: 'malformed', file: 'roles.csv', line: item.line, reason: item.reason };
        continue;
      }
      const user = item.get('userSourcedId');
      const record: RoleRecord = sds
        ? {
            role: item.get('role'),
            org: item.get('orgSourcedId'),
            primary: item.get('isPrimary').toLowerCase() === 'true',
            ended: before(item.get('roleEndDate'), today),
          }
        : {
            role: item.get('role'),
            org: item.get('orgSourcedId'),
            primary: item.get('roleType') === 'primary',
            ended: item.get('status') === 'tobedeleted' || before(item.get('endDate'), today),
          };
      const list = roles.get(user);
      if (list) list.push(record);
      else roles.set(user, [record]);
    }
  }

  const required = sds
    ? ['sourcedId', 'username', 'givenName', 'familyName']
    : format === 'oneroster-1.1'
      ? ['sourcedId', 'role', 'orgSourcedIds', 'givenName', 'familyName', 'email']
      : ['sourcedId', 'givenName', 'familyName', 'email'];
  for await (const item of readTable(join(dir, 'users.csv'), { required })) {
    if (item.kind === 'malformed') {
      yield { kind: 'malformed', file: 'users.csv', line: item.line, reason: item.reason };
      continue;
    }
    const { get, line } = item;
    const sourcedId = get('sourcedId');
    const employeeId = (sds ? '' : get('identifier')) || sourcedId;
    const refuse = (reason: string): SourceItem => ({ kind: 'malformed', file: 'users.csv', line, reason, ...(employeeId ? { employeeId } : {}) });

    const held: RoleRecord[] =
      format === 'oneroster-1.1'
        ? [{ role: get('role'), org: get('orgSourcedIds').split(',')[0]?.trim() ?? '', primary: true, ended: false }]
        : (roles.get(sourcedId) ?? []);
    if (!held.length) {
      yield refuse(`user ${sourcedId} has no role in roles.csv`);
      continue;
    }
    const staff = held.filter((r) => mapRole(opts.roleMap, r.role) !== 'skip');
    if (!staff.length) {
      yield { kind: 'skipped', role: (held[0] as RoleRecord).role.toLowerCase() };
      continue;
    }
    const unmapped = staff.filter((r) => mapRole(opts.roleMap, r.role) === undefined).map((r) => r.role);
    if (unmapped.length) {
      yield refuse(`role ${[...new Set(unmapped)].map((r) => `"${r}"`).join(', ')} is not in the role map (add it with --role-map; see people import --help)`);
      continue;
    }
    const current = staff.filter((r) => !r.ended);
    const counted = current.length ? current : staff;
    const primary = counted.find((r) => r.primary) ?? (counted[0] as RoleRecord);
    const orgId = (format === 'oneroster-1.2' && get('primaryOrg')) || primary.org;
    const org = orgs.get(orgId);
    if (orgId && !org) {
      yield refuse(`org ${orgId} is not in orgs.csv`);
      continue;
    }
    const parent = org?.parent ? orgs.get(org.parent) : undefined;
    const ourRoles = new Set<DirectoryRole>();
    for (const r of counted) for (const role of mapRole(opts.roleMap, r.role) as readonly DirectoryRole[]) ourRoles.add(role);
    const username = get('username');
    const given = get('preferredGivenName') || get('givenName');
    const family = get('preferredFamilyName') || get('familyName');
    yield {
      kind: 'row',
      file: 'users.csv',
      line,
      inactive: get('status') === 'tobedeleted' || !current.length,
      values: {
        employee_id: employeeId,
        name: `${given} ${family}`.trim(),
        email: get('email') || (username.includes('@') ? username : ''),
        roles: [...ourRoles].join(';'),
        building: org?.name ?? '',
        region: parent?.parent ? parent.name : '',
        job_category: primary.role,
        hire_date: '',
        manager_email: '',
        language: '',
      },
    };
  }
}
