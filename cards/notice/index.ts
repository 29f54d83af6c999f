// A clear answer to bad input or a failure: a title by tone and one message from notice.*.
import { translateWithDates } from '../dates.ts';
import { type RenderOptions, renderTemplate } from '../render.ts';
import type { AdaptiveCard, CardDefinition } from '../types.ts';
import template from './template.json' with { type: 'json' };

export const NOTICE_CARD = 'notice';

export interface NoticeCardData {
  tone: 'info' | 'warning' | 'error';
  /** Key under notice.* (unknown keys fall back to notice.invalidInput). */
  message: string;
  /** A param that is a wall-clock date (`YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`, cards/dates.ts) shows
   *  in the person's date format. */
  params?: Record<string, string | number>;
  /** A button to go on with (e.g. "Show my surveys"): its verb, and the string key of its title. */
  action?: { verb: string; title: string };
}

const COLOR = { info: 'Good', warning: 'Warning', error: 'Attention' } as const;

function render(data: NoticeCardData, opts: RenderOptions): AdaptiveCard {
  const key = typeof opts.strings.value('en', `notice.${data.message}`) === 'string' ? data.message : 'invalidInput';
  return renderTemplate(
    NOTICE_CARD,
    template,
    {
      title: opts.strings.translate(opts.locale, `notice.title.${data.tone}`),
      message: translateWithDates(opts.strings, opts.locale, `notice.${key}`, data.params ?? {}),
      color: COLOR[data.tone],
      actions: data.action ? [{ title: opts.strings.translate(opts.locale, data.action.title), verb: data.action.verb }] : [],
    },
    opts,
  );
}

const examples: NoticeCardData[] = [
  { tone: 'warning', message: 'formClosed' },
  { tone: 'error', message: 'internalError' },
  { tone: 'warning', message: 'unknownLanguage', params: { languages: 'en, es, ar' } },
  { tone: 'warning', message: 'requiredMissing', params: { questions: '1, 3' } },
  { tone: 'info', message: 'alreadyAnswered' },
  { tone: 'warning', message: 'notFound', action: { verb: 'survey.list', title: 'survey-list.show' } },
  { tone: 'warning', message: 'surveyResultsPending', params: { closes: '2026-12-08T09:00', answered: 4 } },
  { tone: 'warning', message: 'commentTooLong', params: { max: 2000 } },
];

export const card: CardDefinition<NoticeCardData> = { name: NOTICE_CARD, render, examples };
