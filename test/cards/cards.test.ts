// Every card the product can produce is a valid Adaptive Card 1.5 in every language, and its
// strings exist in every complete language.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLocal, isLocalDate, localDate, localDateTime } from '../../cards/dates.ts';
import { languageName } from '../../cards/strings.ts';
import { visibleText } from '../behaviour/drivers.ts';
import { allCardExamples, catalog, product, renderCatalogCard, translate } from '../support/catalog.ts';

const supportedLocales = () => catalog.strings.locales;
const catalogKeys = (locale: string) => catalog.strings.keys(locale);

import { DATA_CARD, DATA_VERB } from '../../cards/ids.ts';
import { escapeMarkdown } from '../../cards/literal.ts';
import { cardStrings } from '../../cards/render.ts';
import type { AdaptiveCard, CardAction } from '../../cards/types.ts';
import { LANGUAGE_INPUT, LANGUAGE_SET_VERB } from '../../workflows/language/cards/language-picker/index.ts';
import { expectValidCard, schemaErrors } from '../support/card-validation.ts';

/** Every action anywhere in a card (card actions, ActionSets, selectActions, ShowCard sub-cards). */
function allActions(node: unknown): CardAction[] {
  if (Array.isArray(node)) return node.flatMap(allActions);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = typeof o.type === 'string' && o.type.startsWith('Action.') ? [o as CardAction] : [];
  return [
    ...own,
    ...Object.entries(o)
      .filter(([k]) => k !== 'fallback')
      .flatMap(([, v]) => allActions(v)),
  ];
}

// Hiring (issue 12): its cards with buttons, and those that show a date.
const HIRING_CARDS_WITH_ACTIONS = ['hiring-new', 'hiring-process', 'hiring-checklist', 'hiring-verify', 'hiring-tasks'];
const HIRING_CARDS_WITH_DATES = ['hiring-ack', 'hiring-process', 'hiring-checklist', 'hiring-tasks'];
/** The official schema in shared/, beside the checkout (when it is there). */
const sharedSchema = join(import.meta.dirname, '..', '..', '..', 'shared', 'schemas', 'adaptive-card-1.5.json');

const cases = supportedLocales().flatMap((locale) => allCardExamples().map((ex, i) => ({ ...ex, locale, label: `${ex.name} #${i} in ${locale}` })));

describe('every card', () => {
  it.each(cases)('$label is valid against the 1.5 schema and parses without warnings', ({ name, data, locale }) => {
    expectValidCard(renderCatalogCard(name, data, locale));
  });

  it.runIf(existsSync(sharedSchema))('the repo copy of the schema is the shared official one', () => {
    expect(readFileSync(join(import.meta.dirname, '..', 'support', 'schemas', 'adaptive-card-1.5.json'), 'utf8')).toBe(readFileSync(sharedSchema, 'utf8'));
  });

  it('the schema check is not vacuous: a broken card is refused', () => {
    expect(schemaErrors({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] })).not.toEqual([]);
  });

  const executes = (c: (typeof cases)[number]) => allActions(renderCatalogCard(c.name, c.data, c.locale)).filter((x) => x.type === 'Action.Execute');
  const withActions = cases.filter((c) => executes(c).length > 0);
  const verbs = new Set(product.modules.flatMap((m) => m.verbs ?? []).map((v) => v.verb));

  it('the routing check below covers every card that has actions (and is not empty)', () => {
    expect(new Set(withActions.map((c) => c.name))).toEqual(
      new Set([
        'help',
        'language-picker',
        'notice',
        'survey',
        'survey-list',
        'survey-new',
        'survey-results',
        'stories-form',
        'stories-review',
        'stories-digest',
        'stories-ack',
        'stories-upcoming',
        ...HIRING_CARDS_WITH_ACTIONS,
        'training',
        'training-courses',
        'training-new',
      ]),
    );
  });

  it.each(withActions)('$label routes every Action.Execute to a verb a workflow declares (card instance, Submit fallback)', (c) => {
    for (const a of executes(c)) {
      expect(verbs.has(a.verb ?? '')).toBe(true);
      expect(a.data?.[DATA_VERB]).toBe(a.verb);
      expect(typeof a.data?.[DATA_CARD]).toBe('string');
      // The fallback submits what the action submits: no inputs stays no inputs.
      const inputs = a.associatedInputs === undefined ? {} : { associatedInputs: a.associatedInputs };
      expect(a.fallback).toEqual({ type: 'Action.Submit', title: a.title, ...inputs, data: a.data });
    }
  });

  it('an unknown card name is refused', () => {
    expect(() => renderCatalogCard('no-such-card', {}, 'en')).toThrow();
  });
});

/** Every wall-clock date string in a card's data (cards/dates.ts), wherever it sits. */
function datesIn(node: unknown): string[] {
  if (isLocalDate(node)) return [node];
  if (Array.isArray(node)) return node.flatMap(datesIn);
  if (node && typeof node === 'object' && !(node instanceof Date)) return Object.values(node).flatMap(datesIn);
  return [];
}

describe('dates', () => {
  const withDates = cases.filter((c) => datesIn(c.data).length > 0);

  it('the examples show dates on the cards that show them', () => {
    expect(new Set(withDates.map((c) => c.name))).toEqual(
      new Set([
        'notice',
        'survey',
        'survey-ack',
        'survey-list',
        'survey-results',
        'stories-ack',
        ...HIRING_CARDS_WITH_DATES,
        'training',
        'training-ack',
        'training-courses',
        'training-status',
      ]),
    );
  });

  it.each(withDates)('$label shows every date in the one format of its language', (c) => {
    const text = visibleText(renderCatalogCard(c.name, c.data, c.locale));
    // A sentence not yet translated (Arabic survey cards) is English, and so is its date.
    const languages = catalog.strings.isSupported(c.locale) && c.locale !== 'ar' ? [c.locale] : [c.locale, 'en'];
    for (const d of datesIn(c.data))
      expect(
        languages.some((l) => text.includes(formatLocal(d, l))),
        `${d} in ${c.locale}: ${text}`,
      ).toBe(true);
  });

  it('no card shows a date as digits and dashes', () => {
    for (const c of cases) expect(visibleText(renderCatalogCard(c.name, c.data, c.locale))).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
  });

  it('is one format per language: a day with its weekday and year, a moment with its time', () => {
    expect(formatLocal('2026-12-08', 'en')).toBe('Tuesday, December 8, 2026');
    expect(formatLocal('2026-12-08', 'es')).toBe('martes, 8 de diciembre de 2026');
    expect(formatLocal('2026-12-08T09:00', 'en')).toMatch(/^Tue, Dec 8, 9:00\sAM$/);
    // Arabic month and weekday names, Western digits like every other number on our cards.
    expect(formatLocal('2026-12-08', 'ar')).toBe('الثلاثاء، 8 ديسمبر 2026');
    // The district's wall clock, whatever the server's zone: 15:00 UTC is 9:00 in Des Moines.
    expect(localDateTime('America/Chicago', new Date('2026-12-08T15:00:00Z'))).toBe('2026-12-08T09:00');
    expect(localDate('America/Chicago', new Date('2026-12-09T03:00:00Z'))).toBe('2026-12-08');
  });
});

describe('languages', () => {
  it('English and Spanish catalogs are complete and have the same keys', () => {
    expect(catalogKeys('es').sort()).toEqual(catalogKeys('en').sort());
  });

  it('other languages only add keys English has (the rest falls back to English)', () => {
    for (const l of supportedLocales()) expect(catalogKeys(l).filter((k) => !catalogKeys('en').includes(k))).toEqual([]);
  });

  it('no string is empty, and placeholders match English in every language', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const l of supportedLocales())
      for (const k of catalogKeys(l)) {
        const s = translate(l, k);
        expect(s.trim(), `${l}:${k}`).not.toBe('');
        expect(placeholders(s), `${l}:${k}`).toEqual(placeholders(translate('en', k)));
      }
  });

  it('Spanish cards are in Spanish and set lang', () => {
    const card = renderCatalogCard('help', { mode: 'help', name: 'Ana', commands: [{ id: 'language' }], buttons: [] }, 'es');
    expect(card.lang).toBe('es');
    expect(JSON.stringify(card)).toContain('Elegir el idioma de sus mensajes');
  });

  it('Arabic cards are written right to left', () => {
    expect(renderCatalogCard('not-in-directory', {}, 'ar').rtl).toBe(true);
    expect(renderCatalogCard('not-in-directory', {}, 'en').rtl).toBeUndefined();
  });

  it('Arabic covers the core cards (help, language, directory, every notice)', () => {
    const notices = [
      'formClosed',
      'forbidden',
      'invalidInput',
      'internalError',
      'unknownLanguage',
      'alreadyAnswered',
      'requiredMissing',
      'surveyClosed',
      'notSentToYou',
      'commentTooLong',
      'unknownQuestion',
    ];
    const core = [
      ...catalogKeys('en').filter((k) => /^(language-picker|language-changed|not-in-directory|notice\.title)\./.test(k)),
      'help.greeting',
      'help.hint',
      ...['help', 'language', 'survey.new', 'survey.list', 'survey.close', 'survey.results', 'survey.export'].map((id) => `help.commands.${id}.description`),
      ...notices.map((m) => `notice.${m}`),
    ];
    const ar = new Set(catalogKeys('ar'));
    expect(core.filter((k) => !ar.has(k))).toEqual([]);
    const card = renderCatalogCard('notice', { tone: 'warning', message: 'requiredMissing', params: { questions: '2' } }, 'ar');
    expect(card.lang).toBe('ar');
    expect(JSON.stringify(card)).toContain('يرجى الإجابة');
  });

  it('each language is named in itself in the picker, the current one preselected', () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('es')).toBe('Español');
    expect(languageName('ar')).toBe('العربية');
    const picker = renderCatalogCard('language-picker', { current: 'es' }, 'es');
    const input = picker.body?.find((e) => e.type === 'Input.ChoiceSet');
    expect(input).toMatchObject({ id: LANGUAGE_INPUT, value: 'es', isRequired: true, style: 'compact' });
    expect(input?.label).toBeTruthy();
    expect(input?.errorMessage).toBeTruthy();
    expect(((input?.choices ?? []) as { title: string; value: string }[]).map((c) => c.value).sort()).toEqual([...supportedLocales()].sort());
    expect(picker.actions).toHaveLength(1);
    expect(picker.actions?.[0]).toMatchObject({ type: 'Action.Execute', verb: LANGUAGE_SET_VERB });
  });

  it('the language-changed card confirms in the new language', () => {
    const card = renderCatalogCard('language-changed', { language: 'es' }, 'en');
    expect(card.lang).toBe('es');
    expect(JSON.stringify(card)).toContain('español');
  });

  it('the Spanish notices read as Spanish', () => {
    const text = (message: string, params?: Record<string, string | number>) =>
      JSON.stringify(renderCatalogCard('notice', { tone: 'error', message, ...(params ? { params } : {}) }, 'es').body);
    expect(text('internalError')).toContain('no se guardó nada');
    expect(text('formClosed')).toContain('ya no está abierto');
    expect(text('commentTooLong', { max: 500 })).toContain('500');
  });

  it('an unsupported language falls back to English', () => {
    expect(renderCatalogCard('not-in-directory', {}, 'tlh').lang).toBe('en');
  });

  it("a card's strings prepared once per language read exactly as i18next writes them, for every card, with and without values", () => {
    const values = { name: 'Ana {{name}}', max: 5, days: 3, closes: 'Friday', building: 'Roosevelt', title: '$t(help.title)' };
    for (const locale of supportedLocales())
      for (const { name } of catalog.cards)
        for (const params of [{}, values]) {
          // `context` (even undefined) sends every string through i18next: the reference.
          const reference = cardStrings(catalog.strings, name, locale, { ...params, context: undefined });
          expect(cardStrings(catalog.strings, name, locale, params)).toEqual(reference);
          expect(cardStrings(catalog.strings, name, locale, params)).toEqual(reference);
        }
  });

  it('a string looked up once reads exactly as i18next writes it, in every language, for every key, with and without values to fill in', () => {
    // `context` (even undefined) sends a lookup through i18next itself: the reference.
    const tricky = { name: '{{name}} $t(help.title) ${name}', max: 5, building: 'Roosevelt' };
    for (const locale of [...supportedLocales(), 'tlh'])
      for (const key of catalogKeys('en'))
        for (const params of [{}, tricky]) {
          const once = catalog.strings.translate(locale, key, params);
          expect(once).toBe(catalog.strings.translate(locale, key, { ...params, context: undefined }));
          expect(catalog.strings.translate(locale, key, params)).toBe(once);
        }
  });
});

describe('notice', () => {
  it('shows its tone with a valid TextBlock color', () => {
    const color = (tone: 'info' | 'warning' | 'error') => renderCatalogCard('notice', { tone, message: 'formClosed' }, 'en').body?.[0]?.color;
    expect([color('info'), color('warning'), color('error')]).toEqual(['Good', 'Warning', 'Attention']);
  });

  it('says the exact words for the common failures, with params filled in', () => {
    const text = (message: string, params?: Record<string, string | number>) =>
      JSON.stringify(renderCatalogCard('notice', { tone: 'warning', message, ...(params ? { params } : {}) }, 'en').body);
    expect(text('formClosed')).toContain('That form is no longer open.');
    expect(text('internalError')).toContain('Something went wrong on our side; nothing was saved. Please try again');
    expect(text('unknownLanguage', { languages: 'en, es, ar' })).toContain('en, es, ar');
    expect(text('requiredMissing', { questions: '1, 3' })).toContain('1, 3');
  });

  it('an unknown message key shows the generic invalid-input message, never the key', () => {
    expect(JSON.stringify(renderCatalogCard('notice', { tone: 'warning', message: 'nope' }, 'en').body)).toContain(translate('en', 'notice.invalidInput'));
  });
});

describe('help and directory', () => {
  it('greets by first name and lists each command with usage and description', () => {
    const card = renderCatalogCard('help', { mode: 'help', name: 'Grace', commands: [{ id: 'help' }, { id: 'survey.results' }], buttons: [] }, 'en');
    const json = JSON.stringify(card);
    expect(json).toContain('Hi Grace!');
    // As written: escaped so that Teams' markdown shows `<id>` (cards/literal.ts).
    expect(json).toContain(JSON.stringify(escapeMarkdown(translate('en', 'help.commands.survey.results.usage'))));
    expect(json).toContain(translate('en', 'help.commands.survey.results.description'));
    expect(json).not.toContain(translate('en', 'help.commands.language.description'));
    expect(json).toContain('language es');
  });

  it('not-in-directory points to HR or IT and carries no data', () => {
    const json = JSON.stringify(renderCatalogCard('not-in-directory', {}, 'en'));
    expect(json).toMatch(/HR/);
    expect(json).toMatch(/IT/);
  });
});

describe('templating', () => {
  it('never evaluates i18next syntax typed by a person', () => {
    const card = renderCatalogCard('help', { mode: 'help', name: '$t(notice.internalError) {{name}}', commands: [], buttons: [] }, 'en');
    expect(JSON.stringify(card.body)).toContain('$t(notice.internalError) {{name}}');
    const notice = renderCatalogCard('notice', { tone: 'warning', message: 'unknownLanguage', params: { languages: '${t.title} $t(notice.forbidden)' } }, 'en');
    expect(JSON.stringify(notice.body)).toContain('${t.title} $t(notice.forbidden)');
  });

  it('sets the schema, version and lang on every card', () => {
    const card = renderCatalogCard('not-in-directory', {}, 'es');
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', lang: 'es' });
  });

  it('shows what a person typed as typed, never evaluating it', () => {
    const card: AdaptiveCard = renderCatalogCard('help', { mode: 'help', name: '${t.title} {{name}}', commands: [], buttons: [] }, 'en');
    expect(JSON.stringify(card.body)).toContain('${t.title} {{name}}');
    expectValidCard(card);
  });

  it('mints a new card instance for every rendering', () => {
    const a = renderCatalogCard('language-picker', { current: 'en' }, 'en');
    const b = renderCatalogCard('language-picker', { current: 'en' }, 'en');
    expect(a.actions?.[0]?.data?.[DATA_CARD]).not.toBe(b.actions?.[0]?.data?.[DATA_CARD]);
  });
});
