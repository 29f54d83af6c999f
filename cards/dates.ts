// One date format and one date-and-time format per language, for every card and notice. Card
// data holds wall-clock strings already in the district's time zone ("2026-12-08" for a day,
// "2026-12-08T09:00" for a moment), made once by `localDate` / `localDateTime` from an instant
// and the time zone (Services.timeZone or the survey's, which defaults to it). Data stays plain
// JSON (a campaign stores it and renders it later in each recipient's language) and rendering
// needs no time zone: the formats below read the wall clock as UTC.
//
//   en  Tuesday, December 8, 2026      Tue, Dec 8, 9:00 AM
//   es  martes, 8 de diciembre de 2026 mar, 8 de dic, 9:00 a.m.
//   ar  الثلاثاء، 8 ديسمبر 2026          الثلاثاء، 8 ديسمبر، 9:00 ص
//
// Arabic is written with Western digits (`nu-latn`): every other number on our cards (counts,
// percentages, run numbers) is, and Intl's own default for "ar" differs between ICU versions
// and regions (ar-SA gives ٨ ديسمبر ٢٠٢٦).
import { FALLBACK_LOCALE, type Strings } from './strings.ts';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Our languages as Intl locales (US Spanish: the district is in Iowa). */
const INTL_LOCALE: Record<string, string> = { en: 'en-US', es: 'es-US', ar: 'ar-u-nu-latn' };

const DATE: Intl.DateTimeFormatOptions = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
const DATE_TIME: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC' };

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'date' | 'dateTime', locale: string): Intl.DateTimeFormat {
  const key = `${kind}:${locale}`;
  let f = formats.get(key);
  if (!f) {
    const intl = INTL_LOCALE[locale] ?? locale;
    try {
      f = new Intl.DateTimeFormat(intl, kind === 'date' ? DATE : DATE_TIME);
    } catch {
      f = new Intl.DateTimeFormat(INTL_LOCALE[FALLBACK_LOCALE], kind === 'date' ? DATE : DATE_TIME);
    }
    formats.set(key, f);
  }
  return f;
}

const parts = new Map<string, Intl.DateTimeFormat>();
function wallClock(timeZone: string, at: Date): Record<string, string> {
  let f = parts.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    parts.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

/** The calendar day of an instant in a time zone: "2026-12-08". */
export function localDate(timeZone: string, at: Date): string {
  const p = wallClock(timeZone, at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The wall-clock minute of an instant in a time zone: "2026-12-08T09:00". */
export function localDateTime(timeZone: string, at: Date): string {
  const p = wallClock(timeZone, at);
  return `${localDate(timeZone, at)}T${p.hour}:${p.minute}`;
}

/** Whether a value is one of our wall-clock strings (a card or notice shows it formatted). */
export const isLocalDate = (value: unknown): value is string => typeof value === 'string' && (LOCAL_DATE.test(value) || LOCAL_DATE_TIME.test(value));

/** A wall-clock string in a language's one format: a day as the date format, a moment as the
 *  date-and-time format. Anything else is returned as it is. */
export function formatLocal(value: string, locale: string): string {
  const day = LOCAL_DATE.exec(value);
  if (day) return formatter('date', locale).format(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 12));
  const moment = LOCAL_DATE_TIME.exec(value);
  if (moment)
    return formatter('dateTime', locale).format(Date.UTC(Number(moment[1]), Number(moment[2]) - 1, Number(moment[3]), Number(moment[4]), Number(moment[5])));
  return value;
}

/** The language a string is shown in: the person's, or English when it has no translation yet
 *  (a date is written in the language of the sentence around it). */
export const textLocale = (strings: Strings, locale: string, key: string): string =>
  typeof strings.value(strings.localeOrFallback(locale), key) === 'string' ? strings.localeOrFallback(locale) : FALLBACK_LOCALE;

/** Translates `key` with every wall-clock parameter formatted in the sentence's language. */
export function translateWithDates(strings: Strings, locale: string, key: string, params: Record<string, unknown> = {}): string {
  const lang = textLocale(strings, locale, key);
  const formatted = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, isLocalDate(v) ? formatLocal(v, lang) : v]));
  return strings.translate(locale, key, formatted);
}
