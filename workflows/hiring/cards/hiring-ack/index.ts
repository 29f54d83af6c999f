// A short answer of the hiring workflow: a checklist or verification recorded (or already
// recorded), a process closed, an interview recorded, and the panel's reminder to score on their
// own. Campaigns send it too (its data is plain JSON).
import { translateWithDates } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const HIRING_ACK_CARD = 'hiring-ack';

export const ACK_MESSAGES = [
  'checklistRecorded',
  'checklistAlready',
  'verifyRecorded',
  'verifyAlready',
  'closed',
  'alreadyClosed',
  'interviewAdded',
  'scoreOnYourOwn',
] as const;

export interface HiringAckData {
  message: (typeof ACK_MESSAGES)[number];
  params: Record<string, string | number>;
}

function render(data: HiringAckData, opts: RenderOptions): AdaptiveCard {
  return renderTemplate(
    HIRING_ACK_CARD,
    template,
    {
      heading: opts.strings.translate(opts.locale, `hiring-ack.heading.${data.message}`),
      message: translateWithDates(opts.strings, opts.locale, `hiring-ack.${data.message}`, data.params),
    },
    opts,
  );
}

const p = { ref: 'H-0001', position: 'Math teacher', code: 'R-1042-C3', sent: 4 };
const WITH_TIME: readonly string[] = ['interviewAdded', 'scoreOnYourOwn'];
const examples: HiringAckData[] = ACK_MESSAGES.map((message) => ({ message, params: WITH_TIME.includes(message) ? { ...p, at: '2026-11-24T10:00' } : p }));

export const card: CardDefinition<HiringAckData> = { name: HIRING_ACK_CARD, render, examples };
