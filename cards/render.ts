// Renders a card template (Adaptive Card 1.5 with ${...} bindings, adaptivecards-templating)
// in one language: the template sees its data and `t`, the card's own strings from the
// catalog. Then every Action.Execute gets the routing data (verb, card instance) and an
// Action.Submit fallback for Teams clients without Universal Actions.
import { randomUUID } from 'node:crypto';
import * as ACData from 'adaptivecards-templating';
import { DATA_CARD, DATA_VERB } from './ids.ts';
import { showAsWritten } from './literal.ts';
import { isRtl, type Strings } from './strings.ts';
import type { AdaptiveCard, CardAction } from './types.ts';

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';

export interface RenderOptions {
  locale: string;
  cardInstanceId: string;
  /** The catalog's strings (every card's, in every language). */
  strings: Strings;
}

export const newCardInstanceId = (): string => randomUUID();

/** The card's strings in a language, interpolated with params, as a nested object. */
function stringsFor(strings: Strings, card: string, locale: string, params: Record<string, unknown>): Record<string, unknown> {
  const source = strings.value('en', card);
  const build = (node: unknown, path: string): unknown =>
    node && typeof node === 'object'
      ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, build(v, `${path}.${k}`)]))
      : strings.translate(locale, path, params);
  return (build(source, card) ?? {}) as Record<string, unknown>;
}

/** Universal Actions: every Action.Execute anywhere in the card (card actions, ActionSets,
 *  selectActions, ShowCard sub-cards) carries the routing data, and an Action.Submit fallback
 *  with the same title and data for clients without Action.Execute. */
function routeAction(action: CardAction, cardInstanceId: string): CardAction {
  const data = { ...(action.data ?? {}), [DATA_VERB]: action.verb ?? '', [DATA_CARD]: cardInstanceId };
  // The fallback submits what the action does: an action that needs no inputs stays so.
  const inputs = action.associatedInputs !== undefined ? { associatedInputs: action.associatedInputs } : {};
  const fallback = { type: 'Action.Submit', ...(action.title !== undefined ? { title: action.title } : {}), ...inputs, data };
  return { ...action, data, fallback } as CardAction;
}

function withUniversalActions(node: unknown, cardInstanceId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => withUniversalActions(n, cardInstanceId));
  if (!node || typeof node !== 'object') return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withUniversalActions(v, cardInstanceId)])) as Record<string, unknown>;
  return o.type === 'Action.Execute' ? routeAction(o as CardAction, cardInstanceId) : o;
}

/** Each template's `${...}` expressions parsed once, not on every render: parsing was most of
 *  the templating CPU of a turn (about 6% of it, antlr4ts and adaptive-expressions in the
 *  profile). `expand` is synchronous and keeps nothing between calls but its result, so one
 *  parsed template serves every render. */
const parsed = new WeakMap<object, ACData.Template>();
function parsedTemplate(template: object): ACData.Template {
  let t = parsed.get(template);
  if (!t) {
    t = new ACData.Template(template);
    parsed.set(template, t);
  }
  return t;
}

/** Expands a template for one language. `data` is bound as data only: a value such as
 *  "${name}" typed by a person is shown as typed, never evaluated, and text never reads as
 *  markdown (cards/literal.ts). */
export function renderTemplate(name: string, template: object, data: object, opts: RenderOptions): AdaptiveCard {
  const locale = opts.strings.localeOrFallback(opts.locale);
  const expanded = showAsWritten(
    parsedTemplate(template).expand({
      $root: { ...data, t: stringsFor(opts.strings, name, locale, data as Record<string, unknown>) },
    }) as AdaptiveCard,
  );
  const body = withUniversalActions(expanded.body ?? [], opts.cardInstanceId) as AdaptiveCard['body'];
  const actions = expanded.actions && (withUniversalActions(expanded.actions, opts.cardInstanceId) as CardAction[]);
  return {
    ...expanded,
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    lang: locale,
    ...(isRtl(locale) ? { rtl: true } : {}),
    body,
    ...(actions ? { actions } : {}),
  };
}
