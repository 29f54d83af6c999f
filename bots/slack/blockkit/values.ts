// Slack state.values → the values map Teams gives for the same card: strings, multi-select
// comma-joined in the card's option order, toggles as valueOn/valueOff, empty inputs omitted.
import { z } from 'zod';
import type { SubmittedValues } from '../../../cards/types.ts';
import { TOGGLE_PREFIX } from './inputs.ts';

const option = z.object({ value: z.string() });
const entry = z
  .object({
    type: z.string(),
    value: z.string().nullish(),
    selected_option: option.nullish(),
    selected_options: z.array(option).nullish(),
    selected_date: z.string().nullish(),
  })
  .passthrough();
const blockShape = z.object({ type: z.string(), block_id: z.string().optional(), element: z.object({ type: z.string(), action_id: z.string().optional(), options: z.array(option).optional() }).passthrough().optional() }).passthrough();

function toggleValues(optionValue: string): [string, string] | undefined {
  if (!optionValue.startsWith(TOGGLE_PREFIX)) return undefined;
  try {
    const pair = z.tuple([z.string(), z.string()]).safeParse(JSON.parse(optionValue.slice(TOGGLE_PREFIX.length)));
    return pair.success ? pair.data : undefined;
  } catch {
    return undefined;
  }
}

export function valuesFromState(stateValues: unknown, blocks: unknown[]): SubmittedValues {
  const out: SubmittedValues = {};
  const state = z.record(z.string(), z.record(z.string(), z.unknown())).safeParse(stateValues);
  const inputs = new Map<string, z.infer<typeof blockShape>>();
  for (const b of Array.isArray(blocks) ? blocks : []) {
    const p = blockShape.safeParse(b);
    if (p.success && p.data.type === 'input' && p.data.block_id) inputs.set(p.data.block_id, p.data);
  }
  // Toggles are always present: off unless the state says on.
  for (const [id, b] of inputs) {
    const only = b.element?.type === 'checkboxes' && b.element.options?.length === 1 ? toggleValues(b.element.options[0]!.value) : undefined;
    if (only) out[id] = only[1];
  }
  if (!state.success) return out;
  for (const [blockId, actions] of Object.entries(state.data)) {
    for (const raw of Object.values(actions)) {
      const e = entry.safeParse(raw);
      if (!e.success) continue;
      const v = e.data;
      const order = inputs.get(blockId)?.element?.options?.map((o) => o.value);
      if (v.selected_options) {
        const chosen = v.selected_options.map((o) => o.value);
        const toggle = chosen.length <= 1 && order?.length === 1 ? toggleValues(order[0]!) : undefined;
        if (toggle) {
          out[blockId] = chosen.length ? toggle[0] : toggle[1];
          continue;
        }
        const sorted = order ? [...chosen].sort((a, b) => order.indexOf(a) - order.indexOf(b)) : chosen;
        if (sorted.length) out[blockId] = sorted.join(',');
      } else if (v.selected_option) out[blockId] = v.selected_option.value;
      else if (v.selected_date) out[blockId] = v.selected_date;
      else if (typeof v.value === 'string' && v.value !== '') out[blockId] = v.value;
    }
  }
  return out;
}
