// The form HR / communications fill to create a survey: title, items from the bank (in the
// viewer's language), audience, once or recurring (cron), window and reminder days.
import { renderTemplate, type RenderOptions } from '../render.ts';
import { translate } from '../locales.ts';
import type { AdaptiveCard } from '../types.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_NEW_CARD = 'survey-new';
export const SURVEY_CREATE_VERB = 'survey.create';
export const DEFAULT_CRON = '0 9 1-7 * 2';

export interface SurveyNewData {
  items: { key: string; text: { en: string; es: string } }[];
  cron?: string;
  windowDays?: number;
  reminderDays?: string;
}

const AUDIENCE_KINDS = ['everyone', 'role', 'building', 'region', 'jobCategory'] as const;
const SCHEDULES = ['once', 'recurring'] as const;

export function render(data: SurveyNewData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  return renderTemplate(
    SURVEY_NEW_CARD,
    template,
    {
      items: data.items.map((i) => ({ title: i.text[l], value: i.key })),
      audienceKinds: AUDIENCE_KINDS.map((k) => ({ title: translate(opts.locale, `survey-new.audience.${k}`), value: k })),
      schedules: SCHEDULES.map((k) => ({ title: translate(opts.locale, `survey-new.schedules.${k}`), value: k })),
      cron: data.cron ?? DEFAULT_CRON,
      windowDays: data.windowDays ?? 7,
      reminderDays: data.reminderDays ?? '3,5',
    },
    opts,
  );
}

export const examples: SurveyNewData[] = [
  {
    items: [
      { key: 'care.whole_person', text: { en: 'At work, people treat me as a whole person.', es: 'En el trabajo me tratan como persona.' } },
      { key: 'comms.clear', text: { en: 'District communications are clear.', es: 'Las comunicaciones del distrito son claras.' } },
    ],
  },
];
