// The language picker: a form whose answer becomes the person's preferred language.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import { languageName } from '../../../../cards/strings.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const LANGUAGE_PICKER_CARD = 'language-picker';
export const LANGUAGE_SET_VERB = 'language.set';
export const LANGUAGE_INPUT = 'language';

export interface LanguagePickerData {
  current: string;
}

function render(data: LanguagePickerData, opts: RenderOptions): AdaptiveCard {
  const languages = opts.strings.locales.map((code) => ({ code, name: languageName(code) }));
  return renderTemplate(LANGUAGE_PICKER_CARD, template, { current: data.current, languages, ids: { input: LANGUAGE_INPUT, verb: LANGUAGE_SET_VERB } }, opts);
}

const examples: LanguagePickerData[] = [{ current: 'en' }, { current: 'es' }];

export const card: CardDefinition<LanguagePickerData> = { name: LANGUAGE_PICKER_CARD, render, examples };
