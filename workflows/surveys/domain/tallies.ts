// Running counts that results read (SurveyTally). The release at close (release.ts) adds the
// counts of all of a run's responses at once; rebuildTallies recomputes a run's counts from its answers (after a bulk import, or to
// check). Each response counts under three breakdowns ("dims"); every row also keeps region and
// building, so a leader's scope filters any dim.
import { type Db, Prisma } from '../../../core/db.ts';
import type { AnswerRow } from './validate-answers.ts';

export const DIMS = ['place', 'role', 'jobCategory'] as const;
export type Dim = (typeof DIMS)[number];
/** The questionKey of response counts; the answerKey of respondent counts. */
export const COUNT_KEY = '#';

export interface ResponseGroups {
  building: string | null;
  region: string | null;
  role: string | null;
  jobCategory: string | null;
}

export interface TallyRow {
  runId: string;
  dim: Dim;
  region: string;
  building: string;
  groupValue: string;
  questionKey: string;
  answerKey: string;
  n: number;
}

const COLUMNS = ['runId', 'dim', 'region', 'building', 'groupValue', 'questionKey', 'answerKey', 'n'] as const;
const KEY = COLUMNS.slice(0, -1)
  .map((c) => `"${c}"`)
  .join(', ');

export const answerKeyOf = (a: Pick<AnswerRow, 'value' | 'choice'>) => (a.value === null ? a.choice : String(a.value));

/** The counts one response adds. */
export function tallyRows(runId: string, groups: ResponseGroups, answers: readonly AnswerRow[]): TallyRow[] {
  const rows = new Map<string, TallyRow>();
  const add = (base: Omit<TallyRow, 'questionKey' | 'answerKey' | 'n'>, questionKey: string, answerKey: string) => {
    const k = JSON.stringify([base.dim, questionKey, answerKey]);
    const row = rows.get(k);
    if (row) row.n += 1;
    else rows.set(k, { ...base, questionKey, answerKey, n: 1 });
  };
  for (const dim of DIMS) {
    const groupValue = dim === 'place' ? '' : (groups[dim] ?? '');
    const base = { runId, dim, region: groups.region ?? '', building: groups.building ?? '', groupValue };
    add(base, COUNT_KEY, COUNT_KEY);
    for (const q of new Set(answers.map((a) => a.questionKey))) add(base, q, COUNT_KEY);
    for (const a of answers) add(base, a.questionKey, answerKeyOf(a));
  }
  return [...rows.values()];
}

/** Adds counts (one statement; both providers take INSERT ... ON CONFLICT DO UPDATE). */
export async function addTallies(db: Pick<Db, '$executeRaw'>, rows: readonly TallyRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => Prisma.sql`(${Prisma.join(COLUMNS.map((c) => r[c]))})`);
  await db.$executeRaw`
    INSERT INTO "SurveyTally" (${Prisma.raw(COLUMNS.map((c) => `"${c}"`).join(', '))}) VALUES ${Prisma.join(values)}
    ON CONFLICT (${Prisma.raw(KEY)}) DO UPDATE SET "n" = "SurveyTally"."n" + excluded."n"`;
}

/** Recomputes a run's counts from its responses and answers, in one transaction. */
export async function rebuildTallies(db: Db, runId: string): Promise<void> {
  const group = (dim: Dim) => Prisma.raw(dim === 'place' ? "''" : `COALESCE(r."${dim}", '')`);
  const place = Prisma.sql`COALESCE(r."region", ''), COALESCE(r."building", '')`;
  const insert = Prisma.raw(`INSERT INTO "SurveyTally" (${COLUMNS.map((c) => `"${c}"`).join(', ')})`);
  await db.$transaction(
    async (tx) => {
      await tx.surveyTally.deleteMany({ where: { runId } });
      for (const dim of DIMS) {
        const g = group(dim);
        // PostgreSQL refuses a constant in GROUP BY: "place" rows group by place only.
        const gBy = dim === 'place' ? Prisma.empty : Prisma.sql`, ${g}`;
        await tx.$executeRaw`${insert}
          SELECT r."runId", ${dim}, ${place}, ${g}, ${COUNT_KEY}, ${COUNT_KEY}, COUNT(*)
          FROM "SurveyResponse" r WHERE r."runId" = ${runId}
          GROUP BY r."runId", ${place}${gBy}`;
        await tx.$executeRaw`${insert}
          SELECT r."runId", ${dim}, ${place}, ${g}, a."questionKey", ${COUNT_KEY}, COUNT(DISTINCT a."responseId")
          FROM "SurveyAnswer" a JOIN "SurveyResponse" r ON r."id" = a."responseId" WHERE r."runId" = ${runId}
          GROUP BY r."runId", ${place}${gBy}, a."questionKey"`;
        await tx.$executeRaw`${insert}
          SELECT r."runId", ${dim}, ${place}, ${g}, a."questionKey", CASE WHEN a."value" IS NULL THEN a."choice" ELSE CAST(a."value" AS TEXT) END, COUNT(*)
          FROM "SurveyAnswer" a JOIN "SurveyResponse" r ON r."id" = a."responseId" WHERE r."runId" = ${runId}
          GROUP BY r."runId", ${place}${gBy}, a."questionKey", CASE WHEN a."value" IS NULL THEN a."choice" ELSE CAST(a."value" AS TEXT) END`;
      }
    },
    { timeout: 600_000 },
  );
}
