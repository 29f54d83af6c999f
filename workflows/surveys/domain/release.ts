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
//
// Reading and opening the boxes (the slow part: one padded box is many kilobytes) is done before
// the transaction, in memory only (a box never changes once written); the transaction then opens
// just the boxes that arrived meanwhile, so it holds the write lock for the writing alone.
import { randomInt, randomUUID } from 'node:crypto';
import { type Db, Prisma } from '../../../core/db.ts';
import { AppError, ErrorCode } from '../../../core/errors.ts';
import { dateIn, LIMITS, type SurveyDeps } from './model.ts';
import { openAnswer, type SealedAnswer, sealKeyOf } from './seal.ts';
import { addTallies, type TallyRow, tallyRows } from './tallies.ts';

type Tx = Prisma.TransactionClient;
type Opened = ReadonlyMap<string, SealedAnswer>;

/** The transaction options of a close: a release writes every answer of a run. */
export const RELEASE_TX = { maxWait: 10_000, timeout: 600_000 } as const;

const CHUNK = 500;
/** Rows per INSERT: 6 values each keeps a statement far under both providers' bind limits. */
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

async function openBoxes(deps: Pick<SurveyDeps, 'sealKey'>, rows: readonly { id: string; box: Uint8Array }[], runId: string, into: Map<string, SealedAnswer>) {
  if (rows.length === 0) return;
  const key = sealKeyOf(deps);
  for (const r of rows) into.set(r.id, openAnswer(key, runId, r.box));
}

/** Opens a run's sealed answers outside any transaction (before its close). Throws when one
 *  cannot be opened (another key), before anything is changed. */
export async function openSealed(deps: Pick<SurveyDeps, 'sealKey'>, db: Db, runId: string): Promise<Opened> {
  const opened = new Map<string, SealedAnswer>();
  for (let after = ''; ; ) {
    const rows = await db.surveySealed.findMany({ where: { runId, id: { gt: after } }, orderBy: { id: 'asc' }, take: CHUNK, select: { id: true, box: true } });
    await openBoxes(deps, rows, runId, opened);
    if (rows.length < CHUNK) return opened;
    after = rows.at(-1)?.id ?? after;
  }
}

/** Marks the run closed (if it is still open) and releases its sealed answers, inside `tx`;
 *  `opened` are answers opened beforehand (openSealed), the others are opened here.
 *  Returns null when the run was not open (closed already: nothing to do). */
export async function closeAndRelease(
  deps: Pick<SurveyDeps, 'sealKey'>,
  tx: Tx,
  runId: string,
  now: Date,
  opened: Opened = new Map(),
): Promise<Released | null> {
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
  const answers = new Map(opened);
  const missing = ids.filter((id) => !answers.has(id));
  for (let i = 0; i < missing.length; i += CHUNK)
    await openBoxes(
      deps,
      await tx.surveySealed.findMany({ where: { id: { in: missing.slice(i, i + CHUNK) } }, select: { id: true, box: true } }),
      runId,
      answers,
    );
  const inOrder = shuffled(ids).map((id) => {
    const a = answers.get(id);
    if (!a) throw new AppError(ErrorCode.Internal, `a sealed answer of run ${runId} could not be read for its release`, { details: { runId } });
    return a;
  });
  await writeResponses(tx, runId, dateIn(run.survey.timeZone, run.opensAt), inOrder);
  await tx.surveySealed.deleteMany({ where: { runId } });
  return { released: inOrder.length, withheld: 0 };
}

/** A comment as both databases can store it: one the validator let through with a NUL or a
 *  lone surrogate (PostgreSQL refuses the first) must not stop the whole run's release, so
 *  those characters become U+FFFD. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const storable = (comment: string | null): string | null => (comment === null ? null : comment.replace(UNSTORABLE, '\uFFFD'));

/** Inserts responses and answers in the given order, then their counts as one sum. */
async function writeResponses(tx: Tx, runId: string, date: string, answers: readonly SealedAnswer[]): Promise<void> {
  const tallies = new Map<string, TallyRow>();
  for (let i = 0; i < answers.length; i += CHUNK) {
    const batch = answers.slice(i, i + CHUNK).map((a) => ({ id: randomUUID(), ...a }));
    await tx.$executeRaw`INSERT INTO "SurveyResponse" ("id", "runId", "date", "building", "region", "role", "jobCategory") VALUES ${Prisma.join(
      batch.map((r) => Prisma.sql`(${r.id}, ${runId}, ${date}, ${r.groups.building}, ${r.groups.region}, ${r.groups.role}, ${r.groups.jobCategory})`),
    )}`;
    const rows = batch.flatMap((r) => r.answers.map((a) => Prisma.sql`(${r.id}, ${runId}, ${a.questionKey}, ${a.choice}, ${a.value}, ${storable(a.comment)})`));
    for (let j = 0; j < rows.length; j += ANSWER_CHUNK)
      await tx.$executeRaw`INSERT INTO "SurveyAnswer" ("responseId", "runId", "questionKey", "choice", "value", "comment") VALUES ${Prisma.join(rows.slice(j, j + ANSWER_CHUNK))}`;
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
