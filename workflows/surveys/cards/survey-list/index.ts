// `survey list`: each survey with its schedule and its latest run (id, state, people sent).
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_LIST_CARD = 'survey-list';

export interface SurveyListData {
  surveys: {
    id: string;
    title: { en: string; es: string };
    /** Cron expression, or null for a one-off survey. */
    cron: string | null;
    run: { id: string; seq: number; status: 'open' | 'closed'; sent: number; closes: string } | null;
  }[];
}

function render(data: SurveyListData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const rows = data.surveys.map((s) => {
    const schedule = s.cron ? opts.strings.translate(l, 'survey-list.recurring', { cron: s.cron }) : opts.strings.translate(l, 'survey-list.once');
    const run = s.run
      ? opts.strings.translate(l, `survey-list.run.${s.run.status}`, { id: s.run.id, seq: s.run.seq, sent: s.run.sent, closes: s.run.closes })
      : opts.strings.translate(l, 'survey-list.notLaunched');
    return { title: s.title[l], detail: `${opts.strings.translate(l, 'survey-list.id', { id: s.id })} · ${schedule} · ${run}` };
  });
  return renderTemplate(SURVEY_LIST_CARD, template, { rows }, opts);
}

const examples: SurveyListData[] = [
  { surveys: [] },
  {
    surveys: [
      {
        id: 's1',
        title: { en: 'Monthly pulse', es: 'Pulso mensual' },
        cron: '0 9 1-7 * 2',
        run: { id: 'r1', seq: 2, status: 'open', sent: 120, closes: '2026-12-01' },
      },
      { id: 's2', title: { en: 'PL check-in', es: 'Consulta de formación' }, cron: null, run: null },
    ],
  },
];

export const card: CardDefinition<SurveyListData> = { name: SURVEY_LIST_CARD, render, examples };
