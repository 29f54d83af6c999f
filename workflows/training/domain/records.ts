// Completions, from wherever they come (the person's attestation in chat, a CSV from a learning
// system, an xAPI statement): stored once per source key, and they close the open assignment they
// meet. A completion for a course the person is not (yet) assigned is kept: it counts if they
// are assigned later. Completions are never dated in the future.
import { localDate } from '../../../cards/dates.ts';
import type { Db } from '../../../core/db.ts';
import { isUniqueViolation } from '../../../core/db.ts';
import { type Course, meets, stillValid, toCourse } from './courses.ts';
import { ErrorCode, refuse, TrainingNotice } from './refusals.ts';

export type CompletionSource = 'attested' | 'csv' | 'xapi';

export interface CompletionInput {
  course: Course;
  personId: string;
  completedAt: Date;
  source: CompletionSource;
  /** Idempotency: the same key again changes nothing. */
  sourceKey?: string;
  contentHash?: string;
}

export type CompletionOutcome = { status: 'recorded'; closed: number } | { status: 'duplicate'; contentHash: string | null };

/** Records a completion and closes the open assignment(s) it meets. */
export async function recordCompletion(deps: { db: Db; timeZone: string; clock: { now(): Date } }, input: CompletionInput): Promise<CompletionOutcome> {
  const { db } = deps;
  const now = deps.clock.now();
  // A minute of slack for the clocks of learning systems.
  if (input.completedAt.getTime() > now.getTime() + 60_000)
    throw refuse(ErrorCode.InvalidInput, TrainingNotice.futureDate, 'completion dated in the future', { date: localDate(deps.timeZone, input.completedAt) });
  if (input.sourceKey) {
    const known = await db.trainingCompletion.findUnique({ where: { sourceKey: input.sourceKey }, select: { contentHash: true } });
    if (known) return { status: 'duplicate', contentHash: known.contentHash };
  }
  const day = localDate(deps.timeZone, input.completedAt);
  const open = await db.trainingAssignment.findMany({
    where: { courseId: input.course.id, personId: input.personId, completedAt: null },
    select: { id: true, cycle: true, dueDate: true },
  });
  const closing = open.filter((a) => meets(input.course, a, day)).map((a) => a.id);
  try {
    await db.$transaction([
      db.trainingCompletion.create({
        data: {
          courseId: input.course.id,
          personId: input.personId,
          completedAt: input.completedAt,
          source: input.source,
          sourceKey: input.sourceKey ?? null,
          contentHash: input.contentHash ?? null,
        },
      }),
      db.trainingAssignment.updateMany({
        where: { id: { in: closing }, completedAt: null },
        data: { completedAt: input.completedAt, completedBy: input.source },
      }),
    ]);
  } catch (e) {
    // Two deliveries of one statement at once: the other one stored it.
    if (input.sourceKey && isUniqueViolation(e)) {
      const known = await db.trainingCompletion.findUnique({ where: { sourceKey: input.sourceKey }, select: { contentHash: true } });
      return { status: 'duplicate', contentHash: known?.contentHash ?? null };
    }
    throw e;
  }
  return { status: 'recorded', closed: closing.length };
}

/** The people among `personIds` who have a valid (not expired) completion of the course with this key.
 *  `at` is when validity is judged (now, unless a caller with an injected clock says otherwise). */
export async function completedCourse(db: Db, courseKey: string, personIds: readonly string[], at: Date = new Date()): Promise<Set<string>> {
  const row = await db.trainingCourse.findUnique({ where: { key: courseKey } });
  if (!row || personIds.length === 0) return new Set();
  const course = toCourse(row);
  const today = at.toISOString().slice(0, 10);
  const rows = await db.trainingCompletion.findMany({
    where: { courseId: course.id, personId: { in: [...personIds] } },
    select: { personId: true, completedAt: true },
  });
  return new Set(rows.filter((r) => stillValid(course, r.completedAt.toISOString().slice(0, 10), today)).map((r) => r.personId));
}
