// `help` (and any text the bot does not understand, and the welcome after install): what this
// person can do, given their roles, with buttons for the few things people do most.

import { z } from 'zod';
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { Reply } from '../../kernel/events.ts';
import { type CommandSpec, defineVerb, defineWorkflow } from '../../kernel/module.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import { HELP_COMMAND_INPUT, HELP_RUN_VERB, type HelpMode, card as helpCard } from './cards/help/index.ts';
import { locales } from './locales/index.ts';

export const HELP_COMMAND = 'help';
/** At most this many buttons: a phone shows them without scrolling. */
const MAX_BUTTONS = 4;

/** The commands offered as buttons: those whose help line has a `button` label, in the order
 *  help lists them. A button runs the command without arguments. */
function buttonsFor(ctx: TurnContext, mode: HelpMode) {
  const labelled = (id: string) => typeof ctx.catalog.strings.value('en', `help.commands.${id}.button`) === 'string';
  return ctx.commands
    .filter((c) => mode === 'unknown' || c.name !== HELP_COMMAND)
    .flatMap((c) => {
      const id = c.helpIds.find(labelled);
      return id ? [{ command: c.name, id }] : [];
    })
    .slice(0, MAX_BUTTONS);
}

function helpReply(ctx: TurnContext, mode: HelpMode): Reply {
  const firstName = ctx.person.name.trim().split(/\s+/)[0] ?? ctx.person.name;
  const commands = ctx.commands.flatMap((c) => c.helpIds).map((id) => ({ id }));
  return { messages: [{ card: ctx.card(helpCard, { mode, name: firstName, commands, buttons: buttonsFor(ctx, mode) }) }] };
}

/** A button of the help card: the command runs as if typed, if this person may use it. */
async function runCommand(ctx: TurnContext, name: string): Promise<Reply> {
  const spec: CommandSpec | undefined = ctx.commands.find((c) => c.name === name);
  if (!spec) throw new AppError(ErrorCode.Forbidden, 'help.run: a command this person may not use', { notice: { key: 'forbidden' } });
  return spec.run(ctx, []);
}

export const help = defineWorkflow({
  name: 'help',
  cards: [helpCard],
  locales,
  commands: [{ name: HELP_COMMAND, helpIds: ['help'], run: async (ctx) => helpReply(ctx, 'help') }],
  fallback: {
    unknownText: async (ctx) => helpReply(ctx, 'unknown'),
    welcome: async (ctx) => helpReply(ctx, 'welcome'),
  },
  verbs: [
    defineVerb({
      verb: HELP_RUN_VERB,
      input: z.object({ [HELP_COMMAND_INPUT]: z.string().max(200) }),
      run: async (ctx, input) => runCommand(ctx, input[HELP_COMMAND_INPUT]),
    }),
  ],
});
