// Closing a run releases its sealed answers (seal.ts) into the response tables, in the same
// transaction that marks the run closed, so a crash leaves either an open run with every sealed
// answer or a closed run with every answer released, never half of it; a second close finds the
// run closed and does nothing.
//
// The release is one batch: the answers are shuffled (crypto randomness), each response gets a
// fresh random id, rows are written in the shuffled order, the tallies are added as one sum, and
// every response carries the same date (the run's opening date). So neither ids, physical or
// insertion order (ctid, rowid), transaction ids (xmin: one for the whole batch) nor dates tell
// which response came in which submit. A run that closes with fewer answers than its score
// threshold releases nothing: its answers are counted (answeredCount) but their content is
// destroyed with the sealed rows.
import { randomInt, randomUUID } from 'node:crypto';
import type { Prisma } from '../../../core/db.ts';
import { AppError, ErrorCode } from '../../../core/errors.ts';
import { LIMITS, dateIn, type SurveyDeps } from './model.ts';
import { openAnswer, sealKeyOf, type SealedAnswer } from './seal.ts';
import { addTallies, tallyRows, type TallyRow } from './tallies.ts';

type Tx = Prisma.TransactionClient;

/** The transaction options of a close: a release writes every answer of a run. */
export const RELEASE_TX = { maxWait: 10_000, timeout: 600_000 } as const;

const CHUNK = 500;
const ANSWER_CHUNK = 2000;

/** Items in a uniformly random order (Fisher-Yates with crypto randomness). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

export interface Released {
  /** Answers released into the response tables (0 when too few to release). */
  released: number;
  /** Sealed answers destroyed unread because the run had fewer than its threshold. */
  withheld: number;
}

/** Marks the run closed (if it is still open) and releases its sealed answers, inside `tx`.
 *  Returns null when the run was not open (closed already: nothing to do). */
export async function closeAndRelease(deps: Pick<SurveyDeps, 'sealKey'>, tx: Tx, runId: string, now: Date): Promise<Released | null> {
  const { count } = await tx.surveyRun.updateMany({ where: { id: runId, status: 'open' }, data: { status: 'closed', closedAt: now } });
  if (count !== 1) return null;
  const run = await tx.surveyRun.findUniqueOrThrow({ where: { id: runId }, include: { survey: { select: { timeZone: true, minScores: true } } } });
  const ids = (await tx.surveySealed.findMany({ where: { runId }, select: { id: true } })).map((s) => s.id);
  if (ids.length === 0) return { released: 0, withheld: 0 };
  const threshold = Math.max(LIMITS.minThreshold, run.survey.minScores);
  if (ids.length < threshold) {
    await tx.surveySealed.deleteMany({ where: { runId } });
    return { released: 0, withheld: ids.length };
  }
  const key = sealKeyOf(deps);
  const date = dateIn(run.survey.timeZone, run.opensAt);
  const tallies = new Map<string, TallyRow>();
  // The order is drawn once over all the run's answers; they are then read and written a chunk
  // at a time in that order (so a large run does not sit in memory whole). A box that cannot be
  // opened (another key) throws, and the whole close rolls back with nothing lost.
  const order = shuffled(ids);
  for (let i = 0; i < order.length; i += CHUNK) {
    const chunk = order.slice(i, i + CHUNK);
    const boxes = new Map((await tx.surveySealed.findMany({ where: { id: { in: chunk } }, select: { id: true, box: true } })).map((s) => [s.id, s.box]));
    const answers = chunk.map((id) => {
      const box = boxes.get(id);
      if (!box) throw new AppError(ErrorCode.Internal, `a sealed answer of run ${runId} disappeared during its release`, { details: { runId } });
      return openAnswer(key, runId, box);
    });
    await writeResponses(tx, runId, date, answers, tallies);
  }
  const rows = [...tallies.values()];
  for (let i = 0; i < rows.length; i += CHUNK) await addTallies(tx, rows.slice(i, i + CHUNK));
  await tx.surveySealed.deleteMany({ where: { runId } });
  return { released: ids.length, withheld: 0 };
}

/** Inserts responses and answers in the given order, and adds their counts to `tallies`. */
async function writeResponses(tx: Tx, runId: string, date: string, answers: readonly SealedAnswer[], tallies: Map<string, TallyRow>): Promise<void> {
  const batch = answers.map((a) => ({ id: randomUUID(), ...a }));
  await tx.surveyResponse.createMany({ data: batch.map((r) => ({ id: r.id, runId, date, ...r.groups })) });
  const rows = batch.flatMap((r) => r.answers.map((a) => ({ ...a, responseId: r.id, runId })));
  // Up to 25 questions, some multi choice: keep each statement well under the bind limits.
  for (let i = 0; i < rows.length; i += ANSWER_CHUNK) await tx.surveyAnswer.createMany({ data: rows.slice(i, i + ANSWER_CHUNK) });
  for (const r of batch)
    for (const row of tallyRows(runId, r.groups, r.answers)) {
      const k = JSON.stringify([row.dim, row.region, row.building, row.groupValue, row.questionKey, row.answerKey]);
      const known = tallies.get(k);
      if (known) known.n += row.n;
      else tallies.set(k, { ...row });
    }
}
