// `people sync graph`: the directory from Microsoft Entra ID through Graph's users delta query.
// The first run reads every user page by page (@odata.nextLink) and keeps the @odata.deltaLink
// (table DirectorySync); every later run starts from it and reads only the users that changed.
//
// A user becomes a person when they have an employeeId and an email (mail, else a
// userPrincipalName that is an email); users without (service accounts, rooms) are counted and
// left out. Person fields from Graph: name = displayName, email, hire date = employeeHireDate,
// job category = jobTitle (else department), building = officeLocation, language = the primary
// tag of preferredLanguage, manager = the manager's email. accountEnabled false, or the user
// removed, makes the person inactive (Graph's empty values never clear another source's); enabled again makes them active. New people get the staff
// role; roles of existing people are not changed. The user's object id is kept (EntraUser), as
// a delta may name a changed user by id with only the changed properties.
import type { Db } from '../core/db.ts';
import { AppError, ErrorCode } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import type { GraphApi } from './graph.ts';

const SELECT = 'id,displayName,mail,userPrincipalName,employeeId,employeeHireDate,jobTitle,department,officeLocation,preferredLanguage,accountEnabled,manager';
const SOURCE = 'graph';

interface DeltaUser {
  id: string;
  '@removed'?: { reason: string };
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  employeeId?: string | null;
  employeeHireDate?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  preferredLanguage?: string | null;
  accountEnabled?: boolean;
  'manager@delta'?: { id: string; '@removed'?: unknown }[];
}

interface DeltaPage {
  value?: DeltaUser[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface GraphSyncOutcome {
  /** Whether this run read only changes (a stored deltaLink). */
  delta: boolean;
  pages: number;
  users: number;
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  /** Users with no employeeId or email (not people). */
  skipped: number;
  /** Users whose email already belongs to another employee. */
  conflicts: number;
}

const emailOf = (u: DeltaUser) => {
  const m = (u.mail || (u.userPrincipalName?.includes('@') ? u.userPrincipalName : '') || '').trim().toLowerCase();
  return m || undefined;
};
const dateOf = (s: string | null | undefined) => (s ? new Date(s) : null);
const languageOf = (s: string | null | undefined) => (s ? (s.split(/[-_]/)[0] ?? '').toLowerCase() || null : null);

export async function syncGraph(
  db: Db,
  client: GraphApi,
  opts: { now: Date; defaultLocale: string; log?: Logger; onPage?: (users: number) => void },
): Promise<GraphSyncOutcome> {
  const stored = await db.directorySync.findUnique({ where: { source: SOURCE } });
  const out: GraphSyncOutcome = {
    delta: Boolean(stored),
    pages: 0,
    users: 0,
    created: 0,
    updated: 0,
    deactivated: 0,
    reactivated: 0,
    skipped: 0,
    conflicts: 0,
  };
  let next: string | undefined = stored?.deltaLink ?? `/users/delta?$select=${SELECT}`;
  let deltaLink: string | undefined;
  const managers = new Map<string, string>(); // user id → manager id, resolved at the end
  while (next) {
    const page: DeltaPage = await client.get<DeltaPage>(next).catch((cause: unknown) => {
      if (cause instanceof AppError) throw cause;
      const status = (cause as { statusCode?: number }).statusCode;
      throw new AppError(
        status === 401 || status === 403 ? ErrorCode.ConfigInvalid : ErrorCode.PlatformUnavailable,
        `Microsoft Graph refused the users delta query (${status ?? 'no answer'}${status === 403 ? ': the app needs the User.Read.All application permission' : ''})`,
        { cause },
      );
    });
    out.pages++;
    for (const u of page.value ?? []) {
      out.users++;
      await applyUser(db, u, opts, out, managers);
    }
    opts.onPage?.(out.users);
    next = page['@odata.nextLink'];
    deltaLink = page['@odata.deltaLink'];
  }
  for (const [userId, managerId] of managers) {
    const [user, manager] = await Promise.all([db.entraUser.findUnique({ where: { id: userId } }), db.entraUser.findUnique({ where: { id: managerId } })]);
    const managerPerson = manager ? await db.person.findUnique({ where: { id: manager.personId }, select: { email: true } }) : null;
    if (user && managerPerson) await db.person.update({ where: { id: user.personId }, data: { managerEmail: managerPerson.email } });
  }
  if (deltaLink) await db.directorySync.upsert({ where: { source: SOURCE }, create: { source: SOURCE, deltaLink }, update: { deltaLink } });
  opts.log?.info({ ...out }, 'directory synced from Microsoft Graph');
  return out;
}

async function applyUser(
  db: Db,
  u: DeltaUser,
  opts: { now: Date; defaultLocale: string },
  out: GraphSyncOutcome,
  managers: Map<string, string>,
): Promise<void> {
  const link = await db.entraUser.findUnique({ where: { id: u.id } });
  const email = emailOf(u);
  const employeeId = u.employeeId?.trim() || undefined;
  let person = link ? await db.person.findUnique({ where: { id: link.personId } }) : null;
  if (!person && employeeId) person = await db.person.findUnique({ where: { employeeId } });
  if (!person && email) person = await db.person.findUnique({ where: { email } });

  const removed = Boolean(u['@removed']) || u.accountEnabled === false;
  const enabled = !u['@removed'] && u.accountEnabled === true;
  const manager = u['manager@delta']?.find((m) => !m['@removed']);
  if (manager) managers.set(u.id, manager.id);

  if (!person) {
    if (removed || !employeeId || !email || !u.displayName) {
      out.skipped++;
      return;
    }
    if (await db.person.findUnique({ where: { email }, select: { id: true } })) {
      out.conflicts++;
      return;
    }
    const created = await db.person.create({
      data: {
        employeeId,
        email,
        name: u.displayName,
        hireDate: dateOf(u.employeeHireDate),
        jobCategory: u.jobTitle || u.department || null,
        building: u.officeLocation || null,
        language: languageOf(u.preferredLanguage) ?? opts.defaultLocale,
        roles: { create: [{ role: 'staff' }] },
      },
    });
    await db.entraUser.create({ data: { id: u.id, personId: created.id } });
    out.created++;
    return;
  }
  if (!link) await db.entraUser.upsert({ where: { personId: person.id }, create: { id: u.id, personId: person.id }, update: { id: u.id } });

  // Only what the delta carries changes (a property absent from it did not change), and an
  // empty value never clears what another source (a roster import, the HR file) set.
  const data: Record<string, unknown> = {};
  if (u.displayName) data.name = u.displayName;
  if (email && email !== person.email) {
    if (await db.person.findUnique({ where: { email }, select: { id: true } })) out.conflicts++;
    else data.email = email;
  }
  if (u.employeeHireDate) data.hireDate = dateOf(u.employeeHireDate);
  if (u.jobTitle || u.department) data.jobCategory = u.jobTitle || u.department;
  if (u.officeLocation) data.building = u.officeLocation;
  if (u.preferredLanguage) data.language = languageOf(u.preferredLanguage);
  if (removed && !person.inactiveAt) {
    data.inactiveAt = opts.now;
    out.deactivated++;
  } else if (enabled && person.inactiveAt) {
    data.inactiveAt = null;
    out.reactivated++;
  }
  const changed = Object.entries(data).some(([k, v]) => {
    const before = (person as Record<string, unknown>)[k];
    return v instanceof Date || before instanceof Date ? (v as Date | null)?.getTime() !== (before as Date | null)?.getTime() : v !== before;
  });
  if (!changed) return;
  await db.person.update({ where: { id: person.id }, data });
  out.updated++;
}
