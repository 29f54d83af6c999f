// Pulse surveys on a person's home (kernel/home.ts): the open runs they have not answered (the
// same card chat sends, answered through the same anonymous verb), and for result viewers the
// results of each survey's latest closed run in their scope: favourable share across runs and
// by item, from surveyResultsView, so every threshold and access rule of chat holds here too.
import { formatLocal } from '../../cards/dates.ts';
import type { Dashboard, DashboardChart, HomeContext, HomeQuery, HomeSpec, HomeTask } from '../../kernel/home.ts';
import { card as surveyCard } from './cards/survey/index.ts';
import { hasAnswered } from './domain/answered-slots.ts';
import { type ItemResult, type ResultScope, resultScope, type SurveyResults, surveyLocale, surveyResultsView } from './domain/index.ts';
import { ErrorCode, refuse, SurveyNotice } from './domain/refusals.ts';
import { runState, toRunInfo } from './domain/runs.ts';
import { toSummary } from './domain/surveys.ts';
import { cardData } from './operations.ts';

/** The surveys whose latest results the home shows (the most recently closed); older ones are in chat. */
const MAX_DASHBOARDS = 10;
/** A run closing within this long is shown as due soon. */
const DUE_SOON_MS = 24 * 3_600_000;

async function openSurveys(ctx: HomeContext): Promise<HomeTask[]> {
  const now = ctx.clock.now();
  const rows = await ctx.db.surveyParticipation.findMany({
    where: { personId: ctx.person.id, run: { status: 'open' } },
    include: { run: { include: { survey: true } } },
  });
  const lang = surveyLocale(ctx.locale);
  const tasks: HomeTask[] = [];
  for (const { run, slot } of rows) {
    if (runState(run, now) !== 'open' || hasAnswered(run.answeredSlots, slot)) continue;
    const survey = toSummary(run.survey);
    const info = toRunInfo(run);
    tasks.push({
      id: run.id,
      title: survey.title[lang],
      kind: ctx.catalog.strings.translate(ctx.locale, 'survey.home.kind'),
      due: run.closesAt,
      status: run.closesAt.getTime() - now.getTime() <= DUE_SOON_MS ? 'dueSoon' : 'open',
      form: ctx.card(surveyCard, await cardData(ctx, survey, { run: info })),
    });
  }
  return tasks;
}

/** The viewer's scope, narrowed to one building when asked and allowed (never widened). */
function scopeFor(ctx: HomeContext, query: HomeQuery): ResultScope {
  const scope = resultScope({ roles: ctx.roles, building: ctx.person.building, region: ctx.person.region });
  if (query.building === undefined || scope.kind === 'none') return scope;
  if (scope.kind === 'building' && scope.building === query.building) return scope;
  if (scope.kind === 'all' && scope.breakdowns) return { ...scope, kind: 'building', building: query.building };
  throw refuse(ErrorCode.Forbidden, SurveyNotice.noBreakdownAccess, 'a building outside the viewer’s scope was asked for');
}

const percent = (share: number | null | undefined) => (share === null || share === undefined ? null : Math.round(share * 1000) / 10);
const favourableOf = (i: ItemResult) => (i.suppressed ? null : percent(i.favourable));
/** Items with a favourable side (not comments, not plain choices). */
const scored = (items: readonly ItemResult[]) => items.filter((i) => i.kind === 'likert5' || i.kind === 'scale0to10');
const average = (xs: (number | null)[]) => {
  const shown = xs.filter((x): x is number => x !== null);
  return shown.length === 0 ? null : Math.round((shown.reduce((a, b) => a + b, 0) / shown.length) * 10) / 10;
};

function dashboardOf(ctx: HomeContext, r: SurveyResults): Dashboard {
  const t = (key: string, params?: Record<string, unknown>) => ctx.catalog.strings.translate(ctx.locale, `survey.home.${key}`, params);
  const items = scored(r.overall.items);
  const missing = t('tooFew', { n: r.thresholds.scores });
  const charts: DashboardChart[] = [
    {
      kind: 'line',
      title: t('trend'),
      unit: 'percent',
      labels: r.trend.map((p) => formatLocal(p.opensOn, ctx.locale)),
      series: items.map((item) => ({
        label: item.text,
        values: r.trend.map((p) => {
          const found = p.items.find((x) => x.key === item.key);
          return found ? favourableOf(found) : null;
        }),
      })),
      missing,
    },
    {
      kind: 'bar',
      title: t('byItem'),
      unit: 'percent',
      labels: items.map((i) => i.text),
      series: [{ label: t('favourable'), values: items.map(favourableOf) }],
      missing,
    },
  ];
  const groups = r.breakdown?.groups ?? [];
  if (groups.length > 1)
    charts.push({
      kind: 'bar',
      title: t('byBuilding'),
      unit: 'percent',
      labels: groups.map((g) => g.label.building ?? t('noBuilding')),
      series: [{ label: t('favourable'), values: groups.map((g) => (g.suppressed ? null : average(scored(g.items).map(favourableOf)))) }],
      missing,
    });
  const rate = percent(r.responseRate.rate);
  return {
    id: r.run.id,
    title: r.survey.title,
    scope: r.scope.kind === 'all' ? t('district') : r.scope.kind === 'building' ? r.scope.building : r.scope.region,
    headline: [
      { label: t('responseRate'), value: rate === null ? missing : `${rate}%` },
      { label: t('averageFavourable'), value: ((a) => (a === null ? missing : `${a}%`))(average(items.map(favourableOf))) },
    ],
    charts,
  };
}

/** The latest closed run of every survey, in the viewer's scope (none for staff). */
async function surveyDashboards(ctx: HomeContext, query: HomeQuery): Promise<Dashboard[]> {
  const scope = scopeFor(ctx, query);
  if (scope.kind === 'none') return [];
  // Newest first: a survey's first closed run in this order is its latest.
  const runs = await ctx.db.surveyRun.findMany({
    where: { status: 'closed' },
    orderBy: [{ closesAt: 'desc' }, { seq: 'desc' }],
    select: { id: true, surveyId: true },
  });
  const latest = new Map<string, string>();
  for (const run of runs) if (!latest.has(run.surveyId) && latest.size < MAX_DASHBOARDS) latest.set(run.surveyId, run.id);
  const out: Dashboard[] = [];
  for (const runId of latest.values()) {
    const view = await surveyResultsView(ctx, { runId }, scope, {
      ...(scope.breakdowns && scope.kind !== 'building' ? { breakdownBy: 'building' as const } : {}),
      locale: surveyLocale(ctx.locale),
    });
    if (!('status' in view)) out.push(dashboardOf(ctx, view));
  }
  return out;
}

export const surveyHome: HomeSpec = { tasks: openSurveys, dashboards: surveyDashboards };
