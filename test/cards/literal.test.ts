// Card text shows as written (cards/literal.ts): whatever a person typed or a catalog holds reads
// back as exactly that under CommonMark's escapes (Teams, Agents Playground), through Slack's
// translator as plain text, and as mrkdwn with only Slack's own three entities.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, markdownToMrkdwn, markdownToPlain } from '../../bots/slack/blockkit/text.ts';
import { escapeMarkdown, showAsWritten } from '../../cards/literal.ts';
import { renderCatalogCard } from '../support/catalog.ts';

/** CommonMark's rule: a backslash before ASCII punctuation stands for that character. */
const commonMarkText = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
/** Markup characters not escaped (an even number of backslashes before them). */
const unescapedMarkup = (s: string) => /(^|[^\\])(\\\\)*[*_`[\]<>~]/.test(s);

// Text as people type it: markup characters, line starts, entities, backslashes, Arabic, emoji.
const piece = fc.constantFrom(
  '*',
  '_',
  '`',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '~',
  '#',
  '-',
  '+',
  '=',
  '|',
  '!',
  '&',
  '&amp;',
  '&#60;',
  '\\',
  '\n',
  ' ',
  '1.',
  '2)',
  'a',
  'Zoë',
  'مرحبا',
  '😀',
  '<id>',
);
const typed = fc.oneof(
  fc.string(),
  fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
);
// Slack's translator drops its own private-use markers and reads {{DATE()}}: not text people type.
const forSlack = typed.filter((s) => !/[\uE000-\uE002\r]|\{\{/.test(s));

describe('escapeMarkdown', () => {
  it('reads back as exactly what was written, and leaves no markup character unescaped', () => {
    fc.assert(
      fc.property(typed, (s) => {
        const e = escapeMarkdown(s);
        expect(commonMarkText(e)).toBe(s);
        expect(unescapedMarkup(e)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('through the Slack translator: the same text in plain fields, and mrkdwn with only &, < and > as entities, never a backslash left over', () => {
    fc.assert(
      fc.property(forSlack, (s) => {
        const e = escapeMarkdown(s);
        expect(markdownToPlain(e)).toBe(s);
        expect(markdownToMrkdwn(e)).toBe(escapeMrkdwn(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes line-start markers only at a line start, and leaves ordinary text alone', () => {
    expect(escapeMarkdown('1. How safe do you feel?\n# of staff\n> quoted\n- item\n---')).toBe(
      '1\\. How safe do you feel?\n\\# of staff\n\\> quoted\n\\- item\n\\---',
    );
    expect(escapeMarkdown('Lincoln High - 2026-12-08, 3.5 of 5 (good)')).toBe('Lincoln High - 2026-12-08, 3.5 of 5 (good)');
    expect(escapeMarkdown('survey results <id> [building | region | role | job]')).toBe('survey results \\<id\\> \\[building | region | role | job\\]');
    expect(escapeMarkdown('R&D &amp; more')).toBe('R&D \\&amp; more');
  });
});

describe('cards show their text as written', () => {
  it('escapes TextBlock text and facts, and nothing else (inputs, choices, action data)', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: 'a_b' },
        { type: 'FactSet', facts: [{ title: '*t*', value: '<v>' }] },
        { type: 'Input.Text', id: 'x', value: 'a_b', label: 'a_b' },
        { type: 'Input.ChoiceSet', id: 'y', choices: [{ title: 'a_b', value: 'a_b' }] },
      ],
      actions: [{ type: 'Action.Execute', title: 'a_b', data: { k: 'a_b' } }],
    };
    expect(showAsWritten(card)).toEqual({
      ...card,
      body: [{ type: 'TextBlock', text: 'a\\_b' }, { type: 'FactSet', facts: [{ title: '\\*t\\*', value: '\\<v\\>' }] }, card.body[2], card.body[3]],
    });
  });

  it('a name typed with markup shows as typed on the rendered card', () => {
    const card = renderCatalogCard('help', { mode: 'help', name: '*Ana* <b>', commands: [], buttons: [] }, 'en');
    const texts = JSON.stringify(card.body);
    expect(texts).toContain(JSON.stringify(escapeMarkdown('Hi *Ana* <b>!')).slice(1, -1));
  });

  it('copies a card as it is: every property its own, a "__proto__" key included, nothing it points at changed', () => {
    const card = JSON.parse('{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"a_b","__proto__":{"polluted":true}}],"n":[1,null,"x"]}');
    const out = showAsWritten(card);
    expect(out.body[0].text).toBe('a\\_b');
    expect(Object.hasOwn(out.body[0], '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out.body[0])).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(out.n).toEqual([1, null, 'x']);
    expect(card.body[0].text).toBe('a_b');
  });
});
