// Renders a card template (Adaptive Card 1.5 with ${...} bindings, adaptivecards-templating)
// in one language: the template sees its data and `t`, the card's own strings from the
// catalog. Then every Action.Execute gets the routing data (verb, card instance) and an
// Action.Submit fallback for Teams clients without Universal Actions.
import { randomUUID } from 'node:crypto';
import * as ACData from 'adaptivecards-templating';
import { DATA_CARD, DATA_VERB } from './ids.ts';
import { mapObject, showAsWritten } from './literal.ts';
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

/** A card's strings in one language with every fixed string in place (frozen: templates only
 *  read it), and the key paths of the strings that take values. */
interface PreparedStrings {
  tree: Record<string, unknown>;
  takesValues: string[][];
}
const preparedByCatalog = new WeakMap<Strings, Map<string, PreparedStrings>>();

function prepareStrings(strings: Strings, card: string, locale: string): PreparedStrings {
  const takesValues: string[][] = [];
  const build = (node: unknown, path: string[]): unknown => {
    if (node && typeof node === 'object') return Object.freeze(Object.fromEntries(Object.entries(node).map(([k, v]) => [k, build(v, [...path, k])])));
    const fixed = strings.fixed(locale, [card, ...path].join('.'));
    if (fixed === undefined) takesValues.push(path);
    return fixed;
  };
  return { tree: (build(strings.value('en', card), []) ?? Object.freeze({})) as Record<string, unknown>, takesValues };
}

/** `tree` with the value at `path` replaced, copying only the objects along the path. */
function withValueAt(tree: Record<string, unknown>, [head, ...rest]: string[], value: string): Record<string, unknown> {
  if (head === undefined) return tree;
  return { ...tree, [head]: rest.length ? withValueAt(tree[head] as Record<string, unknown>, rest, value) : value };
}

/** The card's strings in a language, interpolated with params, as a nested object. The fixed
 *  ones are looked up once per card and language (the help card alone has every command's
 *  lines: walking them all on every render was about a twentieth of a chat turn). */
export function cardStrings(strings: Strings, card: string, locale: string, params: Record<string, unknown>): Record<string, unknown> {
  // `count` and `context` pick other keys (plurals, contexts): every string through i18next.
  if ('count' in params || 'context' in params) {
    const build = (node: unknown, path: string): unknown =>
      node && typeof node === 'object'
        ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, build(v, `${path}.${k}`)]))
        : strings.translate(locale, path, params);
    return (build(strings.value('en', card), card) ?? {}) as Record<string, unknown>;
  }
  const byCard = preparedByCatalog.get(strings) ?? new Map<string, PreparedStrings>();
  preparedByCatalog.set(strings, byCard);
  const id = `${card}\u0000${locale}`;
  const prepared = byCard.get(id) ?? prepareStrings(strings, card, locale);
  byCard.set(id, prepared);
  let tree = prepared.tree;
  for (const path of prepared.takesValues) tree = withValueAt(tree, path, strings.translate(locale, [card, ...path].join('.'), params));
  return tree;
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
  const o = mapObject(node as Record<string, unknown>, (v) => withUniversalActions(v, cardInstanceId));
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
      $root: { ...data, t: cardStrings(opts.strings, name, locale, data as Record<string, unknown>) },
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
