// Adaptive Card inputs → Slack input blocks. The input id is both block_id and action_id, so
// Slack's state.values come back keyed by input id, like Teams' submitted values.
import type { Datepicker, InputBlock, InputBlockElement, NumberInput, PlainTextElement, PlainTextInput, Timepicker } from '@slack/types';
import type { CardElement } from '../../../cards/types.ts';
import { choiceSetElement, toggleElement } from './choices.ts';
import { isRecord, lower, num, str, text } from './guards.ts';
import { SLACK_LIMITS as L } from './limits.ts';
import { plainText, type Rendered, type Walk } from './state.ts';
import { cut } from './text.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function placeholderOf(el: CardElement, path: string, w: Walk): { placeholder?: PlainTextElement } {
  const hint = text(el.placeholder)?.trim();
  return hint ? { placeholder: plainText(w.report.fit(hint, L.placeholder, { path, element: el.type, what: 'placeholder' })) } : {};
}

function textInput(el: CardElement, id: string, path: string, w: Walk): PlainTextInput {
  if (lower(el.style) === 'password') w.report.drop(`${path}.style`, el.type, 'password masking: Slack shows what is typed');
  if (text(el.regex)) w.report.drop(`${path}.regex`, el.type, 'Slack cannot check an answer against a pattern');
  if (isRecord(el.inlineAction)) w.report.drop(`${path}.inlineAction`, str(el.inlineAction.type) ?? 'unknown', 'Slack inputs have no inline action');
  const maxLength = num(el.maxLength);
  let max: number | undefined;
  if (maxLength !== undefined && maxLength >= 1) {
    max = Math.min(Math.floor(maxLength), L.textInputLength);
    if (maxLength > L.textInputLength)
      w.report.truncated(
        `${path}.maxLength`,
        el.type,
        `maxLength ${maxLength} is more than Slack's ${L.textInputLength}: answers are capped at ${L.textInputLength}`,
      );
  }
  const value = str(el.value);
  const limit = max ?? L.textInputLength;
  if (value && value.length > limit)
    w.report.truncated(`${path}.value`, el.type, `initial value longer than the input's ${limit}-character maximum: cut with an ellipsis`);
  return {
    type: 'plain_text_input',
    action_id: id,
    ...(el.isMultiline === true ? { multiline: true } : {}),
    ...(max !== undefined ? { max_length: max } : {}),
    ...(value ? { initial_value: cut(value, limit, 'plain') } : {}),
    ...placeholderOf(el, path, w),
  };
}

/** Slack offers number_input only in modals. In a message the answer is typed as text; the
 *  translation then asks for the form to open as a modal when the card has one to open. */
function numberInput(el: CardElement, id: string, path: string, w: Walk): NumberInput | PlainTextInput {
  const value = num(el.value);
  const initial = value !== undefined ? { initial_value: String(value) } : {};
  if (w.surface === 'message') {
    w.needsModal = true;
    w.report.drop(path, el.type, 'Slack shows number inputs only in modals: a text input is used here, so numbers and min/max are not checked');
    return { type: 'plain_text_input', action_id: id, ...initial, ...placeholderOf(el, path, w) };
  }
  const min = num(el.min);
  const max = num(el.max);
  return {
    type: 'number_input',
    action_id: id,
    is_decimal_allowed: true,
    ...(min !== undefined ? { min_value: String(min) } : {}),
    ...(max !== undefined ? { max_value: String(max) } : {}),
    ...initial,
    ...placeholderOf(el, path, w),
  };
}

/** Date and time pickers: Slack's have no earliest/latest bound. */
function bounds(el: CardElement, path: string, w: Walk): void {
  for (const key of ['min', 'max'] as const)
    if (text(el[key]))
      w.report.drop(
        `${path}.${key}`,
        el.type,
        `Slack's ${el.type === 'Input.Date' ? 'date' : 'time'} picker has no ${key === 'min' ? 'earliest' : 'latest'} bound`,
      );
}

function datePicker(el: CardElement, id: string, path: string, w: Walk): Datepicker {
  bounds(el, path, w);
  const value = str(el.value);
  if (value && !DATE.test(value)) w.report.drop(`${path}.value`, el.type, 'initial date is not YYYY-MM-DD');
  return { type: 'datepicker', action_id: id, ...(value && DATE.test(value) ? { initial_date: value } : {}), ...placeholderOf(el, path, w) };
}

function timePicker(el: CardElement, id: string, path: string, w: Walk): Timepicker {
  bounds(el, path, w);
  const value = str(el.value);
  if (value && !TIME.test(value)) w.report.drop(`${path}.value`, el.type, 'initial time is not HH:mm');
  return { type: 'timepicker', action_id: id, ...(value && TIME.test(value) ? { initial_time: value } : {}), ...placeholderOf(el, path, w) };
}

function inputElement(el: CardElement, id: string, path: string, w: Walk): InputBlockElement | undefined {
  switch (el.type) {
    case 'Input.Text':
      return textInput(el, id, path, w);
    case 'Input.Number':
      return numberInput(el, id, path, w);
    case 'Input.Date':
      return datePicker(el, id, path, w);
    case 'Input.Time':
      return timePicker(el, id, path, w);
    case 'Input.ChoiceSet':
      return choiceSetElement(el, id, path, w);
    case 'Input.Toggle':
      return toggleElement(el, id, path, w);
    default:
      w.report.drop(path, el.type, 'input type Slack cannot show');
      return undefined;
  }
}

export const isInput = (el: CardElement): boolean => el.type.startsWith('Input.');

export function inputBlock(el: CardElement, path: string, w: Walk): Rendered[] {
  const id = text(el.id);
  if (!id) {
    w.report.drop(path, el.type, 'input without an id: its answer could not be returned');
    return [];
  }
  if (id.length > L.blockId) {
    w.report.drop(path, el.type, `input id longer than Slack's ${L.blockId}-character block_id`);
    return [];
  }
  if (w.inputIds.has(id)) {
    w.report.drop(path, el.type, `another input already has the id "${id}"`);
    return [];
  }
  const element = inputElement(el, id, path, w);
  if (!element) return [];
  w.inputIds.add(id);
  if (text(el.errorMessage)) w.report.drop(`${path}.errorMessage`, el.type, 'Slack shows its own message for a missing or invalid answer');
  const label = (text(el.label) ?? (el.type === 'Input.Toggle' ? text(el.title) : undefined) ?? text(el.placeholder) ?? id).trim();
  const block: InputBlock = {
    type: 'input',
    block_id: id,
    label: plainText(w.report.fit(label, L.inputLabel, { path, element: el.type, what: 'label' })),
    optional: el.isRequired !== true,
    element,
  };
  return [{ block, path, element: el.type }];
}
