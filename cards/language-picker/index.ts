// The language picker: a form whose answer becomes the person's preferred language.
import { renderTemplate, type RenderOptions } from '../render.ts';
import { languageName, supportedLocales } from '../locales.ts';
import type { AdaptiveCard } from '../types.ts';
import template from './template.json' with { type: 'json' };

export const LANGUAGE_PICKER_CARD = 'language-picker';
export const LANGUAGE_SET_VERB = 'language.set';
export const LANGUAGE_INPUT = 'language';

export interface LanguagePickerData {
  current: string;
}

export function render(data: LanguagePickerData, opts: RenderOptions): AdaptiveCard {
  const languages = supportedLocales().map((code) => ({ code, name: languageName(code) }));
  return renderTemplate(LANGUAGE_PICKER_CARD, template, { current: data.current, languages }, opts);
}

export const examples: LanguagePickerData[] = [{ current: 'en' }, { current: 'es' }];
