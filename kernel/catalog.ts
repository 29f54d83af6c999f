// The card catalog, built from the shared cards and every workflow's: each card by its name,
// rendered in a person's language as a fresh card instance, with the strings of every card.

import { newCardInstanceId } from '../cards/render.ts';
import { SHARED_CARDS, SHARED_LOCALES } from '../cards/shared.ts';
import { createStrings, type Strings } from '../cards/strings.ts';
import type { AdaptiveCard, CardDefinition } from '../cards/types.ts';
import { AppError, ErrorCode } from '../core/errors.ts';
import type { WorkflowModule } from './module.ts';

export interface Catalog {
  readonly strings: Strings;
  readonly cards: readonly CardDefinition[];
  /** Renders a card as a fresh instance in a language (unsupported → English). */
  render(name: string, data: object, locale: string): AdaptiveCard;
}

export function createCatalog(modules: readonly WorkflowModule[]): Catalog {
  const cards = [...SHARED_CARDS, ...modules.flatMap((m) => m.cards)];
  const byName = new Map<string, CardDefinition>();
  for (const c of cards) {
    if (byName.has(c.name)) throw new AppError(ErrorCode.Internal, `two cards are named ${c.name}`);
    byName.set(c.name, c);
  }
  const strings = createStrings([SHARED_LOCALES, ...modules.map((m) => m.locales)]);
  return {
    strings,
    cards,
    render(name, data, locale) {
      const card = byName.get(name);
      if (!card) throw new AppError(ErrorCode.Internal, `no card named ${name}`);
      return card.render(data, { locale, cardInstanceId: newCardInstanceId(), strings });
    },
  };
}
