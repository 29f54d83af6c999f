// A person's required training: everything they have open, soonest first, each with when it is
// due ("in 5 days", "due today", "3 days overdue"), a button that opens the course, and "I've
// completed it" (absent when HR requires verified completion: then the card says where
// completion comes from). The same card is the reminder (one per round) and `training` in chat;
// marking done redraws it in place without that course.
import { formatLocal, textLocale } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const TRAINING_CARD = 'training';
export const TRAINING_DONE_VERB = 'training.done';
/** The action data: the assignment marked done. */
export const DONE_ASSIGNMENT_INPUT = 'assignmentId';

export interface TrainingItem {
  assignmentId: string;
  title: { en: string; es: string };
  url: string;
  verifiedOnly: boolean;
  /** 'YYYY-MM-DD' */
  dueDate: string;
  daysLeft: number;
}

export interface TrainingData {
  items: TrainingItem[];
  /** A reminder round's card (the heading says so). */
  reminder?: boolean;
  /** The course just marked done (the redrawn card says so). */
  done?: { en: string; es: string };
  /** Shown when the list was cut to fit a message. */
  more?: number;
}

/** Courses a card lists at most (Slack: 50 blocks a message). */
export const MAX_ITEMS = 12;

function render(data: TrainingData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const key = (k: string) => `training.${k}`;
  const tr = (k: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, key(k), params);
  const items = data.items.slice(0, MAX_ITEMS).map((i) => {
    const date = formatLocal(i.dueDate, textLocale(opts.strings, opts.locale, key('dueToday')));
    const when =
      i.daysLeft > 0 ? tr('dueIn', { count: i.daysLeft, date }) : i.daysLeft === 0 ? tr('dueToday', { date }) : tr('overdue', { count: -i.daysLeft, date });
    return {
      title: i.title[l],
      when,
      verified: i.verifiedOnly ? tr('verifiedOnly') : '',
      actions: [
        { type: 'Action.OpenUrl', title: tr('open'), url: i.url },
        ...(i.verifiedOnly
          ? []
          : [
              {
                type: 'Action.Execute',
                title: tr('markDone'),
                verb: TRAINING_DONE_VERB,
                data: { [DONE_ASSIGNMENT_INPUT]: i.assignmentId },
                associatedInputs: 'none',
                style: 'positive',
              },
            ]),
      ],
    };
  });
  const more = (data.more ?? 0) + Math.max(0, data.items.length - MAX_ITEMS);
  return renderTemplate(
    TRAINING_CARD,
    template,
    {
      heading: data.reminder ? tr('reminderHeading') : tr('heading'),
      done: data.done ? tr('marked', { title: data.done[l] }) : '',
      items,
      more: more > 0 ? tr('more', { count: more }) : '',
    },
    opts,
  );
}

const course = (n: number, daysLeft: number, verifiedOnly = false): TrainingItem => ({
  assignmentId: `a${n}`,
  title: { en: `Course ${n}`, es: `Curso ${n}` },
  url: 'https://learn.dmschools.example/course',
  verifiedOnly,
  dueDate: '2027-01-15',
  daysLeft,
});

const examples: TrainingData[] = [
  { items: [] },
  { items: [course(1, -3), course(2, 0), course(3, 5, true)], reminder: true },
  { items: [course(3, 1)], done: { en: 'Communication protocol', es: 'Protocolo de comunicación' } },
];

export const card: CardDefinition<TrainingData> = { name: TRAINING_CARD, render, examples };
