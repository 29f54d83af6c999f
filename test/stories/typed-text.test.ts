// Text people typed is data, never template or markup: adaptivecards-templating binds a data
// value such as "${$root.intro}" as the string it is (it does not evaluate a value again), the
// strings' interpolation never sees it, and the card machinery escapes markdown (cards/literal.ts).
// Checked on every card that shows typed text, as Teams shows it and after Slack's translation.
import { describe, expect, it } from 'vitest';
import { cardToMessage } from '../../bots/slack/blockkit/index.ts';
import { visibleText } from '../behaviour/drivers.ts';
import { renderCatalogCard } from '../support/catalog.ts';

const TYPED = [
  '${$root.intro}',
  '${t.title}',
  '{{count}}',
  '$t(stories-digest.title)',
  '[click](https://evil.example)',
  '*bold* _it_',
  '<b>x</b> &amp;',
  '# heading',
].join(' ');
const STORY_ID = '00000000-0000-4000-8000-00000000abcd';

const cards: [string, object][] = [
  [
    'stories-digest',
    {
      stories: [
        { id: STORY_ID, language: 'en', title: TYPED, body: TYPED, building: TYPED, category: 'event', photoUrl: 'https://e.example/a.jpg', photoAlt: TYPED },
      ],
    },
  ],
  ['stories-ack', { message: 'sentBack', params: { ref: 'abcd1234' }, quotes: [TYPED, TYPED] }],
  ['stories-list', { kind: 'archive', groups: [{ title: TYPED, facts: [{ title: 'Week', value: TYPED }] }] }],
  ['stories-upcoming', { rows: [{ id: STORY_ID, ref: 'abcd1234', title: TYPED, building: 'Hoover', place: 'next', position: 1 }] }],
];

describe.each(['en', 'es', 'ar'])('typed text shows as typed (%s)', (locale) => {
  it.each(cards)('%s on Teams and on Slack', (name, data) => {
    const card = renderCatalogCard(name, data, locale);
    const teams = visibleText(card, 'teams');
    const slack = visibleText(cardToMessage(card).blocks, 'slack');
    for (const [platform, text] of [
      ['teams', teams],
      ['slack', slack],
    ] as const) {
      expect(text, platform).toContain(TYPED);
      // Nothing was evaluated: the digest's intro and title do not appear where the typed text asked for them.
      expect(text.split(TYPED).join(''), platform).not.toContain('{{');
    }
  });

  it('the photo keeps its alt text on both platforms', () => {
    const card = renderCatalogCard(...(cards[0] as [string, object]), locale);
    expect(JSON.stringify(card)).toContain(`"altText":${JSON.stringify(TYPED)}`);
    expect(JSON.stringify(cardToMessage(card).blocks)).toContain(`"alt_text":${JSON.stringify(TYPED)}`);
  });
});
