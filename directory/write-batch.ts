// Writes one batch of valid directory rows in one transaction: new people and changed people in
// a single INSERT ... ON CONFLICT (employeeId) DO UPDATE (the same SQL on SQLite and
// PostgreSQL), then their roles in two statements. Unchanged people are not written at all.
// Going through Prisma row by row made a 20,000-person re-import take 30-45 s; this takes a few.
import { randomUUID } from 'node:crypto';
import { type Db, Prisma } from '../core/db.ts';
import type { DirectoryRow } from './csv-row.ts';

export interface ValidRow {
  file: string;
  line: number;
  row: DirectoryRow;
  /** Deleted or ended in the source: the person is kept, inactive. */
  inactive: boolean;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Active people made inactive / inactive people active again (also counted as updated). */
  deactivated: number;
  reactivated: number;
  rejected: { file: string; line: number; employeeId: string; reasons: string[] }[];
}

/** The person's columns as the directory sets them (Prisma field → row value). */
const fields = (row: DirectoryRow, inactiveAt: Date | null) => ({
  name: row.name,
  email: row.email,
  building: row.building,
  region: row.region,
  jobCategory: row.job_category,
  hireDate: row.hire_date,
  managerEmail: row.manager_email,
  language: row.language,
  inactiveAt,
});
type Fields = ReturnType<typeof fields>;
const COLUMNS: readonly (keyof Fields)[] = ['name', 'email', 'building', 'region', 'jobCategory', 'hireDate', 'managerEmail', 'language', 'inactiveAt'];

const same = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date ? a instanceof Date && b instanceof Date && a.getTime() === b.getTime() : (a ?? null) === (b ?? null);

/** Rows per statement, far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 1000;

type PersonWrite = { id: string; employeeId: string; f: Fields };

function upsert(rows: PersonWrite[], now: Date) {
  const quoted = (c: string) => Prisma.raw(`"${c}"`);
  const values = rows.map(({ id, employeeId, f }) => Prisma.sql`(${Prisma.join([id, employeeId, ...COLUMNS.map((c) => f[c]), now, now])})`);
  return Prisma.sql`INSERT INTO "Person" ("id", "employeeId", ${Prisma.join(COLUMNS.map(quoted))}, "createdAt", "updatedAt")
    VALUES ${Prisma.join(values)}
    ON CONFLICT ("employeeId") DO UPDATE SET ${Prisma.join([...COLUMNS, 'updatedAt'].map((c) => Prisma.sql`${quoted(c)} = excluded.${quoted(c)}`))}`;
}

/** Prisma's SQLite adapter allows 999 parameters per query; `in` lists stay below it. */
const IN_LIST = 900;
const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / IN_LIST) }, (_, i) => xs.slice(i * IN_LIST, (i + 1) * IN_LIST));

/** The batch's people as they are now (by employee_id), and who holds the batch's emails. */
async function lookUp(db: Db, ids: string[], emails: string[]) {
  const [byId, byEmail] = await Promise.all([
    Promise.all(chunks(ids).map((c) => db.person.findMany({ where: { employeeId: { in: c } }, include: { roles: { select: { role: true } } } }))),
    Promise.all(chunks(emails).map((c) => db.person.findMany({ where: { email: { in: c } }, select: { employeeId: true, email: true } }))),
  ]);
  return { byId: byId.flat(), byEmail: byEmail.flat() };
}

/** Who took each email first in this file (rows that were not rejected). */
export type EmailClaims = Map<string, { line: number; employeeId: string }>;

/** `write: false` (a dry run) compares and counts the same and writes nothing. */
export async function writeBatch(db: Db, batch: ValidRow[], claims: EmailClaims, now = new Date(), write = true): Promise<BatchOutcome> {
  const out: BatchOutcome = { created: 0, updated: 0, unchanged: 0, deactivated: 0, reactivated: 0, rejected: [] };
  const existing = await lookUp(
    db,
    batch.map((b) => b.row.employee_id),
    batch.map((b) => b.row.email),
  );
  const byId = new Map(existing.byId.map((p) => [p.employeeId, p]));
  const byEmail = new Map(existing.byEmail.map((p) => [p.email, p]));

  const people: PersonWrite[] = [];
  const roles: { personId: string; roles: DirectoryRow['roles'] }[] = [];
  const replaceRolesOf: string[] = [];
  for (const { file, line, row, inactive } of batch) {
    const owner = byEmail.get(row.email);
    if (owner && owner.employeeId !== row.employee_id) {
      out.rejected.push({ file, line, employeeId: row.employee_id, reasons: [`email ${row.email} already belongs to employee ${owner.employeeId}`] });
      continue;
    }
    const claim = claims.get(row.email);
    if (claim && claim.employeeId !== row.employee_id) {
      out.rejected.push({
        file,
        line,
        employeeId: row.employee_id,
        reasons: [`email ${row.email} is already used by employee ${claim.employeeId} on line ${claim.line}`],
      });
      continue;
    }
    claims.set(row.email, { line, employeeId: row.employee_id });
    const before = byId.get(row.employee_id);
    // Someone who left before the directory ever had them is not added.
    if (!before && inactive) continue;
    const f = fields(row, inactive ? (before?.inactiveAt ?? now) : null);
    if (before && inactive && !before.inactiveAt) out.deactivated++;
    if (before && !inactive && before.inactiveAt) out.reactivated++;
    if (!before) {
      const id = randomUUID();
      people.push({ id, employeeId: row.employee_id, f });
      roles.push({ personId: id, roles: row.roles });
      out.created++;
      continue;
    }
    const rolesChanged =
      before.roles
        .map((r) => r.role)
        .sort()
        .join() !== row.roles.join();
    if (!rolesChanged && COLUMNS.every((c) => same(before[c], f[c]))) {
      out.unchanged++;
      continue;
    }
    people.push({ id: before.id, employeeId: row.employee_id, f });
    if (rolesChanged) {
      replaceRolesOf.push(before.id);
      roles.push({ personId: before.id, roles: row.roles });
    }
    out.updated++;
  }

  if (!write) return out;
  const writes = [];
  for (let i = 0; i < people.length; i += ROWS_PER_STATEMENT) writes.push(db.$executeRaw(upsert(people.slice(i, i + ROWS_PER_STATEMENT), now)));
  if (replaceRolesOf.length) writes.push(db.personRole.deleteMany({ where: { personId: { in: replaceRolesOf } } }));
  if (roles.length) writes.push(db.personRole.createMany({ data: roles.flatMap((p) => p.roles.map((role) => ({ personId: p.personId, role }))) }));
  if (writes.length) await db.$transaction(writes);
  return out;
}
