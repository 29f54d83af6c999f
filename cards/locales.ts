// Card strings per language: one JSON file per language in cards/locales/, so adding a
// language is adding a file. Missing keys fall back to English.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n } from 'i18next';

export const FALLBACK_LOCALE = 'en';
/** Languages written right to left: their cards set `rtl`. */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

const dir = join(import.meta.dirname, 'locales');
const resources = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), { translation: JSON.parse(readFileSync(join(dir, f), 'utf8')) as object }]),
);

const instance: i18n = i18next.createInstance();
void instance.init({
  resources,
  lng: FALLBACK_LOCALE,
  fallbackLng: FALLBACK_LOCALE,
  initAsync: false,
  // Values are card text (JSON), not HTML; skipOnVariables keeps `{{x}}`/`$t(...)` typed by a person literal.
  interpolation: { escapeValue: false, skipOnVariables: true },
  returnNull: false,
  keySeparator: '.',
  nsSeparator: false,
} as Parameters<i18n['init']>[0]);

export function supportedLocales(): string[] {
  return Object.keys(resources).sort((a, b) => (a === FALLBACK_LOCALE ? -1 : b === FALLBACK_LOCALE ? 1 : a.localeCompare(b)));
}

export const isSupportedLocale = (code: string): boolean => Object.hasOwn(resources, code);
export const localeOrFallback = (code: string | undefined): string => (code && isSupportedLocale(code) ? code : FALLBACK_LOCALE);
export const isRtl = (code: string): boolean => RTL.has(code);

/** A language's name in that language (for pickers). */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code)?.replace(/^./, (c) => c.toLocaleUpperCase(code)) ?? code;
  } catch {
    return code; // not a valid language tag
  }
}

export function translate(locale: string, key: string, params: Record<string, unknown> = {}): string {
  return instance.t(key, { lng: localeOrFallback(locale), ...params }) as string;
}

/** Every key path of a language's catalog (for completeness tests). */
export function catalogKeys(locale: string): string[] {
  const walk = (o: unknown, prefix: string): string[] =>
    o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
  return walk(resources[locale]?.translation, '');
}

export function catalogValue(locale: string, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), resources[locale]?.translation);
}
