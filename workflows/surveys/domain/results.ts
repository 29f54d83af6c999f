// Survey results for a viewer's scope: response rate, per question n / favourable / mean /
// distribution, a breakdown by group, comments for large-enough groups, and the trend across
// runs. No cell with fewer responses than the threshold is shown, nor one that could be worked
// out from the cells shown (suppression.ts). Counts are summed in SQL from the run tallies.
import type { Db } from '../../../core/db.ts';
import type { ResultScope, ScopeFilter } from './access.ts';
import { countCells, readComments, type AggregateQuery } from './aggregate.ts';
import { hasAnswered } from './answered-slots.ts';
import { cellPath, displayLevel, ROOT, tally, type GroupLabel, type Tallies } from './cells.ts';
import { itemStats, type ItemResult } from './item-stats.ts';
import { dateIn, type BreakdownBy, type QuestionSpec, type SurveyDeps, type SurveyLocale } from './model.ts';
import { ErrorCode, refuse, SurveyNotice } from './refusals.ts';
import { toRunInfo, type RunInfo } from './runs.ts';
import { surveyQuestions, toSummary } from './surveys.ts';
import { suppressCells } from './suppression.ts';

export type CommentsResult =
  | { shown: false; reason: 'not_permitted' | 'too_few' }
  | { shown: true; byQuestion: { key: string; texts: string[] }[] };

export interface GroupResult {
  label: GroupLabel;
  suppressed: boolean;
  /** null when suppressed: shown as "too few responses", never as 0. */
  responses: number | null;
  items: ItemResult[];
  comments: CommentsResult;
}

export interface TrendPoint {
  runId: string;
  seq: number;
  opensOn: string;
  suppressed: boolean;
  responses: number | null;
  items: ItemResult[];
}

export interface SurveyResults {
  survey: { id: string; title: string };
  run: RunInfo;
  scope: Exclude<ResultScope, { kind: 'none' }>;
  thresholds: { scores: number; comments: number };
  /** People sent the survey in scope; answered and rate are null below the score threshold. */
  responseRate: { sent: number; answered: number | null; rate: number | null };
  overall: GroupResult;
  breakdown: { by: BreakdownBy; groups: GroupResult[] } | null;
  /** Every run of the survey up to this one, oldest first. */
  trend: TrendPoint[];
}

export type ResultsTarget = { runId: string } | { surveyId: string };
export interface ResultsOptions {
  breakdownBy?: BreakdownBy;
  locale?: SurveyLocale;
}

interface Patterns {
  groups: Set<string>;
  items: Map<string, Set<string>>;
  comments: Set<string>;
}

function suppressionPatterns(t: Tallies, questions: QuestionSpec[], thresholds: SurveyResults['thresholds']): Patterns {
  const cells = [...t.cells.values()];
  const groups = suppressCells(cells.map((c) => ({ id: c.id, parent: c.parent, n: t.responses.get(c.id) ?? 0 })), thresholds.scores);
  const items = new Map(
    questions.map((q) => [q.key, suppressCells(cells.map((c) => ({ id: c.id, parent: c.parent, n: t.items.get(c.id)?.get(q.key)?.n ?? 0 })), thresholds.scores, groups)]),
  );
  const comments = suppressCells(cells.map((c) => ({ id: c.id, parent: c.parent, n: t.responses.get(c.id) ?? 0 })), thresholds.comments, groups);
  return { groups, items, comments };
}

function itemResults(t: Tallies, cell: string, questions: QuestionSpec[], hiddenFor: (key: string) => boolean, locale: SurveyLocale): ItemResult[] {
  return questions.map((q) => {
    const head = { key: q.key, kind: q.kind, text: q.text[locale] };
    const it = t.items.get(cell)?.get(q.key);
    if (hiddenFor(q.key) || !it) return { ...head, suppressed: true as const };
    return { ...head, suppressed: false as const, ...itemStats(q, it) };
  });
}

async function scopedResponseRate(db: Db, run: { id: string; sentCount: number; answeredCount: number; answeredSlots: Uint8Array }, filter: ScopeFilter) {
  if (filter.kind === 'all') return { sent: run.sentCount, answered: run.answeredCount };
  const people = await db.person.findMany({ where: filter.kind === 'building' ? { building: filter.building } : { region: filter.region }, select: { id: true } });
  const slots = await db.surveyParticipation.findMany({ where: { runId: run.id, personId: { in: people.map((p) => p.id) } }, select: { slot: true } });
  return { sent: slots.length, answered: slots.filter((s) => hasAnswered(run.answeredSlots, s.slot)).length };
}

export async function surveyResults({ db }: SurveyDeps, target: ResultsTarget, scope: ResultScope, opts: ResultsOptions = {}): Promise<SurveyResults> {
  if (scope.kind === 'none') throw refuse(ErrorCode.Forbidden, SurveyNotice.noResultsAccess, 'survey results are for HR and leaders');
  const by = opts.breakdownBy;
  if (by && !scope.breakdowns) throw refuse(ErrorCode.Forbidden, SurveyNotice.noBreakdownAccess, 'breakdowns are for HR and leaders');
  const locale = opts.locale ?? 'en';

  const run =
    'runId' in target
      ? await db.surveyRun.findUnique({ where: { id: target.runId }, include: { survey: true } })
      : await db.surveyRun.findFirst({ where: { surveyId: target.surveyId }, orderBy: { seq: 'desc' }, include: { survey: true } });
  if (!run) throw refuse(ErrorCode.NotFound, SurveyNotice.notFound, 'no such survey, or it was never launched');
  const survey = toSummary(run.survey);
  const { thresholds } = survey;
  const questions = await surveyQuestions({ db }, run.surveyId);

  // This run, grouped for the breakdown.
  const query: AggregateQuery = { runIds: [run.id], filter: scope, by };
  const current = tally(by, await countCells(db, query));
  const hidden = suppressionPatterns(current, questions, thresholds);

  const commentKeys = questions.filter((q) => q.kind === 'comment').map((q) => q.key);
  const commentCells = new Map<string, Map<string, string[]>>();
  const wantsComments = scope.comments && commentKeys.length > 0 && [...current.cells.keys()].some((id) => !hidden.comments.has(id));
  if (wantsComments) {
    for (const row of await readComments(db, query, commentKeys))
      for (const cell of cellPath(by, row.groups)) {
        if (hidden.comments.has(cell.id)) continue;
        let byQuestion = commentCells.get(cell.id);
        if (!byQuestion) commentCells.set(cell.id, (byQuestion = new Map()));
        const texts = byQuestion.get(row.questionKey);
        if (texts) texts.push(row.comment);
        else byQuestion.set(row.questionKey, [row.comment]);
      }
  }
  const groupResult = (cellId: string, label: GroupLabel): GroupResult => {
    const suppressed = hidden.groups.has(cellId);
    const comments: CommentsResult = !scope.comments
      ? { shown: false, reason: 'not_permitted' }
      : hidden.comments.has(cellId)
        ? { shown: false, reason: 'too_few' }
        : { shown: true, byQuestion: commentKeys.map((key) => ({ key, texts: commentCells.get(cellId)?.get(key) ?? [] })) };
    return {
      label,
      suppressed,
      responses: suppressed ? null : (current.responses.get(cellId) ?? 0),
      items: itemResults(current, cellId, questions, (key) => suppressed || hidden.items.get(key)!.has(cellId), locale),
      comments,
    };
  };

  const breakdown = by
    ? {
        by,
        groups: [...current.cells.values()]
          .filter((c) => c.level === displayLevel(by))
          .sort((a, b) => compareLabels(a.label, b.label))
          .map((c) => groupResult(c.id, c.label)),
      }
    : null;

  const rate = await scopedResponseRate(db, run, scope);
  const answeredShown = rate.answered >= thresholds.scores;
  return {
    survey: { id: survey.id, title: survey.title[locale] },
    run: toRunInfo(run),
    scope,
    thresholds,
    responseRate: {
      sent: rate.sent,
      answered: answeredShown ? rate.answered : null,
      rate: answeredShown && rate.sent > 0 ? Math.round((rate.answered / rate.sent) * 1000) / 1000 : null,
    },
    overall: groupResult(ROOT, {}),
    breakdown,
    trend: await trend(db, run, current, questions, scope, thresholds.scores, survey.timeZone, locale),
  };
}

async function trend(
  db: Db,
  run: { id: string; surveyId: string; seq: number },
  current: Tallies,
  questions: QuestionSpec[],
  filter: ScopeFilter,
  threshold: number,
  timeZone: string,
  locale: SurveyLocale,
): Promise<TrendPoint[]> {
  const runs = await db.surveyRun.findMany({ where: { surveyId: run.surveyId, seq: { lte: run.seq } }, orderBy: { seq: 'asc' } });
  const earlier = runs.filter((r) => r.id !== run.id).map((r) => r.id);
  const rows = await countCells(db, { runIds: earlier, filter, by: undefined });
  return runs.map((r) => {
    const t = r.id === run.id ? current : tally(undefined, rows.filter((x) => x.runId === r.id));
    const n = t.responses.get(ROOT) ?? 0;
    const suppressed = n < threshold;
    const hiddenFor = (key: string) => suppressed || (t.items.get(ROOT)?.get(key)?.n ?? 0) < threshold;
    return {
      runId: r.id,
      seq: r.seq,
      opensOn: dateIn(timeZone, r.opensAt),
      suppressed,
      responses: suppressed ? null : n,
      items: itemResults(t, ROOT, questions, hiddenFor, locale),
    };
  });
}

function compareLabels(a: GroupLabel, b: GroupLabel): number {
  for (const k of ['region', 'building', 'role', 'jobCategory'] as const) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return x.localeCompare(y);
  }
  return 0;
}
