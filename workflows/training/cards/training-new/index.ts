// `training new`: HR defines a required course in one form: key, titles and descriptions (en,
// es), the link, who must take it (choices from the directory's real values with head counts;
// none chosen is everyone), and the deadline rule as a choice with its one value. The reminder
// plan and escalation take their defaults (14, 7, 1 days before; due day; every 7 days overdue;
// the manager after 7 days overdue); the CLI's JSON can set them.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const TRAINING_NEW_CARD = 'training-new';
export const TRAINING_CREATE_VERB = 'training.create';

export const TRAINING_NEW_INPUTS = {
  key: 'key',
  titleEn: 'titleEn',
  titleEs: 'titleEs',
  descriptionEn: 'descriptionEn',
  descriptionEs: 'descriptionEs',
  url: 'url',
  roles: 'roles',
  buildings: 'buildings',
  regions: 'regions',
  jobCategories: 'jobCategories',
  dueKind: 'dueKind',
  dueDate: 'dueDate',
  dueDays: 'dueDays',
  monthDay: 'monthDay',
  verifiedOnly: 'verifiedOnly',
} as const;

export const DUE_KIND_CHOICES = ['fixed', 'hire', 'yearly', 'interval'] as const;

type Choice = { value: string; people: number };

export interface TrainingNewData {
  audience: { roles: Choice[]; buildings: Choice[]; regions: Choice[]; jobCategories: Choice[] };
}

function render(data: TrainingNewData, opts: RenderOptions): AdaptiveCard {
  const tr = (k: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `training-new.${k}`, params);
  const choices = (xs: Choice[]) => xs.slice(0, 100).map((c) => ({ title: tr('choice', { value: c.value, count: c.people }), value: c.value }));
  return renderTemplate(
    TRAINING_NEW_CARD,
    template,
    {
      ids: { ...TRAINING_NEW_INPUTS, verb: TRAINING_CREATE_VERB },
      kinds: DUE_KIND_CHOICES.map((k) => ({ title: tr(`kind.${k}`), value: k })),
      roles: choices(data.audience.roles),
      buildings: choices(data.audience.buildings),
      regions: choices(data.audience.regions),
      jobCategories: choices(data.audience.jobCategories),
    },
    opts,
  );
}

const examples: TrainingNewData[] = [
  {
    audience: {
      roles: [{ value: 'staff', people: 12 }],
      buildings: [
        { value: 'Hoover', people: 4 },
        { value: 'Lincoln', people: 8 },
      ],
      regions: [{ value: 'North', people: 4 }],
      jobCategories: [],
    },
  },
];

export const card: CardDefinition<TrainingNewData> = { name: TRAINING_NEW_CARD, render, examples };
