// `hiring report 2026-Q3 [building|region|job]`: the quarterly review of selection-process
// fidelity in the viewer's scope, with the quarter before beside it. In a leader's view the
// verification figures of a group below the minimum are hidden and say so.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import type { Figures, HiringReport } from '../../domain/report.ts';
import template from './template.json' with { type: 'json' };

export const HIRING_REPORT_CARD = 'hiring-report';
/** Groups a card shows at most (Slack takes 50 blocks a message). */
const MAX_GROUPS = 30;

const pct = (n: number, d: number) => (d ? `${Math.round((n / d) * 100)}%` : '—');

function render(data: HiringReport, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const tr = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `hiring-report.${key}`, params);
  const lines = (f: Figures, withItems: boolean) => [
    tr('processes', { count: f.processes }),
    tr('parameters', { met: f.meetingParameters, count: f.processes, pct: pct(f.meetingParameters, f.processes), exceptions: f.exceptions }),
    tr('checklists', { done: f.checklists, count: f.interviews, pct: pct(f.checklists, f.interviews) }) +
      (f.medianDelayHours === null ? '' : ` · ${tr('delay', { hours: f.medianDelayHours })}`),
    ...(withItems
      ? f.items
          .filter((i) => i.answered > 0)
          .map((i) => tr('item', { text: l === 'es' ? i.textEs : i.textEn, yes: i.yes, answered: i.answered, pct: pct(i.yes, i.answered) }))
      : []),
    f.verification
      ? tr('verification', {
          answered: f.verification.answered,
          sent: f.verification.sent,
          pct: pct(f.verification.answered, f.verification.sent),
          agree: pct(f.verification.agree, f.verification.compared),
          pressure: f.verification.pressure,
        })
      : tr('hidden', { n: data.minGroup }),
  ];
  const scope =
    data.scope.kind === 'all' ? tr('scope.all') : tr('scope.place', { place: data.scope.kind === 'building' ? data.scope.building : data.scope.region });
  const groups = data.groups.slice(0, MAX_GROUPS).map((g) => ({ title: g.label, text: lines(g.figures, false).join('\n') }));
  return renderTemplate(
    HIRING_REPORT_CARD,
    template,
    {
      heading: tr('heading', { quarter: data.quarter }),
      scope,
      total: lines(data.total, true).join('\n'),
      previousHeading: tr('previous', { quarter: data.previous.quarter }),
      previous: lines(data.previous.total, false).join('\n'),
      groups,
      more: data.groups.length > MAX_GROUPS ? tr('more', { count: data.groups.length - MAX_GROUPS }) : '',
      note: data.suppressed ? tr('suppressedNote', { n: data.minGroup }) : tr('hrNote'),
    },
    opts,
  );
}

const figures: Figures = {
  processes: 3,
  meetingParameters: 2,
  exceptions: 1,
  interviews: 9,
  checklists: 8,
  medianDelayHours: 2.5,
  items: [{ key: 'blind_review', textEn: 'Blind résumé review completed', textEs: 'Revisión ciega completada', yes: 7, answered: 8 }],
  verification: { sent: 12, answered: 9, agree: 20, compared: 24, pressure: 1 },
};
const examples: HiringReport[] = [
  {
    quarter: '2026-Q3',
    by: 'building',
    scope: { kind: 'all' },
    suppressed: false,
    minGroup: 5,
    total: figures,
    groups: [{ label: 'Hoover High', figures }],
    previous: { quarter: '2026-Q2', total: { ...figures, medianDelayHours: null } },
  },
  {
    quarter: '2026-Q3',
    by: 'building',
    scope: { kind: 'region', region: 'North' },
    suppressed: true,
    minGroup: 5,
    total: { ...figures, verification: null },
    groups: [{ label: 'Hoover High', figures: { ...figures, verification: null } }],
    previous: { quarter: '2026-Q2', total: { ...figures, verification: null } },
  },
];

export const card: CardDefinition<HiringReport> = { name: HIRING_REPORT_CARD, render, examples };
