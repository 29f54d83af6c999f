// Card actions → Slack buttons. A submit button carries its verb, card instance and the
// action's other data as compact JSON in `value`, so a click routes like a Teams submit.
import { z } from 'zod';
import type { CardAction } from '../../../cards/types.ts';
import { DATA_CARD, DATA_VERB } from '../../../cards/ids.ts';
import { SLACK_LIMITS as L, type Report } from './limits.ts';
import { plain } from './text.ts';

type Block = Record<string, unknown>;
const buttonValue = z.object({ v: z.string().min(1), c: z.string().min(1), d: z.record(z.string(), z.unknown()).optional() });

export function verbOf(a: CardAction): string | undefined {
  return a.verb ?? (typeof a.data?.[DATA_VERB] === 'string' ? (a.data[DATA_VERB] as string) : undefined);
}

/** The verb and card instance a submit action stands for. */
export function submitTarget(a: CardAction): { verb: string; cardInstanceId: string; data: Record<string, unknown> } | undefined {
  if (a.type !== 'Action.Execute' && a.type !== 'Action.Submit') return undefined;
  const verb = verbOf(a);
  const card = a.data?.[DATA_CARD];
  if (!verb || typeof card !== 'string') return undefined;
  const { [DATA_VERB]: _v, [DATA_CARD]: _c, ...data } = a.data ?? {};
  return { verb, cardInstanceId: card, data };
}

export function parseButtonValue(value: string): { verb: string; cardInstanceId: string; data: Record<string, unknown> } | undefined {
  try {
    const parsed = buttonValue.safeParse(JSON.parse(value));
    return parsed.success ? { verb: parsed.data.v, cardInstanceId: parsed.data.c, data: parsed.data.d ?? {} } : undefined;
  } catch {
    return undefined;
  }
}

export function button(a: CardAction, index: number, path: string, r: Report): Block | undefined {
  const text = { type: 'plain_text', text: r.fit(plain(a.title ?? 'OK'), L.buttonText, path, a.type, 'button title'), emoji: true };
  if (a.type === 'Action.OpenUrl' && typeof a.url === 'string') return { type: 'button', action_id: `dmps:url:${index}`, text, url: a.url.slice(0, L.imageUrl) };
  const target = submitTarget(a);
  if (!target) {
    r.drop(path, a.type, a.type === 'Action.Execute' || a.type === 'Action.Submit' ? 'submit action without verb or card instance' : 'action type Slack cannot show');
    return undefined;
  }
  let value = JSON.stringify({ v: target.verb, c: target.cardInstanceId, ...(Object.keys(target.data).length ? { d: target.data } : {}) });
  if (value.length > L.buttonValue) {
    r.drop(`${path}.data`, a.type, `action data longer than ${L.buttonValue} characters`);
    value = JSON.stringify({ v: target.verb, c: target.cardInstanceId });
  }
  return { type: 'button', action_id: `dmps:${index}`, text, value, ...(index === 0 ? { style: 'primary' } : {}) };
}

/** Buttons in actions blocks of at most 25 elements. */
export function actionsBlocks(actions: CardAction[], basePath: string, r: Report, counter: { n: number }): Block[] {
  const buttons = actions.map((a, i) => button(a, counter.n++, `${basePath}[${i}]`, r)).filter((b): b is Block => Boolean(b));
  const blocks: Block[] = [];
  for (let i = 0; i < buttons.length; i += L.actionsElements) blocks.push({ type: 'actions', elements: buttons.slice(i, i + L.actionsElements) });
  return blocks;
}
