// `help` (and any text the bot does not understand, and the welcome after install): what this
// person can do, given their roles.

import type { Reply } from '../../kernel/events.ts';
import { defineWorkflow } from '../../kernel/module.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import { card as helpCard } from './cards/help/index.ts';
import { locales } from './locales/index.ts';

export const HELP_COMMAND = 'help';

function helpReply(ctx: TurnContext): Reply {
  const firstName = ctx.person.name.trim().split(/\s+/)[0] ?? ctx.person.name;
  const commands = ctx.commands.flatMap((c) => c.helpIds).map((id) => ({ id }));
  return { messages: [{ card: ctx.card(helpCard, { name: firstName, commands }) }] };
}

export const help = defineWorkflow({
  name: 'help',
  cards: [helpCard],
  locales,
  commands: [{ name: HELP_COMMAND, helpIds: ['help'], answersUnknownText: true, run: async (ctx) => helpReply(ctx) }],
});
