// The interview checklist the hiring manager completes after each candidate interview: each
// item yes / no / not applicable, with a comment required for "no". The same card comes as a
// reminder until it is done. It shows nobody's scores and no other checklist's answers.
import { formatLocal, textLocale } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import { answerKey, commentKey } from '../../domain/interviews.ts';
import template from './template.json' with { type: 'json' };

export const HIRING_CHECKLIST_CARD = 'hiring-checklist';
export const HIRING_CHECKLIST_VERB = 'hiring.checklist';
export const INTERVIEW_ID_INPUT = 'interviewId';

export interface HiringChecklistData {
  interviewId: string;
  ref: string;
  position: string;
  code: string;
  /** District wall clock `YYYY-MM-DDTHH:mm`. */
  at: string;
  /** The form ids come from the items' keys (domain/interviews.ts answerKey, commentKey). */
  items: { key: string; text: { en: string; es: string } }[];
  reminder?: boolean;
}

function render(data: HiringChecklistData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const tr = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `hiring-checklist.${key}`, params);
  const at = formatLocal(data.at, textLocale(opts.strings, opts.locale, 'hiring-checklist.intro'));
  return renderTemplate(
    HIRING_CHECKLIST_CARD,
    template,
    {
      verb: HIRING_CHECKLIST_VERB,
      heading: tr('heading', { code: data.code }),
      intro: tr(data.reminder ? 'reminder' : 'intro', { position: data.position, ref: data.ref, code: data.code, at }),
      items: data.items.map((i, n) => ({
        id: answerKey(i.key),
        commentId: commentKey(i.key),
        label: `${n + 1}. ${i.text[l]}`,
        comment: tr('comment', { n: n + 1 }),
        choices: [
          { title: tr('yes'), value: 'yes' },
          { title: tr('no'), value: 'no' },
          { title: tr('na'), value: 'na' },
        ],
      })),
      data: { [INTERVIEW_ID_INPUT]: data.interviewId },
    },
    opts,
  );
}

const examples: HiringChecklistData[] = [
  {
    interviewId: 'i1',
    ref: 'H-0001',
    position: 'Math teacher',
    code: 'R-1042-C3',
    at: '2026-11-24T10:00',
    items: [
      { key: 'blind_review', text: { en: 'Blind résumé review completed with the weighting', es: 'Revisión ciega completada' } },
      { key: 'accommodations', text: { en: 'Accommodations were offered', es: 'Se ofrecieron adaptaciones' } },
    ],
  },
];

export const card: CardDefinition<HiringChecklistData> = {
  name: HIRING_CHECKLIST_CARD,
  render,
  examples: [...examples, { ...(examples[0] as HiringChecklistData), reminder: true }],
};
