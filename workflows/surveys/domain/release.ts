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
import { LIMITS, dateIn, type SurveyDeps } from './model.ts';
import { openAnswer, sealKeyOf, type SealedAnswer } from './seal.ts';
import { addTallies, tallyRows, type TallyRow } from './tallies.ts';

type Tx = Prisma.TransactionClient;

/** The transaction options of a close: a release writes every answer of a run. */
export const RELEASE_TX = { maxWait: 10_000, timeout: 600_000 } as const;

const CHUNK = 500;

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
  const sealed = await tx.surveySealed.findMany({ where: { runId }, select: { box: true } });
  if (sealed.length === 0) return { released: 0, withheld: 0 };
  const threshold = Math.max(LIMITS.minThreshold, run.survey.minScores);
  if (sealed.length < threshold) {
    await tx.surveySealed.deleteMany({ where: { runId } });
    return { released: 0, withheld: sealed.length };
  }
  const key = sealKeyOf(deps);
  // Every box is opened before anything is written: one that cannot be opened (another key)
  // throws, and the whole close rolls back with nothing lost.
  const answers = shuffled(sealed.map((s) => openAnswer(key, runId, s.box)));
  await writeResponses(tx, runId, dateIn(run.survey.timeZone, run.opensAt), answers);
  await tx.surveySealed.deleteMany({ where: { runId } });
  return { released: answers.length, withheld: 0 };
}

async function writeResponses(tx: Tx, runId: string, date: string, answers: readonly SealedAnswer[]): Promise<void> {
  const tallies = new Map<string, TallyRow>();
  for (let i = 0; i < answers.length; i += CHUNK) {
    const batch = answers.slice(i, i + CHUNK).map((a) => ({ id: randomUUID(), ...a }));
    await tx.surveyResponse.createMany({ data: batch.map((r) => ({ id: r.id, runId, date, ...r.groups })) });
    await tx.surveyAnswer.createMany({ data: batch.flatMap((r) => r.answers.map((a) => ({ ...a, responseId: r.id, runId }))) });
    for (const r of batch)
      for (const row of tallyRows(runId, r.groups, r.answers)) {
        const k = JSON.stringify([row.dim, row.region, row.building, row.groupValue, row.questionKey, row.answerKey]);
        const known = tallies.get(k);
        if (known) known.n += row.n;
        else tallies.set(k, { ...row });
      }
  }
  const rows = [...tallies.values()];
  for (let i = 0; i < rows.length; i += CHUNK) await addTallies(tx, rows.slice(i, i + CHUNK));
}
