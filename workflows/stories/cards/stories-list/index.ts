// Lists of the story loop as groups of facts: `stories stats` (per digest: sent, delivered,
// failed by reason per platform, celebrations; the weeks of the term with a digest), `stories
// archive` (published stories by building and week) and `stories mine` (a submitter's own
// stories and where each stands). Operations compute the figures; this card only lays them out.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const STORIES_LIST_CARD = 'stories-list';

export interface StoryListData {
  kind: 'stats' | 'archive' | 'mine';
  /** Groups already in words (operations translate labels through the same strings). */
  groups: { title: string; facts: { title: string; value: string }[] }[];
}

function render(data: StoryListData, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string) => opts.strings.translate(opts.locale, `stories-list.${key}`);
  return renderTemplate(STORIES_LIST_CARD, template, { heading: tr(`heading.${data.kind}`), empty: tr(`empty.${data.kind}`), groups: data.groups }, opts);
}

const examples: StoryListData[] = [
  { kind: 'stats', groups: [{ title: 'Friday, December 4, 2026', facts: [{ title: 'Sent', value: '12 people, 2 channels' }] }] },
  { kind: 'archive', groups: [{ title: 'Hoover High', facts: [{ title: 'Week of Dec 4', value: 'Robotics [x](y) ${z}' }] }] },
  { kind: 'mine', groups: [] },
];

export const card: CardDefinition<StoryListData> = { name: STORIES_LIST_CARD, render, examples };
