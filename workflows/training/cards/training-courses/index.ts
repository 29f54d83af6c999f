// `training list`: each required course with its key, deadline rule in words, and where it
// stands in the viewer's scope (assigned, completed, overdue), with a Status button.
import { translateWithDates } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import type { TrainingAckData } from '../training-ack/index.ts';
import template from './template.json' with { type: 'json' };

export const TRAINING_COURSES_CARD = 'training-courses';
export const TRAINING_STATUS_VERB = 'training.status';
/** The action data: the course whose status to show. */
export const STATUS_COURSE_INPUT = 'courseKey';

export interface TrainingCoursesData {
  courses: {
    key: string;
    title: { en: string; es: string };
    due: TrainingAckData['due'];
    verifiedOnly: boolean;
    assigned: number;
    completed: number;
    overdue: number;
  }[];
}

function render(data: TrainingCoursesData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const tr = (k: string, params?: Record<string, unknown>) => translateWithDates(opts.strings, opts.locale, k, params);
  const rows = data.courses.slice(0, 20).map((c) => ({
    title: `${c.title[l]} (${c.key})`,
    detail: [
      tr(`training-ack.due.${c.due.kind}`, c.due.params),
      ...(c.verifiedOnly ? [tr('training-courses.verifiedOnly')] : []),
      tr('training-courses.counts', { assigned: c.assigned, completed: c.completed, overdue: c.overdue }),
    ].join(' · '),
    data: { [STATUS_COURSE_INPUT]: c.key },
  }));
  return renderTemplate(TRAINING_COURSES_CARD, template, { rows, verb: TRAINING_STATUS_VERB }, opts);
}

const examples: TrainingCoursesData[] = [
  { courses: [] },
  {
    courses: [
      {
        key: 'comms-protocol',
        title: { en: 'Communication protocol', es: 'Protocolo de comunicación' },
        due: { kind: 'fixed', params: { date: '2027-01-15' } },
        verifiedOnly: false,
        assigned: 12,
        completed: 9,
        overdue: 1,
      },
      {
        key: 'year-one',
        title: { en: 'Year-one learning', es: 'Aprendizaje del primer año' },
        due: { kind: 'hire', params: { count: 60 } },
        verifiedOnly: true,
        assigned: 3,
        completed: 2,
        overdue: 1,
      },
    ],
  },
];

export const card: CardDefinition<TrainingCoursesData> = { name: TRAINING_COURSES_CARD, render, examples };
