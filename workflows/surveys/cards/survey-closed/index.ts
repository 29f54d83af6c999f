// Replaces every sent survey card (and reminder) once the run has closed. It says nothing
// about whether this person answered.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_CLOSED_CARD = 'survey-closed';

export interface SurveyClosedData {
  title: { en: string; es: string };
}

function render(data: SurveyClosedData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  return renderTemplate(SURVEY_CLOSED_CARD, template, { title: data.title[l] }, opts);
}

const examples: SurveyClosedData[] = [{ title: { en: 'Monthly pulse', es: 'Pulso mensual' } }];

export const card: CardDefinition<SurveyClosedData> = { name: SURVEY_CLOSED_CARD, render, examples };
