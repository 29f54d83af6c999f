// `survey results <id> [building|region|role|job]`: response rate, per item favourable share,
// mean and distribution, a breakdown and the trend, in the viewer's scope. Hidden cells read
// "hidden: fewer than N responses", never 0.
import { renderTemplate, type RenderOptions } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import type { GroupResult, ItemResult, SurveyResults } from '../../domain/index.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_RESULTS_CARD = 'survey-results';

export type SurveyResultsData = SurveyResults;

/** A string of this card in the viewer's language. */
type Translate = (key: string, params?: Record<string, unknown>) => string;

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

function itemLines(t: Translate, items: ItemResult[], threshold: number, withDistribution: boolean): string[] {
  return items.flatMap((it) => {
    if (it.suppressed) return [`${it.text}: ${t('survey-results.hidden', { n: threshold })}`];
    if (it.kind === 'comment') return [`${it.text}: ${t('survey-results.answers', { n: it.n })}`];
    const parts = [t('survey-results.n', { n: it.n })];
    if (it.favourable !== null) parts.push(t('survey-results.favourable', { value: pct(it.favourable) }));
    if (it.mean !== null) parts.push(t('survey-results.mean', { value: it.mean.toFixed(2) }));
    if (it.netScore !== null) parts.push(t('survey-results.netScore', { value: it.netScore }));
    const lines = [`${it.text}: ${parts.join(' · ')}`];
    if (withDistribution && it.distribution.length) lines.push(`${t('survey-results.distribution')} ${it.distribution.map((d) => `${d.key}: ${d.count}`).join(' · ')}`);
    return lines;
  });
}

function groupLabel(t: Translate, g: GroupResult): string {
  const { building, region, role, jobCategory } = g.label;
  const none = t('survey-results.unknownGroup');
  if (building !== undefined) return `${building ?? none}${region ? ` (${region})` : ''}`;
  if (region !== undefined) return region ?? none;
  if (role !== undefined) return role ?? none;
  if (jobCategory !== undefined) return jobCategory ?? none;
  return t('survey-results.overall');
}

function render(r: SurveyResultsData, opts: RenderOptions): AdaptiveCard {
  const t: Translate = (key, params) => opts.strings.translate(opts.locale, key, params);
  const threshold = r.thresholds.scores;
  const hidden = t('survey-results.hidden', { n: threshold });
  const scope = r.scope.kind === 'all' ? t('survey-results.scopeAll') : t('survey-results.scopeOf', { name: r.scope.kind === 'building' ? r.scope.building : r.scope.region });
  const subtitle = t(`survey-results.run.${r.run.status}`, { seq: r.run.seq, id: r.run.id, scope });
  const rate =
    r.responseRate.answered === null
      ? t('survey-results.rateHidden', { sent: r.responseRate.sent, n: threshold })
      : t('survey-results.rate', { rate: pct(r.responseRate.rate), answered: r.responseRate.answered, sent: r.responseRate.sent });

  const overallLines = r.overall.suppressed ? [hidden] : [t('survey-results.responses', { n: r.overall.responses ?? 0 }), ...itemLines(t, r.overall.items, threshold, true)];
  const sections = [{ heading: t('survey-results.overall'), blocks: [{ label: scope, lines: overallLines }] }];

  if (r.overall.comments.shown) {
    const blocks = r.overall.comments.byQuestion
      .filter((c) => c.texts.length > 0)
      .map((c) => ({ label: r.overall.items.find((i) => i.key === c.key)?.text ?? c.key, lines: c.texts.map((t) => `“${t}”`) }));
    if (blocks.length) sections.push({ heading: t('survey-results.comments'), blocks });
  } else if (r.overall.comments.reason === 'too_few') {
    sections.push({ heading: t('survey-results.comments'), blocks: [{ label: t('survey-results.commentsHidden', { n: r.thresholds.comments }), lines: [] }] });
  }

  if (r.breakdown) {
    sections.push({
      heading: t('survey-results.breakdown', { by: t(`survey-results.by.${r.breakdown.by}`) }),
      blocks: r.breakdown.groups.map((g) => ({
        label: groupLabel(t, g),
        lines: g.suppressed ? [hidden] : [t('survey-results.responses', { n: g.responses ?? 0 }), ...itemLines(t, g.items, threshold, false)],
      })),
    });
  }

  if (r.trend.length > 1) {
    sections.push({
      heading: t('survey-results.trend'),
      blocks: r.trend.map((p) => ({
        label: t('survey-results.trendPoint', { seq: p.seq, date: p.opensOn }),
        lines: p.suppressed ? [hidden] : [t('survey-results.responses', { n: p.responses ?? 0 }), ...itemLines(t, p.items, threshold, false)],
      })),
    });
  }

  return renderTemplate(SURVEY_RESULTS_CARD, template, { title: r.survey.title, subtitle, rate, sections }, opts);
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
const run = { id: 'r1', surveyId: 's1', seq: 2, opensAt: new Date('2026-11-03T15:00:00Z'), closesAt: new Date('2026-11-10T15:00:00Z'), status: 'closed' as const, sentCount: 40, answeredCount: 22 };

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
      items: [item('care.whole_person', 'People treat me as a whole person.', 22, 0.73, 3.9), { key: 'open.comment', kind: 'comment', text: 'Anything else?', suppressed: true }],
      comments: { shown: true, byQuestion: [{ key: 'open.comment', texts: ['More planning time, please.'] }] },
    },
    breakdown: {
      by: 'building',
      groups: [
        { label: { building: 'Lincoln High', region: 'South' }, suppressed: false, responses: 18, items: [item('care.whole_person', 'People treat me as a whole person.', 18, 0.7, 3.8)], comments: { shown: false, reason: 'too_few' } },
        { label: { building: 'Hoover High', region: 'North' }, suppressed: true, responses: null, items: [{ key: 'care.whole_person', kind: 'likert5', text: 'People treat me as a whole person.', suppressed: true }], comments: { shown: false, reason: 'too_few' } },
      ],
    },
    trend: [
      { runId: 'r0', seq: 1, opensOn: '2026-10-06', suppressed: true, responses: null, items: [] },
      { runId: 'r1', seq: 2, opensOn: '2026-11-03', suppressed: false, responses: 22, items: [item('care.whole_person', 'People treat me as a whole person.', 22, 0.73, 3.9)] },
    ],
  },
  {
    survey: { id: 's1', title: 'Pulso mensual' },
    run: { ...run, status: 'open' },
    scope: { kind: 'building', building: 'Lincoln High', breakdowns: true, comments: true },
    thresholds: { scores: 5, comments: 10 },
    responseRate: { sent: 4, answered: null, rate: null },
    overall: { label: {}, suppressed: true, responses: null, items: [], comments: { shown: false, reason: 'too_few' } },
    breakdown: null,
    trend: [],
  },
];

export const card: CardDefinition<SurveyResultsData> = { name: SURVEY_RESULTS_CARD, render, examples };
