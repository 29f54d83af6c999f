// The form HR / communications fill to create a survey: title, items from the bank (in the
// viewer's language), audience, once or recurring (cron), window and reminder days.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_NEW_CARD = 'survey-new';
export const SURVEY_CREATE_VERB = 'survey.create';
export const DEFAULT_CRON = '0 9 1-7 * 2';
/** The form's input ids. */
export const SURVEY_NEW_INPUTS = {
  titleEn: 'titleEn',
  titleEs: 'titleEs',
  items: 'items',
  audienceKind: 'audienceKind',
  audienceValue: 'audienceValue',
  schedule: 'schedule',
  cron: 'cron',
  windowDays: 'windowDays',
  reminderDays: 'reminderDays',
} as const;

export interface SurveyNewData {
  items: { key: string; text: { en: string; es: string } }[];
  cron?: string;
  windowDays?: number;
  reminderDays?: string;
}

const AUDIENCE_KINDS = ['everyone', 'role', 'building', 'region', 'jobCategory'] as const;
const SCHEDULES = ['once', 'recurring'] as const;

function render(data: SurveyNewData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  return renderTemplate(
    SURVEY_NEW_CARD,
    template,
    {
      items: data.items.map((i) => ({ title: i.text[l], value: i.key })),
      audienceKinds: AUDIENCE_KINDS.map((k) => ({ title: opts.strings.translate(opts.locale, `survey-new.audience.${k}`), value: k })),
      schedules: SCHEDULES.map((k) => ({ title: opts.strings.translate(opts.locale, `survey-new.schedules.${k}`), value: k })),
      cron: data.cron ?? DEFAULT_CRON,
      windowDays: data.windowDays ?? 7,
      reminderDays: data.reminderDays ?? '3,5',
      ids: { ...SURVEY_NEW_INPUTS, verb: SURVEY_CREATE_VERB },
    },
    opts,
  );
}

const examples: SurveyNewData[] = [
  {
    items: [
      { key: 'care.whole_person', text: { en: 'At work, people treat me as a whole person.', es: 'En el trabajo me tratan como persona.' } },
      { key: 'comms.clear', text: { en: 'District communications are clear.', es: 'Las comunicaciones del distrito son claras.' } },
    ],
  },
];

export const card: CardDefinition<SurveyNewData> = { name: SURVEY_NEW_CARD, render, examples };
