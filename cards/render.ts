// Renders a card template (Adaptive Card 1.5 with ${...} bindings, adaptivecards-templating)
// in one language: the template sees its data and `t`, the card's own strings from the
// catalog. Then every Action.Execute gets the routing data (verb, card instance) and an
// Action.Submit fallback for Teams clients without Universal Actions.
import { randomUUID } from 'node:crypto';
import * as ACData from 'adaptivecards-templating';
import { DATA_CARD, DATA_VERB } from './ids.ts';
import { catalogValue, isRtl, localeOrFallback, translate } from './locales.ts';
import type { AdaptiveCard, CardAction } from './types.ts';

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';

export interface RenderOptions {
  locale: string;
  cardInstanceId: string;
}

export const newCardInstanceId = (): string => randomUUID();

/** The card's strings in a language, interpolated with params, as a nested object. */
export function stringsFor(card: string, locale: string, params: Record<string, unknown> = {}): Record<string, unknown> {
  const source = catalogValue('en', card);
  const build = (node: unknown, path: string): unknown =>
    node && typeof node === 'object'
      ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, build(v, `${path}.${k}`)]))
      : translate(locale, path, params);
  return (build(source, card) ?? {}) as Record<string, unknown>;
}

function withUniversalActions(actions: CardAction[] | undefined, cardInstanceId: string): CardAction[] | undefined {
  return actions?.map((a) => {
    if (a.type !== 'Action.Execute' || !a.verb) return a;
    const data = { ...(a.data ?? {}), [DATA_VERB]: a.verb, [DATA_CARD]: cardInstanceId };
    return { ...a, data, fallback: { type: 'Action.Submit', title: a.title, data } } as CardAction;
  });
}

function walkActionSets(node: unknown, cardInstanceId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => walkActionSets(n, cardInstanceId));
  if (!node || typeof node !== 'object') return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walkActionSets(v, cardInstanceId)])) as Record<string, unknown>;
  if (o.type === 'ActionSet' && Array.isArray(o.actions)) o.actions = withUniversalActions(o.actions as CardAction[], cardInstanceId);
  return o;
}

/** Expands a template for one language. `data` is bound as data only: a value such as
 *  "${name}" typed by a person is shown as typed, never evaluated. */
export function renderTemplate(name: string, template: object, data: object, opts: RenderOptions): AdaptiveCard {
  const locale = localeOrFallback(opts.locale);
  const expanded = new ACData.Template(template).expand({ $root: { ...data, t: stringsFor(name, locale, data as Record<string, unknown>) } }) as AdaptiveCard;
  const body = walkActionSets(expanded.body ?? [], opts.cardInstanceId) as AdaptiveCard['body'];
  const actions = withUniversalActions(expanded.actions, opts.cardInstanceId);
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
