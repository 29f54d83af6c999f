// Adaptive Card JSON as the product produces it (schema 1.5). Elements stay open records: the
// card schema is the authority (validated in tests), these types only name what code reads.
import type { RenderOptions } from './render.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface CardElement {
  type: string;
  id?: string;
  [key: string]: unknown;
}

export interface CardAction {
  type: 'Action.Execute' | 'Action.Submit' | 'Action.OpenUrl' | 'Action.ShowCard' | 'Action.ToggleVisibility';
  title?: string;
  verb?: string;
  data?: { [key: string]: JsonValue };
  url?: string;
  [key: string]: unknown;
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  $schema?: string;
  lang?: string;
  rtl?: boolean;
  body?: CardElement[];
  actions?: CardAction[];
  refresh?: { [key: string]: JsonValue };
  [key: string]: unknown;
}

/** The values a submitted card carries: Teams' shape (every input value is a string;
 *  multi-select choices are comma-joined; toggles give their valueOn/valueOff). */
export type SubmittedValues = Record<string, string>;

/** One card of the catalog: its name (prefixed by its workflow), how it renders, and example
 *  data that the card tests render in every language. `render` is a method so that a card of a
 *  specific data type is still a `CardDefinition`. */
export interface CardDefinition<D extends object = object> {
  readonly name: string;
  render(data: D, opts: RenderOptions): AdaptiveCard;
  readonly examples: readonly D[];
  /** Data fields that are a person's words shown only inside text, such as a first name: the
   *  catalog keeps one render for every value of them and puts the value in its place
   *  (kernel/catalog.ts), where one kept card per person would never be given twice. */
  readonly textSlots?: readonly string[];
}
