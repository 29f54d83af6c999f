// A manager's escalation digest: one card per round with every report of theirs whose required
// training is overdue past the escalation point (name, course, days overdue), not one message
// per person. Only the manager named in the directory gets it.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const TRAINING_DIGEST_CARD = 'training-digest';

export interface TrainingDigestData {
  rows: { name: string; title: { en: string; es: string }; daysOverdue: number }[];
}

function render(data: TrainingDigestData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const tr = (k: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `training-digest.${k}`, params);
  const rows = [...data.rows]
    .sort((x, y) => y.daysOverdue - x.daysOverdue || x.name.localeCompare(y.name))
    .slice(0, 40)
    .map((r) => ({ title: r.name, value: tr('row', { title: r.title[l], count: r.daysOverdue }) }));
  return renderTemplate(TRAINING_DIGEST_CARD, template, { intro: tr('intro', { count: data.rows.length }), rows }, opts);
}

const examples: TrainingDigestData[] = [
  {
    rows: [
      {
        name: 'Ana Pérez',
        title: { en: 'Year-one culturally responsive learning', es: 'Aprendizaje culturalmente receptivo del primer año' },
        daysOverdue: 11,
      },
      { name: 'Sam Lee', title: { en: 'Communication protocol', es: 'Protocolo de comunicación' }, daysOverdue: 8 },
    ],
  },
];

export const card: CardDefinition<TrainingDigestData> = { name: TRAINING_DIGEST_CARD, render, examples };
