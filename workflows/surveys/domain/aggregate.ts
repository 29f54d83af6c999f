// The counts results are made of, summed in the database from the run tallies (tallies.ts):
// per cell the responses ("#"), per question the respondents ("#") and the answers per value
// or choice. A few thousand rows per run, whatever the number of responses. Comment texts are
// read from the answers, only when some group may show them.
import { type Db, Prisma } from '../../../core/db.ts';
import type { ScopeFilter } from './access.ts';
import type { BreakdownBy } from './model.ts';
import type { Dim } from './tallies.ts';

export interface CountRow {
  runId: string;
  questionKey: string;
  answerKey: string;
  /** Group values along the breakdown (region, building) or (role) or (jobCategory); null for none. */
  groups: (string | null)[];
  n: number;
}

export interface CommentRow {
  questionKey: string;
  groups: (string | null)[];
  comment: string;
}

export interface AggregateQuery {
  runIds: readonly string[];
  filter: ScopeFilter;
  by: BreakdownBy | undefined;
}

const dimOf = (by: BreakdownBy | undefined): Dim => (by === 'role' || by === 'jobCategory' ? by : 'place');
/** Tally columns a breakdown groups by (fixed strings: they are spliced into SQL). */
const tallyColumns = (by: BreakdownBy | undefined) => (by === 'building' || by === 'region' ? ['region', 'building'] : by ? ['groupValue'] : []);
/** The same groups read from responses (for comments). */
const responseColumns = (by: BreakdownBy | undefined) => (by === 'building' || by === 'region' ? ['region', 'building'] : by ? [by] : []);

const scopeSql = (alias: string, filter: ScopeFilter) =>
  filter.kind === 'building'
    ? Prisma.sql` AND ${Prisma.raw(`${alias}."building"`)} = ${filter.building}`
    : filter.kind === 'region'
      ? Prisma.sql` AND ${Prisma.raw(`${alias}."region"`)} = ${filter.region}`
      : Prisma.empty;

function selectGroups(alias: string, columns: string[]) {
  const refs = columns.map((c) => Prisma.raw(`${alias}."${c}"`));
  return {
    select: refs.length ? Prisma.sql`, ${Prisma.join(refs.map((r, i) => Prisma.sql`${r} AS ${Prisma.raw(`g${i}`)}`))}` : Prisma.empty,
    group: refs.length ? Prisma.sql`, ${Prisma.join(refs)}` : Prisma.empty,
  };
}

type Row = Record<string, unknown>;
/** Tallies store an absent group value as ""; results call it null. */
const groupsOf = (row: Row, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const v = row[`g${i}`];
    return v === null || v === undefined || v === '' ? null : String(v);
  });

export async function countCells(db: Db, q: AggregateQuery): Promise<CountRow[]> {
  if (q.runIds.length === 0) return [];
  const columns = tallyColumns(q.by);
  const g = selectGroups('t', columns);
  const rows = await db.$queryRaw<Row[]>`
    SELECT t."runId" AS "runId", t."questionKey" AS q, t."answerKey" AS k${g.select}, SUM(t."n") AS n
    FROM "SurveyTally" t
    WHERE t."runId" IN (${Prisma.join(q.runIds)}) AND t."dim" = ${dimOf(q.by)}${scopeSql('t', q.filter)}
    GROUP BY t."runId", t."questionKey", t."answerKey"${g.group}`;
  return rows.map((r) => ({ runId: String(r.runId), questionKey: String(r.q), answerKey: String(r.k), groups: groupsOf(r, columns.length), n: Number(r.n) }));
}

/** Comment texts of one run with their groups, sorted by text (never in the order given). */
export async function readComments(db: Db, q: AggregateQuery, questionKeys: readonly string[]): Promise<CommentRow[]> {
  if (q.runIds.length === 0 || questionKeys.length === 0) return [];
  const columns = responseColumns(q.by);
  const g = selectGroups('r', columns);
  const rows = await db.$queryRaw<Row[]>`
    SELECT a."questionKey" AS q${g.select}, a."comment" AS t
    FROM "SurveyAnswer" a JOIN "SurveyResponse" r ON r."id" = a."responseId"
    WHERE a."runId" IN (${Prisma.join(q.runIds)}) AND a."questionKey" IN (${Prisma.join(questionKeys)}) AND a."comment" IS NOT NULL${scopeSql('r', q.filter)}`;
  return rows
    .map((r) => ({ questionKey: String(r.q), groups: groupsOf(r, columns.length), comment: String(r.t) }))
    .sort((a, b) => (a.comment < b.comment ? -1 : a.comment > b.comment ? 1 : 0));
}
