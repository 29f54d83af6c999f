// Every card the product can render, in every language, can be used with a screen reader and
// without seeing colour, in Teams and after Slack's translation:
// - every input has a label (its `label`, not only a placeholder) and every required input an
//   error message that says what to do;
// - every image has alt text; every action a title in words;
// - colour never carries meaning alone: a TextBlock or TextRun coloured Attention, Warning or
//   Good (or a container styled so) says it in words, and choices and facts are words or numbers,
//   never a bare symbol;
// - the card's title, and any text that looks like a heading (Bolder, Medium or larger), is
//   marked as a heading (`style: "heading"`), so it is announced as one; no two inputs share a
//   label; the card says its language;
// - in Slack, every input block is labelled with the card's label, choices are offered in the
//   card's order, images keep their alt text, and texts and inputs are read in the card's order.
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { cardToMessage, cardToModal, primarySubmit } from '../../bots/slack/blockkit/index.ts';
import type { AdaptiveCard, CardElement } from '../../cards/types.ts';
import { allCardExamples, catalog, renderCatalogCard } from '../support/catalog.ts';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Words: at least two letters in a row, in any script. */
const WORDS = /\p{L}{2,}/u;
/** A choice or fact: at least one letter or digit (a 0–10 scale is numbers), never only a symbol. */
const READABLE = /[\p{L}\p{N}]/u;
const MEANINGFUL_COLOURS = new Set(['attention', 'warning', 'good']);
const MEANINGFUL_STYLES = new Set(['attention', 'warning', 'good']);

/** The card's elements in reading order (depth first), with their paths; fallbacks and hidden
 *  elements are not read. */
function elements(card: AdaptiveCard): { el: Node; path: string }[] {
  const out: { el: Node; path: string }[] = [];
  const walk = (items: unknown, path: string) =>
    list(items).forEach((item, i) => {
      const at = `${path}[${i}]`;
      if (!isNode(item) || item.isVisible === false) return;
      out.push({ el: item, path: at });
      walk(item.items, `${at}.items`);
      list(item.columns).forEach((c, j) => {
        if (isNode(c) && c.isVisible !== false) walk(c.items, `${at}.columns[${j}].items`);
      });
    });
  walk(card.body, 'body');
  return out;
}

/** Every action anywhere (card actions, ActionSets, selectActions, ShowCard cards), not fallbacks. */
function actions(node: unknown, path: string): { action: Node; path: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => actions(n, `${path}[${i}]`));
  if (!isNode(node)) return [];
  const own = typeof node.type === 'string' && node.type.startsWith('Action.') ? [{ action: node, path }] : [];
  return [
    ...own,
    ...Object.entries(node)
      .filter(([k]) => k !== 'fallback')
      .flatMap(([k, v]) => actions(v, `${path}.${k}`)),
  ];
}

const isInput = (el: Node) => str(el.type).startsWith('Input.');
/** An input's label; a toggle may be named by its title instead (it is read as the checkbox's name). */
const labelOf = (el: Node) => (str(el.label) || (el.type === 'Input.Toggle' ? str(el.title) : '')).trim();
const isTitleLike = (el: Node) =>
  el.type === 'TextBlock' && str(el.weight).toLowerCase() === 'bolder' && ['medium', 'large', 'extralarge'].includes(str(el.size).toLowerCase());
const isHeading = (el: Node) => el.type === 'TextBlock' && str(el.style).toLowerCase() === 'heading';

/** What a person using a screen reader or not seeing colour would miss in this card. */
function accessibilityProblems(card: AdaptiveCard): string[] {
  const problems: string[] = [];
  const all = elements(card);
  for (const { el, path } of all) {
    if (isInput(el)) {
      if (!labelOf(el)) problems.push(`${path} ${el.type} "${str(el.id)}" has no label${el.placeholder ? ' (only a placeholder)' : ''}`);
      if (el.isRequired === true && !WORDS.test(str(el.errorMessage))) problems.push(`${path} ${el.type} "${str(el.id)}" is required but has no errorMessage`);
      list(el.choices).forEach((c, i) => {
        if (!isNode(c) || !READABLE.test(str(c.title))) problems.push(`${path}.choices[${i}] has no readable title`);
      });
    }
    const images = el.type === 'Image' ? [el] : el.type === 'ImageSet' ? list(el.images).filter(isNode) : [];
    for (const img of images) if (!str(img.altText).trim()) problems.push(`${path} image ${str(img.url)} has no altText`);
    if (el.type === 'TextBlock' && MEANINGFUL_COLOURS.has(str(el.color).toLowerCase()) && !WORDS.test(str(el.text)))
      problems.push(`${path} is coloured ${str(el.color)} but says nothing in words: "${str(el.text)}"`);
    if (el.type === 'RichTextBlock')
      list(el.inlines).forEach((r, i) => {
        if (isNode(r) && MEANINGFUL_COLOURS.has(str(r.color).toLowerCase()) && !WORDS.test(str(r.text)))
          problems.push(`${path}.inlines[${i}] is coloured ${str(r.color)} but says nothing in words: "${str(r.text)}"`);
      });
    if (MEANINGFUL_STYLES.has(str(el.style).toLowerCase()) && (el.type === 'Container' || el.type === 'Column' || el.type === 'ColumnSet')) {
      const inside = elements({ type: 'AdaptiveCard', version: '1.5', body: [el as CardElement] });
      if (!inside.some(({ el: t }) => t.type === 'TextBlock' && WORDS.test(str(t.text))))
        problems.push(`${path} is styled ${str(el.style)} but holds no words`);
    }
    if (el.type === 'FactSet')
      list(el.facts).forEach((f, i) => {
        if (!isNode(f) || !READABLE.test(str(f.title)) || !READABLE.test(str(f.value))) problems.push(`${path}.facts[${i}] is not readable as words`);
      });
  }
  // Text that looks like a heading (Bolder, Medium size or more) is announced as one, and the
  // card has a title so marked.
  if (!all.some(({ el }) => isHeading(el))) problems.push('the card has no title marked as a heading');
  for (const { el, path } of all)
    if (isTitleLike(el) && !isHeading(el)) problems.push(`${path} "${str(el.text)}" looks like a heading but is not marked style "heading"`);
  const labels = all.filter(({ el }) => isInput(el)).map(({ el }) => labelOf(el));
  for (const [i, l] of labels.entries()) if (l && labels.indexOf(l) !== i) problems.push(`two inputs are both labelled "${l}"`);
  if (!str(card.lang)) problems.push('the card does not say its language (lang)');
  for (const { action, path } of [...actions(card.body, 'body'), ...actions(card.actions, 'actions')])
    if (!WORDS.test(str(action.title))) problems.push(`${path} ${str(action.type)} has no title in words`);
  return problems;
}

// ── Slack ─────────────────────────────────────────────────────────────────────────────────────

/** Letters and digits only, lower case: markup, escaping and spacing differ between the two. */
const bare = (s: string) =>
  s
    .replace(/&(lt|gt|amp);/g, ' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** What is read, in order, from a card: texts, facts, input labels. */
function cardReading(card: AdaptiveCard): { what: string; text: string }[] {
  return elements(card).flatMap(({ el, path }) => {
    if (el.type === 'TextBlock') return [{ what: `${path} text`, text: str(el.text) }];
    if (el.type === 'RichTextBlock')
      return [
        {
          what: `${path} text`,
          text: list(el.inlines)
            .map((r) => (isNode(r) ? str(r.text) : str(r)))
            .join(''),
        },
      ];
    if (el.type === 'FactSet')
      return list(el.facts).flatMap((f, i) => (isNode(f) ? [{ what: `${path}.facts[${i}]`, text: `${str(f.title)} ${str(f.value)}` }] : []));
    if (isInput(el)) return [{ what: `${path} label`, text: labelOf(el) }];
    return [];
  });
}

/** What is read, in order, from Slack blocks. */
function slackReading(blocks: KnownBlock[]): string[] {
  return blocks.map((b) => {
    switch (b.type) {
      case 'header':
        return b.text.text;
      case 'section':
        return [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)].join(' ');
      case 'context':
        return b.elements.map((e) => ('text' in e ? e.text : 'alt_text' in e ? (e.alt_text ?? '') : '')).join(' ');
      case 'input':
        return b.label.text;
      default:
        return '';
    }
  });
}

/** What a person would miss on Slack: unlabelled inputs, lost alt text, a changed reading order. */
function slackProblems(card: AdaptiveCard, blocks: KnownBlock[], surface: string): string[] {
  const problems: string[] = [];
  const inputs = elements(card)
    .map(({ el }) => el)
    .filter(isInput);
  for (const b of blocks)
    if (b.type === 'input') {
      const source = inputs.find((el) => el.id === b.block_id);
      if (!source) problems.push(`${surface}: input block ${b.block_id} comes from no card input`);
      else if (b.label.text !== labelOf(source)) problems.push(`${surface}: input ${b.block_id} is labelled "${b.label.text}", not "${labelOf(source)}"`);
      // Choices are offered in the card's order (a long title may be cut with an ellipsis).
      const offered = 'options' in b.element && b.element.options ? b.element.options.map((o) => o.text.text) : undefined;
      const choices = list(source?.choices).map((c) => (isNode(c) ? str(c.title) : ''));
      const same = (got: string, want: string) => got === want || (got.endsWith('…') && want.startsWith(got.slice(0, -1)));
      if (offered && (offered.length !== choices.length || offered.some((o, i) => !same(o, choices[i] ?? ''))))
        problems.push(`${surface}: input ${b.block_id} offers ${JSON.stringify(offered)} instead of ${JSON.stringify(choices)}`);
    }
  const alts = elements(card).flatMap(({ el }) =>
    (el.type === 'Image' ? [el] : el.type === 'ImageSet' ? list(el.images).filter(isNode) : []).map((i) => str(i.altText)),
  );
  const slackAlts = blocks.flatMap((b) => (b.type === 'image' ? [b.alt_text] : []));
  if (JSON.stringify(slackAlts) !== JSON.stringify(alts))
    problems.push(`${surface}: images' alt texts ${JSON.stringify(slackAlts)} instead of ${JSON.stringify(alts)}`);
  // Each text and label of the card is found in a block at or after the previous one's block.
  const read = slackReading(blocks).map(bare);
  let at = 0;
  for (const item of cardReading(card)) {
    const want = bare(item.text);
    if (!want) continue;
    const found = read.findIndex((r, i) => i >= at && r.includes(want));
    if (found === -1) {
      const earlier = read.findIndex((r) => r.includes(want));
      problems.push(`${surface}: ${item.what} "${item.text.slice(0, 60)}" ${earlier === -1 ? 'is missing' : 'is read out of order'}`);
    } else at = found;
  }
  return problems;
}

/** The surfaces a Slack user meets the card on: the message when it fits, and the modal of
 *  any card with a form (the message then is its lead text and an "open the form" button). */
function slackSurfaces(card: AdaptiveCard): { surface: string; blocks: KnownBlock[] }[] {
  const message = cardToMessage(card);
  const surfaces = message.fitsInMessage ? [{ surface: 'message', blocks: message.blocks }] : [];
  if (primarySubmit(card))
    surfaces.push({
      surface: 'modal',
      blocks: cardToModal(card, { title: 'DMPS Connect', submitLabel: 'OK', closeLabel: 'Cancel', privateMetadata: '' }).view.blocks,
    });
  return surfaces;
}

// ── the cards ────────────────────────────────────────────────────────────────────────────────

const cases = catalog.strings.locales.flatMap((locale) =>
  allCardExamples().map((ex, i) => ({ ...ex, locale, label: `${ex.name} #${i} in ${locale}`, card: renderCatalogCard(ex.name, ex.data, locale) })),
);

describe('every card is usable without sight of colour and with a screen reader', () => {
  it('every card of the catalog is checked, in every language', () => {
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(catalog.cards.map((c) => c.name)));
    expect(new Set(cases.map((c) => c.locale))).toEqual(new Set(catalog.strings.locales));
  });

  it.each(cases)('$label: labels, error messages, alt text, words not colour, a heading, action titles', ({ card }) => {
    expect(accessibilityProblems(card)).toEqual([]);
  });

  it.each(cases)('$label in Slack: inputs labelled, alt text kept, read in the card’s order', ({ card }) => {
    const surfaces = slackSurfaces(card);
    expect(surfaces.length).toBeGreaterThan(0);
    for (const { surface, blocks } of surfaces) expect(slackProblems(card, blocks, surface)).toEqual([]);
  });
});

describe('the checks find what they look for', () => {
  const bad: AdaptiveCard = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Weekly story', size: 'Large', weight: 'Bolder' },
      { type: 'TextBlock', text: '●', color: 'Attention' },
      { type: 'Image', url: 'https://dmschools.example/a.png' },
      { type: 'Input.Text', id: 'name', placeholder: 'Your name', isRequired: true },
      { type: 'Input.ChoiceSet', id: 'mood', label: 'Mood', choices: [{ title: '🙂', value: '1' }] },
      { type: 'Input.Text', id: 'mood2', label: 'Mood' },
      { type: 'Container', style: 'attention', items: [{ type: 'Image', url: 'https://dmschools.example/b.png', altText: 'Alert' }] },
      { type: 'Input.Toggle', id: 'agree', title: 'I agree' },
    ],
    actions: [{ type: 'Action.Execute', verb: 'v', title: '' }],
  };

  it('an unlabelled, unexplained, colour-only, untitled card fails every rule (a toggle is named by its title)', () => {
    expect(accessibilityProblems(bad)).toEqual([
      'body[1] is coloured Attention but says nothing in words: "●"',
      'body[2] image https://dmschools.example/a.png has no altText',
      'body[3] Input.Text "name" has no label (only a placeholder)',
      'body[3] Input.Text "name" is required but has no errorMessage',
      'body[4].choices[0] has no readable title',
      'body[6] is styled attention but holds no words',
      'the card has no title marked as a heading',
      'body[0] "Weekly story" looks like a heading but is not marked style "heading"',
      'two inputs are both labelled "Mood"',
      'the card does not say its language (lang)',
      'actions[0] Action.Execute has no title in words',
    ]);
  });

  it('in Slack, a placeholder standing in for a label, a lost alt text and a reordering are found', () => {
    const card: AdaptiveCard = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'First', style: 'heading' },
        { type: 'Image', url: 'https://dmschools.example/a.png' },
        { type: 'Input.Text', id: 'name', placeholder: 'Your name' },
        { type: 'TextBlock', text: 'Last words' },
      ],
    };
    const blocks = cardToMessage(card).blocks;
    expect(slackProblems(card, blocks, 'message')).toEqual([
      'message: input name is labelled "Your name", not ""',
      'message: images\' alt texts ["Image"] instead of [""]',
    ]);
    expect(slackProblems(card, [...blocks].reverse(), 'message')).toContain('message: body[3] text "Last words" is read out of order');
  });
});
