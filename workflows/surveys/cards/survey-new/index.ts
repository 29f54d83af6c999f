// The form HR / communications fill to create a survey, for someone on a phone who never read a
// manual: how often (buttons that redraw the form with only the fields that frequency needs),
// the title in English and Spanish, questions grouped by topic with their answer type, the
// audience picked from the directory's real values (each with how many people it reaches),
// the weekday / week of the month / time, the window and reminders, all as choices.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import { WEEKS } from '../../domain/recurrence.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_NEW_CARD = 'survey-new';
export const SURVEY_CREATE_VERB = 'survey.create';
/** A frequency button: redraws the form for once / weekly / monthly (it needs no inputs). */
export const SURVEY_FREQUENCY_VERB = 'survey.frequency';
export const FREQUENCIES = ['once', 'weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
/** The form's input ids (and the action data key `frequency`). */
export const SURVEY_NEW_INPUTS = {
  frequency: 'frequency',
  titleEn: 'titleEn',
  titleEs: 'titleEs',
  buildings: 'buildings',
  regions: 'regions',
  roles: 'roles',
  jobCategories: 'jobCategories',
  weekday: 'weekday',
  week: 'week',
  time: 'time',
  windowDays: 'windowDays',
  reminderDays: 'reminderDays',
} as const;
/** One multi-select of questions per topic: its input id. */
export const ITEMS_INPUT_PREFIX = 'items.';
export const itemsInputOf = (topic: string): string => `${ITEMS_INPUT_PREFIX}${topic}`;
export const AUDIENCE_DIMENSIONS = ['buildings', 'regions', 'roles', 'jobCategories'] as const;
export type AudienceDimension = (typeof AUDIENCE_DIMENSIONS)[number];
/** Slack's static selects hold 100 options: a longer list is typed (names, comma-separated). */
export const MAX_LISTED_VALUES = 100;
/** Choice values are URI-encoded, so a name with a comma survives Teams' comma-joined multi-select. */
export const encodeChoice = (value: string): string => encodeURIComponent(value);

export const WINDOW_CHOICES = [3, 5, 7, 10, 14, 21, 30] as const;
export const REMINDER_CHOICES = ['', '3', '3,5', '2,4,6'] as const;
/** Times offered, district time: 6:00 to 18:00 every half hour. */
export const TIME_CHOICES = Array.from({ length: 25 }, (_, i) => `${6 + Math.floor(i / 2)}:${i % 2 ? '30' : '00'}`);
export const DEFAULTS = { weekday: 2, week: 'first', time: '9:00', windowDays: 7, reminderDays: '3,5' } as const;

type Bi = { en: string; es: string };
export interface SurveyNewData {
  frequency: Frequency;
  /** The active items of the bank by topic (topic order as given). */
  topics: { topic: string; items: { key: string; kind: string; text: Bi }[] }[];
  /** The directory's values with how many people each reaches. */
  audience: Record<AudienceDimension, { value: string; people: number }[]>;
  /** A redrawn form: what the person had entered (by input id), and what to fix. */
  values?: Record<string, string>;
  problem?: FormProblem;
}

export const FORM_PROBLEMS = ['noItems', 'reminderOutsideWindow'] as const;
export type FormProblem = (typeof FORM_PROBLEMS)[number];

function render(data: SurveyNewData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const t = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, key, params);
  const known = (key: string) => typeof opts.strings.value('en', key) === 'string';
  const topicName = (topic: string) => (known(`survey-new.topics.${topic}`) ? t(`survey-new.topics.${topic}`) : topic.replace(/_/g, ' '));
  const topics = data.topics
    .filter((g) => g.items.length > 0)
    .map((g) => ({
      id: itemsInputOf(g.topic),
      label: t('survey-new.itemsOf', { topic: topicName(g.topic) }),
      choices: g.items.map((i) => ({ title: t('survey-new.itemChoice', { text: i.text[l], kind: t(`survey-new.kinds.${i.kind}`) }), value: i.key })),
      value: data.values?.[itemsInputOf(g.topic)] ?? '',
    }));
  const audience = AUDIENCE_DIMENSIONS.filter((d) => data.audience[d].length > 0).map((d) => {
    const listed = data.audience[d];
    const name = (v: string) => (d === 'roles' && known(`survey-new.roles.${v}`) ? t(`survey-new.roles.${v}`) : v);
    return {
      id: SURVEY_NEW_INPUTS[d],
      listed: listed.length <= MAX_LISTED_VALUES,
      label: t(`survey-new.audience.${d}`),
      typedLabel: t('survey-new.audienceTyped', { dimension: t(`survey-new.audience.${d}`), count: listed.length }),
      choices: listed.map((v) => ({ title: t('survey-new.option', { name: name(v.value), count: v.people }), value: encodeChoice(v.value) })),
      value: data.values?.[SURVEY_NEW_INPUTS[d]] ?? '',
    };
  });
  const frequency = data.frequency;
  const values = data.values ?? {};
  const initial = {
    ...DEFAULTS,
    weekday: String(DEFAULTS.weekday),
    windowDays: String(DEFAULTS.windowDays),
    titleEn: '',
    titleEs: '',
    ...Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith(ITEMS_INPUT_PREFIX))),
  };
  return renderTemplate(
    SURVEY_NEW_CARD,
    template,
    {
      frequency,
      recurring: frequency !== 'once',
      monthly: frequency === 'monthly',
      howOften: t('survey-new.howOften', { frequency: t(`survey-new.frequencies.${frequency}`) }),
      switches: FREQUENCIES.filter((f) => f !== frequency).map((f) => ({ title: t(`survey-new.switchTo.${f}`), data: { [SURVEY_NEW_INPUTS.frequency]: f } })),
      topics,
      audience,
      hasAudienceChoices: audience.length > 0,
      weekdays: [1, 2, 3, 4, 5, 6, 0].map((d) => ({ title: t(`survey-new.weekdays.${d}`), value: String(d) })),
      weeks: WEEKS.map((w) => ({ title: t(`survey-new.weeksOfMonth.${w}`), value: w })),
      times: TIME_CHOICES.map((v) => ({ title: v, value: v })),
      windows: WINDOW_CHOICES.map((n) => ({ title: t('survey-new.windowChoice', { count: n }), value: String(n) })),
      reminders: REMINDER_CHOICES.map((v) => ({ title: t(`survey-new.reminderChoices.${v ? v.replace(/,/g, '_') : 'none'}`), value: v || 'none' })),
      initial,
      problem: data.problem ? t(`survey-new.problems.${data.problem}`) : '',
      createData: { [SURVEY_NEW_INPUTS.frequency]: frequency },
      ids: { ...SURVEY_NEW_INPUTS, verb: SURVEY_CREATE_VERB, frequencyVerb: SURVEY_FREQUENCY_VERB },
    },
    opts,
  );
}

const sampleTopics: SurveyNewData['topics'] = [
  {
    topic: 'wellbeing',
    items: [
      { key: 'care.whole_person', kind: 'likert5', text: { en: 'At work, people treat me as a whole person.', es: 'En el trabajo me tratan como persona.' } },
      { key: 'care.wellbeing_rating', kind: 'scale0to10', text: { en: 'How would you rate your well-being?', es: '¿Cómo calificaría su bienestar?' } },
    ],
  },
  {
    topic: 'communication',
    items: [{ key: 'comms.clear', kind: 'likert5', text: { en: 'District communications are clear.', es: 'Las comunicaciones del distrito son claras.' } }],
  },
];
const sampleAudience: SurveyNewData['audience'] = {
  buildings: [
    { value: 'Hoover High', people: 4 },
    { value: 'Lincoln High', people: 8 },
  ],
  regions: [{ value: 'North', people: 12 }],
  roles: [
    { value: 'staff', people: 12 },
    { value: 'hr', people: 1 },
  ],
  jobCategories: [],
};

const examples: SurveyNewData[] = [
  { frequency: 'once', topics: sampleTopics, audience: sampleAudience },
  { frequency: 'monthly', topics: sampleTopics, audience: sampleAudience },
  { frequency: 'weekly', topics: sampleTopics, audience: { ...sampleAudience, buildings: [] } },
  {
    frequency: 'once',
    topics: sampleTopics,
    audience: sampleAudience,
    values: { titleEn: 'Winter pulse', buildings: 'Hoover%20High', reminderDays: '3,5', windowDays: '3' },
    problem: 'reminderOutsideWindow',
  },
];

export const card: CardDefinition<SurveyNewData> = { name: SURVEY_NEW_CARD, render, examples };
