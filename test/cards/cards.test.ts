// Every card the product can produce is a valid Adaptive Card 1.5 in every language, and its
// strings exist in every complete language.
import { describe, expect, it } from 'vitest';
import { allCardExamples, renderCatalogCard } from '../../cards/catalog.ts';
import { catalogKeys, supportedLocales, translate } from '../../cards/locales.ts';
import { DATA_CARD, DATA_VERB } from '../../cards/ids.ts';
import type { AdaptiveCard, CardAction } from '../../cards/types.ts';
import { expectValidCard, schemaErrors } from '../support/card-validation.ts';

const cases = supportedLocales().flatMap((locale) => allCardExamples().map((ex, i) => ({ ...ex, locale, label: `${ex.name} #${i} in ${locale}` })));

describe('every card', () => {
  it.each(cases)('$label is valid against the 1.5 schema and parses without warnings', ({ name, data, locale }) => {
    expectValidCard(renderCatalogCard(name, data, locale));
  });

  it('the schema check is not vacuous: a broken card is refused', () => {
    expect(schemaErrors({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] })).not.toEqual([]);
  });

  it.each(cases)('$label routes every Action.Execute (verb, card instance, Submit fallback)', ({ name, data, locale }) => {
    const card = renderCatalogCard(name, data, locale);
    const actions = (card.actions ?? []) as CardAction[];
    for (const a of actions.filter((x) => x.type === 'Action.Execute')) {
      expect(a.verb).toBeTruthy();
      expect(a.data?.[DATA_VERB]).toBe(a.verb);
      expect(typeof a.data?.[DATA_CARD]).toBe('string');
      expect(a.fallback).toMatchObject({ type: 'Action.Submit', data: a.data });
    }
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
    const card = renderCatalogCard('help', { name: 'Ana', commands: [{ id: 'language' }] }, 'es');
    expect(card.lang).toBe('es');
    expect(JSON.stringify(card)).toContain('Elegir el idioma de sus mensajes');
  });

  it('Arabic cards are written right to left', () => {
    expect(renderCatalogCard('not-in-directory', {}, 'ar').rtl).toBe(true);
    expect(renderCatalogCard('not-in-directory', {}, 'en').rtl).toBeUndefined();
  });

  it('an unsupported language falls back to English', () => {
    expect(renderCatalogCard('not-in-directory', {}, 'tlh').lang).toBe('en');
  });
});

describe('templating', () => {
  it('shows what a person typed as typed, never evaluating it', () => {
    const card: AdaptiveCard = renderCatalogCard('help', { name: '${t.title} {{name}}', commands: [] }, 'en');
    expect(JSON.stringify(card.body)).toContain('${t.title} {{name}}');
    expectValidCard(card);
  });

  it('mints a new card instance for every rendering', () => {
    const a = renderCatalogCard('language-picker', { current: 'en' }, 'en');
    const b = renderCatalogCard('language-picker', { current: 'en' }, 'en');
    expect(a.actions?.[0]?.data?.[DATA_CARD]).not.toBe(b.actions?.[0]?.data?.[DATA_CARD]);
  });
});
