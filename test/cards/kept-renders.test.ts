// The catalog keeps cards it rendered from small data and gives copies of them again
// (kernel/catalog.ts). A person must not be able to tell: the card they get is the card a fresh
// render gives, with a card instance id of its own, whatever the card, the language or the data.
import { describe, expect, it } from 'vitest';
import type { AdaptiveCard, CardDefinition } from '../../cards/types.ts';
import { createCatalog } from '../../kernel/catalog.ts';
import { defineWorkflow } from '../../kernel/module.ts';
import { allCardExamples, catalog } from '../support/catalog.ts';

const SAME_ID = '00000000-0000-4000-8000-000000000000';
/** A card's instance id (every action carries it; some cards have none). */
const instanceIdOf = (card: AdaptiveCard): string | undefined => JSON.stringify(card).match(/"dmpsCard":"([0-9a-f-]{36})/)?.[1];
const withId = (card: AdaptiveCard, id: string): unknown => {
  const own = instanceIdOf(card);
  return JSON.parse(own ? JSON.stringify(card).replaceAll(own, id) : JSON.stringify(card));
};

describe('a card rendered again from the same data', () => {
  it('is, for every card example in every language, the card a fresh render gives, with an instance id of its own', () => {
    const byName = new Map(catalog.cards.map((c) => [c.name, c]));
    for (const locale of catalog.strings.locales)
      for (const { name, data } of allCardExamples()) {
        const first = catalog.render(name, data, locale);
        // The second render keeps the card, the third is a copy of it.
        const kept = catalog.render(name, data, locale);
        const again = catalog.render(name, data, locale);
        const fresh = byName.get(name)?.render(data, { locale, cardInstanceId: SAME_ID, strings: catalog.strings });
        expect(withId(again, SAME_ID), `${name} in ${locale}`).toEqual(fresh);
        expect(withId(first, SAME_ID), `${name} in ${locale}`).toEqual(fresh);
        if (instanceIdOf(first)) expect(new Set([first, kept, again].map(instanceIdOf)).size, `${name} in ${locale}`).toBe(3);
      }
  });

  it('is a copy: changing one card a person was given changes no card given later', () => {
    const data = { tone: 'info', message: 'saved' };
    catalog.render('notice', data, 'en');
    const first = catalog.render('notice', data, 'en');
    const expected = JSON.stringify(catalog.render('notice', data, 'en'));
    first.body?.splice(0);
    (first as { lang?: string }).lang = 'changed';
    const second = catalog.render('notice', data, 'en');
    second.body?.push({ type: 'TextBlock', text: 'added' });
    expect(JSON.stringify(catalog.render('notice', data, 'en'))).toBe(expected);
  });
});

describe('data that differs gives its own card', () => {
  // A card that shows what it was given, types included.
  let renders = 0;
  const echo: CardDefinition<Record<string, unknown>> = {
    name: 'echo',
    examples: [],
    render(data, opts) {
      renders++;
      const shown = Object.entries(data).map(([k, v]) => `${k}:${v instanceof Date ? 'date' : typeof v}:${String(v)}`);
      return { type: 'AdaptiveCard', version: '1.5', lang: opts.locale, body: [{ type: 'TextBlock', text: shown.join(' ') || 'nothing' }] };
    },
  };
  const module = defineWorkflow({ name: 'echo', cards: [echo], locales: {} });
  const text = (card: AdaptiveCard) => String(card.body?.[0]?.text);

  it('a Date and its ISO text, a missing value and an undefined one, a number and its digits', () => {
    const echoes = createCatalog([module]);
    const at = new Date('2026-12-01T09:00:00.000Z');
    const pairs: [object, object][] = [
      [{ when: at }, { when: at.toISOString() }],
      [{}, { count: undefined }],
      [{ n: 1 }, { n: '1' }],
      [
        { a: 'x', b: 'y' },
        { a: 'x', b: 'z' },
      ],
    ];
    for (const [a, b] of pairs) {
      const first = text(echoes.render('echo', a, 'en'));
      expect(text(echoes.render('echo', b, 'en'))).not.toBe(first);
      expect(text(echoes.render('echo', a, 'en'))).toBe(first);
    }
    expect(text(echoes.render('echo', { a: 'x' }, 'es'))).toBe('a:string:x');
  });

  it('is rendered again only while it is new (twice), large, or cannot be compared', () => {
    const echoes = createCatalog([module]);
    renders = 0;
    for (let i = 0; i < 4; i++) echoes.render('echo', { title: 'Pulse' }, 'en');
    expect(renders).toBe(2);
    for (let i = 0; i < 3; i++) echoes.render('echo', { comments: 'x'.repeat(5_000) }, 'en');
    expect(renders).toBe(5);
    for (let i = 0; i < 3; i++) echoes.render('echo', { format: () => 'a function' }, 'en');
    expect(renders).toBe(8);
  });
});
