// Input.ChoiceSet and Input.Toggle → Slack option elements. A toggle is a checkbox group with
// one option whose value carries the card's valueOn/valueOff, so the submitted blocks alone are
// enough to answer "valueOff" for an unticked box (no server-side storage).

import type { Checkboxes, MultiStaticSelect, PlainTextOption, RadioButtons, StaticSelect } from '@slack/types';
import { z } from 'zod';
import type { CardElement } from '../../../cards/types.ts';
import { asArray, isRecord, lower, str, text } from './guards.ts';
import { SLACK_LIMITS as L } from './limits.ts';
import { plainText, type Walk } from './state.ts';

export const TOGGLE_PREFIX = 'dmps:toggle:';

export const encodeToggle = (on: string, off: string): string => `${TOGGLE_PREFIX}${JSON.stringify([on, off])}`;

const togglePair = z.tuple([z.string(), z.string()]);

/** [valueOn, valueOff] from a toggle option's value; undefined for any other value. */
export function decodeToggle(value: string): [string, string] | undefined {
  if (!value.startsWith(TOGGLE_PREFIX)) return undefined;
  try {
    const p = togglePair.safeParse(JSON.parse(value.slice(TOGGLE_PREFIX.length)));
    return p.success ? p.data : undefined;
  } catch {
    return undefined;
  }
}

export type ChoiceElement = StaticSelect | MultiStaticSelect | RadioButtons | Checkboxes;

/** The card's choices as Slack options. A choice whose value Slack cannot carry back intact
 *  (empty, longer than 150, repeated) is dropped rather than answered wrongly. */
function options(el: CardElement, path: string, w: Walk): PlainTextOption[] {
  const usable: { title: string; value: string; at: string }[] = [];
  const seen = new Set<string>();
  for (const [i, choice] of asArray(el.choices).entries()) {
    const at = `${path}.choices[${i}]`;
    const value = isRecord(choice) ? str(choice.value) : undefined;
    if (!isRecord(choice) || !value) w.report.drop(at, 'Input.Choice', 'choice without a value');
    else if (value.length > L.optionValue)
      w.report.drop(at, 'Input.Choice', `choice value longer than Slack's ${L.optionValue} characters: it could not come back intact`);
    else if (seen.has(value)) w.report.drop(at, 'Input.Choice', 'another choice has the same value');
    else {
      seen.add(value);
      usable.push({ title: text(choice.title)?.trim() ?? value, value, at });
    }
  }
  if (usable.length > L.selectOptions) {
    w.report.drop(`${path}.choices`, el.type, `${usable.length - L.selectOptions} choices beyond Slack's ${L.selectOptions} options (the last ones)`);
    usable.length = L.selectOptions;
  }
  return usable.map(({ title, value, at }) => ({
    text: plainText(w.report.fit(title, L.optionText, { path: at, element: 'Input.Choice', what: 'choice title' })),
    value,
  }));
}

/** compact/filtered → select menu; expanded → radio buttons or checkboxes (a select menu when
 *  there are more than Slack's 10 buttons); isMultiSelect → the multi-choice variant. */
export function choiceSetElement(el: CardElement, id: string, path: string, w: Walk): ChoiceElement | undefined {
  if (isRecord(el['choices.data'])) w.report.drop(`${path}.choices.data`, 'Data.Query', 'Slack needs every choice up front: dynamic choices are not offered');
  const opts = options(el, path, w);
  if (!opts.length) {
    w.report.drop(path, el.type, 'no choice Slack can offer');
    return undefined;
  }
  const multi = el.isMultiSelect === true;
  const group = lower(el.style) === 'expanded' && opts.length <= L.groupOptions;
  const value = str(el.value) ?? '';
  // Teams' initial value for a multi-select is the chosen values comma-joined.
  const wanted = multi ? value.split(',') : [value];
  const chosen = opts.filter((o) => o.value !== undefined && wanted.includes(o.value));
  const hint = text(el.placeholder)?.trim();
  const placeholder = hint ? { placeholder: plainText(w.report.fit(hint, L.placeholder, { path, element: el.type, what: 'placeholder' })) } : {};
  if (multi) {
    const initial = chosen.length ? { initial_options: chosen } : {};
    return group
      ? { type: 'checkboxes', action_id: id, options: opts, ...initial }
      : { type: 'multi_static_select', action_id: id, options: opts, ...initial, ...placeholder };
  }
  const initial = chosen[0] ? { initial_option: chosen[0] } : {};
  return group
    ? { type: 'radio_buttons', action_id: id, options: opts, ...initial }
    : { type: 'static_select', action_id: id, options: opts, ...initial, ...placeholder };
}

export function toggleElement(el: CardElement, id: string, path: string, w: Walk): Checkboxes | undefined {
  const on = str(el.valueOn) ?? 'true';
  const off = str(el.valueOff) ?? 'false';
  const value = encodeToggle(on, off);
  if (value.length > L.optionValue) {
    w.report.drop(path, el.type, `valueOn/valueOff too long to travel in Slack's ${L.optionValue}-character option value`);
    return undefined;
  }
  const title = (text(el.title) ?? text(el.label) ?? id).trim();
  const option: PlainTextOption = { text: plainText(w.report.fit(title, L.optionText, { path, element: el.type, what: 'toggle title' })), value };
  return { type: 'checkboxes', action_id: id, options: [option], ...(str(el.value) === on ? { initial_options: [option] } : {}) };
}
