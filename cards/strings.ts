// Card strings per language. The catalog (kernel/catalog.ts) merges the shared cards' strings
// (cards/locales/) with every workflow's own (workflows/<name>/locales/), so adding a language
// is adding a file per folder. Missing keys fall back to English.
import i18next, { type i18n } from 'i18next';

export const FALLBACK_LOCALE = 'en';
/** Languages written right to left: their cards set `rtl`. */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

export const isRtl = (code: string): boolean => RTL.has(code);

/** A language's name in that language (for pickers). */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code)?.replace(/^./, (c) => c.toLocaleUpperCase(code)) ?? code;
  } catch {
    return code; // not a valid language tag
  }
}

export interface Strings {
  /** Languages with strings, English first. */
  readonly locales: readonly string[];
  isSupported(code: string): boolean;
  /** The code itself when supported, else English. */
  localeOrFallback(code: string | undefined): string;
  translate(locale: string, key: string, params?: Record<string, unknown>): string;
  /** The string at a key when it takes no values (nothing to fill in or nest): what translate
   *  gives for it with any values but `count` and `context`. Undefined when it takes values. */
  fixed(locale: string, key: string): string | undefined;
  /** The raw value at a key path (a string, or an object of strings). */
  value(locale: string, key: string): unknown;
  /** Every key path of a language's strings (for completeness tests). */
  keys(locale: string): string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges `b` into `a` (new object); a key both define with a string is a conflict. */
function merge(a: Record<string, unknown>, b: Record<string, unknown>, path: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const here = out[k];
    if (here === undefined) out[k] = v;
    else if (isObject(here) && isObject(v)) out[k] = merge(here, v, [...path, k]);
    else throw new Error(`the string ${[...path, k].join('.')} is defined twice`);
  }
  return out;
}

/** Strings from bundles of `{ [locale]: nestedStrings }`; a key defined twice throws. */
export function createStrings(bundles: readonly Readonly<Record<string, object>>[]): Strings {
  const byLocale: Record<string, Record<string, unknown>> = {};
  for (const bundle of bundles)
    for (const [locale, strings] of Object.entries(bundle)) byLocale[locale] = merge(byLocale[locale] ?? {}, strings as Record<string, unknown>);

  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(Object.entries(byLocale).map(([l, translation]) => [l, { translation }])),
    lng: FALLBACK_LOCALE,
    fallbackLng: FALLBACK_LOCALE,
    initAsync: false,
    // Values are card text (JSON), not HTML; skipOnVariables keeps `{{x}}`/`$t(...)` typed by a person literal.
    interpolation: { escapeValue: false, skipOnVariables: true },
    returnNull: false,
    keySeparator: '.',
    nsSeparator: false,
  } as Parameters<i18n['init']>[0]);

  const locales = Object.keys(byLocale).sort((a, b) => (a === FALLBACK_LOCALE ? -1 : b === FALLBACK_LOCALE ? 1 : a.localeCompare(b)));
  const isSupported = (code: string) => Object.hasOwn(byLocale, code);
  const localeOrFallback = (code: string | undefined) => (code && isSupported(code) ? code : FALLBACK_LOCALE);
  const value = (locale: string, key: string) => key.split('.').reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), byLocale[locale]);
  const walk = (o: unknown, prefix: string): string[] =>
    isObject(o) ? Object.entries(o).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
  // A string with nothing to fill in ({{...}}) or nest ($t(...)) comes out of i18next as it is
  // stored, so it is looked up once per language and key instead of on every render (i18next's
  // lookup was about an eighth of a chat turn's CPU). `count` and `context` pick another key
  // (plurals, contexts), so calls with them always go through i18next.
  const asStored = new Map<string, string | null>();
  const storedString = (lng: string, key: string): string | null => {
    const id = `${lng}\u0000${key}`;
    let s = asStored.get(id);
    if (s === undefined) {
      const own = value(lng, key);
      const raw = typeof own === 'string' ? own : value(FALLBACK_LOCALE, key);
      s = typeof raw === 'string' && !raw.includes('{{') && !raw.includes('$t(') ? raw : null;
      asStored.set(id, s);
    }
    return s;
  };
  const picksAnotherKey = (params: Record<string, unknown>) => 'count' in params || 'context' in params;
  return {
    locales,
    isSupported,
    localeOrFallback,
    translate: (locale, key, params = {}) => {
      const lng = localeOrFallback(locale);
      const stored = picksAnotherKey(params) ? null : storedString(lng, key);
      return stored ?? (instance.t(key, { lng, ...params }) as string);
    },
    fixed: (locale, key) => storedString(localeOrFallback(locale), key) ?? undefined,
    value,
    keys: (locale) => walk(byLocale[locale], ''),
  };
}
