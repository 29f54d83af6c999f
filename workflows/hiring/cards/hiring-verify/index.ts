// The verification survey each panel member gets when a process closes: four yes / no questions
// and an optional comment. HR reads the answers per process; the hiring manager never does;
// leaders see only aggregates over groups of at least the pulse surveys' minimum.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import { VERIFY_COMMENT, VERIFY_QUESTIONS } from '../../domain/model.ts';
import template from './template.json' with { type: 'json' };

export const HIRING_VERIFY_CARD = 'hiring-verify';
export const HIRING_VERIFY_VERB = 'hiring.verify';
export const VERIFY_PROCESS_INPUT = 'processId';
/** The questions' input ids are the question keys (domain/model.ts VERIFY_QUESTIONS). */
const QUESTIONS = VERIFY_QUESTIONS;

export interface HiringVerifyData {
  processId: string;
  ref: string;
  position: string;
}

function render(data: HiringVerifyData, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string) => opts.strings.translate(opts.locale, `hiring-verify.${key}`);
  return renderTemplate(
    HIRING_VERIFY_CARD,
    template,
    {
      verb: HIRING_VERIFY_VERB,
      commentId: VERIFY_COMMENT,
      intro: opts.strings.translate(opts.locale, 'hiring-verify.intro', { position: data.position, ref: data.ref }),
      questions: QUESTIONS.map((q) => ({
        id: q,
        label: tr(`q.${q}`),
        choices: [
          { title: tr('yes'), value: 'yes' },
          { title: tr('no'), value: 'no' },
        ],
      })),
      data: { [VERIFY_PROCESS_INPUT]: data.processId },
    },
    opts,
  );
}

export const card: CardDefinition<HiringVerifyData> = {
  name: HIRING_VERIFY_CARD,
  render,
  examples: [{ processId: 'p1', ref: 'H-0001', position: 'Math teacher' }],
};
