// The training use cases that chat commands, CLI commands, jobs and the xAPI endpoint all call
// (they only format): create a course (and assign it at once), a person's own list ("my tasks",
// also for the home tab), mark done, the reminder round with its escalation digests, status.
import { localDate } from '../../cards/dates.ts';
import type { Role } from '../../core/db.ts';
import { createCampaign } from '../../delivery/index.ts';
import type { Services } from '../../kernel/turn.ts';
import { nextSchoolTime, schoolHoursFrom } from '../../scheduler/school-days.ts';
import { type TrainingData, card as trainingCard } from './cards/training/index.ts';
import type { TrainingAckData } from './cards/training-ack/index.ts';
import { card as digestCard, type TrainingDigestData } from './cards/training-digest/index.ts';
import { reconcileAssignments } from './domain/assignments.ts';
import { complianceReport, type GroupBy, type StatusReport, type StatusScope, statusScope } from './domain/compliance.ts';
import { type Course, createCourse, findCourse, listCourses } from './domain/courses.ts';
import { recordCompletion } from './domain/records.ts';
import { ErrorCode, refuse, TrainingNotice } from './domain/refusals.ts';
import { claimSteps, type DueItem, openItems, planRound } from './domain/reminders.ts';

export const todayOf = (deps: Pick<Services, 'timeZone' | 'clock'>) => localDate(deps.timeZone, deps.clock.now());

/** A course's deadline in words, as the ack and list cards say it. */
export function dueInWords(c: Course): TrainingAckData['due'] {
  switch (c.dueKind) {
    case 'fixed':
      return { kind: 'fixed', params: { date: c.dueDate ?? '' } };
    case 'hire':
      return { kind: 'hire', params: { count: c.dueDays ?? 0 } };
    case 'yearly':
      return { kind: 'yearly', params: { monthDay: c.dueMonthDay ?? '' } };
    case 'interval':
      return { kind: 'interval', params: { count: c.dueDays ?? 0, date: c.dueDate ?? '' } };
  }
}

/** Creates a course and assigns it to everyone it applies to now; they get it on their card in
 *  the next reminder round (every 30 minutes in school hours), one card for all they have due. */
export async function createTrainingCourse(deps: Services, input: unknown, createdById?: string): Promise<{ course: Course; assigned: number }> {
  const course = await createCourse(deps, input, createdById);
  const r = await reconcileAssignments(deps, [course]);
  deps.log.info({ courseId: course.id, assigned: r.created }, 'training course created');
  return { course, assigned: r.created };
}

/** "My tasks": what one person has due, soonest first (chat `training`, the home tab). */
export async function myTraining(deps: Pick<Services, 'db' | 'timeZone' | 'clock'>, personId: string): Promise<DueItem[]> {
  return openItems(deps.db, personId, todayOf(deps));
}

export const cardItems = (items: readonly DueItem[]): TrainingData['items'] =>
  items.map((i) => ({ assignmentId: i.assignmentId, title: i.title, url: i.url, verifiedOnly: i.verifiedOnly, dueDate: i.dueDate, daysLeft: i.daysLeft }));

/** The person's attestation: "I've completed it", dated now. Only their own assignment, and
 *  only for a course that does not require verified completion. Stops that course's reminders. */
export async function markDone(deps: Services, personId: string, assignmentId: string): Promise<{ title: { en: string; es: string }; already: boolean }> {
  const a = await deps.db.trainingAssignment.findUnique({ where: { id: assignmentId }, include: { course: true } });
  // Someone else's assignment is "not found" too: nothing about it is told.
  if (!a || a.personId !== personId) throw refuse(ErrorCode.NotFound, TrainingNotice.notYours, 'no such assignment of this person');
  const title = { en: a.course.titleEn, es: a.course.titleEs || a.course.titleEn };
  if (a.course.verifiedOnly) throw refuse(ErrorCode.Forbidden, TrainingNotice.verifiedOnly, 'course requires verified completion', { title: a.course.titleEn });
  if (a.completedAt) return { title, already: true };
  const course = await findCourse(deps.db, a.course.key);
  await recordCompletion(deps, { course, personId, completedAt: deps.clock.now(), source: 'attested', sourceKey: `attested:${assignmentId}` });
  return { title, already: false };
}

export interface RoundResult {
  /** false outside school hours or on a non-school day: nothing was planned or sent. */
  ran: boolean;
  cards: number;
  digests: number;
  /** Overdue people past escalation whose manager is not in the directory. */
  noManager: number;
}

/** One reminder round: assignments reconciled with the directory, then each person with a new
 *  step gets one card listing everything they have open, and each manager one digest of their
 *  overdue reports. Steps are claimed before anything is queued. Only in school hours. */
export async function runRound(deps: Services): Promise<RoundResult> {
  const now = deps.clock.now();
  const result: RoundResult = { ran: false, cards: 0, digests: 0, noManager: 0 };
  if ((await nextSchoolTime(deps.db, now, schoolHoursFrom(deps))).getTime() !== now.getTime()) return result;
  result.ran = true;
  await reconcileAssignments(deps);
  const today = todayOf(deps);
  const plan = await planRound(deps.db, today);
  for (const p of plan.people) {
    const won = await claimSteps(deps.db, p.steps);
    if (won.length === 0) continue;
    const data: TrainingData = { items: cardItems(p.items), reminder: true };
    await createCampaign(
      deps.db,
      {
        name: 'Training reminder',
        template: trainingCard.name,
        data: data as unknown as Record<string, unknown>,
        audience: { personIds: [p.personId] },
        purpose: `training-reminder:${today}`,
      },
      now,
    );
    result.cards += 1;
  }
  if (plan.escalations.length) {
    const people = await deps.db.person.findMany({
      where: { id: { in: [...new Set(plan.escalations.map((e) => e.personId))] } },
      select: { id: true, name: true, managerEmail: true },
    });
    const byId = new Map(people.map((p) => [p.id, p]));
    const managers = new Map(
      (
        await deps.db.person.findMany({
          where: { inactiveAt: null, email: { in: [...new Set(people.flatMap((p) => (p.managerEmail ? [p.managerEmail.toLowerCase()] : [])))] } },
          select: { id: true, email: true },
        })
      ).map((m) => [m.email, m.id]),
    );
    const digests = new Map<string, typeof plan.escalations>();
    for (const e of plan.escalations) {
      const managerId = managers.get(byId.get(e.personId)?.managerEmail?.toLowerCase() ?? '');
      if (!managerId || managerId === e.personId) {
        result.noManager += 1;
        continue;
      }
      digests.set(managerId, [...(digests.get(managerId) ?? []), e]);
    }
    for (const [managerId, rows] of digests) {
      const won = new Set((await claimSteps(deps.db, rows)).map((w) => `${w.assignmentId}|${w.step}`));
      const mine = rows.filter((r) => won.has(`${r.assignmentId}|${r.step}`));
      if (mine.length === 0) continue;
      const data: TrainingDigestData = {
        rows: mine.map((r) => ({ name: byId.get(r.personId)?.name ?? '', title: r.courseTitle, daysOverdue: r.daysOverdue })),
      };
      await createCampaign(
        deps.db,
        {
          name: 'Training escalation digest',
          template: digestCard.name,
          data: data as unknown as Record<string, unknown>,
          audience: { personIds: [managerId] },
          purpose: `training-digest:${today}`,
        },
        now,
      );
      result.digests += 1;
    }
  }
  if (result.cards || result.digests || result.noManager) deps.log.info({ ...result, today }, 'training reminder round');
  return result;
}

export interface Viewer {
  roles: readonly Role[];
  building: string | null;
  region: string | null;
}

/** The viewer's scope, narrowed to one building when asked (`within`) and allowed: HR to any,
 *  a leader to their own; never widened. */
function narrowed(viewer: Viewer, within?: { building: string }): StatusScope {
  const scope = statusScope(viewer);
  if (scope.kind === 'none') throw refuse(ErrorCode.Forbidden, TrainingNotice.noStatusAccess, 'no status access');
  if (!within || (scope.kind === 'building' && scope.building === within.building)) return scope;
  if (scope.kind === 'all') return { kind: 'building', building: within.building };
  throw refuse(ErrorCode.Forbidden, TrainingNotice.noStatusAccess, 'a building outside the viewer’s scope was asked for');
}

/** Compliance in the viewer's scope (or one building of it); staff are refused. */
export async function trainingStatus(
  deps: Services,
  viewer: Viewer,
  opts: { courseRef?: string; by?: GroupBy; within?: { building: string } } = {},
): Promise<StatusReport & { scope: StatusScope }> {
  const scope = narrowed(viewer, opts.within);
  const course = opts.courseRef ? await findCourse(deps.db, opts.courseRef) : undefined;
  const report = await complianceReport(deps, { today: todayOf(deps), scope, ...(course ? { course } : {}), ...(opts.by ? { by: opts.by } : {}) });
  return { ...report, scope };
}

/** Every course with its totals in the viewer's scope (`training list`). */
export async function courseOverview(deps: Services, viewer: Viewer) {
  const report = await trainingStatus(deps, viewer);
  const courses = await listCourses(deps.db);
  const totals = new Map(report.rows.filter((r) => r.group === '').map((r) => [r.course, r]));
  return courses.map((c) => ({ course: c, totals: totals.get(c.key) ?? { assigned: 0, completed: 0, overdue: 0 } }));
}
