// A short confirmation for survey managers: launched (with its true reach: how many get it on
// Teams, on Slack, and how many will not and why), scheduled, closed.
import { translateWithDates } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_ACK_CARD = 'survey-ack';

export interface SurveyAckData {
  message: 'launched' | 'scheduled' | 'closed' | 'alreadyClosed';
  params: Record<string, string | number>;
  /** Further lines under the message (the launch's reach). */
  lines?: { key: 'reach' | 'unreachable'; params: Record<string, string | number> }[];
}

function render(data: SurveyAckData, opts: RenderOptions): AdaptiveCard {
  return renderTemplate(
    SURVEY_ACK_CARD,
    template,
    {
      heading: opts.strings.translate(opts.locale, `survey-ack.heading.${data.message}`),
      message: translateWithDates(opts.strings, opts.locale, `survey-ack.${data.message}`, data.params),
      lines: (data.lines ?? []).map((l) => ({ text: opts.strings.translate(opts.locale, `survey-ack.${l.key}`, l.params) })),
    },
    opts,
  );
}

const examples: SurveyAckData[] = [
  {
    message: 'launched',
    params: { title: 'Monthly pulse', closes: '2026-12-01', id: 'r1' },
    lines: [
      { key: 'reach', params: { teams: 1, slack: 0 } },
      { key: 'unreachable', params: { count: 14 } },
    ],
  },
  { message: 'scheduled', params: { title: 'Monthly pulse', when: 'every month on the first Tuesday at 9:00', id: 's1' } },
  { message: 'closed', params: { title: 'Monthly pulse', id: 'r1', sent: 12 } },
  { message: 'alreadyClosed', params: { title: 'Monthly pulse', id: 'r1' } },
];

export const card: CardDefinition<SurveyAckData> = { name: SURVEY_ACK_CARD, render, examples };
