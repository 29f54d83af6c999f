// Short messages of the story loop: the submitter's confirmation and the later answer
// (approved, sent back with the note, declined with the reason), the reviewer's confirmation,
// the batched "new stories to review" for communications, and the day-before warning that no
// story is approved. What people typed (a title, a note) is shown as quoted lines, never
// passed through the strings' interpolation.
import { translateWithDates } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition, JsonValue } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const STORIES_ACK_CARD = 'stories-ack';
/** Opens the review (the button on "new stories to review"). */
export const STORIES_REVIEW_VERB = 'stories.review';
/** Opens the digest preview (the button on the warning). */
export const STORIES_DIGEST_VERB = 'stories.digest';

export type AckMessage =
  | 'submitted'
  | 'resubmitted'
  | 'approved'
  | 'sentBack'
  | 'declined'
  | 'reviewApproved'
  | 'reviewSentBack'
  | 'reviewDeclined'
  | 'saved'
  | 'newSubmissions'
  | 'nothingApproved'
  | 'nothingToReview';

export interface StoryAckData {
  message: AckMessage;
  params?: Record<string, string | number>;
  /** Text people typed, shown as written: a title, a reviewer's note. */
  quotes?: string[];
  /** A way on: the review, or the digest preview. */
  button?: 'review' | 'digest';
}

const BUTTONS = { review: STORIES_REVIEW_VERB, digest: STORIES_DIGEST_VERB } as const;

function render(data: StoryAckData, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string) => translateWithDates(opts.strings, opts.locale, `stories-ack.${key}`, data.params ?? {});
  const buttons: { title: string; verb: string; data: Record<string, JsonValue> }[] = data.button
    ? [{ title: tr(`button.${data.button}`), verb: BUTTONS[data.button], data: {} }]
    : [];
  return renderTemplate(
    STORIES_ACK_CARD,
    template,
    { heading: tr(`heading.${data.message}`), message: tr(data.message), quotes: (data.quotes ?? []).map((text) => ({ text })), buttons },
    opts,
  );
}

const examples: StoryAckData[] = [
  { message: 'submitted', params: { ref: '3f2a9c1b' }, quotes: ['Robotics ${x} {{y}} [a](https://e.example)'] },
  { message: 'resubmitted', params: { ref: '3f2a9c1b' }, quotes: ['Robotics'] },
  { message: 'approved', params: { ref: '3f2a9c1b' }, quotes: ['Robotics'] },
  { message: 'sentBack', params: { ref: '3f2a9c1b' }, quotes: ['Robotics', 'Please add the date.'] },
  { message: 'declined', params: { ref: '3f2a9c1b' }, quotes: ['Robotics', 'We covered this last week.'] },
  { message: 'reviewApproved', params: { ref: '3f2a9c1b', waiting: 2 }, quotes: ['Robotics'], button: 'review' },
  { message: 'reviewSentBack', params: { ref: '3f2a9c1b', waiting: 0 }, quotes: ['Robotics'] },
  { message: 'reviewDeclined', params: { ref: '3f2a9c1b', waiting: 1 }, quotes: ['Robotics'], button: 'review' },
  { message: 'saved', params: { ref: '3f2a9c1b' }, quotes: ['Robotics'] },
  { message: 'newSubmissions', params: { count: 3 }, quotes: ['Robotics (Hoover High)'], button: 'review' },
  { message: 'nothingApproved', params: { date: '2026-12-04' }, button: 'review' },
  { message: 'nothingToReview' },
];

export const card: CardDefinition<StoryAckData> = { name: STORIES_ACK_CARD, render, examples };
