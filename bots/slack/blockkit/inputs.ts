// Adaptive Card inputs → Slack input blocks. The input id is both block_id and action_id, so
// values come back keyed by input id.
import type { CardElement } from '../../../cards/types.ts';
import { SLACK_LIMITS as L, type Report } from './limits.ts';
import { plain } from './text.ts';

export const TOGGLE_PREFIX = 'dmps-toggle:';
type Block = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const ptext = (text: string) => ({ type: 'plain_text', text, emoji: true });

function option(choice: unknown, path: string, r: Report) {
  const c = (choice ?? {}) as { title?: unknown; value?: unknown };
  const value = str(c.value) ?? '';
  return { text: ptext(r.fit(plain(str(c.title) ?? value), L.optionText, path, 'Input.Choice', 'option text') || ' '), value: r.fit(value, L.optionValue, path, 'Input.Choice', 'option value') };
}

function choiceElement(el: CardElement, id: string, path: string, r: Report): Record<string, unknown> {
  let choices = Array.isArray(el.choices) ? el.choices : [];
  if (choices.length > L.selectOptions) {
    r.drop(`${path}.choices[${L.selectOptions}..]`, 'Input.Choice', `more than ${L.selectOptions} options`);
    choices = choices.slice(0, L.selectOptions);
  }
  const options = choices.map((c, i) => option(c, `${path}.choices[${i}]`, r));
  const multi = el.isMultiSelect === true;
  const expanded = el.style === 'expanded';
  const type = multi ? (expanded ? 'checkboxes' : 'multi_static_select') : expanded ? 'radio_buttons' : 'static_select';
  const initial = (str(el.value) ?? '').split(',').filter(Boolean);
  const chosen = options.filter((o) => initial.includes(o.value));
  const out: Record<string, unknown> = { type, action_id: id, options };
  if (chosen.length) out[multi ? 'initial_options' : 'initial_option'] = multi ? chosen : chosen[0];
  if (type.includes('select')) out.placeholder = ptext(r.fit(plain(str(el.placeholder) ?? '…'), L.placeholder, path, el.type, 'placeholder'));
  return out;
}

function inputElement(el: CardElement, id: string, path: string, r: Report): Record<string, unknown> | undefined {
  switch (el.type) {
    case 'Input.Text': {
      const max = typeof el.maxLength === 'number' && el.maxLength > 0 ? Math.min(el.maxLength, L.inputMaxLength) : undefined;
      return {
        type: 'plain_text_input',
        action_id: id,
        multiline: el.isMultiline === true,
        ...(max ? { max_length: max } : {}),
        ...(str(el.value) ? { initial_value: str(el.value) } : {}),
        ...(str(el.placeholder) ? { placeholder: ptext(r.fit(str(el.placeholder)!, L.placeholder, path, el.type, 'placeholder')) } : {}),
      };
    }
    case 'Input.Number':
      return {
        type: 'number_input',
        action_id: id,
        is_decimal_allowed: true,
        ...(typeof el.min === 'number' ? { min_value: String(el.min) } : {}),
        ...(typeof el.max === 'number' ? { max_value: String(el.max) } : {}),
        ...(str(el.value) ? { initial_value: str(el.value) } : {}),
      };
    case 'Input.Date':
      return { type: 'datepicker', action_id: id, ...(str(el.value) ? { initial_date: str(el.value) } : {}) };
    case 'Input.ChoiceSet':
      return choiceElement(el, id, path, r);
    case 'Input.Toggle': {
      const on = str(el.valueOn) ?? 'true';
      const off = str(el.valueOff) ?? 'false';
      const opt = { text: ptext(r.fit(plain(str(el.title) ?? id), L.optionText, path, el.type, 'title')), value: `${TOGGLE_PREFIX}${JSON.stringify([on, off])}` };
      return { type: 'checkboxes', action_id: id, options: [opt], ...(str(el.value) === on ? { initial_options: [opt] } : {}) };
    }
    default:
      return undefined;
  }
}

export const isInput = (el: CardElement): boolean => el.type.startsWith('Input.');

export function inputBlock(el: CardElement, path: string, r: Report): Block | undefined {
  const id = typeof el.id === 'string' && el.id ? el.id : undefined;
  if (!id) {
    r.drop(path, el.type, 'input without an id');
    return undefined;
  }
  const element = inputElement(el, id.slice(0, L.actionId), path, r);
  if (!element) {
    r.drop(path, el.type, 'input type Slack cannot show');
    return undefined;
  }
  if (typeof el.errorMessage === 'string') r.drop(`${path}.errorMessage`, el.type, 'Slack shows its own message for a missing answer');
  const label = plain(str(el.label) ?? str(el.title) ?? id);
  return { type: 'input', block_id: id.slice(0, L.blockId), label: ptext(r.fit(label, L.inputLabel, path, el.type, 'label')), optional: el.isRequired !== true, element };
}
