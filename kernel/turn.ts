// What a workflow gets: the services (database, log, clock, cards, outbound ports, schedules),
// and for one chat turn the person (already linked and role-checked) and their language. A
// workflow test builds these without any HTTP.

import type { AdaptiveCard, CardDefinition } from '../cards/types.ts';
import type { Clock } from '../core/clock.ts';
import type { Retention } from '../core/config.ts';
import type { DatabaseKind, Db, Role } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import type { Catalog } from './catalog.ts';
import type { Conversation, PlatformName } from './events.ts';
import type { PersonWithRoles } from './identity.ts';
import type { CommandSpec } from './module.ts';
import type { OutboundPort } from './ports.ts';

/** The platforms this process can send on (none in a tool without chat credentials). */
export type Ports = Partial<Record<PlatformName, OutboundPort>>;

export interface Services {
  db: Db;
  kind: DatabaseKind;
  log: Logger;
  clock: Clock;
  defaultLocale: string;
  /** The district's time zone (schedules, dates on cards). */
  timeZone: string;
  catalog: Catalog;
  ports: Ports;
  /** Tells the scheduler that schedule rows were saved or toggled. */
  schedulesChanged(): Promise<void>;
  /** Tells every workflow that the staff directory changed (runs their `onDirectoryChanged`). */
  directoryChanged(): Promise<void>;
  /** How long the nightly housekeeping keeps what the service keeps only for itself (defaults in kernel/housekeeping.ts). */
  retention?: Retention;
}

export interface TurnContext extends Services {
  person: PersonWithRoles;
  roles: Role[];
  locale: string;
  /** Where the person wrote: a 1:1 chat, or a channel / group others read. */
  conversation: Pick<Conversation, 'kind'>;
  /** Commands this person may use (for help). */
  commands: CommandSpec[];
  /** Renders one of the catalog's cards in this person's language. */
  card<D extends object>(card: CardDefinition<D>, data: D): AdaptiveCard;
}
