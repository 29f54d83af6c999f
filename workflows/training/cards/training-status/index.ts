// `training status [course] [building|region|role|job]`: per course (and group) how many are
// assigned, completed, completed on time, overdue, and the completion rate, in the viewer's
// scope; then the new-hire figure. Counts only: no person is named here.
import { formatLocal, textLocale } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const TRAINING_STATUS_CARD = 'training-status';

export interface TrainingStatusData {
  /** What the figures cover: the whole district, a building or a region. */
  scope: { kind: 'all' } | { kind: 'building' | 'region'; name: string };
  courses: {
    title: { en: string; es: string };
    rows: { group: string; assigned: number; completed: number; onTime: number; overdue: number; rate: number | null }[];
  }[];
  newHires: { from: string; to: string; hired: number; completedInWindow: number; stillInWindow: number; rate: number | null };
}

function render(data: TrainingStatusData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const tr = (k: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `training-status.${k}`, params);
  const rate = (r: number | null) => (r === null ? '–' : `${r}%`);
  const courses = data.courses.slice(0, 15).map((c) => ({
    title: c.title[l],
    facts: c.rows.slice(0, 25).map((r) => ({ title: r.group === '' ? tr('all') : r.group, value: tr('row', { ...r, rate: rate(r.rate) }) })),
  }));
  const n = data.newHires;
  const d = (x: string) => formatLocal(x, textLocale(opts.strings, opts.locale, 'training-status.newHires'));
  return renderTemplate(
    TRAINING_STATUS_CARD,
    template,
    {
      scope: data.scope.kind === 'all' ? tr('scopeAll') : tr(`scope.${data.scope.kind}`, { name: data.scope.name }),
      courses,
      newHires: tr('newHires', { ...n, from: d(n.from), to: d(n.to), rate: rate(n.rate) }),
    },
    opts,
  );
}

const examples: TrainingStatusData[] = [
  {
    scope: { kind: 'all' },
    courses: [
      {
        title: { en: 'Communication protocol', es: 'Protocolo de comunicación' },
        rows: [
          { group: '', assigned: 12, completed: 9, onTime: 8, overdue: 3, rate: 75 },
          { group: 'Hoover', assigned: 4, completed: 4, onTime: 4, overdue: 0, rate: 100 },
        ],
      },
    ],
    newHires: { from: '2026-01-06', to: '2027-01-06', hired: 3, completedInWindow: 2, stillInWindow: 0, rate: 67 },
  },
  {
    scope: { kind: 'building', name: 'Hoover' },
    courses: [],
    newHires: { from: '2026-01-06', to: '2027-01-06', hired: 0, completedInWindow: 0, stillInWindow: 0, rate: null },
  },
];

export const card: CardDefinition<TrainingStatusData> = { name: TRAINING_STATUS_CARD, render, examples };
