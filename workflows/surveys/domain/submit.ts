// A staff member submits the survey card. Everything is checked before anything is stored;
// then ONE transaction sets the person's bit in the run's answered bitmap and stores the answer
// SEALED (seal.ts): encrypted with the service's key, padded to the run's one size, in a row that
// holds no person, no groups and no time. Counted once: a second submit answers "already
// recorded". The answer reaches the response tables only when the run closes, in one shuffled
// batch with every other answer of the run (release.ts).
//
// So a database reader who watches every submit learns who answered when (as the bitmap always
// told), and sees one more box of ciphertext of the same size; nothing of what was answered, and
// nothing that later tells which released response came from that box. Nothing is logged that
// names the person or holds an answer.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { hotStatements } from '../../../core/db.ts';
import type { PersonWithRoles } from '../../../kernel/identity.ts';
import { primaryRole } from './access.ts';
import { hasAnswered } from './answered-slots.ts';
import type { SurveyDeps } from './model.ts';
import { ErrorCode, refuse, SurveyNotice } from './refusals.ts';
import { runState } from './runs.ts';
import { paddedSize, sealAnswer, sealKeyOf } from './seal.ts';
import { surveyQuestions } from './surveys.ts';
import { validateAnswers } from './validate-answers.ts';

const SubmitInput = z.object({
  runId: z.string().min(1).max(100),
  personId: z.string().min(1).max(100),
  // Generous bounds: a long comment must reach the validator to get its own clear message.
  values: z.record(z.string().max(200), z.string().max(1_000_000)).refine((v) => Object.keys(v).length <= 200, 'too many values'),
});
export type SubmitInput = z.input<typeof SubmitInput>;

/** What became of the answer, and the survey's title as the answer read it (for the card that
 *  thanks the person, so that it needs no read of its own). */
export interface SubmitOutcome {
  status: 'recorded' | 'already_recorded';
  title: { en: string; es: string };
}

const closedRefusal = () => refuse(ErrorCode.Conflict, SurveyNotice.closed, 'this survey is closed');

/** `deps.person`: the person as this turn's identity read found them (a chat turn's context),
 *  which saves reading them again (two statements of the answer turn); otherwise read here. */
export async function submitResponse(deps: SurveyDeps & { person?: PersonWithRoles }, input: SubmitInput): Promise<SubmitOutcome> {
  const { db, clock, log } = deps;
  const parsed = SubmitInput.safeParse(input);
  if (!parsed.success) throw refuse(ErrorCode.InvalidInput, SurveyNotice.malformed, 'the submitted form is not a survey answer');
  const { runId, personId, values } = parsed.data;
  const now = clock.now();

  const hot = hotStatements(db);
  const run = await hot.findRun(runId, personId);
  if (!run) throw refuse(ErrorCode.NotFound, SurveyNotice.notFound, 'no such survey');
  const state = runState(run, now);
  if (state === 'not_open') throw refuse(ErrorCode.Conflict, SurveyNotice.notOpenYet, 'this survey is not open yet');
  if (state === 'closed') throw closedRefusal();
  const participation = run.slot === null ? undefined : { slot: run.slot };
  if (!participation) throw refuse(ErrorCode.Forbidden, SurveyNotice.notForYou, 'this survey was not sent to you');
  if (hasAnswered(run.answeredSlots, participation.slot)) return { status: 'already_recorded', title: run.title };

  const questions = await surveyQuestions({ db }, run.surveyId);
  const answers = validateAnswers(questions, values);
  const person = deps.person?.id === personId ? deps.person : await db.person.findUnique({ where: { id: personId }, include: { roles: true } });
  if (!person) throw refuse(ErrorCode.Forbidden, SurveyNotice.notForYou, 'this survey was not sent to you');
  const groups = {
    building: person.building,
    region: person.region,
    role: primaryRole(person.roles.map((r) => r.role)),
    jobCategory: person.jobCategory,
  };
  const box = sealAnswer(sealKeyOf(deps), runId, { groups, answers }, paddedSize(questions));

  // One atomic step on the driver (core/hot.ts): under the run row's write lock, re-check that the
  // run is open and the bit unset, set it and store the box.
  const stored = await hot.sealAnswer({ runId, slot: participation.slot, id: randomUUID(), box, now });
  if (stored === 'not_open') throw closedRefusal();
  const outcome = stored;
  // Debug, not info: at 9:00 one line per answer was 5,000 lines saying the same (the run's count
  // says it), a twentieth of an answer's CPU, and the time of each answer in the operator's log.
  if (outcome === 'recorded') log?.debug({ runId }, 'survey response recorded');
  return { status: outcome, title: run.title };
}
