// Reminder rounds. Each open, active assignment of an active person has at most a few steps:
// "assigned" (the first card), "before:<d>" for the latest reminder day crossed (14, 7, 1 by
// default: a step that fell on a weekend or holiday goes on the next school day, unless a later
// step has replaced it), "due" on the due day, "overdue:<k>" every `overdueEveryDays` while
// overdue, and "escalate:<k>" to the manager once `escalateAfterDays` overdue, then on the same
// rhythm. A step is claimed by inserting its row (INSERT … ON CONFLICT DO NOTHING) before any
// card is queued, so it goes once across sweeps, restarts and instances.
import { type Db, Prisma } from '../../../core/db.ts';
import { daysBetween } from '../../../scheduler/school-days.ts';

export interface DueItem {
  assignmentId: string;
  courseKey: string;
  title: { en: string; es: string };
  url: string;
  verifiedOnly: boolean;
  dueDate: string;
  /** Days until the due day: 0 on it, negative when overdue. */
  daysLeft: number;
}

interface OpenRow {
  id: string;
  personId: string;
  dueDate: string;
  course: {
    key: string;
    titleEn: string;
    titleEs: string;
    url: string;
    verifiedOnly: boolean;
    reminderDays: unknown;
    overdueEveryDays: number;
    escalateAfterDays: number;
  };
}

/** The step a person is owed today for one assignment (besides "assigned"), or null. */
export function stepFor(c: Pick<OpenRow['course'], 'reminderDays' | 'overdueEveryDays'>, daysLeft: number): string | null {
  if (daysLeft > 0) {
    const days = (Array.isArray(c.reminderDays) ? (c.reminderDays as number[]) : []).filter((d) => daysLeft <= d);
    return days.length ? `before:${Math.min(...days)}` : null;
  }
  const k = Math.floor(-daysLeft / c.overdueEveryDays);
  return k >= 1 ? `overdue:${k}` : 'due';
}

/** The manager's step for an overdue assignment, or null (not yet, or no escalation). */
export function escalationFor(c: Pick<OpenRow['course'], 'overdueEveryDays' | 'escalateAfterDays'>, daysLeft: number): string | null {
  const over = -daysLeft;
  if (c.escalateAfterDays <= 0 || over < c.escalateAfterDays) return null;
  return `escalate:${Math.floor((over - c.escalateAfterDays) / c.overdueEveryDays)}`;
}

export interface PersonPlan {
  personId: string;
  /** Everything the person has open, soonest first (what the card lists). */
  items: DueItem[];
  /** Steps not yet taken: the card goes when at least one of them is claimed. */
  steps: { assignmentId: string; step: string }[];
}

export interface EscalationPlan {
  assignmentId: string;
  step: string;
  personId: string;
  courseTitle: { en: string; es: string };
  daysOverdue: number;
}

export interface RoundPlan {
  people: PersonPlan[];
  escalations: EscalationPlan[];
}

const toItem = (a: OpenRow, today: string): DueItem => ({
  assignmentId: a.id,
  courseKey: a.course.key,
  title: { en: a.course.titleEn, es: a.course.titleEs || a.course.titleEn },
  url: a.course.url,
  verifiedOnly: a.course.verifiedOnly,
  dueDate: a.dueDate,
  daysLeft: daysBetween(today, a.dueDate),
});

const bySoonest = (x: DueItem, y: DueItem) => x.dueDate.localeCompare(y.dueDate) || x.title.en.localeCompare(y.title.en);

/** One person's open assignments, soonest first (`training` in chat, the home tab). */
export async function openItems(db: Db, personId: string, today: string): Promise<DueItem[]> {
  const rows = await db.trainingAssignment.findMany({
    where: { personId, active: true, completedAt: null, course: { archivedAt: null } },
    select: { id: true, personId: true, dueDate: true, course: { select: COURSE_FIELDS } },
  });
  return rows.map((r) => toItem(r, today)).sort(bySoonest);
}

const COURSE_FIELDS = {
  key: true,
  titleEn: true,
  titleEs: true,
  url: true,
  verifiedOnly: true,
  reminderDays: true,
  overdueEveryDays: true,
  escalateAfterDays: true,
} as const;

/** What today's round owes: per person the steps not yet taken, and the managers' escalations.
 *  Reads only (the claim is separate), so several instances may plan at once. */
export async function planRound(db: Db, today: string): Promise<RoundPlan> {
  // Two plain statements (the open assignments with their course, and the steps they have
  // taken) rather than the ORM's per-row objects: the daily plan reads tens of thousands of rows.
  const raw = await db.$queryRaw<(Omit<OpenRow, 'course'> & Record<string, unknown>)[]>`
    SELECT a."id", a."personId", a."dueDate", c."key", c."titleEn", c."titleEs", c."url", c."verifiedOnly",
           c."reminderDays", c."overdueEveryDays", c."escalateAfterDays"
    FROM "TrainingAssignment" a JOIN "TrainingCourse" c ON c."id" = a."courseId"
    WHERE a."active" = TRUE AND a."completedAt" IS NULL AND c."archivedAt" IS NULL`;
  const rows: OpenRow[] = raw.map((r) => ({
    id: r.id,
    personId: r.personId,
    dueDate: r.dueDate,
    course: {
      key: String(r.key),
      titleEn: String(r.titleEn),
      titleEs: String(r.titleEs),
      url: String(r.url),
      verifiedOnly: r.verifiedOnly === true || r.verifiedOnly === 1,
      reminderDays: typeof r.reminderDays === 'string' ? JSON.parse(r.reminderDays) : r.reminderDays,
      overdueEveryDays: Number(r.overdueEveryDays),
      escalateAfterDays: Number(r.escalateAfterDays),
    },
  }));
  const taken = new Set(
    (
      await db.$queryRaw<{ assignmentId: string; step: string }[]>`
        SELECT s."assignmentId", s."step" FROM "TrainingReminderStep" s
        JOIN "TrainingAssignment" a ON a."id" = s."assignmentId"
        WHERE a."active" = TRUE AND a."completedAt" IS NULL`
    ).map((s) => `${s.assignmentId}|${s.step}`),
  );
  const people = new Map<string, PersonPlan>();
  const escalations: EscalationPlan[] = [];
  for (const r of rows) {
    const item = toItem(r, today);
    let plan = people.get(r.personId);
    if (!plan) {
      plan = { personId: r.personId, items: [], steps: [] };
      people.set(r.personId, plan);
    }
    plan.items.push(item);
    for (const step of ['assigned', stepFor(r.course, item.daysLeft)]) if (step && !taken.has(`${r.id}|${step}`)) plan.steps.push({ assignmentId: r.id, step });
    const esc = escalationFor(r.course, item.daysLeft);
    if (esc && !taken.has(`${r.id}|${esc}`))
      escalations.push({ assignmentId: r.id, step: esc, personId: r.personId, courseTitle: item.title, daysOverdue: -item.daysLeft });
  }
  const due = [...people.values()].filter((p) => p.steps.length > 0);
  for (const p of due) p.items.sort(bySoonest);
  return { people: due, escalations };
}

/** Claims steps: inserts their rows and returns the ones this caller won (others were taken
 *  by another sweep or instance). */
export async function claimSteps(db: Db, steps: readonly { assignmentId: string; step: string }[]): Promise<{ assignmentId: string; step: string }[]> {
  if (steps.length === 0) return [];
  const values = Prisma.join(steps.map((s) => Prisma.sql`(${s.assignmentId}, ${s.step})`));
  return db.$queryRaw<{ assignmentId: string; step: string }[]>`
    INSERT INTO "TrainingReminderStep" ("assignmentId", "step") VALUES ${values}
    ON CONFLICT DO NOTHING RETURNING "assignmentId", "step"`;
}
