// A short confirmation for HR: a course was created (its key, deadline in words, how many people
// it was assigned to now), or imported completions / calendar days were stored.
import { translateWithDates } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const TRAINING_ACK_CARD = 'training-ack';

export interface TrainingAckData {
  title: string;
  key: string;
  /** The deadline rule in words' key and its values (training-ack.due.<kind>). */
  due: { kind: 'fixed' | 'hire' | 'yearly' | 'interval'; params: Record<string, string | number> };
  assigned: number;
}

function render(data: TrainingAckData, opts: RenderOptions): AdaptiveCard {
  const tr = (k: string, params?: Record<string, unknown>) => translateWithDates(opts.strings, opts.locale, `training-ack.${k}`, params);
  return renderTemplate(
    TRAINING_ACK_CARD,
    template,
    {
      message: tr('created', { title: data.title, key: data.key }),
      due: tr(`due.${data.due.kind}`, data.due.params),
      assigned: tr('assigned', { count: data.assigned }),
    },
    opts,
  );
}

const examples: TrainingAckData[] = [
  { title: 'Communication protocol', key: 'comms-protocol', due: { kind: 'fixed', params: { date: '2027-01-15' } }, assigned: 12 },
  { title: 'Year-one learning', key: 'year-one', due: { kind: 'hire', params: { count: 60 } }, assigned: 3 },
  { title: 'Discipline procedures', key: 'discipline', due: { kind: 'yearly', params: { monthDay: '09-30' } }, assigned: 0 },
  { title: 'Well-being tool', key: 'wellbeing-tool', due: { kind: 'interval', params: { count: 365, date: '2027-02-01' } }, assigned: 1 },
];

export const card: CardDefinition<TrainingAckData> = { name: TRAINING_ACK_CARD, render, examples };
