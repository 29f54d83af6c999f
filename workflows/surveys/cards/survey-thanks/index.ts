// What a staff member sees in place of the survey after submitting (or submitting again).
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_THANKS_CARD = 'survey-thanks';

export interface SurveyThanksData {
  title: { en: string; es: string };
  /** The answers had been recorded before (a second submit). */
  already: boolean;
}

function render(data: SurveyThanksData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  return renderTemplate(SURVEY_THANKS_CARD, template, { title: data.title[l], already: data.already === true }, opts);
}

const examples: SurveyThanksData[] = [
  { title: { en: 'Monthly pulse', es: 'Pulso mensual' }, already: false },
  { title: { en: 'Monthly pulse', es: 'Pulso mensual' }, already: true },
];

export const card: CardDefinition<SurveyThanksData> = { name: SURVEY_THANKS_CARD, render, examples };
