// The product's card catalog and strings, assembled from the workflow list as the service does.
import { type Clock, systemClock } from '../../core/clock.ts';
import type { DatabaseKind, Db } from '../../core/db.ts';
import { createLogger, type Logger } from '../../core/log.ts';
import { assemble } from '../../kernel/assemble.ts';
import type { Ports, Services } from '../../kernel/turn.ts';
import { WORKFLOWS } from '../../workflows/index.ts';

export const product = assemble(WORKFLOWS);
export const { catalog } = product;
export const translate = catalog.strings.translate;
export const renderCatalogCard = catalog.render;

/** Every example of every card, by card name. */
export const allCardExamples = (): { name: string; data: object }[] => catalog.cards.flatMap((c) => c.examples.map((data) => ({ name: c.name, data })));

/** The services a workflow gets, for tests that call the kernel or a workflow without HTTP. */
export function testServices(db: Db, opts: { kind?: DatabaseKind; log?: Logger; clock?: Clock; ports?: Ports } = {}): Services {
  const services: Services = {
    db,
    kind: opts.kind ?? 'sqlite',
    log: opts.log ?? createLogger({ level: 'silent' }),
    clock: opts.clock ?? systemClock,
    defaultLocale: 'en',
    timeZone: 'America/Chicago',
    catalog,
    ports: opts.ports ?? {},
    schedulesChanged: async () => undefined,
    directoryChanged: async () => product.directoryChanged(services),
  };
  return services;
}
