// Slack state.values → the values Teams submits for the same card: every value a string,
// multi-select values comma-joined in the card's choice order (whatever order they were picked
// in), toggles always present as valueOn/valueOff, empty inputs left out. The submitted blocks
// (message.blocks or view.blocks of the same payload) say what each input is; entries they do
// not describe, or that do not parse, are ignored. Nothing here throws.
import { z } from 'zod';
import type { SubmittedValues } from '../../../cards/types.ts';
import { decodeToggle } from './choices.ts';

const option = z.object({ value: z.string() });
const inputBlock = z.object({
  type: z.literal('input'),
  block_id: z.string().min(1),
  element: z.object({
    type: z.string(),
    action_id: z.string().min(1),
    options: z.array(option).optional(),
    initial_value: z.string().optional(),
    initial_option: option.optional(),
    initial_options: z.array(option).optional(),
    initial_date: z.string().optional(),
    initial_time: z.string().optional(),
  }),
});
type InputElement = z.infer<typeof inputBlock>['element'];

const entry = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: option.nullish(),
  selected_options: z.array(option).nullish(),
  selected_date: z.string().nullish(),
  selected_time: z.string().nullish(),
});
type Entry = z.infer<typeof entry>;
const state = z.record(z.string(), z.record(z.string(), z.unknown()));

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

/** What the person saw before touching anything: an input Slack sent no state for. */
function initialEntry(el: InputElement): Entry {
  return {
    type: el.type,
    value: el.initial_value ?? null,
    selected_option: el.initial_option ?? null,
    selected_options: el.initial_options ?? [],
    selected_date: el.initial_date ?? null,
    selected_time: el.initial_time ?? null,
  };
}

/** One input's answer as Teams gives it; undefined when empty or not understood. */
function answer(kind: string, e: Entry, allowed: string[] | undefined): string | undefined {
  const ok = (v: string) => !allowed || allowed.includes(v);
  switch (kind) {
    case 'plain_text_input':
    case 'number_input':
      return e.value ? e.value : undefined;
    case 'static_select':
    case 'radio_buttons':
      return e.selected_option && ok(e.selected_option.value) ? e.selected_option.value : undefined;
    case 'multi_static_select':
    case 'checkboxes': {
      const picked = [...new Set((e.selected_options ?? []).map((o) => o.value))].filter(ok);
      const ordered = allowed ? allowed.filter((v) => picked.includes(v)) : picked;
      return ordered.length ? ordered.join(',') : undefined;
    }
    case 'datepicker':
      return e.selected_date && DATE.test(e.selected_date) ? e.selected_date : undefined;
    case 'timepicker':
      return e.selected_time && TIME.test(e.selected_time) ? e.selected_time : undefined;
    default:
      return undefined;
  }
}

const toggleOf = (el: { type: string; options?: { value: string }[] | undefined }) =>
  el.type === 'checkboxes' && el.options?.length === 1 && el.options[0] ? decodeToggle(el.options[0].value) : undefined;

function entryAt(values: Record<string, Record<string, unknown>>, id: string): Entry | undefined {
  const parsed = entry.safeParse(values[id]?.[id]);
  return parsed.success ? parsed.data : undefined;
}

/** Without the submitted blocks (e.g. an ephemeral message's payload carries none), entries are
 *  read by their own type; an unticked toggle's valueOff then cannot be known and is left out. */
function withoutBlocks(values: Record<string, Record<string, unknown>>): SubmittedValues {
  const out: SubmittedValues = {};
  for (const id of Object.keys(values)) {
    const e = entryAt(values, id);
    if (!e) continue;
    const toggle = e.type === 'checkboxes' && e.selected_options?.length === 1 && e.selected_options[0] ? decodeToggle(e.selected_options[0].value) : undefined;
    const v = toggle ? toggle[0] : answer(e.type, e, undefined);
    if (v !== undefined) out[id] = v;
  }
  return out;
}

export function valuesFromState(stateValues: unknown, blocks: readonly unknown[] = []): SubmittedValues {
  const parsedState = state.safeParse(stateValues);
  const values = parsedState.success ? parsedState.data : {};
  const inputs = (Array.isArray(blocks) ? blocks : [])
    .map((b) => inputBlock.safeParse(b))
    .flatMap((p) => (p.success && p.data.block_id === p.data.element.action_id ? [p.data] : []));
  if (!inputs.length) return withoutBlocks(values);
  const out: SubmittedValues = {};
  for (const { block_id: id, element } of inputs) {
    const given = values[id]?.[id];
    const e = given === undefined ? initialEntry(element) : entryAt(values, id);
    const toggle = toggleOf(element);
    if (toggle) {
      const on = e?.type === 'checkboxes' && (e.selected_options ?? []).some((o) => o.value === element.options?.[0]?.value);
      out[id] = on ? toggle[0] : toggle[1];
      continue;
    }
    if (!e || e.type !== element.type) continue;
    const v = answer(
      element.type,
      e,
      element.options?.map((o) => o.value),
    );
    if (v !== undefined) out[id] = v;
  }
  return out;
}
