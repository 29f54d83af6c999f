// `survey results <id> [building|region|role|job]`: response rate, per item favourable share,
// mean and distribution, a breakdown and the trend, in the viewer's scope. Hidden cells read
// "hidden: fewer than N responses", never 0. An open run shows only when its results appear and
// how many have answered so far.
import { translateWithDates } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { Strings } from '../../../../cards/strings.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import {
  BREAKDOWNS,
  type BreakdownBy,
  type GroupResult,
  type ItemResult,
  type PendingResults,
  type ResultsView,
  type SurveyResults,
} from '../../domain/index.ts';
import { shortRef } from '../../domain/model.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_RESULTS_CARD = 'survey-results';
/** The card's buttons: the same results broken down another way (in place of this card). */
export const SURVEY_BREAKDOWN_VERB = 'survey.breakdown';
export const RESULTS_RUN_INPUT = 'runId';
export const RESULTS_BY_INPUT = 'by';

export type SurveyResultsData = ResultsView;

/** The viewer's language and the catalog's strings. */
type Lang = { strings: Strings; locale: string };
const tr = (l: Lang, key: string, params?: Record<string, unknown>) => translateWithDates(l.strings, l.locale, key, params);

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

function itemLines(l: Lang, items: ItemResult[], threshold: number, withDistribution: boolean): string[] {
  return items.flatMap((it) => {
    if (it.suppressed) return [`${it.text}: ${tr(l, 'survey-results.hidden', { n: threshold })}`];
    if (it.kind === 'comment') return [`${it.text}: ${tr(l, 'survey-results.answers', { n: it.n })}`];
    const parts = [tr(l, 'survey-results.n', { n: it.n })];
    if (it.favourable !== null) parts.push(tr(l, 'survey-results.favourable', { value: pct(it.favourable) }));
    if (it.mean !== null) parts.push(tr(l, 'survey-results.mean', { value: it.mean.toFixed(2) }));
    if (it.netScore !== null) parts.push(tr(l, 'survey-results.netScore', { value: it.netScore }));
    const lines = [`${it.text}: ${parts.join(' · ')}`];
    if (withDistribution && it.distribution.length)
      lines.push(`${tr(l, 'survey-results.distribution')} ${it.distribution.map((d) => `${d.key}: ${d.count}`).join(' · ')}`);
    return lines;
  });
}

function groupLabel(l: Lang, g: GroupResult): string {
  const { building, region, role, jobCategory } = g.label;
  const none = tr(l, 'survey-results.unknownGroup');
  if (building !== undefined) return `${building ?? none}${region ? ` (${region})` : ''}`;
  if (region !== undefined) return region ?? none;
  if (role !== undefined) return role ?? none;
  if (jobCategory !== undefined) return jobCategory ?? none;
  return tr(l, 'survey-results.overall');
}

const scopeName = (l: Lang, r: SurveyResults | PendingResults) =>
  r.scope.kind === 'all'
    ? tr(l, 'survey-results.scopeAll')
    : tr(l, 'survey-results.scopeOf', { name: r.scope.kind === 'building' ? r.scope.building : r.scope.region });

function renderPending(r: PendingResults, opts: RenderOptions): AdaptiveCard {
  const l: Lang = { strings: opts.strings, locale: opts.locale };
  const subtitle = tr(l, `survey-results.run.${r.run.status}`, { seq: r.run.seq, id: shortRef(r.run.id), scope: scopeName(l, r) });
  const rate =
    r.responseRate.answered === null
      ? tr(l, 'survey-results.pendingFew', { sent: r.responseRate.sent, n: r.thresholds.scores })
      : tr(l, 'survey-results.pendingAnswered', { answered: r.responseRate.answered, sent: r.responseRate.sent });
  const sections = [{ heading: tr(l, 'survey-results.pending', { closes: r.closesOn }), blocks: [{ label: tr(l, 'survey-results.pendingWhy'), lines: [] }] }];
  return renderTemplate(SURVEY_RESULTS_CARD, template, { title: r.survey.title, subtitle, rate, sections, footer: [], actions: [] }, opts);
}

/** The breakdowns this viewer may ask for, other than the one shown: by place within their
 *  scope, and by role or job category only district-wide (HR). */
function breakdownButtons(l: Lang, r: SurveyResults) {
  if (!r.scope.breakdowns) return [];
  const allowed: readonly BreakdownBy[] = r.scope.kind === 'all' ? BREAKDOWNS : ['building', 'region'];
  return allowed
    .filter((by) => by !== r.breakdown?.by)
    .map((by) => ({
      title: tr(l, 'survey-results.breakdown', { by: tr(l, `survey-results.by.${by}`) }),
      verb: SURVEY_BREAKDOWN_VERB,
      data: { [RESULTS_RUN_INPUT]: r.run.id, [RESULTS_BY_INPUT]: by },
    }));
}

/** The survey asks for no comment: no line about comments at all. */
const noCommentQuestion = (r: SurveyResults) => !r.overall.comments.shown && r.overall.comments.reason === 'no_question';

/** The notes under the results: what "favourable" means only when a score shows one. */
function footerLines(l: Lang, r: SurveyResults): string[] {
  const all = [r.overall, ...(r.breakdown?.groups ?? []), ...r.trend];
  const favourable = all.some((g) => g.items.some((i) => !i.suppressed && i.kind !== 'comment' && i.favourable !== null));
  return [...(favourable ? [tr(l, 'survey-results.favourableNote')] : []), tr(l, 'survey-results.footer')];
}

function render(view: SurveyResultsData, opts: RenderOptions): AdaptiveCard {
  if ('status' in view) return renderPending(view, opts);
  const r: SurveyResults = view;
  const l: Lang = { strings: opts.strings, locale: opts.locale };
  const threshold = r.thresholds.scores;
  const hidden = tr(l, 'survey-results.hidden', { n: threshold });
  const scope = scopeName(l, r);
  const subtitle = tr(l, `survey-results.run.${r.run.status}`, { seq: r.run.seq, id: shortRef(r.run.id), scope });
  const rate =
    r.responseRate.answered === null
      ? tr(l, 'survey-results.rateHidden', { sent: r.responseRate.sent, n: threshold })
      : tr(l, 'survey-results.rate', { rate: pct(r.responseRate.rate), answered: r.responseRate.answered, sent: r.responseRate.sent });

  const overallLines = r.overall.suppressed
    ? [hidden]
    : [tr(l, 'survey-results.responses', { n: r.overall.responses ?? 0 }), ...itemLines(l, r.overall.items, threshold, true)];
  const sections = [{ heading: tr(l, 'survey-results.overall'), blocks: [{ label: scope, lines: overallLines }] }];

  if (r.overall.comments.shown) {
    const blocks = r.overall.comments.byQuestion
      .filter((c) => c.texts.length > 0)
      .map((c) => ({ label: r.overall.items.find((i) => i.key === c.key)?.text ?? c.key, lines: c.texts.map((t) => `“${t}”`) }));
    if (blocks.length) sections.push({ heading: tr(l, 'survey-results.comments'), blocks });
  } else if (r.overall.comments.reason === 'too_few') {
    sections.push({
      heading: tr(l, 'survey-results.comments'),
      blocks: [{ label: tr(l, 'survey-results.commentsHidden', { n: r.thresholds.comments }), lines: [] }],
    });
  }

  if (r.breakdown) {
    sections.push({
      heading: tr(l, 'survey-results.breakdown', { by: tr(l, `survey-results.by.${r.breakdown.by}`) }),
      blocks: r.breakdown.groups.map((g) => ({
        label: groupLabel(l, g),
        lines: g.suppressed ? [hidden] : [tr(l, 'survey-results.responses', { n: g.responses ?? 0 }), ...itemLines(l, g.items, threshold, false)],
      })),
    });
    if (r.scope.comments && !noCommentQuestion(r)) sections.at(-1)?.blocks.push({ label: tr(l, 'survey-results.commentsOverallOnly'), lines: [] });
  }

  if (r.trend.length > 1) {
    sections.push({
      heading: tr(l, 'survey-results.trend'),
      blocks: r.trend.map((p) => ({
        label: tr(l, 'survey-results.trendPoint', { seq: p.seq, date: p.opensOn }),
        lines: p.suppressed ? [hidden] : [tr(l, 'survey-results.responses', { n: p.responses ?? 0 }), ...itemLines(l, p.items, threshold, false)],
      })),
    });
  }

  return renderTemplate(
    SURVEY_RESULTS_CARD,
    template,
    { title: r.survey.title, subtitle, rate, sections, footer: footerLines(l, r), actions: breakdownButtons(l, r) },
    opts,
  );
}

const item = (key: string, text: string, n: number, favourable: number, mean: number): ItemResult => ({
  key,
  kind: 'likert5',
  text,
  suppressed: false,
  n,
  favourable,
  mean,
  netScore: null,
  distribution: [1, 2, 3, 4, 5].map((v) => ({ key: String(v), count: v === 4 ? n : 0, share: v === 4 ? 1 : 0 })),
});
const run = {
  id: 'r1',
  surveyId: 's1',
  seq: 2,
  opensAt: new Date('2026-11-03T15:00:00Z'),
  closesAt: new Date('2026-11-10T15:00:00Z'),
  status: 'closed' as const,
  closedAt: new Date('2026-11-10T15:00:00Z'),
  sentCount: 40,
  answeredCount: 22,
};

const examples: SurveyResultsData[] = [
  {
    survey: { id: 's1', title: 'Monthly pulse' },
    run,
    scope: { kind: 'all', breakdowns: true, comments: true },
    thresholds: { scores: 5, comments: 10 },
    responseRate: { sent: 40, answered: 22, rate: 0.55 },
    overall: {
      label: {},
      suppressed: false,
      responses: 22,
      items: [
        item('care.whole_person', 'People treat me as a whole person.', 22, 0.73, 3.9),
        { key: 'open.comment', kind: 'comment', text: 'Anything else?', suppressed: true },
      ],
      comments: { shown: true, byQuestion: [{ key: 'open.comment', texts: ['More planning time, please.'] }] },
    },
    breakdown: {
      by: 'building',
      groups: [
        {
          label: { building: 'Lincoln High', region: 'South' },
          suppressed: false,
          responses: 18,
          items: [item('care.whole_person', 'People treat me as a whole person.', 18, 0.7, 3.8)],
          comments: { shown: false, reason: 'too_few' },
        },
        {
          label: { building: 'Hoover High', region: 'North' },
          suppressed: true,
          responses: null,
          items: [{ key: 'care.whole_person', kind: 'likert5', text: 'People treat me as a whole person.', suppressed: true }],
          comments: { shown: false, reason: 'too_few' },
        },
      ],
    },
    trend: [
      { runId: 'r0', seq: 1, opensOn: '2026-10-06', suppressed: true, responses: null, items: [] },
      {
        runId: 'r1',
        seq: 2,
        opensOn: '2026-11-03',
        suppressed: false,
        responses: 22,
        items: [item('care.whole_person', 'People treat me as a whole person.', 22, 0.73, 3.9)],
      },
    ],
  },
  {
    status: 'pending',
    survey: { id: 's1', title: 'Pulso mensual' },
    run: { ...run, status: 'open', closedAt: null },
    scope: { kind: 'building', building: 'Lincoln High', breakdowns: true, comments: true },
    thresholds: { scores: 5, comments: 10 },
    responseRate: { sent: 4, answered: null, rate: null },
    closesOn: '2026-11-10T09:00',
  },
];

export const card: CardDefinition<SurveyResultsData> = { name: SURVEY_RESULTS_CARD, render, examples };
