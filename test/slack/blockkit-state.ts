// What Slack sends back for input blocks a person filled in: state.values keyed by block_id and
// action_id, every input present (untouched ones with nulls), chosen options echoed whole, in
// the order they were picked. Independent of the translator's own reading of it.
import type { KnownBlock, Option } from '@slack/types';

/** A person's answers: text, a picked option value, picked option values in picking order, a
 *  ticked (true) or unticked (false) toggle, or undefined for an input left alone. */
export type Answers = Record<string, string | string[] | boolean | undefined>;
export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

const pick = (options: Option[], value: string): Option => {
  const o = options.find((x) => x.value === value);
  if (!o) throw new Error(`no option ${value}`);
  return o;
};

export function slackState(blocks: KnownBlock[], answers: Answers): StateValues {
  const state: StateValues = {};
  for (const b of blocks) {
    const el = b.type === 'input' ? b.element : undefined;
    const actionId = el && 'action_id' in el ? el.action_id : undefined;
    if (b.type !== 'input' || !b.block_id || !el || !actionId) continue;
    const a = answers[b.block_id];
    let entry: Record<string, unknown>;
    switch (el.type) {
      case 'plain_text_input':
      case 'number_input':
        entry = { type: el.type, value: typeof a === 'string' ? a : null };
        break;
      case 'static_select':
      case 'radio_buttons':
        entry = { type: el.type, selected_option: typeof a === 'string' ? pick(el.options ?? [], a) : null };
        break;
      case 'multi_static_select':
      case 'checkboxes': {
        const options = el.options ?? [];
        const picked = a === true ? options : Array.isArray(a) ? a.map((v) => pick(options, v)) : [];
        entry = { type: el.type, selected_options: picked };
        break;
      }
      case 'datepicker':
        entry = { type: el.type, selected_date: typeof a === 'string' ? a : null };
        break;
      case 'timepicker':
        entry = { type: el.type, selected_time: typeof a === 'string' ? a : null, timezone: 'America/Chicago' };
        break;
      default:
        continue;
    }
    state[b.block_id] = { [actionId]: entry };
  }
  return state;
}
