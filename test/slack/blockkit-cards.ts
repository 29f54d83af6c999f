// Cards for the translator's golden files, besides the element cards in ./cards.ts: a realistic
// pulse survey, cards that overflow a message, one that hits every Slack limit, and edge cases.
import type { AdaptiveCard, CardAction, CardElement } from '../../cards/types.ts';
import { GOLDEN_CARDS } from './cards.ts';

export const CARD_ID = 'card-1';
export const card = (body: CardElement[], actions?: CardAction[], extra: Partial<AdaptiveCard> = {}): AdaptiveCard => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body,
  ...(actions ? { actions } : {}),
  ...extra,
});
export const execute = (title: string, verb: string, data: Record<string, string> = {}, extra: Partial<CardAction> = {}): CardAction => ({
  type: 'Action.Execute',
  title,
  verb,
  data: { ...data, dmpsVerb: verb, dmpsCard: CARD_ID },
  ...extra,
});
const choices = (...titles: string[]) => titles.map((title, i) => ({ title, value: String(i + 1) }));
const a = (n: number, ch = 'a') => ch.repeat(n);

/** A pulse survey as staff receive it: heading, facts, every question kind, a privacy note. */
export const SURVEY: AdaptiveCard = card(
  [
    { type: 'TextBlock', text: 'Fall pulse survey', size: 'Large', weight: 'Bolder', style: 'heading', wrap: true },
    { type: 'TextBlock', text: 'Hi Ada! It takes **3 minutes**. Read [why we ask](https://dmschools.example/pulse) first.', wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: 'Closes', value: 'Friday, Nov 27' },
        { title: 'Answers', value: '_Anonymous_ (groups under 5 stay hidden)' },
      ],
    },
    {
      type: 'Input.ChoiceSet',
      id: 'q1',
      label: 'I feel supported by my building leadership.',
      style: 'expanded',
      isRequired: true,
      errorMessage: 'Please choose one',
      choices: choices('Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'),
    },
    {
      type: 'Input.ChoiceSet',
      id: 'q2',
      label: 'Which supports did you use this term?',
      style: 'expanded',
      isMultiSelect: true,
      choices: choices('Coaching', 'PLC time', 'Mentoring', 'EAP'),
    },
    {
      type: 'Input.ChoiceSet',
      id: 'building',
      label: 'Your building',
      placeholder: 'Choose your building',
      choices: ['Hubbell', 'Roosevelt', 'North', 'East', 'Lincoln'].map((b) => ({ title: `${b} High`, value: b.toLowerCase() })),
    },
    { type: 'Input.Text', id: 'comments', label: 'Anything else? (optional)', isMultiline: true, maxLength: 1000, placeholder: 'Your words stay anonymous' },
    { type: 'Input.Toggle', id: 'followUp', title: 'I would like someone to follow up with me', valueOn: 'yes', valueOff: 'no' },
    { type: 'TextBlock', text: 'Your answers are stored without your name. <Questions?> Ask HR & Payroll.', isSubtle: true, size: 'Small', wrap: true },
  ],
  [
    execute('Submit answers', 'survey.answer', {}, { style: 'positive' }),
    { type: 'Action.OpenUrl', title: 'Survey FAQ', url: 'https://dmschools.example/pulse/faq?lang=en&src=slack' },
  ],
  { lang: 'en' },
);

/** Every input kind, for the values round trip. */
export const EVERY_INPUT: AdaptiveCard = card(
  [
    { type: 'TextBlock', text: 'Training check-in', style: 'heading' },
    { type: 'Input.Text', id: 'name', label: 'Name' },
    { type: 'Input.Text', id: 'notes', label: 'Notes', isMultiline: true },
    { type: 'Input.Text', id: 'empty', label: 'Left empty' },
    { type: 'Input.Number', id: 'hours', label: 'Hours', min: 0, max: 40 },
    { type: 'Input.Date', id: 'day', label: 'Day' },
    { type: 'Input.Time', id: 'time', label: 'Time' },
    { type: 'Input.ChoiceSet', id: 'compact', label: 'Compact', choices: choices('One', 'Two', 'Three') },
    { type: 'Input.ChoiceSet', id: 'radio', label: 'Radio', style: 'expanded', choices: choices('One', 'Two') },
    { type: 'Input.ChoiceSet', id: 'multi', label: 'Multi', isMultiSelect: true, choices: choices('One', 'Two', 'Three', 'Four') },
    { type: 'Input.ChoiceSet', id: 'boxes', label: 'Boxes', isMultiSelect: true, style: 'expanded', choices: choices('One', 'Two', 'Three') },
    { type: 'Input.ChoiceSet', id: 'none', label: 'Nothing picked', isMultiSelect: true, choices: choices('One', 'Two') },
    { type: 'Input.Toggle', id: 'agree', title: 'I agree', valueOn: 'I do', valueOff: 'I do not' },
    { type: 'Input.Toggle', id: 'plain', title: 'Default values' },
  ],
  [execute('Save', 'training.save', { source: 'check-in' })],
);

const FORM_INPUTS = Array.from({ length: 55 }, (_, i): CardElement => ({ type: 'Input.Text', id: `q${i + 1}`, label: `Question ${i + 1}` }));

export const EXTRA_CARDS: Record<string, AdaptiveCard> = {
  markdown: card([
    { type: 'TextBlock', text: 'Heading *one*', weight: 'Bolder' },
    { type: 'TextBlock', text: 'Second bold heading', weight: 'Bolder' },
    { type: 'TextBlock', text: 'Forced header', style: 'heading' },
    {
      type: 'TextBlock',
      text: '**Bold**, *italic*, _italic_, [link](https://dmschools.example/a?b=1&c=2), [unsafe](javascript:alert(1)).\n* star bullet\n- dash bullet\n1. numbered',
      wrap: true,
    },
    { type: 'TextBlock', text: 'Escapes: 5 < 6 & 7 > 3, <@U123> and <!channel> stay text; snake_case_words stay.', wrap: true },
    { type: 'TextBlock', text: 'Due {{DATE(2026-11-27T17:00:00Z, SHORT)}} at {{TIME(2026-11-27T17:00:00Z)}}', wrap: true },
  ]),
  'rich-text-links': card([
    {
      type: 'RichTextBlock',
      inlines: [
        { type: 'TextRun', text: 'Read ' },
        { type: 'TextRun', text: 'the plan', selectAction: { type: 'Action.OpenUrl', url: 'https://dmschools.example/plan' }, weight: 'Bolder' },
        { type: 'TextRun', text: ' or ', fontType: 'Monospace' },
        { type: 'TextRun', text: 'vote', selectAction: { type: 'Action.Submit', data: { dmpsVerb: 'vote', dmpsCard: CARD_ID } } },
        { type: 'TextRun', text: ' <now> & later ', italic: true },
      ],
    },
  ]),
  'columns-as-fields': card([
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          items: [
            { type: 'TextBlock', text: 'Building', weight: 'Bolder' },
            { type: 'TextBlock', text: 'Hubbell' },
          ],
        },
        {
          type: 'Column',
          items: [
            { type: 'TextBlock', text: 'Due', weight: 'Bolder' },
            { type: 'TextBlock', text: 'Friday' },
          ],
        },
        { type: 'Column', items: [] },
      ],
    },
    {
      type: 'Container',
      selectAction: { type: 'Action.OpenUrl', url: 'https://dmschools.example' },
      items: [{ type: 'TextBlock', text: 'Clickable container' }],
    },
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', items: [{ type: 'TextBlock', text: a(400, 'long ') }] },
        { type: 'Column', items: [{ type: 'TextBlock', text: 'Short' }] },
      ],
    },
  ]),
  'image-set': card([
    {
      type: 'ImageSet',
      images: [
        { type: 'Image', url: 'https://dmschools.example/1.png', altText: 'First' },
        { type: 'Image', url: 'data:image/png;base64,AAAA', altText: 'Inline' },
      ],
    },
    { type: 'Image', url: 'https://dmschools.example/2.png', altText: 'Clickable', selectAction: { type: 'Action.OpenUrl', url: 'https://dmschools.example' } },
  ]),
  'input-date-time': card(
    [
      { type: 'Input.Date', id: 'day', label: 'Day', value: '2026-11-20', min: '2026-11-01', max: '2026-12-31', placeholder: 'Pick a day' },
      { type: 'Input.Date', id: 'bad', label: 'Bad initial', value: 'Nov 20' },
      { type: 'Input.Time', id: 'at', label: 'Time', value: '08:30', min: '07:00' },
    ],
    [execute('Save', 'day.save')],
  ),
  'input-number': card(
    [
      { type: 'TextBlock', text: 'Hours this week', style: 'heading' },
      { type: 'Input.Number', id: 'hours', label: 'Hours', min: 0, max: 40, value: 2.5, placeholder: '0-40' },
    ],
    [execute('Save', 'hours.save')],
  ),
  'input-number-without-form': card([{ type: 'Input.Number', id: 'hours', label: 'Hours', min: 0, max: 40 }]),
  'choice-edge-cases': card(
    [
      {
        type: 'Input.ChoiceSet',
        id: 'big',
        label: 'Expanded but 12 choices',
        style: 'expanded',
        choices: Array.from({ length: 12 }, (_, i) => ({ title: `C${i}`, value: `c${i}` })),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'odd',
        label: 'Odd choices',
        style: 'filtered',
        value: 'x',
        choices: [
          { title: 'X', value: 'x' },
          { title: 'X again', value: 'x' },
          { title: 'No value', value: '' },
          { title: 'Long value', value: a(151) },
        ],
      },
      { type: 'Input.ChoiceSet', id: 'empty', label: 'No usable choice', choices: [{ title: 'Empty', value: '' }] },
      { type: 'Input.Text', label: 'No id' },
      { type: 'Input.Text', id: 'odd', label: 'Same id again' },
      { type: 'Input.Text', id: 'secret', label: 'Password', style: 'Password', regex: '^\\d+$', inlineAction: { type: 'Action.Submit', title: 'Go' } },
    ],
    [execute('Save', 'choices.save')],
  ),
  'many-actions': card(
    [
      {
        type: 'ActionSet',
        actions: [
          execute('Disabled', 'x', {}, { isEnabled: false }),
          { type: 'Action.Execute', title: 'No card instance', verb: 'orphan' },
          { type: 'Action.ToggleVisibility', title: 'Toggle', targetElements: ['x'] },
          {
            type: 'Action.Popover',
            title: 'New kind',
            fallback: { type: 'Action.OpenUrl', title: 'Fallback link', url: 'https://dmschools.example/fallback' },
          },
        ],
      },
    ],
    Array.from({ length: 30 }, (_, i) =>
      execute(`Option ${i + 1}`, 'pick', { n: String(i + 1) }, i === 0 ? { style: 'positive' } : i === 1 ? { style: 'destructive' } : {}),
    ),
  ),
  'unsupported-more': card([
    { type: 'Carousel', pages: [] },
    { type: 'Rating', value: 4, fallback: { type: 'TextBlock', text: 'Rated 4 of 5' } },
    { type: 'TextBlock', text: 'Hidden', isVisible: false },
    { type: 'Input.Rating', id: 'stars', label: 'Stars' },
    {
      type: 'Container',
      items: [
        { type: 'Media', sources: [] },
        { type: 'TextBlock', text: 'Kept inside' },
      ],
    },
  ]),
  'survey-form': SURVEY,
  /** The HR preview: required questions shown as staff will see them, and a Launch that needs none of them. */
  'action-without-inputs': card(
    [
      { type: 'TextBlock', text: 'Preview: this is the card staff will get.', weight: 'Bolder' },
      { type: 'Input.ChoiceSet', id: 'q1', label: '1. I feel safe at work.', isRequired: true, choices: [{ title: 'Agree', value: '4' }] },
    ],
    [execute('Launch now', 'survey.launchNow', { surveyId: 's1' }, { associatedInputs: 'none', style: 'positive' })],
  ),
  'every-input': EVERY_INPUT,
  'overflow-text': card(
    Array.from({ length: 55 }, (_, i) => ({ type: 'TextBlock', text: `Paragraph ${i + 1}` })),
    [{ type: 'Action.OpenUrl', title: 'Read online', url: 'https://dmschools.example/story' }],
  ),
  'overflow-form': card(
    [
      { type: 'TextBlock', text: 'Annual staff survey', style: 'heading' },
      { type: 'TextBlock', text: 'Fifty-five questions, about 10 minutes.' },
      ...FORM_INPUTS,
    ],
    [execute('Submit', 'survey.answer')],
    { lang: 'es' },
  ),
  limits: card(
    [
      { type: 'TextBlock', text: `Heading ${a(160)}`, style: 'heading' },
      { type: 'TextBlock', text: `Section & ${a(3100)}` },
      { type: 'TextBlock', text: `Context ${a(3100)}`, isSubtle: true },
      { type: 'FactSet', facts: [{ title: 'Long fact', value: a(2100) }] },
      { type: 'Image', url: 'https://dmschools.example/alt.png', altText: a(2100) },
      { type: 'Image', url: `https://dmschools.example/${a(3000)}.png`, altText: 'URL too long' },
      { type: 'Input.Text', id: 'long', label: `Label ${a(2100)}`, placeholder: `Placeholder ${a(200)}`, maxLength: 10, value: 'more than ten characters' },
      {
        type: 'Input.ChoiceSet',
        id: 'many',
        label: 'Many choices',
        choices: Array.from({ length: 120 }, (_, i) => ({ title: `Choice ${i} ${a(80, 'c')}`, value: `v${i}` })),
      },
      { type: 'Input.Toggle', id: 'toggleTitle', title: `Toggle ${a(100, 't')}` },
      { type: 'Input.Toggle', id: 'toggleValues', title: 'Values too long', valueOn: a(100, 'y'), valueOff: a(100, 'n') },
      { type: 'Input.Text', id: a(256, 'i'), label: 'Id too long' },
    ],
    [execute(`Button ${a(100, 'b')}`, 'limits.save', { blob: a(2100, 'd') })],
  ),
};

export const ALL_CARDS: Record<string, AdaptiveCard> = { ...GOLDEN_CARDS, ...EXTRA_CARDS };

/** Cards meant to be valid Adaptive Cards 1.5 (the others carry unknown types on purpose). */
export const SCHEMA_VALID = ['survey-form', 'every-input', 'markdown', 'input-date-time', 'input-number', 'overflow-form', 'columns-as-fields'];

export const MODAL_OPTIONS = {
  title: 'Pulse survey',
  submitLabel: 'Submit',
  closeLabel: 'Cancel',
  privateMetadata: JSON.stringify({ c: CARD_ID, v: 'survey.answer' }),
};
export const LONG_MODAL_OPTIONS = {
  title: 'A survey title longer than Slack allows',
  submitLabel: 'Send my answers to HR now',
  closeLabel: 'Never mind, close this form',
  privateMetadata: a(3100, 'm'),
};
