// The one Adaptive Card → Block Kit translator: golden files for every element, Slack's limits
// always respected, everything dropped or cut reported, and submitted values in Teams' shape.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardToMessage, cardToModal, parseButtonValue, SLACK_LIMITS as L, valuesFromState } from '../../bots/slack/blockkit/index.ts';
import { renderCatalogCard, allCardExamples } from '../../cards/catalog.ts';
import { stateFor } from '../behaviour/drivers.ts';
import { GOLDEN_CARDS } from './cards.ts';

const goldenDir = join(import.meta.dirname, 'golden');

type Json = Record<string, unknown>;
/** Every limit Slack documents, checked on every block the translator produces. */
function expectWithinSlackLimits(blocks: Json[], max: number): void {
  expect(blocks.length).toBeLessThanOrEqual(max);
  const text = (o: unknown) => (o as { text?: string } | undefined)?.text ?? '';
  for (const b of blocks) {
    if (b.type === 'header') expect(text(b.text).length).toBeLessThanOrEqual(L.headerText);
    if (b.type === 'section') {
      expect(text(b.text).length).toBeLessThanOrEqual(L.sectionText);
      const fields = (b.fields ?? []) as Json[];
      expect(fields.length).toBeLessThanOrEqual(L.sectionFields);
      for (const f of fields) expect(text(f).length).toBeLessThanOrEqual(L.fieldText);
    }
    if (b.type === 'actions') {
      const els = b.elements as Json[];
      expect(els.length).toBeLessThanOrEqual(L.actionsElements);
      for (const e of els) {
        expect(text(e.text).length).toBeLessThanOrEqual(L.buttonText);
        expect(String(e.value ?? '').length).toBeLessThanOrEqual(L.buttonValue);
        expect(String(e.action_id).length).toBeLessThanOrEqual(L.actionId);
      }
      expect(new Set(els.map((e) => e.action_id)).size).toBe(els.length);
    }
    if (b.type === 'input') {
      expect(text(b.label).length).toBeLessThanOrEqual(L.inputLabel);
      const el = b.element as Json;
      const options = (el.options ?? []) as Json[];
      expect(options.length).toBeLessThanOrEqual(L.selectOptions);
      for (const o of options) {
        expect(text(o.text).length).toBeLessThanOrEqual(L.optionText);
        expect(String(o.value).length).toBeLessThanOrEqual(L.optionValue);
      }
      if (el.max_length) expect(Number(el.max_length)).toBeLessThanOrEqual(L.inputMaxLength);
    }
    if (b.type === 'image') expect(String(b.alt_text).length).toBeLessThanOrEqual(L.imageAltText);
  }
}

describe('golden files', () => {
  it.each(Object.keys(GOLDEN_CARDS))('%s', (name) => {
    const card = GOLDEN_CARDS[name]!;
    const message = cardToMessage(card);
    const modal = cardToModal(card, { title: 'A survey title longer than Slack allows', submitLabel: 'Submit', closeLabel: 'Cancel', privateMetadata: '{"c":"card-1","v":"x"}' });
    expectWithinSlackLimits(message.blocks, L.messageBlocks);
    expectWithinSlackLimits(modal.view.blocks as Json[], L.modalBlocks);
    const actual = { card, message, modal };
    const file = join(goldenDir, `${name}.json`);
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});

describe('what Slack cannot hold is reported, never silently lost', () => {
  it('reports unsupported elements and actions it dropped', () => {
    const { report } = cardToMessage(GOLDEN_CARDS.unsupported!);
    expect(report.map((r) => [r.path, r.element, r.kind])).toEqual([
      ['body[0]', 'Media', 'dropped'],
      ['body[1]', 'Table', 'dropped'],
    ]);
    expect(cardToMessage(GOLDEN_CARDS.actions!).report.map((r) => r.element)).toContain('Action.ShowCard');
  });

  it('truncates text longer than Slack allows with an ellipsis, and says so', () => {
    const { blocks, report } = cardToMessage(GOLDEN_CARDS.truncation!);
    const header = blocks.find((b) => b.type === 'header') as { text: { text: string } };
    expect(header.text.text.length).toBe(L.headerText);
    expect(header.text.text.endsWith('…')).toBe(true);
    expect(report.filter((r) => r.kind === 'truncated').map((r) => r.reason)).toEqual(
      expect.arrayContaining([`heading longer than ${L.headerText} characters`, `text longer than ${L.sectionText} characters`, `button title longer than ${L.buttonText} characters`]),
    );
    expect(report.some((r) => r.kind === 'dropped' && r.reason === `more than ${L.selectOptions} options`)).toBe(true);
  });

  it('turns a form too big for a message into a button that opens it as a modal', () => {
    const m = cardToMessage(GOLDEN_CARDS['too-many-blocks']!);
    expect(m.fitsInMessage).toBe(false);
    const open = (m.blocks.at(-1) as { elements: { action_id: string; value: string }[] }).elements[0]!;
    expect(open.action_id).toBe('dmps:open-form');
    expect(JSON.parse(open.value)).toEqual({ c: 'card-1' });
    const modal = cardToModal(GOLDEN_CARDS['too-many-blocks']!, { title: 'Survey', submitLabel: 'Submit', closeLabel: 'Cancel', privateMetadata: '{}' });
    expect((modal.view.blocks as Json[]).filter((b) => b.type === 'input')).toHaveLength(60);
  });

  it('keeps a modal title within 24 characters and reports the cut', () => {
    const modal = cardToModal(GOLDEN_CARDS['input-text']!, { title: 'A survey title longer than Slack allows', submitLabel: 'Submit', closeLabel: 'Cancel', privateMetadata: '{}' });
    expect((modal.view.title as { text: string }).text.length).toBe(L.modalTitle);
    expect(modal.report.some((r) => r.reason === `modal title longer than ${L.modalTitle} characters`)).toBe(true);
  });
});

describe('answers come back in the shape Teams gives', () => {
  const form = GOLDEN_CARDS['input-choice-set']!;
  const toggles = GOLDEN_CARDS['input-toggle-date-number']!;

  it('a multi-select comes back comma-joined in the card’s order, like Teams', () => {
    const { blocks } = cardToMessage(form);
    const state = stateFor(blocks as never, { compact: 'a', expanded: 'no', multi: 'z,x', multiExpanded: 'q' });
    expect(valuesFromState(state, blocks)).toEqual({ compact: 'a', expanded: 'no', multi: 'x,z', multiExpanded: 'q' });
  });

  it('a toggle gives its valueOn or valueOff, dates and numbers come back as strings, empty inputs are left out', () => {
    const { blocks } = cardToMessage(toggles);
    expect(valuesFromState(stateFor(blocks as never, { agree: 'done', when: '2026-11-21', hours: '3' }), blocks)).toEqual({ agree: 'done', when: '2026-11-21', hours: '3' });
    expect(valuesFromState(stateFor(blocks as never, {}), blocks)).toEqual({ agree: 'not-yet' });
  });

  it('ignores garbage in state instead of failing', () => {
    const { blocks } = cardToMessage(form);
    expect(valuesFromState({ compact: { compact: { type: 'static_select', selected_option: 42 } }, x: 'nope' }, blocks)).toEqual({});
    expect(valuesFromState('not an object', [])).toEqual({});
  });

  it('a button carries the verb, card instance and the action’s own data', () => {
    const { blocks } = cardToMessage(GOLDEN_CARDS.actions!);
    const buttons = blocks.flatMap((b) => ((b as { elements?: Json[] }).elements ?? []) as Json[]).filter((e) => e.value);
    expect(parseButtonValue(String(buttons[0]!.value))).toEqual({ verb: 'story.approve', cardInstanceId: 'card-1', data: { storyId: 's1' } });
    expect(parseButtonValue('{"not":"ours"}')).toBeUndefined();
    expect(parseButtonValue('garbled')).toBeUndefined();
  });
});

describe('every product card', () => {
  it.each(allCardExamples().map((e, i) => ({ ...e, i })))('$name #$i translates within Slack’s limits', ({ name, data }) => {
    for (const locale of ['en', 'es']) {
      const m = cardToMessage(renderCatalogCard(name, data, locale));
      expectWithinSlackLimits(m.blocks, L.messageBlocks);
    }
  });
});
