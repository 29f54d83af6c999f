// `stories digest`, the list under the preview: the stories the next digest takes, in order,
// then the ones after and the held ones, with Move up, Hold and Release buttons.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition, JsonValue } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const STORIES_UPCOMING_CARD = 'stories-upcoming';
export const STORIES_UP_VERB = 'stories.up';
export const STORIES_HOLD_VERB = 'stories.hold';
export const STORIES_RELEASE_VERB = 'stories.release';
export const UPCOMING_STORY_INPUT = 'storyId';

export interface UpcomingRow {
  id: string;
  ref: string;
  title: string;
  building: string;
  place: 'next' | 'later' | 'held';
  position: number;
}

export interface StoryUpcomingData {
  rows: UpcomingRow[];
}

function render(data: StoryUpcomingData, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `stories-upcoming.${key}`, params);
  const button = (title: string, verb: string, id: string): { title: string; verb: string; data: Record<string, JsonValue> } => ({
    title: tr(title),
    verb,
    data: { [UPCOMING_STORY_INPUT]: id },
  });
  const next = data.rows.filter((r) => r.place === 'next').length;
  return renderTemplate(
    STORIES_UPCOMING_CARD,
    template,
    {
      intro: next === 0 ? tr('empty') : tr('intro', { count: next }),
      rows: data.rows.map((r) => ({
        title: `${r.position}. ${r.title}`,
        detail: tr(`place.${r.place}`, { building: r.building, ref: r.ref }),
        actions:
          r.place === 'held'
            ? [button('release', STORIES_RELEASE_VERB, r.id)]
            : [...(r.position > 1 ? [button('up', STORIES_UP_VERB, r.id)] : []), button('hold', STORIES_HOLD_VERB, r.id)],
      })),
    },
    opts,
  );
}

const examples: StoryUpcomingData[] = [
  {
    rows: [
      { id: '00000000-0000-4000-8000-000000000001', ref: '00000000', title: 'Robotics ${x}', building: 'Hoover High', place: 'next', position: 1 },
      { id: '00000000-0000-4000-8000-000000000002', ref: '00000000', title: 'Family night', building: 'Lincoln High', place: 'next', position: 2 },
      { id: '00000000-0000-4000-8000-000000000003', ref: '00000000', title: 'Thank you', building: 'Roosevelt', place: 'held', position: 3 },
    ],
  },
  { rows: [] },
];

export const card: CardDefinition<StoryUpcomingData> = { name: STORIES_UPCOMING_CARD, render, examples };
