// Compliance as HR reports it to the board: per course and group, how many are assigned,
// completed, completed on time, overdue, and the completion rate; and the new-hire figure: of
// the people hired in a period, the share who completed their hire-relative courses within the
// window. Counted over active assignments of active people only (people who left, or no longer
// in a course's audience, are not counted as missing). Leaders see their building or region.
import type { Db, Role } from '../../../core/db.ts';
import { addDays, zonedTime } from '../../../scheduler/school-days.ts';
import { activePeople, type DirectoryPerson, hireDay } from './assignments.ts';
import { type Course, listCourses } from './courses.ts';

export const GROUP_BYS = ['building', 'region', 'role', 'jobCategory'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export type StatusScope = { kind: 'all' } | { kind: 'building'; building: string } | { kind: 'region'; region: string } | { kind: 'none' };

/** What a viewer may see: HR and admins everything; a leader their building (else region). */
export function statusScope(viewer: { roles: readonly Role[]; building: string | null; region: string | null }): StatusScope {
  if (viewer.roles.includes('hr') || viewer.roles.includes('admin')) return { kind: 'all' };
  if (viewer.roles.includes('leader')) {
    if (viewer.building) return { kind: 'building', building: viewer.building };
    if (viewer.region) return { kind: 'region', region: viewer.region };
  }
  return { kind: 'none' };
}

export const inScope = (s: StatusScope, p: Pick<DirectoryPerson, 'building' | 'region'>): boolean =>
  s.kind === 'all' || (s.kind === 'building' && p.building === s.building) || (s.kind === 'region' && p.region === s.region);

export interface StatusRow {
  course: string;
  title: { en: string; es: string };
  /** The group's value ("" for the course's total). */
  group: string;
  assigned: number;
  completed: number;
  onTime: number;
  overdue: number;
  /** completed / assigned, 0..100 rounded; null when nobody is assigned. */
  rate: number | null;
}

export interface NewHireFigure {
  from: string;
  to: string;
  /** People hired in the period who have at least one hire-relative course. */
  hired: number;
  /** …who completed every one of them by its due day. */
  completedInWindow: number;
  /** …whose window is still open and who have not finished yet (not counted as missed). */
  stillInWindow: number;
  rate: number | null;
}

export interface StatusReport {
  today: string;
  by: GroupBy | null;
  rows: StatusRow[];
  newHires: NewHireFigure;
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((100 * n) / d));

export async function complianceReport(
  deps: { db: Db; timeZone: string },
  opts: { today: string; scope: StatusScope; course?: Course; by?: GroupBy; hiredFrom?: string; hiredTo?: string },
): Promise<StatusReport> {
  const { db } = deps;
  const courses = opts.course ? [opts.course] : await listCourses(db);
  const people = new Map((await activePeople(db)).filter((p) => inScope(opts.scope, p)).map((p) => [p.id, p]));
  // One plain statement: a district's report reads every active assignment (60,000 and more).
  const wanted = new Set(courses.map((c) => c.id));
  const assignments = (
    await db.$queryRaw<{ courseId: string; personId: string; dueDate: string; completedAt: Date | string | null }[]>`
      SELECT "courseId", "personId", "dueDate", "completedAt" FROM "TrainingAssignment" WHERE "active" = TRUE`
  )
    .filter((a) => wanted.has(a.courseId))
    .map((a) => ({ ...a, completedAt: a.completedAt === null ? null : new Date(a.completedAt) }));
  const groupsOf = (p: DirectoryPerson): string[] => {
    switch (opts.by) {
      case undefined:
        return [];
      case 'role':
        return p.roles.length ? p.roles : [''];
      default:
        return [p[opts.by] ?? ''];
    }
  };
  const rows = new Map<string, StatusRow>();
  const row = (c: Course, group: string) => {
    const key = `${c.id}|${group}`;
    let r = rows.get(key);
    if (!r) {
      r = { course: c.key, title: c.title, group, assigned: 0, completed: 0, onTime: 0, overdue: 0, rate: null };
      rows.set(key, r);
    }
    return r;
  };
  for (const c of courses) row(c, '');
  const byId = new Map(courses.map((c) => [c.id, c]));
  // On time: completed before the end of the due day in the district (one instant per due day).
  const ends = new Map<string, number>();
  const endOf = (dueDate: string) => {
    let end = ends.get(dueDate);
    if (end === undefined) {
      end = zonedTime(deps.timeZone, addDays(dueDate, 1), 0).getTime();
      ends.set(dueDate, end);
    }
    return end;
  };
  const hireDuties = new Map<string, { done: boolean; open: boolean }>();
  for (const a of assignments) {
    const p = people.get(a.personId);
    const c = byId.get(a.courseId);
    if (!p || !c) continue;
    const done = a.completedAt !== null;
    const timely = a.completedAt !== null && a.completedAt.getTime() < endOf(a.dueDate);
    const late = !done && a.dueDate < opts.today;
    for (const r of [row(c, ''), ...groupsOf(p).map((g) => row(c, g))]) {
      r.assigned += 1;
      if (done) r.completed += 1;
      if (timely) r.onTime += 1;
      if (late) r.overdue += 1;
    }
    if (c.dueKind === 'hire') {
      const h = hireDuties.get(p.id) ?? { done: true, open: false };
      if (!timely) h.done = false;
      if (!done && a.dueDate >= opts.today) h.open = true;
      hireDuties.set(p.id, h);
    }
  }
  for (const r of rows.values()) r.rate = rate(r.completed, r.assigned);
  const from = opts.hiredFrom ?? `${Number(opts.today.slice(0, 4)) - 1}${opts.today.slice(4)}`;
  const to = opts.hiredTo ?? opts.today;
  let hired = 0;
  let completedInWindow = 0;
  let stillInWindow = 0;
  for (const [personId, h] of hireDuties) {
    const day = hireDay(people.get(personId)?.hireDate ?? null);
    if (!day || day < from || day > to) continue;
    hired += 1;
    if (h.done) completedInWindow += 1;
    else if (h.open) stillInWindow += 1;
  }
  const sorted = [...rows.values()].sort(
    (x, y) => x.course.localeCompare(y.course) || (x.group === '' ? -1 : y.group === '' ? 1 : x.group.localeCompare(y.group)),
  );
  return {
    today: opts.today,
    by: opts.by ?? null,
    rows: sorted,
    newHires: { from, to, hired, completedInWindow, stillInWindow, rate: rate(completedInWindow, hired) },
  };
}

const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // Leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The report as CSV: one line per course and group, then the new-hire figure. */
export function reportCsv(r: StatusReport): string {
  const lines = [['course', 'title', r.by ?? 'group', 'assigned', 'completed', 'completed_on_time', 'overdue', 'completion_rate'].join(',')];
  for (const x of r.rows)
    lines.push([x.course, x.title.en, x.group || 'all', x.assigned, x.completed, x.onTime, x.overdue, x.rate === null ? '' : `${x.rate}%`].map(cell).join(','));
  const n = r.newHires;
  lines.push('');
  lines.push('new_hires_from,new_hires_to,hired,completed_in_window,still_in_window,rate');
  lines.push([n.from, n.to, n.hired, n.completedInWindow, n.stillInWindow, n.rate === null ? '' : `${n.rate}%`].map(cell).join(','));
  return `${lines.join('\n')}\n`;
}
