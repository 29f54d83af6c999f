// `language es` / `language en` changes the person's preferred language; `language` alone
// opens a picker. Every later card is rendered in the chosen language.
import { AppError, ErrorCode } from '../../core/errors.ts';
import { isSupportedLocale, supportedLocales } from '../../cards/locales.ts';
import { LANGUAGE_INPUT, LANGUAGE_SET_VERB } from '../../cards/language-picker/index.ts';
import type { Workflow } from '../../kernel/registry.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import type { Reply } from '../../kernel/events.ts';

export const LANGUAGE_PICKER_CARD = 'language-picker';
export const LANGUAGE_CHANGED_CARD = 'language-changed';

async function setLanguage(ctx: TurnContext, requested: string | undefined, asUpdate: boolean): Promise<Reply> {
  const code = (requested ?? '').trim().toLowerCase();
  if (!isSupportedLocale(code))
    throw new AppError(ErrorCode.InvalidInput, 'unsupported language', {
      details: { notice: 'unknownLanguage', noticeParams: { languages: supportedLocales().join(', ') } },
    });
  await ctx.db.person.update({ where: { id: ctx.person.id }, data: { language: code } });
  ctx.log.info({ personId: ctx.person.id, language: code }, 'language changed');
  const card = ctx.renderCard(LANGUAGE_CHANGED_CARD, { language: code }, code);
  return asUpdate ? { update: card } : { messages: [{ card }] };
}

export const languageWorkflow: Workflow = {
  name: 'language',
  commands: [
    {
      name: 'language',
      helpIds: ['language'],
      run: async (ctx, args) =>
        args.length === 0 ? { form: ctx.card(LANGUAGE_PICKER_CARD, { current: ctx.locale }) } : setLanguage(ctx, args[0], false),
    },
  ],
  verbs: [{ verb: LANGUAGE_SET_VERB, run: async (ctx, event) => setLanguage(ctx, event.values[LANGUAGE_INPUT], true) }],
};
