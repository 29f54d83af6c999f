// Confirms a language change, in the new language.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const LANGUAGE_CHANGED_CARD = 'language-changed';

export interface LanguageChangedData {
  language: string;
}

function render(data: LanguageChangedData, opts: RenderOptions): AdaptiveCard {
  return renderTemplate(LANGUAGE_CHANGED_CARD, template, data, { ...opts, locale: data.language });
}

const examples: LanguageChangedData[] = [{ language: 'en' }, { language: 'es' }, { language: 'ar' }];

export const card: CardDefinition<LanguageChangedData> = { name: LANGUAGE_CHANGED_CARD, render, examples };
