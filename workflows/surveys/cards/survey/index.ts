// The staff survey card: every question of a run in the recipient's language, one submit
// (verb survey.answer, data {runId}). Input ids are the question keys. The same card, with
// `preview`, is what HR sees before launching (its action is Launch instead of Submit).
import { formatLocal, textLocale } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import { LIKERT_LABELS } from '../../domain/model.ts';
import { type Recurrence, recurrenceInWords } from '../../domain/recurrence.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_CARD = 'survey';
export const SURVEY_ANSWER_VERB = 'survey.answer';
/** The preview's "Launch now" (not the job survey.launch, which launches a scheduled run). */
export const SURVEY_LAUNCH_VERB = 'survey.launchNow';
/** The action data naming the run answered (answer) or the survey to launch (preview). */
export const RUN_ID_INPUT = 'runId';
export const SURVEY_ID_INPUT = 'surveyId';
const ids = { answer: SURVEY_ANSWER_VERB, launch: SURVEY_LAUNCH_VERB };

type Bi = { en: string; es: string };

export interface SurveyCardQuestion {
  key: string;
  kind: 'likert5' | 'scale0to10' | 'single' | 'multi' | 'comment';
  required: boolean;
  text: Bi;
  choices: ({ key: string } & Bi)[];
}

export interface SurveyCardData {
  runId?: string;
  /** Set for the HR preview: the action launches this survey. */
  surveyId?: string;
  preview?: boolean;
  /** A reminder: a banner on top. */
  reminder?: boolean;
  title: Bi;
  /** When it closes, district wall clock `YYYY-MM-DDTHH:mm` (cards/dates.ts; a plain
   *  YYYY-MM-DD from older campaigns shows as a date). Absent in the preview: shows the window length. */
  closes?: string;
  windowDays?: number;
  /** The survey's smallest reported group (shown in the anonymity note). */
  threshold?: number;
  questions: SurveyCardQuestion[];
  /** The HR preview only: when it launches, whom it reaches now, what has no Spanish text. */
  previewInfo?: PreviewInfo;
}

export interface PreviewInfo {
  recurrence: Recurrence;
  reach: { people: number; teams: number; slack: number; unreachable: number };
  noSpanishTitle: boolean;
  /** The English text of chosen questions with no Spanish of their own. */
  noSpanishItems: string[];
}

const lang = (locale: string): 'en' | 'es' => (locale.toLowerCase().startsWith('es') ? 'es' : 'en');

function render(data: SurveyCardData, opts: RenderOptions): AdaptiveCard {
  const l = lang(opts.locale);
  const questions = data.questions.map((q, i) => {
    const choices =
      q.kind === 'likert5'
        ? LIKERT_LABELS[l].map((title, j) => ({ title, value: String(j + 1) }))
        : q.kind === 'scale0to10'
          ? Array.from({ length: 11 }, (_, n) => ({ title: String(n), value: String(n) }))
          : q.choices.map((c) => ({ title: c[l], value: c.key }));
    return { key: q.key, kind: q.kind, required: q.required, label: `${i + 1}. ${q.text[l]}`, choices };
  });
  const closes = data.closes ? formatLocal(data.closes, textLocale(opts.strings, opts.locale, 'survey.closes')) : '';
  const t = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, key, params);
  const info = data.preview ? data.previewInfo : undefined;
  return renderTemplate(
    SURVEY_CARD,
    template,
    {
      preview: data.preview === true,
      reminder: data.reminder === true,
      title: data.title[l],
      closes,
      days: data.windowDays ?? 7,
      threshold: data.threshold ?? 5,
      questions,
      ids,
      answerData: { [RUN_ID_INPUT]: data.runId ?? '' },
      launchData: { [SURVEY_ID_INPUT]: data.surveyId ?? '' },
      info: info
        ? {
            when: t('survey.schedule', { when: recurrenceInWords(info.recurrence, t) }),
            people: t('survey.reachPeople', { count: info.reach.people }),
            facts: [
              { title: t('survey.onTeams'), value: String(info.reach.teams) },
              { title: t('survey.onSlack'), value: String(info.reach.slack) },
              { title: t('survey.unreachable'), value: String(info.reach.unreachable) },
            ],
            unreachable: info.reach.unreachable > 0 ? t('survey.unreachableNote', { count: info.reach.unreachable }) : '',
            noSpanishTitle: info.noSpanishTitle ? t('survey.noSpanishTitle') : '',
            noSpanishItems: info.noSpanishItems.length ? t('survey.noSpanishItems', { items: info.noSpanishItems.map((x) => `“${x}”`).join(', ') }) : '',
          }
        : null,
    },
    opts,
  );
}

const q = (
  key: string,
  kind: SurveyCardQuestion['kind'],
  required: boolean,
  en: string,
  es: string,
  choices: SurveyCardQuestion['choices'] = [],
): SurveyCardQuestion => ({
  key,
  kind,
  required,
  text: { en, es },
  choices,
});
const sample: SurveyCardQuestion[] = [
  q('care.whole_person', 'likert5', true, 'At work, people treat me as a whole person.', 'En el trabajo me tratan como persona.'),
  q('care.wellbeing_rating', 'scale0to10', true, 'How would you rate your well-being this month?', '¿Cómo calificaría su bienestar este mes?'),
  q('comms.channel', 'single', false, 'Where do you look first?', '¿Dónde busca primero?', [
    { key: 'intranet', en: 'Intranet', es: 'Intranet' },
    { key: 'email', en: 'Email', es: 'Correo' },
  ]),
  q('pl.topics', 'multi', false, 'Which topics would help?', '¿Qué temas le ayudarían?', [
    { key: 'crp', en: 'Culturally responsive practice', es: 'Práctica culturalmente receptiva' },
    { key: 'tech', en: 'Technology', es: 'Tecnología' },
  ]),
  q('open.comment', 'comment', false, 'Anything else?', '¿Algo más?'),
];

const examples: SurveyCardData[] = [
  { runId: 'run-1', title: { en: 'Monthly pulse', es: 'Pulso mensual' }, closes: '2026-12-01T09:00', questions: sample },
  { runId: 'run-1', reminder: true, title: { en: 'Monthly pulse', es: 'Pulso mensual' }, closes: '2026-12-01', questions: sample.slice(0, 2) },
  {
    surveyId: 'survey-1',
    preview: true,
    windowDays: 7,
    title: { en: 'Monthly pulse', es: 'Pulso mensual' },
    questions: sample,
    previewInfo: {
      recurrence: { kind: 'monthly', week: 'first', weekday: 2, time: '9:00' },
      reach: { people: 15, teams: 1, slack: 0, unreachable: 14 },
      noSpanishTitle: true,
      noSpanishItems: ['Anything else?'],
    },
  },
];

export const card: CardDefinition<SurveyCardData> = { name: SURVEY_CARD, render, examples };
