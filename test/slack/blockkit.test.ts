// The one Adaptive Card → Block Kit translator, as a person on Slack meets it: golden files for
// every element, Slack's limits respected on every block, everything dropped or cut reported,
// clicks routed, and answers coming back exactly as Teams would send them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { cardToMessage, cardToModal, type Omission, parseButtonValue, valuesFromState } from '../../bots/slack/blockkit/index.ts';
import { expectValidCard } from '../support/card-validation.ts';
import { allCardExamples, renderCatalogCard } from '../support/catalog.ts';
import { ALL_CARDS, CARD_ID, EVERY_INPUT, LONG_MODAL_OPTIONS, MODAL_OPTIONS, SCHEMA_VALID, SURVEY } from './blockkit-cards.ts';
import { expectValidModal, expectWithinSlackLimits } from './blockkit-limits.ts';
import { slackState } from './blockkit-state.ts';

const goldenDir = join(import.meta.dirname, 'golden');
const reasons = (report: Omission[]) => report.map((o) => `${o.kind} ${o.path} ${o.element}: ${o.reason}`);
const buttons = (blocks: KnownBlock[]) => blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).flatMap((e) => (e.type === 'button' ? [e] : []));
const sections = (blocks: KnownBlock[]) => blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));

describe('golden files (UPDATE_GOLDEN=1 rewrites them)', () => {
  it.each(Object.keys(ALL_CARDS))('%s', (name) => {
    const card = ALL_CARDS[name]!;
    const message = cardToMessage(card);
    const modal = cardToModal(card, name === 'limits' ? LONG_MODAL_OPTIONS : MODAL_OPTIONS);
    expectWithinSlackLimits(message.blocks, 'message');
    expectValidModal(modal.view);
    const actual = { card, message, modal };
    const file = join(goldenDir, `${name}.json`);
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it.each(SCHEMA_VALID)('the %s card is a valid Adaptive Card 1.5', (name) => expectValidCard(ALL_CARDS[name]));
});

describe('an action that needs no inputs (associatedInputs: "none")', () => {
  const launch = ALL_CARDS['action-without-inputs']!;

  it('is a plain button carrying only its data, never the modal submit that Slack would hold back until every required input is answered', () => {
    const { blocks } = cardToMessage(launch);
    const [button] = buttons(blocks);
    expect(parseButtonValue(String(button?.value))).toEqual({ verb: 'survey.launchNow', cardInstanceId: CARD_ID, data: { surveyId: 's1' }, noInputs: true });
    const { view, report } = cardToModal(launch, MODAL_OPTIONS);
    expect(buttons(view.blocks as KnownBlock[])).toEqual([]);
    expect(reasons(report)).toContain(
      'dropped actions[0] Action.Execute: a button that needs no inputs cannot be clicked inside a modal: it stays on the message',
    );
  });
});

describe('text reads the same in Slack', () => {
  const { blocks } = cardToMessage(ALL_CARDS.markdown!);

  it('the first heading becomes a header; later bold text stays bold text; style "heading" always is a header', () => {
    expect(blocks.slice(0, 3)).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Heading one' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Second bold heading*' } },
      { type: 'header', text: { type: 'plain_text', text: 'Forced header' } },
    ]);
  });

  it('Adaptive Card markdown becomes Slack mrkdwn: bold, italic, links, bullets; unsafe links lose their target', () => {
    expect(sections(blocks)[1]).toBe(
      '*Bold*, _italic_, _italic_, <https://dmschools.example/a?b=1&c=2|link>, unsafe.\n• star bullet\n• dash bullet\n1. numbered',
    );
  });

  it('&, < and > are escaped, so typed text can never mention @channel or a person', () => {
    expect(sections(blocks)[2]).toBe('Escapes: 5 &lt; 6 &amp; 7 &gt; 3, &lt;@U123&gt; and &lt;!channel&gt; stay text; snake_case_words stay.');
  });

  it('card date functions become Slack dates, shown in each reader’s own time zone', () => {
    expect(sections(blocks)[3]).toBe('Due <!date^1795798800^{date_short}|2026-11-27> at <!date^1795798800^{time}|17:00 UTC>');
  });

  it('the notification text is the card’s first heading, plain and escaped', () => {
    expect(cardToMessage(SURVEY).text).toBe('Fall pulse survey');
    expect(cardToMessage({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '**A & B**' }] }).text).toBe('A &amp; B');
  });

  it('a heading longer than a header allows is kept whole as bold text', () => {
    const m = cardToMessage(ALL_CARDS.limits!);
    expect(m.blocks[0]).toMatchObject({ type: 'section', text: { text: expect.stringMatching(/^\*Heading a{160}\*$/) } });
  });
});

describe('what Slack cannot hold is reported, never silently lost', () => {
  it('text longer than Slack allows is truncated with an ellipsis and reported', () => {
    const { blocks, report } = cardToMessage(ALL_CARDS.limits!);
    const long = sections(blocks).find((t) => t.startsWith('Section'));
    expect(long).toHaveLength(3000);
    expect(long?.endsWith('…')).toBe(true);
    expect(reasons(report)).toContain("truncated body[1] TextBlock: text longer than Slack's 3000 characters: cut with an ellipsis");
  });

  it('every limit the card hits is reported by where it is in the card', () => {
    const { report } = cardToMessage(ALL_CARDS.limits!);
    const choiceTitles = report.filter((o) => /^body\[7\]\.choices\[\d+\]$/.test(o.path));
    expect(choiceTitles).toHaveLength(100);
    expect(choiceTitles.every((o) => o.kind === 'truncated' && o.reason === "choice title longer than Slack's 75 characters: cut with an ellipsis")).toBe(true);
    expect(reasons(report.filter((o) => !choiceTitles.includes(o)))).toEqual([
      "truncated body[1] TextBlock: text longer than Slack's 3000 characters: cut with an ellipsis",
      "truncated body[2] TextBlock: text longer than Slack's 3000 characters: cut with an ellipsis",
      "truncated body[3].facts[0] Fact: fact longer than Slack's 2000 characters: cut with an ellipsis",
      "truncated body[4] Image: alt text longer than Slack's 2000 characters: cut with an ellipsis",
      "dropped body[5] Image: image URL longer than Slack's 3000 characters",
      "truncated body[6].value Input.Text: initial value longer than the input's 10-character maximum: cut with an ellipsis",
      "truncated body[6] Input.Text: placeholder longer than Slack's 150 characters: cut with an ellipsis",
      "truncated body[6] Input.Text: label longer than Slack's 2000 characters: cut with an ellipsis",
      "dropped body[7].choices Input.ChoiceSet: 20 choices beyond Slack's 100 options (the last ones)",
      "truncated body[8] Input.Toggle: toggle title longer than Slack's 75 characters: cut with an ellipsis",
      "dropped body[9] Input.Toggle: valueOn/valueOff too long to travel in Slack's 150-character option value",
      "dropped body[10] Input.Text: input id longer than Slack's 255-character block_id",
      "dropped actions[0].data Action.Execute: action data longer than Slack's 2000-character button value",
      "truncated actions[0] Action.Execute: button title longer than Slack's 75 characters: cut with an ellipsis",
    ]);
  });

  it('a modal keeps its title, buttons and metadata within Slack’s limits and says what it cut', () => {
    const { view, report } = cardToModal(ALL_CARDS['input-text']!, LONG_MODAL_OPTIONS);
    expect(view.title.text).toBe('A survey title longer t…');
    expect(reasons(report)).toEqual(
      expect.arrayContaining([
        "truncated title AdaptiveCard: modal title longer than Slack's 24 characters: cut with an ellipsis",
        "truncated actions[0] Action.Execute: submit label longer than Slack's 24 characters: cut with an ellipsis",
        "truncated privateMetadata AdaptiveCard: private_metadata longer than Slack's 3000 characters: cut with an ellipsis",
      ]),
    );
  });

  it('unsupported elements and actions are dropped and reported with their path; a fallback is used when the card gives one', () => {
    const m = cardToMessage(ALL_CARDS['unsupported-more']!);
    expect(reasons(m.report)).toEqual([
      'dropped body[0] Carousel: element type Slack cannot show',
      'dropped body[1] Rating: element type Slack cannot show: its fallback is shown instead',
      'dropped body[2] TextBlock: hidden element: Slack has no way to show it later',
      'dropped body[3] Input.Rating: input type Slack cannot show',
      'dropped body[4].items[0] Media: Slack blocks cannot play media',
    ]);
    expect(sections(m.blocks)).toEqual(['Rated 4 of 5', 'Kept inside']);
    expect(reasons(cardToMessage(ALL_CARDS['many-actions']!).report)).toEqual([
      'dropped body[0].actions[0] Action.Execute: disabled action',
      'dropped body[0].actions[1] Action.Execute: submit action without a verb and card instance: a click could not be routed',
      'dropped body[0].actions[2] Action.ToggleVisibility: Slack cannot show or hide parts of a message',
      'dropped body[0].actions[3] Action.Popover: action type Slack cannot show: its fallback is shown instead',
    ]);
  });

  it('an image without alt text gets a generic one, and that is reported', () => {
    const m = cardToMessage(ALL_CARDS.image!);
    expect(m.blocks[1]).toEqual({ type: 'image', image_url: 'https://dmschools.example/no-alt.jpg', alt_text: 'Image' });
    expect(reasons(m.report)).toEqual(['dropped body[1].altText Image: no altText: the generic "Image" is used']);
  });
});

describe('layout', () => {
  it('facts become section fields, ten per section', () => {
    const { blocks } = cardToMessage(ALL_CARDS['fact-set']!);
    expect(blocks.map((b) => (b.type === 'section' ? b.fields?.length : 0))).toEqual([10, 2]);
  });

  it('a row of short text columns becomes one section with side-by-side fields; other columns are read in order', () => {
    const { blocks } = cardToMessage(ALL_CARDS['columns-as-fields']!);
    expect(blocks[0]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Building*\nHubbell' },
        { type: 'mrkdwn', text: '*Due*\nFriday' },
      ],
    });
    expect(blocks.slice(2).map((b) => b.type)).toEqual(['section', 'section']);
  });

  it('card actions become one actions block at the end, split every 25 buttons', () => {
    const { blocks } = cardToMessage(ALL_CARDS['many-actions']!);
    expect(blocks.map((b) => (b.type === 'actions' ? b.elements.length : b.type))).toEqual([1, 25, 5]);
    const ids = buttons(blocks).map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id?.startsWith('dmps:'))).toBe(true);
    expect(
      buttons(blocks)
        .slice(1, 3)
        .map((b) => b.style),
    ).toEqual(['primary', 'danger']);
  });
});

describe('cards too big for a message open as a modal', () => {
  it('a form of more than 50 blocks becomes its leading text plus one button that opens it', () => {
    const m = cardToMessage(ALL_CARDS['overflow-form']!);
    expect(m.fitsInMessage).toBe(false);
    expect(m.hasInputs).toBe(true);
    expect(m.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Annual staff survey' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Fifty-five questions, about 10 minutes.' } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'dmps:open-form',
            style: 'primary',
            text: { type: 'plain_text', text: 'Abrir el formulario' },
            value: JSON.stringify({ dmps: 1, c: CARD_ID }),
          },
        ],
      },
    ]);
    const modal = cardToModal(ALL_CARDS['overflow-form']!, MODAL_OPTIONS);
    expect(modal.view.blocks.filter((b) => b.type === 'input')).toHaveLength(55);
  });

  it('a number input, which Slack offers only in modals, opens the form as a modal too', () => {
    const m = cardToMessage(ALL_CARDS['input-number']!);
    expect(m.fitsInMessage).toBe(false);
    expect(buttons(m.blocks).map((b) => b.action_id)).toEqual(['dmps:open-form']);
    expect(cardToModal(ALL_CARDS['input-number']!, MODAL_OPTIONS).view.blocks[1]).toMatchObject({
      element: { type: 'number_input', is_decimal_allowed: true, min_value: '0', max_value: '40', initial_value: '2.5' },
    });
  });

  it('with no form to open, a message shows the first 50 blocks and reports the rest', () => {
    const m = cardToMessage(ALL_CARDS['overflow-text']!);
    expect(m.fitsInMessage).toBe(false);
    expect(m.blocks).toHaveLength(50);
    expect(m.blocks.at(-1)?.type).toBe('actions');
    expect(m.report.map((o) => o.path)).toEqual(['body[49]', 'body[50]', 'body[51]', 'body[52]', 'body[53]', 'body[54]']);
  });

  it('the modal’s submit stands for the card’s first submit action; other submit buttons are reported, links stay', () => {
    const { view, report } = cardToModal(ALL_CARDS.actions!, MODAL_OPTIONS);
    expect(view).toMatchObject({ type: 'modal', callback_id: 'dmps:form', submit: { text: 'Submit' }, private_metadata: MODAL_OPTIONS.privateMetadata });
    expect(buttons(view.blocks).map((b) => b.url)).toEqual(['https://intranet.dmschools.example']);
    expect(reasons(report)).toContain("dropped actions[1] Action.Submit: a modal has one submit button, which stands for the card's first submit action");
  });
});

describe('clicks carry what Teams would send', () => {
  it('a button carries the verb, the card instance and the action’s own data', () => {
    const [approve, reject] = buttons(cardToMessage(ALL_CARDS.actions!).blocks).filter((b) => b.value);
    expect(parseButtonValue(approve!.value!)).toEqual({ verb: 'story.approve', cardInstanceId: CARD_ID, data: { storyId: 's1' } });
    expect(parseButtonValue(reject!.value!)).toEqual({ verb: 'story.reject', cardInstanceId: CARD_ID, data: {} });
  });

  it('action data too long for a button is reported; the click still routes', () => {
    const [save] = buttons(cardToMessage(ALL_CARDS.limits!).blocks);
    expect(parseButtonValue(save!.value!)).toEqual({ verb: 'limits.save', cardInstanceId: CARD_ID, data: {} });
  });

  it('garbled or foreign button values are ignored', () => {
    for (const value of [
      'garbled',
      '',
      '{"v":"x","c":"y"}',
      '{"dmps":1,"v":"","c":"y"}',
      '{"dmps":1,"v":"x"}',
      '[1]',
      'null',
      `{"dmps":1,"v":"x","c":"y","d":"${'x'.repeat(2000)}"}`,
    ]) {
      expect(parseButtonValue(value)).toBeUndefined();
    }
    expect(parseButtonValue('{"dmps":1,"v":"x","c":"y","d":{"dmpsVerb":"evil","k":[1,{"a":null}]}}')).toEqual({
      verb: 'x',
      cardInstanceId: 'y',
      data: { k: [1, { a: null }] },
    });
  });
});

describe('answers come back exactly as Teams sends them', () => {
  const answers = {
    name: 'Ada',
    notes: 'line one\nline two',
    hours: '12.5',
    day: '2026-11-20',
    time: '08:30',
    compact: '2',
    radio: '1',
    multi: ['4', '1', '3'],
    boxes: ['3', '1'],
    agree: true,
    plain: false,
  };
  const teams = {
    name: 'Ada',
    notes: 'line one\nline two',
    hours: '12.5',
    day: '2026-11-20',
    time: '08:30',
    compact: '2',
    radio: '1',
    multi: '1,3,4',
    boxes: '1,3',
    agree: 'I do',
    plain: 'false',
  };

  it('every input type round-trips through a modal (view_submission)', () => {
    const { view } = cardToModal(EVERY_INPUT, MODAL_OPTIONS);
    expect(valuesFromState(slackState(view.blocks, answers), view.blocks)).toEqual(teams);
  });

  it('and through a message (block_actions), where the number is typed as text', () => {
    const { blocks } = cardToMessage({ ...EVERY_INPUT, actions: [] });
    expect(valuesFromState(slackState(blocks, answers), blocks)).toEqual(teams);
  });

  it('a multi-select comes back comma-joined like Teams, in the card’s order whatever order it was picked in', () => {
    const { view } = cardToModal(EVERY_INPUT, MODAL_OPTIONS);
    expect(valuesFromState(slackState(view.blocks, { multi: ['3', '1'] }), view.blocks).multi).toBe('1,3');
  });

  it('toggles are always there with the card’s valueOn/valueOff; empty inputs are left out', () => {
    const { view } = cardToModal(EVERY_INPUT, MODAL_OPTIONS);
    expect(valuesFromState(slackState(view.blocks, {}), view.blocks)).toEqual({ agree: 'I do not', plain: 'false' });
  });

  it('an input Slack sent nothing for keeps the value the card started with', () => {
    const { blocks } = cardToMessage(SURVEY);
    expect(valuesFromState({}, blocks)).toEqual({ followUp: 'no' });
    const started = cardToMessage(ALL_CARDS['input-choice-set']!).blocks;
    expect(valuesFromState({}, started)).toEqual({ compact: 'b', multi: 'x,z' });
  });

  it('garbled or unknown state entries are ignored, never thrown on', () => {
    const { view } = cardToModal(EVERY_INPUT, MODAL_OPTIONS);
    const garbled = {
      name: { name: { type: 'plain_text_input', value: 42 } },
      compact: { compact: { type: 'static_select', selected_option: { value: 'not-a-choice' } } },
      radio: { radio: { type: 'checkboxes', selected_options: [{ value: '1' }] } },
      day: { day: { type: 'datepicker', selected_date: 'tomorrow' } },
      agree: { agree: 'yes' },
      intruder: { intruder: { type: 'plain_text_input', value: 'sneaky' } },
    };
    expect(valuesFromState(garbled, view.blocks)).toEqual({ agree: 'I do not', plain: 'false' });
    for (const junk of [null, 'x', 42, [], { a: 1 }, { a: { b: null } }])
      expect(valuesFromState(junk, view.blocks)).toEqual({ agree: 'I do not', plain: 'false' });
    expect(valuesFromState({ x: { y: 1 } }, [null, 'block', { type: 'input' }])).toEqual({});
  });

  it('without the submitted blocks (an ephemeral message) values are read by their own type', () => {
    const { view } = cardToModal(EVERY_INPUT, MODAL_OPTIONS);
    const { plain: _untickedToggleCannotBeKnown, ...rest } = teams;
    expect(valuesFromState(slackState(view.blocks, answers), [])).toEqual({ ...rest, multi: '4,1,3', boxes: '3,1' });
  });
});

describe('every product card', () => {
  it.each(allCardExamples().map((e, i) => ({ ...e, i })))('$name #$i translates within Slack’s limits in every language', ({ name, data }) => {
    for (const locale of ['en', 'es', 'ar']) {
      const card = renderCatalogCard(name, data, locale);
      const m = cardToMessage(card);
      expectWithinSlackLimits(m.blocks, 'message');
      expect(m.report.filter((o) => o.kind === 'dropped' && !o.path.endsWith('.errorMessage'))).toEqual([]);
      expectValidModal(cardToModal(card, MODAL_OPTIONS).view);
    }
  });
});
