// What a workflow step gets for one turn: the person (already linked and role-checked), their
// language, and the services. A workflow test builds one of these without any HTTP.
import type { Db, Role } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import type { Clock } from '../core/clock.ts';
import type { AdaptiveCard } from '../cards/types.ts';
import type { Conversation } from './events.ts';
import type { PersonWithRoles } from './identity.ts';
import type { CommandSpec } from './registry.ts';

/** Renders a card by its catalog name in a language, as a fresh card instance. */
export type CardRenderer = (name: string, data: object, locale: string) => AdaptiveCard;

export interface Services {
  db: Db;
  log: Logger;
  clock: Clock;
  defaultLocale: string;
  renderCard: CardRenderer;
}

export interface TurnContext extends Services {
  person: PersonWithRoles;
  roles: Role[];
  locale: string;
  /** Where the turn happened: a 1:1 chat ('personal'), a channel or a group chat. What the bot
   *  answers here may be read by everyone in the conversation. */
  conversationKind: Conversation['kind'];
  /** Commands this person may use (for help). */
  commands: CommandSpec[];
  /** Renders a card in this person's language. */
  card(name: string, data: object): AdaptiveCard;
}
