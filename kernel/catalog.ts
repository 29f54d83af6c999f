// The card catalog, built from the shared cards and every workflow's: each card by its name,
// rendered in a person's language as a fresh card instance, with the strings of every card.
//
// Most turns answer with a card rendered before with the same data: the survey's thanks, the
// "language saved" card, a notice. Rendering (templating, strings, escaping, the Universal
// Actions walk) was a tenth to a fifth of such a turn's CPU, so a card rendered twice from the
// same small data is kept, by card, language and data, and given again as a copy with a card
// instance id of its own. A render depends on nothing else: card renders read no clock and no state, only their
// data, the language and the strings. The data is compared as V8 serializes it (structured
// clone), so a Date and its ISO text, or a missing value and an undefined one, are different
// data; data that cannot be serialized (a function) is rendered every time.
//
// A card's text slots (CardDefinition.textSlots: the help card's first name) would make every
// person's data different, so such a card is kept as rendered with a mark in each slot, and
// each copy gets the person's value in place of its mark. Only a value that every step of a
// render leaves as it is gets there this way (letters first, then letters, marks, digits, spaces,
// apostrophes, periods and hyphens: nothing that markdown escaping, i18next or JSON would
// change, nor anything that changes how the text around it is escaped); any other value is
// rendered with the card, as before.
import { serialize } from 'node:v8';
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

/** Rendered cards kept (and data seen once), least recently used dropped first. */
const KEPT_RENDERS = 500;
/** Data above this many bytes (as serialized) is rendered every time: a results card or a
 *  dashboard is rendered for one reader, and would keep a large card for nothing. */
const KEPT_DATA_BYTES = 2_048;

interface KeptRender {
  json: string;
  /** The instance id the kept card carries, replaced in every copy; undefined when it has none. */
  instanceId: string | undefined;
}

/** A slot value that reads the same after every step of a render, whatever text is around it. */
const INERT_TEXT = /^\p{L}[\p{L}\p{M}\p{N}\p{Zs}'\u2019.-]{0,99}$/u;
/** What stands in a text slot of a kept card (private-use characters: no catalog text has them). */
const slotMark = (i: number): string => `\uE0F0${i}\uE0F1`;

/** The data with each text slot's mark in place of its value, and the values; undefined when
 *  the card has no slots or a value is not inert text (the card is then rendered with it). */
function slotted(card: CardDefinition, data: object): { data: object; values: string[] } | undefined {
  if (!card.textSlots?.length) return undefined;
  const values: string[] = [];
  const marked: Record<string, unknown> = { ...data };
  for (const [i, slot] of card.textSlots.entries()) {
    const value = (data as Record<string, unknown>)[slot];
    if (typeof value !== 'string' || !INERT_TEXT.test(value)) return undefined;
    values.push(value);
    marked[slot] = slotMark(i);
  }
  return { data: marked, values };
}

/** A kept card's JSON with each slot's mark replaced by its value. */
const fillSlots = (json: string, values: string[] | undefined): string =>
  values ? values.reduce((out, value, i) => out.replaceAll(slotMark(i), JSON.stringify(value).slice(1, -1)), json) : json;

const dataKey = (data: object): string | undefined => {
  try {
    const bytes = serialize(data);
    return bytes.length <= KEPT_DATA_BYTES ? bytes.toString('latin1') : undefined;
  } catch {
    return undefined; // a function or a symbol in the data
  }
};

export function createCatalog(modules: readonly WorkflowModule[]): Catalog {
  const cards = [...SHARED_CARDS, ...modules.flatMap((m) => m.cards)];
  const byName = new Map<string, CardDefinition>();
  for (const c of cards) {
    if (byName.has(c.name)) throw new AppError(ErrorCode.Internal, `two cards are named ${c.name}`);
    byName.set(c.name, c);
  }
  const strings = createStrings([SHARED_LOCALES, ...modules.map((m) => m.locales)]);
  /** null: rendered once from this data, not kept yet (data seen once, as every help card's
   *  greeting is, costs no copy of its card). */
  const kept = new Map<string, KeptRender | null>();
  return {
    strings,
    cards,
    render(name, data, locale) {
      const card = byName.get(name);
      if (!card) throw new AppError(ErrorCode.Internal, `no card named ${name}`);
      const slots = slotted(card, data);
      const source = dataKey(slots?.data ?? data);
      const key = source === undefined ? undefined : `${name}\u0000${locale}\u0000${source}`;
      const found = key === undefined ? undefined : kept.get(key);
      if (key !== undefined && found) {
        kept.delete(key);
        kept.set(key, found);
        const json = fillSlots(found.json, slots?.values);
        return JSON.parse(found.instanceId ? json.replaceAll(found.instanceId, newCardInstanceId()) : json) as AdaptiveCard;
      }
      const cardInstanceId = newCardInstanceId();
      const marked = slots && card.render(slots.data, { locale, cardInstanceId, strings });
      const rendered = marked
        ? (JSON.parse(fillSlots(JSON.stringify(marked), slots.values)) as AdaptiveCard)
        : card.render(data, { locale, cardInstanceId, strings });
      if (key !== undefined) {
        // Kept from its second render on; the first only notes the data.
        let entry: KeptRender | null = null;
        if (found === null) {
          const json = JSON.stringify(marked ?? rendered);
          entry = { json, instanceId: json.includes(cardInstanceId) ? cardInstanceId : undefined };
        }
        kept.delete(key);
        kept.set(key, entry);
        for (const oldest of kept.keys()) if (kept.size > KEPT_RENDERS) kept.delete(oldest);
      }
      return rendered;
    },
  };
}
