// Cards that exercise every element the Slack translator knows, for golden files.
import type { AdaptiveCard } from '../../cards/types.ts';

const card = (body: unknown[], actions: unknown[] = []): AdaptiveCard =>
  ({ type: 'AdaptiveCard', version: '1.5', body, ...(actions.length ? { actions } : {}) }) as AdaptiveCard;
const execute = (title: string, verb: string, extra: Record<string, unknown> = {}) => ({
  type: 'Action.Execute',
  title,
  verb,
  data: { dmpsVerb: verb, dmpsCard: 'card-1', ...extra },
});

export const GOLDEN_CARDS: Record<string, AdaptiveCard> = {
  'text-block': card([
    { type: 'TextBlock', text: 'Weekly success story', size: 'Large', weight: 'Bolder' },
    { type: 'TextBlock', text: 'Students at **Hubbell** planted a _garden_ — see [photos](https://dmschools.example/garden) & <more>.', wrap: true },
    { type: 'TextBlock', text: '- first\n- second', wrap: true },
    { type: 'TextBlock', text: 'Posted by Communications', isSubtle: true, size: 'Small' },
  ]),
  'rich-text-block': card([
    {
      type: 'RichTextBlock',
      inlines: [
        { type: 'TextRun', text: 'Due ', weight: 'Bolder' },
        { type: 'TextRun', text: 'Friday', italic: true },
        ' at ',
        { type: 'TextRun', text: 'noon', strikethrough: true },
      ],
    },
  ]),
  'fact-set': card([{ type: 'FactSet', facts: Array.from({ length: 12 }, (_, i) => ({ title: `Fact ${i + 1}`, value: `Value ${i + 1}` })) }]),
  'containers-and-columns': card([
    { type: 'Container', items: [{ type: 'TextBlock', text: 'In a container' }] },
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', items: [{ type: 'TextBlock', text: 'Left' }] },
        {
          type: 'Column',
          items: [
            { type: 'TextBlock', text: 'Right' },
            { type: 'Image', url: 'https://dmschools.example/logo.png', altText: 'DMPS logo' },
          ],
        },
      ],
    },
  ]),
  image: card([
    { type: 'Image', url: 'https://dmschools.example/garden.jpg', altText: 'Students planting tomatoes' },
    { type: 'Image', url: 'https://dmschools.example/no-alt.jpg' },
  ]),
  'input-text': card(
    [
      { type: 'Input.Text', id: 'name', label: 'Your name', placeholder: 'First and last', isRequired: true, errorMessage: 'Please tell us your name' },
      { type: 'Input.Text', id: 'story', label: 'Your story', isMultiline: true, maxLength: 5000 },
    ],
    [execute('Send', 'story.submit')],
  ),
  'input-choice-set': card(
    [
      {
        type: 'Input.ChoiceSet',
        id: 'compact',
        label: 'Compact',
        style: 'compact',
        value: 'b',
        choices: [
          { title: 'A', value: 'a' },
          { title: 'B', value: 'b' },
        ],
      },
      {
        type: 'Input.ChoiceSet',
        id: 'expanded',
        label: 'Expanded',
        style: 'expanded',
        choices: [
          { title: 'Yes', value: 'yes' },
          { title: 'No', value: 'no' },
        ],
      },
      {
        type: 'Input.ChoiceSet',
        id: 'multi',
        label: 'Multi',
        isMultiSelect: true,
        value: 'x,z',
        choices: [
          { title: 'X', value: 'x' },
          { title: 'Y', value: 'y' },
          { title: 'Z', value: 'z' },
        ],
      },
      {
        type: 'Input.ChoiceSet',
        id: 'multiExpanded',
        label: 'Multi expanded',
        isMultiSelect: true,
        style: 'expanded',
        choices: [
          { title: 'P', value: 'p' },
          { title: 'Q', value: 'q' },
        ],
      },
    ],
    [execute('Save', 'form.save')],
  ),
  'input-toggle-date-number': card(
    [
      { type: 'Input.Toggle', id: 'agree', title: 'I completed the training', valueOn: 'done', valueOff: 'not-yet' },
      { type: 'Input.Date', id: 'when', label: 'Completed on', value: '2026-11-20' },
      { type: 'Input.Number', id: 'hours', label: 'Hours', min: 0, max: 40, value: 2 },
    ],
    [execute('Save', 'training.save')],
  ),
  actions: card(
    [{ type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Open the intranet', url: 'https://intranet.dmschools.example' }] }],
    [
      execute('Approve', 'story.approve', { storyId: 's1' }),
      { type: 'Action.Submit', title: 'Reject', data: { dmpsVerb: 'story.reject', dmpsCard: 'card-1' } },
      { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [] } },
    ],
  ),
  unsupported: card([
    { type: 'Media', sources: [{ url: 'https://dmschools.example/v.mp4' }] },
    { type: 'Table', columns: [], rows: [] },
    { type: 'TextBlock', text: 'Kept' },
  ]),
  truncation: card(
    [
      { type: 'TextBlock', text: `H${'e'.repeat(200)}`, size: 'Large', weight: 'Bolder' },
      { type: 'TextBlock', text: 'x'.repeat(3100) },
      {
        type: 'Input.ChoiceSet',
        id: 'many',
        label: 'Many',
        choices: Array.from({ length: 120 }, (_, i) => ({ title: `Option ${i} ${'o'.repeat(80)}`, value: `v${i}` })),
      },
    ],
    [execute(`A very long button title that goes on ${'and on '.repeat(10)}`, 'long.verb')],
  ),
  'too-many-blocks': card(
    Array.from({ length: 60 }, (_, i) => ({ type: 'Input.Text', id: `q${i}`, label: `Question ${i + 1}` })),
    [execute('Submit', 'survey.answer')],
  ),
};
