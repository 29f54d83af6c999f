// Confirms a language change, in the new language.
import { renderTemplate, type RenderOptions } from '../render.ts';
import type { AdaptiveCard } from '../types.ts';
import template from './template.json' with { type: 'json' };

export const LANGUAGE_CHANGED_CARD = 'language-changed';

export interface LanguageChangedData {
  language: string;
}

export function render(data: LanguageChangedData, opts: RenderOptions): AdaptiveCard {
  return renderTemplate(LANGUAGE_CHANGED_CARD, template, data, { ...opts, locale: data.language });
}

export const examples: LanguageChangedData[] = [{ language: 'en' }, { language: 'es' }, { language: 'ar' }];
