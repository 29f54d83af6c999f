// The catalog keeps cards it rendered from small data and gives copies of them again
// (kernel/catalog.ts). A person must not be able to tell: the card they get is the card a fresh
// render gives, with a card instance id of its own, whatever the card, the language or the data.
import fc from 'fast-check';
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

describe("a card with a text slot (the help card's first name)", () => {
  const slotted = catalog.cards.filter((c) => c.textSlots?.length);
  // Names as people have them, and anything else a directory could hold.
  const letters = fc.constantFrom(...'aAzZéÉñÑüßøłİıçğşأبجد李王김Ωλ'.split(''));
  const realistic = fc
    .tuple(letters, fc.array(fc.oneof(letters, fc.constantFrom(' ', "'", '\u2019', '-', '.', '\u0301', '0', '7', '٣')), { maxLength: 20 }))
    .map(([first, rest]) => first + rest.join(''));
  const anything = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('\uE0F00\uE0F1', 'A\\', 'Ann *x*', 'Jo\n- y', 'Bo&amp;'),
  );

  it('is, whatever the name, the card a fresh render gives with that name, in every language', () => {
    expect(slotted.map((c) => c.name)).toContain('help');
    fc.assert(
      fc.property(fc.oneof(realistic, anything), fc.nat(), (name, pick) => {
        for (const card of slotted)
          for (const locale of catalog.strings.locales) {
            const example = card.examples[pick % card.examples.length]!;
            const data = { ...example, ...Object.fromEntries(card.textSlots!.map((k) => [k, name])) };
            const fresh = card.render(data, { locale, cardInstanceId: SAME_ID, strings: catalog.strings });
            // Enough times that it is a copy of a kept card (with another name in it before).
            for (let i = 0; i < 3; i++) expect(withId(catalog.render(card.name, data, locale), SAME_ID), `${card.name} in ${locale}`).toEqual(fresh);
          }
      }),
      { numRuns: 150 },
    );
  });

  it('is rendered once for everyone with the same other data: not once per name', () => {
    let renders = 0;
    const greeting: CardDefinition<{ name: string; mood: string }> = {
      name: 'greeting',
      examples: [],
      textSlots: ['name'],
      render(data, opts) {
        renders++;
        return { type: 'AdaptiveCard', version: '1.5', lang: opts.locale, body: [{ type: 'TextBlock', text: `Hi ${data.name}, ${data.mood}` }] };
      },
    };
    const cards = createCatalog([defineWorkflow({ name: 'greeting', cards: [greeting], locales: {} })]);
    const text = (name: string, mood = 'welcome') => cards.render('greeting', { name, mood }, 'en').body?.[0]?.text;
    expect(['Ana', 'Ben', 'Chloé', 'Dana', 'Eve'].map((n) => text(n))).toEqual([
      'Hi Ana, welcome',
      'Hi Ben, welcome',
      'Hi Chloé, welcome',
      'Hi Dana, welcome',
      'Hi Eve, welcome',
    ]);
    expect(renders).toBe(2);
    // A name that is not plain text is rendered with the card, each time.
    expect(text('A*b*')).toBe('Hi A*b*, welcome');
    expect(text('A*b*')).toBe('Hi A*b*, welcome');
    expect(renders).toBe(4);
    // Other data is other data.
    expect(text('Ana', 'hello')).toBe('Hi Ana, hello');
    expect(renders).toBe(5);
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
