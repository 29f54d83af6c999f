// `help` (and any text the bot does not understand): what this person can do, given their roles.
import type { Workflow } from '../../kernel/registry.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import type { Reply } from '../../kernel/events.ts';

export const HELP_CARD = 'help';

export function helpReply(ctx: TurnContext): Reply {
  const firstName = ctx.person.name.trim().split(/\s+/)[0] ?? ctx.person.name;
  const commands = ctx.commands.flatMap((c) => c.helpIds).map((id) => ({ id }));
  return { messages: [{ card: ctx.card(HELP_CARD, { name: firstName, commands }) }] };
}

export const helpWorkflow: Workflow = {
  name: 'help',
  commands: [{ name: 'help', helpIds: ['help'], run: async (ctx) => helpReply(ctx) }],
};
