// Survey results for a viewer's scope: response rate, per question n / favourable / mean /
// distribution, a breakdown by group, the scope's comments when allowed, and the trend across
// closed runs. No cell with fewer responses than the threshold is shown, nor one that could be
// worked out from the cells shown, by one viewer or by several together: the hiding pattern is
// decided once per run on the district-wide groups (disclosure.ts, suppression.ts).
//
// An open run shows no scores, breakdowns or comments, only how many have answered and when it
// closes (surveyResultsView answers `pending`; surveyResults and the export refuse): else
// reading it before and after one more answer gives that person's answers. A closed run takes
// no answers, so its results never change. Counts are summed in SQL from the run tallies.
import { localDate, localDateTime } from '../../../cards/dates.ts';
import { type Db, readInSlices } from '../../../core/db.ts';
import type { ResultScope, ScopeFilter } from './access.ts';
import { countCells, readComments } from './aggregate.ts';
import { hasAnswered } from './answered-slots.ts';
import { type Cell, displayLevel, type GroupLabel, ROOT, type Tallies, tally } from './cells.ts';
import { type CrossCount, crossCheckedPattern } from './crossed.ts';
import { commentScopes, districtPattern, hiddenFor, type Pattern, placeLeaves, scopeKey } from './disclosure.ts';
import { type ItemResult, itemStats } from './item-stats.ts';
import type { BreakdownBy, QuestionSpec, SurveyDeps, SurveyLocale } from './model.ts';
import { ErrorCode, refuse, SurveyNotice } from './refusals.ts';
import { type RunInfo, toRunInfo } from './runs.ts';
import { surveyQuestions, toSummary } from './surveys.ts';
import { COUNT_KEY } from './tallies.ts';

export type CommentsResult =
  /** overall_only: comments are listed for the viewer's whole scope, never per breakdown group;
   *  no_question: the survey asks for no comment, so there is nothing to show or hide. */
  { shown: false; reason: 'not_permitted' | 'too_few' | 'overall_only' | 'no_question' } | { shown: true; byQuestion: { key: string; texts: string[] }[] };

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
  /** Every closed run of the survey up to this one, oldest first. */
  trend: TrendPoint[];
}

/** An open run: only how many have answered in scope (null below the score threshold), and when it closes. */
export interface PendingResults {
  status: 'pending';
  survey: { id: string; title: string };
  run: RunInfo;
  scope: Exclude<ResultScope, { kind: 'none' }>;
  thresholds: { scores: number; comments: number };
  responseRate: { sent: number; answered: number | null; rate: number | null };
  /** When it closes, the survey's wall clock (`YYYY-MM-DDTHH:mm`, cards/dates.ts). */
  closesOn: string;
}

export type ResultsView = SurveyResults | PendingResults;
export const isPending = (v: ResultsView): v is PendingResults => 'status' in v && v.status === 'pending';

export type ResultsTarget = { runId: string } | { surveyId: string };
export interface ResultsOptions {
  breakdownBy?: BreakdownBy;
  locale?: SurveyLocale;
}

const ALL: ScopeFilter = { kind: 'all' };
const ROOT_CELL: Cell = { id: ROOT, parent: null, label: {}, level: 0 };
const GROUP_DIMS: readonly BreakdownBy[] = ['role', 'jobCategory'];

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
  const people = await db.person.findMany({
    where: filter.kind === 'building' ? { building: filter.building } : { region: filter.region },
    select: { id: true },
  });
  const slots = await readInSlices(
    people.map((p) => p.id),
    (slice) => db.surveyParticipation.findMany({ where: { runId: run.id, personId: { in: slice } }, select: { slot: true } }),
  );
  return { sent: slots.length, answered: slots.filter((s) => hasAnswered(run.answeredSlots, s.slot)).length };
}

function rateOf(rate: { sent: number; answered: number }, shown: boolean) {
  return {
    sent: rate.sent,
    answered: shown ? rate.answered : null,
    rate: shown && rate.sent > 0 ? Math.round((rate.answered / rate.sent) * 1000) / 1000 : null,
  };
}

/** Results of a closed run, or, for an open one, only how many have answered so far. */
export async function surveyResultsView({ db }: SurveyDeps, target: ResultsTarget, scope: ResultScope, opts: ResultsOptions = {}): Promise<ResultsView> {
  if (scope.kind === 'none') throw refuse(ErrorCode.Forbidden, SurveyNotice.noResultsAccess, 'survey results are for HR and leaders');
  const by = opts.breakdownBy;
  if (by && !scope.breakdowns) throw refuse(ErrorCode.Forbidden, SurveyNotice.noBreakdownAccess, 'breakdowns are for HR and leaders');
  // A leader's role breakdown beside HR's district one and other leaders' would be a crossed
  // table whose cells can be worked out from its margins: groups are district-wide only.
  if (by && GROUP_DIMS.includes(by) && scope.kind !== 'all')
    throw refuse(ErrorCode.Forbidden, SurveyNotice.groupBreakdownDistrictOnly, 'role and job category breakdowns are district-wide only');
  const locale = opts.locale ?? 'en';

  const run =
    'runId' in target
      ? await db.surveyRun.findUnique({ where: { id: target.runId }, include: { survey: true } })
      : await db.surveyRun.findFirst({ where: { surveyId: target.surveyId }, orderBy: { seq: 'desc' }, include: { survey: true } });
  if (!run) throw refuse(ErrorCode.NotFound, SurveyNotice.notFound, 'no such survey, or it was never launched');
  const survey = toSummary(run.survey);
  const { thresholds } = survey;
  const head = { survey: { id: survey.id, title: survey.title[locale] }, run: toRunInfo(run), scope, thresholds };
  const rate = await scopedResponseRate(db, run, scope);

  if (run.status !== 'closed')
    return {
      status: 'pending',
      ...head,
      responseRate: rateOf(rate, rate.answered >= thresholds.scores),
      closesOn: localDateTime(survey.timeZone, run.closesAt),
    };

  const questions = await surveyQuestions({ db }, run.surveyId);
  // The district-wide place tree and its pattern: every viewer's cells are cells of it.
  const placeRows = await countCells(db, { runIds: [run.id], filter: ALL, by: 'building' });
  const place = tally('building', placeRows);
  const placePattern = districtPattern(place, questions, thresholds.scores);
  const groupDim = by === 'role' || by === 'jobCategory' ? by : undefined;
  const groupTree = groupDim ? tally(groupDim, await countCells(db, { runIds: [run.id], filter: ALL, by: groupDim })) : undefined;
  const groupPattern =
    groupTree && groupDim
      ? crossCheckedPattern(groupTree, questions, thresholds.scores, await crossCounts(db, run.id, groupDim), place, placePattern)
      : undefined;

  // This run in the viewer's scope, grouped for the breakdown.
  // (Group breakdowns are district-wide, so a scoped viewer's breakdown is always by place.)
  const current = scope.kind !== 'all' ? tally(by, await countCells(db, { runIds: [run.id], filter: scope, by })) : (groupTree ?? tally(by, placeRows));
  const isHidden = (cell: Cell, pick: (p: Pattern) => ReadonlySet<string> | undefined): boolean => {
    const inGroups = groupTree && groupPattern && cell.id !== ROOT;
    const hidden = pick(inGroups ? groupPattern : placePattern);
    return !hidden || hiddenFor(hidden, inGroups ? ALL : scope, cell, inGroups ? groupTree : place);
  };

  // Comments: for the viewer's whole scope only, when the district-wide rule lets that scope's show.
  const commentKeys = questions.filter((q) => q.kind === 'comment').map((q) => q.key);
  const overallHidden = isHidden(ROOT_CELL, (p) => p.groups);
  let overallComments: CommentsResult = { shown: false, reason: 'not_permitted' };
  if (commentKeys.length === 0) overallComments = { shown: false, reason: 'no_question' };
  else if (scope.comments) {
    const shownScopes = commentScopes(placeLeaves(place), thresholds.comments, (f) => hiddenFor(placePattern.groups, f, ROOT_CELL, place));
    if (overallHidden || !shownScopes.has(scopeKey(scope))) overallComments = { shown: false, reason: 'too_few' };
    else {
      const texts = new Map<string, string[]>(commentKeys.map((k) => [k, []]));
      for (const row of await readComments(db, { runIds: [run.id], filter: scope, by: undefined }, commentKeys)) texts.get(row.questionKey)?.push(row.comment);
      overallComments = { shown: true, byQuestion: commentKeys.map((key) => ({ key, texts: texts.get(key) ?? [] })) };
    }
  }

  const groupResult = (cell: Cell, comments: CommentsResult): GroupResult => {
    const suppressed = isHidden(cell, (p) => p.groups);
    return {
      label: cell.label,
      suppressed,
      responses: suppressed ? null : (current.responses.get(cell.id) ?? 0),
      items: itemResults(current, cell.id, questions, (key) => suppressed || isHidden(cell, (p) => p.items.get(key)), locale),
      comments,
    };
  };

  const breakdown = by
    ? {
        by,
        groups: [...current.cells.values()]
          .filter((c) => c.level === displayLevel(by))
          .sort((a, b) => compareLabels(a.label, b.label))
          .map(
            (c): GroupResult =>
              groupResult(c, { shown: false, reason: commentKeys.length === 0 ? 'no_question' : scope.comments ? 'overall_only' : 'not_permitted' }),
          ),
      }
    : null;

  return {
    ...head,
    responseRate: rateOf(rate, rate.answered >= thresholds.scores && !overallHidden),
    overall: groupResult(ROOT_CELL, overallComments),
    breakdown,
    trend: await trend(db, run, { current, place, placePattern }, questions, scope, thresholds.scores, survey.timeZone, locale),
  };
}

/** Respondents per group value and place, for the crossed check (the dim's response counts). */
async function crossCounts(db: Db, runId: string, dim: 'role' | 'jobCategory'): Promise<CrossCount[]> {
  const rows = await db.surveyTally.findMany({
    where: { runId, dim, questionKey: COUNT_KEY, answerKey: COUNT_KEY },
    select: { groupValue: true, region: true, building: true, n: true },
  });
  const orNull = (v: string) => (v === '' ? null : v);
  return rows.map((r) => ({ group: orNull(r.groupValue), region: orNull(r.region), building: orNull(r.building), n: r.n }));
}

/** Results of a closed run. An open run is refused with the date its results appear. */
export async function surveyResults(deps: SurveyDeps, target: ResultsTarget, scope: ResultScope, opts: ResultsOptions = {}): Promise<SurveyResults> {
  const view = await surveyResultsView(deps, target, scope, opts);
  if (!isPending(view)) return view;
  const answered = view.responseRate.answered;
  throw refuse(
    ErrorCode.Conflict,
    answered === null ? SurveyNotice.resultsPendingFew : SurveyNotice.resultsPending,
    'results appear when the run closes',
    answered === null ? { closes: view.closesOn, n: view.thresholds.scores } : { closes: view.closesOn, answered },
  );
}

interface CurrentRun {
  current: Tallies;
  place: Tallies;
  placePattern: Pattern;
}

async function trend(
  db: Db,
  run: { id: string; surveyId: string; seq: number },
  now: CurrentRun,
  questions: QuestionSpec[],
  filter: ScopeFilter,
  threshold: number,
  timeZone: string,
  locale: SurveyLocale,
): Promise<TrendPoint[]> {
  const runs = await db.surveyRun.findMany({ where: { surveyId: run.surveyId, seq: { lte: run.seq }, status: 'closed' }, orderBy: { seq: 'asc' } });
  const earlier = runs.filter((r) => r.id !== run.id).map((r) => r.id);
  const scoped = await countCells(db, { runIds: earlier, filter, by: undefined });
  const district = await countCells(db, { runIds: earlier, filter: ALL, by: 'building' });
  return runs.map((r) => {
    const mine = r.id === run.id;
    const t = mine
      ? now.current
      : tally(
          undefined,
          scoped.filter((x) => x.runId === r.id),
        );
    const place = mine
      ? now.place
      : tally(
          'building',
          district.filter((x) => x.runId === r.id),
        );
    const pattern = mine ? now.placePattern : districtPattern(place, questions, threshold);
    const n = t.responses.get(ROOT) ?? 0;
    const suppressed = hiddenFor(pattern.groups, filter, ROOT_CELL, place);
    const itemHidden = (key: string) => {
      const hidden = pattern.items.get(key);
      return suppressed || !hidden || hiddenFor(hidden, filter, ROOT_CELL, place);
    };
    return {
      runId: r.id,
      seq: r.seq,
      opensOn: localDate(timeZone, r.opensAt),
      suppressed,
      responses: suppressed ? null : n,
      items: itemResults(t, ROOT, questions, itemHidden, locale),
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
