// `people reach`: the directory's reach as a card (the CLI prints the same figures).
import { directoryReach } from '../../directory/reach.ts';
import type { Reply } from '../../kernel/events.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import { card as peopleReach } from './cards/people-reach/index.ts';

export async function reachReply(ctx: TurnContext): Promise<Reply> {
  const reach = await directoryReach(ctx.db);
  ctx.log.info({ people: reach.people, none: reach.none }, 'people reach shown');
  return { messages: [{ card: ctx.card(peopleReach, reach) }] };
}
