// Whatever a card holds, the translation stays within Slack's limits and never throws; whatever a
// payload holds, reading it back never throws. Generated cards and payloads (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardToMessage, cardToModal, parseButtonValue, valuesFromState } from '../../bots/slack/blockkit/index.ts';
import type { AdaptiveCard, CardAction, CardElement } from '../../cards/types.ts';
import { slackLimitProblems } from './blockkit-limits.ts';

// Text with what makes Slack text hard: markup, control characters, emoji, and great length.
const tricky = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '**bold**',
    '_it_',
    '[l](https://x.example/a_(b)?c=1&d=2)',
    '<@U1>',
    '&amp;',
    '- item\n* item',
    '{{DATE(2026-01-02T03:04:05Z, LONG)}}',
    '😀'.repeat(40),
    '\\*',
    '',
  ),
  fc.string({ minLength: 100, maxLength: 400 }).map((s) => s.repeat(12)),
);
const texts = fc.array(tricky, { maxLength: 4 }).map((parts) => parts.join(' '));
const id = fc.oneof(fc.constantFrom('a', 'b', 'c', 'd'), fc.string({ maxLength: 300 }));
const choice = fc.record({ title: texts, value: fc.oneof(fc.constantFrom('1', '2', '3'), tricky) });
const cardAction: fc.Arbitrary<CardAction> = fc.oneof(
  fc.record({
    type: fc.constant('Action.Execute' as const),
    title: texts,
    verb: fc.constantFrom('v', 'survey.answer'),
    data: fc.record({ dmpsCard: fc.constant('card-1'), extra: tricky }),
  }),
  fc.record({ type: fc.constant('Action.OpenUrl' as const), title: texts, url: fc.oneof(fc.webUrl(), tricky) }),
  fc.record({ type: fc.constantFrom('Action.ShowCard' as const, 'Action.Submit' as const, 'Action.ToggleVisibility' as const), title: texts }),
);
const action = fc.oneof(cardAction, fc.record({ type: fc.constant('Action.Whatever'), title: texts }));
const leaf: fc.Arbitrary<CardElement> = fc.oneof(
  fc.record({
    type: fc.constant('TextBlock'),
    text: texts,
    size: fc.constantFrom('Small', 'Large', undefined),
    weight: fc.constantFrom('Bolder', undefined),
    style: fc.constantFrom('heading', undefined),
    isSubtle: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('RichTextBlock'),
    inlines: fc.array(
      fc.oneof(tricky, fc.record({ type: fc.constant('TextRun'), text: tricky, weight: fc.constantFrom('Bolder', undefined), italic: fc.boolean() })),
      { maxLength: 5 },
    ),
  }),
  fc.record({ type: fc.constant('FactSet'), facts: fc.array(fc.record({ title: texts, value: texts }), { maxLength: 25 }) }),
  fc.record({ type: fc.constant('Image'), url: fc.oneof(fc.webUrl(), tricky), altText: fc.option(texts, { nil: undefined }) }),
  fc.record({
    type: fc.constant('Input.Text'),
    id,
    label: texts,
    placeholder: texts,
    maxLength: fc.integer({ min: -5, max: 9000 }),
    value: texts,
    isMultiline: fc.boolean(),
    isRequired: fc.boolean(),
  }),
  fc.record({ type: fc.constant('Input.Number'), id, label: texts, min: fc.double(), max: fc.double(), value: fc.double() }),
  fc.record({ type: fc.constantFrom('Input.Date', 'Input.Time'), id, label: texts, value: tricky }),
  fc.record({
    type: fc.constant('Input.ChoiceSet'),
    id,
    label: texts,
    style: fc.constantFrom('compact', 'expanded', 'filtered'),
    isMultiSelect: fc.boolean(),
    value: tricky,
    choices: fc.array(choice, { maxLength: 130 }),
  }),
  fc.record({
    type: fc.constant('Input.Toggle'),
    id,
    title: texts,
    valueOn: fc.option(tricky, { nil: undefined }),
    valueOff: fc.option(tricky, { nil: undefined }),
  }),
  fc.record({ type: fc.constant('ActionSet'), actions: fc.array(action, { maxLength: 30 }) }),
  fc.record({ type: fc.constantFrom('Media', 'Table', 'Unknown'), id: fc.string() }),
);
const element: fc.Arbitrary<CardElement> = fc.oneof(
  { weight: 5, arbitrary: leaf },
  fc.record({ type: fc.constant('Container'), items: fc.array(leaf, { maxLength: 4 }) }),
  fc.record({
    type: fc.constant('ColumnSet'),
    columns: fc.array(fc.record({ type: fc.constant('Column'), items: fc.array(leaf, { maxLength: 3 }) }), { maxLength: 4 }),
  }),
);
const cards: fc.Arbitrary<AdaptiveCard> = fc.record({
  type: fc.constant('AdaptiveCard' as const),
  version: fc.constant('1.5'),
  lang: fc.constantFrom('en', 'es', 'ar', 'xx'),
  body: fc.array(element, { maxLength: 70 }),
  actions: fc.array(cardAction, { maxLength: 30 }),
});

describe('generated cards', () => {
  it('every message and modal stays within Slack’s limits, and nothing throws', () => {
    fc.assert(
      fc.property(cards, (card) => {
        const message = cardToMessage(card);
        const modal = cardToModal(card, { title: 'T', submitLabel: 'S', closeLabel: 'C', privateMetadata: '{}' });
        expect(slackLimitProblems(message.blocks, 'message')).toEqual([]);
        expect(slackLimitProblems(modal.view.blocks, 'modal')).toEqual([]);
        expect(message.text.length).toBeLessThanOrEqual(3000);
      }),
      { numRuns: 300 },
    );
  });

  it('a button’s value always reads back to its verb, card instance and data', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
        (verb, data) => {
          const card: AdaptiveCard = {
            type: 'AdaptiveCard',
            version: '1.5',
            actions: [{ type: 'Action.Execute', verb, data: { ...JSON.parse(JSON.stringify(data)), dmpsCard: 'c1' } }],
          };
          const [block] = cardToMessage(card).blocks;
          const button = block?.type === 'actions' ? block.elements[0] : undefined;
          if (!verb.trim() || button?.type !== 'button' || !button.value) return;
          expect(parseButtonValue(button.value)?.verb).toBe(verb);
          expect(parseButtonValue(button.value)?.cardInstanceId).toBe('c1');
        },
      ),
    );
  });
});

describe('untrusted payloads', () => {
  it('reading state values never throws and gives only strings', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(fc.anything(), { maxLength: 5 }), (state, blocks) => {
        const values = valuesFromState(state, blocks);
        expect(Object.values(values).every((v) => typeof v === 'string')).toBe(true);
      }),
    );
  });

  it('reading a button value never throws', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (value) => void parseButtonValue(value)));
  });
});
