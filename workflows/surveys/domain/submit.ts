// A staff member submits the survey card. Everything is checked before anything is stored;
// then ONE transaction sets the person's bit in the run's answered bitmap, inserts the
// anonymous response with its answers and adds them to the run's tallies. Counted once: a
// second submit answers "already recorded".
//
// How the stored response stays apart from the person (see README.md):
// - the response row has a random UUID made here, the date only, and the respondent's groups;
// - the transaction writes no row that names the person: besides the anonymous rows it writes
//   only the run row (the bitmap), which every submit of the run rewrites, so neither
//   transaction ids (PostgreSQL xmin) nor physical or insertion order (ctid, SQLite rowid)
//   pair a response with a participation row, which is never updated after launch;
// - nothing is logged that names the person or holds an answer.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { primaryRole } from './access.ts';
import { hasAnswered, withAnswered } from './answered-slots.ts';
import { dateIn, type SurveyDeps } from './model.ts';
import { ErrorCode, refuse, SurveyNotice } from './refusals.ts';
import { runState } from './runs.ts';
import { surveyQuestions } from './surveys.ts';
import { addTallies, tallyRows } from './tallies.ts';
import { validateAnswers } from './validate-answers.ts';

const SubmitInput = z.object({
  runId: z.string().min(1).max(100),
  personId: z.string().min(1).max(100),
  // Generous bounds: a long comment must reach the validator to get its own clear message.
  values: z.record(z.string().max(200), z.string().max(1_000_000)).refine((v) => Object.keys(v).length <= 200, 'too many values'),
});
export type SubmitInput = z.input<typeof SubmitInput>;

export type SubmitOutcome = { status: 'recorded' } | { status: 'already_recorded' };

const closedRefusal = () => refuse(ErrorCode.Conflict, SurveyNotice.closed, 'this survey is closed');

export async function submitResponse({ db, clock, log }: SurveyDeps, input: SubmitInput): Promise<SubmitOutcome> {
  const parsed = SubmitInput.safeParse(input);
  if (!parsed.success) throw refuse(ErrorCode.InvalidInput, SurveyNotice.malformed, 'the submitted form is not a survey answer');
  const { runId, personId, values } = parsed.data;
  const now = clock.now();

  const run = await db.surveyRun.findUnique({ where: { id: runId }, include: { survey: { select: { timeZone: true } } } });
  if (!run) throw refuse(ErrorCode.NotFound, SurveyNotice.notFound, 'no such survey');
  const state = runState(run, now);
  if (state === 'not_open') throw refuse(ErrorCode.Conflict, SurveyNotice.notOpenYet, 'this survey is not open yet');
  if (state === 'closed') throw closedRefusal();
  const participation = await db.surveyParticipation.findUnique({ where: { runId_personId: { runId, personId } }, select: { slot: true } });
  if (!participation) throw refuse(ErrorCode.Forbidden, SurveyNotice.notForYou, 'this survey was not sent to you');
  if (hasAnswered(run.answeredSlots, participation.slot)) return { status: 'already_recorded' };

  const answers = validateAnswers(await surveyQuestions({ db }, run.surveyId), values);
  const person = await db.person.findUnique({ where: { id: personId }, include: { roles: true } });
  if (!person) throw refuse(ErrorCode.Forbidden, SurveyNotice.notForYou, 'this survey was not sent to you');
  const groups = {
    building: person.building,
    region: person.region,
    role: primaryRole(person.roles.map((r) => r.role)),
    jobCategory: person.jobCategory,
  };

  const outcome = await db.$transaction(
    async (tx) => {
      // Taking the run row's write lock first serializes submits of one run (PostgreSQL row
      // lock; SQLite's write lock), so the bitmap read next is the latest.
      const locked = await tx.surveyRun.update({ where: { id: runId }, data: { answeredCount: { increment: 0 } } });
      if (runState(locked, now) !== 'open') throw closedRefusal();
      if (hasAnswered(locked.answeredSlots, participation.slot)) return 'already_recorded' as const;
      await tx.surveyRun.update({
        where: { id: runId },
        data: { answeredSlots: withAnswered(locked.answeredSlots, participation.slot), answeredCount: { increment: 1 } },
      });
      await tx.surveyResponse.create({
        data: { id: randomUUID(), runId, date: dateIn(run.survey.timeZone, now), ...groups, answers: { createMany: { data: answers.map((a) => ({ ...a, runId })) } } },
      });
      await addTallies(tx, tallyRows(runId, groups, answers));
      return 'recorded' as const;
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
  if (outcome === 'recorded') log?.info({ runId }, 'survey response recorded');
  return { status: outcome };
}
