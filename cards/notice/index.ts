// A clear answer to bad input or a failure: a title by tone and one message from notice.*.
import { type RenderOptions, renderTemplate } from '../render.ts';
import type { AdaptiveCard, CardDefinition } from '../types.ts';
import template from './template.json' with { type: 'json' };

export const NOTICE_CARD = 'notice';

export interface NoticeCardData {
  tone: 'info' | 'warning' | 'error';
  /** Key under notice.* (unknown keys fall back to notice.invalidInput). */
  message: string;
  params?: Record<string, string | number>;
}

const COLOR = { info: 'Good', warning: 'Warning', error: 'Attention' } as const;

function render(data: NoticeCardData, opts: RenderOptions): AdaptiveCard {
  const key = typeof opts.strings.value('en', `notice.${data.message}`) === 'string' ? data.message : 'invalidInput';
  return renderTemplate(
    NOTICE_CARD,
    template,
    {
      title: opts.strings.translate(opts.locale, `notice.title.${data.tone}`),
      message: opts.strings.translate(opts.locale, `notice.${key}`, data.params ?? {}),
      color: COLOR[data.tone],
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
  { tone: 'warning', message: 'commentTooLong', params: { max: 2000 } },
];

export const card: CardDefinition<NoticeCardData> = { name: NOTICE_CARD, render, examples };
