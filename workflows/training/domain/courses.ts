// Required courses: what HR defines (title and description in en and es, a link, who must take
// it, when it is due, the reminder plan and the escalation), checked once here for chat and CLI.
import { z } from 'zod';
import { localDate } from '../../../cards/dates.ts';
import type { Db } from '../../../core/db.ts';
import { isUniqueViolation } from '../../../core/db.ts';
import { peopleAudience } from '../../../delivery/audience.ts';
import { addDays, daysBetween } from '../../../scheduler/school-days.ts';
import { ErrorCode, refuse, TrainingNotice } from './refusals.ts';

export const DUE_KINDS = ['fixed', 'hire', 'yearly', 'interval'] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export const DEFAULT_REMINDER_DAYS = [14, 7, 1] as const;
/** Relative deadlines: at least a day, at most about three years. */
export const MAX_RELATIVE_DAYS = 1095;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const day = z
  .string()
  .regex(DAY, 'must be a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date');

const relativeDays = z.number().int();

export const CourseInput = z
  .object({
    key: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2 to 63 lower-case letters, digits and dashes (e.g. selection-process)'),
    title: z.object({ en: z.string().trim().min(1).max(200), es: z.string().trim().max(200).default('') }),
    description: z.object({ en: z.string().trim().max(1000).default(''), es: z.string().trim().max(1000).default('') }).default({ en: '', es: '' }),
    url: z
      .string()
      .trim()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) link'),
    /** {} or { everyone: true } is everyone. */
    audience: peopleAudience.or(z.object({}).strict()).default({}),
    due: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('fixed'), date: day }),
      z.object({ kind: z.literal('hire'), days: relativeDays }),
      z.object({ kind: z.literal('yearly'), monthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD (e.g. 09-30)') }),
      z.object({ kind: z.literal('interval'), days: relativeDays, firstDate: day }),
    ]),
    reminderDays: z
      .array(z.number().int().min(1).max(60))
      .max(5)
      .default([...DEFAULT_REMINDER_DAYS]),
    overdueEveryDays: z.number().int().min(1).max(60).default(7),
    escalateAfterDays: z.number().int().min(0).max(365).default(7),
    verifiedOnly: z.boolean().default(false),
  })
  .strict();
export type CourseInput = z.input<typeof CourseInput>;

export interface Course {
  id: string;
  key: string;
  title: { en: string; es: string };
  description: { en: string; es: string };
  url: string;
  audience: Record<string, unknown>;
  dueKind: DueKind;
  dueDate: string | null;
  dueDays: number | null;
  dueMonthDay: string | null;
  reminderDays: number[];
  overdueEveryDays: number;
  escalateAfterDays: number;
  verifiedOnly: boolean;
  createdAt: Date;
}

type CourseRow = Awaited<ReturnType<Db['trainingCourse']['findFirstOrThrow']>>;

export const toCourse = (r: CourseRow): Course => ({
  id: r.id,
  key: r.key,
  title: { en: r.titleEn, es: r.titleEs || r.titleEn },
  description: { en: r.descriptionEn, es: r.descriptionEs || r.descriptionEn },
  url: r.url,
  audience: (r.audience ?? {}) as Record<string, unknown>,
  dueKind: r.dueKind as DueKind,
  dueDate: r.dueDate,
  dueDays: r.dueDays,
  dueMonthDay: r.dueMonthDay,
  reminderDays: Array.isArray(r.reminderDays) ? (r.reminderDays as number[]) : [...DEFAULT_REMINDER_DAYS],
  overdueEveryDays: r.overdueEveryDays,
  escalateAfterDays: r.escalateAfterDays,
  verifiedOnly: r.verifiedOnly,
  createdAt: r.createdAt,
});

/** Checks a definition and saves it; every refusal names what to fix and saves nothing. */
export async function createCourse(deps: { db: Db; timeZone: string; clock: { now(): Date } }, input: unknown, createdById?: string): Promise<Course> {
  const parsed = CourseInput.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'course'} ${i.message}`).join('; ');
    throw refuse(ErrorCode.InvalidInput, TrainingNotice.invalidCourse, `course refused: ${problems}`, { problems: problems.slice(0, 300) });
  }
  const c = parsed.data;
  const today = localDate(deps.timeZone, deps.clock.now());
  if ((c.due.kind === 'fixed' && c.due.date < today) || (c.due.kind === 'interval' && c.due.firstDate < today))
    throw refuse(ErrorCode.InvalidInput, TrainingNotice.dueInPast, 'the due date is in the past', {
      date: c.due.kind === 'fixed' ? c.due.date : c.due.firstDate,
    });
  if ((c.due.kind === 'hire' || c.due.kind === 'interval') && (c.due.days < 1 || c.due.days > MAX_RELATIVE_DAYS))
    throw refuse(ErrorCode.InvalidInput, TrainingNotice.relativeDays, `a relative deadline of ${c.due.days} days`, {
      days: c.due.days,
      max: MAX_RELATIVE_DAYS,
    });
  const audience = 'everyone' in c.audience && c.audience.everyone ? {} : c.audience;
  try {
    const row = await deps.db.trainingCourse.create({
      data: {
        key: c.key,
        titleEn: c.title.en,
        titleEs: c.title.es || c.title.en,
        descriptionEn: c.description.en,
        descriptionEs: c.description.es || c.description.en,
        url: c.url,
        audience,
        dueKind: c.due.kind,
        dueDate: c.due.kind === 'fixed' ? c.due.date : c.due.kind === 'interval' ? c.due.firstDate : null,
        dueDays: c.due.kind === 'hire' || c.due.kind === 'interval' ? c.due.days : null,
        dueMonthDay: c.due.kind === 'yearly' ? c.due.monthDay : null,
        reminderDays: [...new Set(c.reminderDays)].sort((a, b) => b - a),
        overdueEveryDays: c.overdueEveryDays,
        escalateAfterDays: c.escalateAfterDays,
        verifiedOnly: c.verifiedOnly,
        createdById: createdById ?? null,
      },
    });
    return toCourse(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw refuse(ErrorCode.Conflict, TrainingNotice.duplicateKey, `course key ${c.key} exists`, { key: c.key });
    throw e;
  }
}

export async function listCourses(db: Db): Promise<Course[]> {
  return (await db.trainingCourse.findMany({ where: { archivedAt: null }, orderBy: { createdAt: 'asc' } })).map(toCourse);
}

/** A course by its key, id or the start of its id (what a person types). */
export async function findCourse(db: Db, ref: string): Promise<Course> {
  const r = ref.trim().toLowerCase();
  const row =
    r.length >= 2
      ? ((await db.trainingCourse.findFirst({ where: { OR: [{ key: r }, { id: r }] } })) ??
        (r.length >= 6 ? await db.trainingCourse.findFirst({ where: { id: { startsWith: r } } }) : null))
      : null;
  if (!row) throw refuse(ErrorCode.NotFound, TrainingNotice.notFound, 'no such course', { ref: ref.slice(0, 64) });
  return toCourse(row);
}

// ---------- deadlines ----------

/** The school year a day is in, by its first day (July 1). */
export const schoolYearStart = (today: string): string => (today.slice(5) >= '07-01' ? `${today.slice(0, 4)}-07-01` : `${Number(today.slice(0, 4)) - 1}-07-01`);

/** A yearly deadline's day in the school year that starts on `start`. */
const yearlyDue = (start: string, monthDay: string) => `${monthDay >= '07-01' ? start.slice(0, 4) : Number(start.slice(0, 4)) + 1}-${monthDay}`;

export interface Duty {
  cycle: string;
  dueDate: string;
}

/** What a person owes a course today: the cycle and its due day, or null when the course does not
 *  apply (a hire-relative course for someone hired before it could be met, or with no hire date).
 *  `lastCompleted` is the person's latest completion day of the course (interval courses roll on it). */
export function dutyOf(course: Course, hireDay: string | null, today: string, lastCompleted: string | null): Duty | null {
  switch (course.dueKind) {
    case 'fixed':
      return { cycle: '', dueDate: course.dueDate as string };
    case 'hire': {
      if (!hireDay) return null;
      const due = addDays(hireDay, course.dueDays as number);
      // New hires: people whose window was still open when the course was made.
      return due >= localDate('UTC', course.createdAt) ? { cycle: '', dueDate: due } : null;
    }
    case 'yearly': {
      const start = schoolYearStart(today);
      return { cycle: start.slice(0, 4), dueDate: yearlyDue(start, course.dueMonthDay as string) };
    }
    case 'interval': {
      if (!lastCompleted) return { cycle: '1', dueDate: course.dueDate as string };
      return { cycle: `after:${lastCompleted}`, dueDate: addDays(lastCompleted, course.dueDays as number) };
    }
  }
}

/** Whether a completion on `completedDay` meets the duty (a later cycle needs a later completion). */
export function meets(course: Course, duty: Duty, completedDay: string): boolean {
  if (course.dueKind === 'yearly') return completedDay >= `${duty.cycle}-07-01`;
  if (course.dueKind === 'interval' && duty.cycle.startsWith('after:')) return completedDay > duty.cycle.slice('after:'.length);
  return true;
}

/** Whether a completion on `completedDay` still counts today (not expired). */
export function stillValid(course: Course, completedDay: string, today: string): boolean {
  if (course.dueKind === 'yearly') return completedDay >= schoolYearStart(today);
  if (course.dueKind === 'interval') return daysBetween(completedDay, today) <= (course.dueDays as number);
  return true;
}
