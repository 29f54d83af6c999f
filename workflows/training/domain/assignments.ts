// Assignments follow the directory: after every people import (onDirectoryChanged), after a
// course is made, and before every reminder round, each course's audience is matched against
// the active people. New matches get an assignment (a completion already on file counts), a
// changed hire date moves an open hire-relative deadline (and its reminder steps start over),
// a new cycle of a recurring course gets a new assignment, and anyone who no longer matches (or
// left) keeps the history but the assignment turns inactive: no reminders, not counted.
import { localDate } from '../../../cards/dates.ts';
import type { Db } from '../../../core/db.ts';
import { type Course, dutyOf, listCourses, meets } from './courses.ts';

export interface DirectoryPerson {
  id: string;
  building: string | null;
  region: string | null;
  jobCategory: string | null;
  hireDate: Date | null;
  roles: string[];
}

/** The hire date as the directory gave it ('YYYY-MM-DD'; stored as UTC midnight). */
export const hireDay = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

/** Whether a person is in a course's audience (AND across keys, any-of within a key). */
export function inAudience(a: Record<string, unknown>, p: DirectoryPerson): boolean {
  const list = (k: string) => (Array.isArray(a[k]) ? (a[k] as string[]) : undefined);
  const roles = list('roles');
  const buildings = list('buildings');
  const regions = list('regions');
  const jobs = list('jobCategories');
  const ids = list('personIds');
  if (roles && !roles.some((r) => p.roles.includes(r))) return false;
  if (buildings && !(p.building && buildings.includes(p.building))) return false;
  if (regions && !(p.region && regions.includes(p.region))) return false;
  if (jobs && !(p.jobCategory && jobs.includes(p.jobCategory))) return false;
  if (ids && !ids.includes(p.id)) return false;
  return true;
}

/** Everyone active in the directory with their roles (two plain statements: thousands of rows). */
export async function activePeople(db: Db): Promise<DirectoryPerson[]> {
  const rows = await db.$queryRaw<{ id: string; building: string | null; region: string | null; jobCategory: string | null; hireDate: Date | string | null }[]>`
    SELECT "id", "building", "region", "jobCategory", "hireDate" FROM "Person" WHERE "inactiveAt" IS NULL`;
  const roles = new Map<string, string[]>();
  for (const r of await db.$queryRaw<{ personId: string; role: string }[]>`SELECT "personId", CAST("role" AS TEXT) AS "role" FROM "PersonRole"`)
    roles.set(r.personId, [...(roles.get(r.personId) ?? []), r.role]);
  return rows.map((r) => ({ ...r, hireDate: r.hireDate === null ? null : new Date(r.hireDate), roles: roles.get(r.id) ?? [] }));
}

export interface ReconcileSummary {
  created: number;
  moved: number;
  deactivated: number;
  reactivated: number;
}

const CHUNK = 500;

/** Makes every course's assignments match the directory today. Idempotent. */
export async function reconcileAssignments(deps: { db: Db; timeZone: string; clock: { now(): Date } }, only?: readonly Course[]): Promise<ReconcileSummary> {
  const { db } = deps;
  const today = localDate(deps.timeZone, deps.clock.now());
  const courses = only ?? (await listCourses(db));
  const summary: ReconcileSummary = { created: 0, moved: 0, deactivated: 0, reactivated: 0 };
  if (courses.length === 0) return summary;
  const people = await activePeople(db);
  for (const course of courses) {
    const existing = await db.trainingAssignment.findMany({
      where: { courseId: course.id },
      select: { id: true, personId: true, cycle: true, dueDate: true, active: true, completedAt: true },
    });
    const completions = await db.trainingCompletion.findMany({ where: { courseId: course.id }, select: { personId: true, completedAt: true } });
    const completedDays = new Map<string, { day: string; at: Date }[]>();
    for (const c of completions) {
      const day = localDate(deps.timeZone, c.completedAt);
      completedDays.set(c.personId, [...(completedDays.get(c.personId) ?? []), { day, at: c.completedAt }]);
    }
    const byKey = new Map(existing.map((a) => [`${a.personId}|${a.cycle}`, a]));
    const keep = new Set<string>();
    const fresh: { courseId: string; personId: string; cycle: string; dueDate: string; completedAt: Date | null; completedBy: string | null }[] = [];
    const reactivate: string[] = [];
    for (const p of people) {
      if (!inAudience(course.audience, p)) continue;
      const days = (completedDays.get(p.id) ?? []).sort((x, y) => x.day.localeCompare(y.day));
      const duty = dutyOf(course, hireDay(p.hireDate), today, days.at(-1)?.day ?? null);
      if (!duty) continue;
      const have = byKey.get(`${p.id}|${duty.cycle}`);
      if (have) {
        keep.add(have.id);
        if (!have.active) reactivate.push(have.id);
        if (!have.completedAt && have.dueDate !== duty.dueDate) {
          await db.$transaction([
            db.trainingAssignment.update({ where: { id: have.id }, data: { dueDate: duty.dueDate } }),
            db.trainingReminderStep.deleteMany({ where: { assignmentId: have.id } }),
          ]);
          summary.moved += 1;
        }
        continue;
      }
      const met = days.find((d) => meets(course, duty, d.day));
      fresh.push({
        courseId: course.id,
        personId: p.id,
        cycle: duty.cycle,
        dueDate: duty.dueDate,
        completedAt: met?.at ?? null,
        completedBy: met ? 'import' : null,
      });
    }
    for (let i = 0; i < fresh.length; i += CHUNK) await db.trainingAssignment.createMany({ data: fresh.slice(i, i + CHUNK) });
    summary.created += fresh.length;
    // Anyone else's open assignment stops (an older cycle's too): history kept, no reminders.
    const stop = existing.filter((a) => a.active && !keep.has(a.id)).map((a) => a.id);
    for (let i = 0; i < stop.length; i += CHUNK)
      await db.trainingAssignment.updateMany({ where: { id: { in: stop.slice(i, i + CHUNK) } }, data: { active: false } });
    for (let i = 0; i < reactivate.length; i += CHUNK)
      await db.trainingAssignment.updateMany({ where: { id: { in: reactivate.slice(i, i + CHUNK) } }, data: { active: true } });
    summary.deactivated += stop.length;
    summary.reactivated += reactivate.length;
  }
  return summary;
}
