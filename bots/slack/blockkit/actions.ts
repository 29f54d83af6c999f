// Card actions → Slack buttons. A submit button carries its verb, card instance and the action's
// other data as compact JSON in `value`, so a click routes like a Teams submit; a link button
// carries its URL. parseButtonValue reads such a value back from an untrusted payload. An action
// with `associatedInputs: "none"` is a plain button: its click carries only its own data (never
// the message's input state), and it never becomes a modal's submit, which Slack would refuse
// until every required input is answered.

import type { ActionsBlock, Button } from '@slack/types';
import { z } from 'zod';
import { DATA_CARD, DATA_VERB, RESERVED_DATA_KEYS } from '../../../cards/ids.ts';
import type { AdaptiveCard, JsonValue } from '../../../cards/types.ts';
import { asArray, isJsonValue, isRecord, lower, str, text } from './guards.ts';
import { SLACK_LIMITS as L } from './limits.ts';
import { plainText, type Rendered, type Walk } from './state.ts';
import { WEB_URL } from './text.ts';

export interface ButtonTarget {
  verb: string;
  cardInstanceId: string;
  /** The action's own data without the reserved routing keys. */
  data: Record<string, JsonValue>;
  /** `associatedInputs: "none"`: the click submits no inputs. */
  noInputs?: boolean;
}

/** An action that submits none of the card's inputs (Adaptive Cards 1.3+ `associatedInputs`). */
export const needsNoInputs = (action: unknown): boolean => isRecord(action) && lower(action.associatedInputs) === 'none';

/** The verb and card instance a submit action (Execute or Submit) stands for. */
export function submitTarget(action: unknown): ButtonTarget | undefined {
  if (!isRecord(action) || (action.type !== 'Action.Execute' && action.type !== 'Action.Submit')) return undefined;
  const data = isRecord(action.data) ? action.data : {};
  const verb = (action.type === 'Action.Execute' ? text(action.verb) : undefined) ?? text(data[DATA_VERB]);
  const cardInstanceId = text(data[DATA_CARD]);
  if (!verb || !cardInstanceId) return undefined;
  const own: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(data)) if (!RESERVED_DATA_KEYS.includes(k) && isJsonValue(v)) own[k] = v;
  return { verb, cardInstanceId, data: own, ...(needsNoInputs(action) ? { noInputs: true } : {}) };
}

/** Marks our button values: anything without it is foreign. */
const MARK = 'dmps';
const encode = (t: ButtonTarget, withData: boolean): string =>
  JSON.stringify({
    [MARK]: 1,
    v: t.verb,
    c: t.cardInstanceId,
    ...(withData && Object.keys(t.data).length ? { d: t.data } : {}),
    ...(t.noInputs ? { n: 1 } : {}),
  });

/** The value of the button that opens a card's form as a modal. */
export const openFormValue = (cardInstanceId: string): string => JSON.stringify({ [MARK]: 1, c: cardInstanceId });

const buttonValue = z.object({
  [MARK]: z.literal(1),
  v: z.string().min(1),
  c: z.string().min(1),
  // JSON.parse gave it, so it is JSON: z.json()'s recursive check doubled this parse's cost.
  d: z.record(z.string(), z.unknown()).optional(),
  n: z.literal(1).optional(),
});

/** Reads a button value made by this translator; undefined for garbled or foreign ones. */
export function parseButtonValue(value: string): ButtonTarget | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > L.buttonValue) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const p = buttonValue.safeParse(json);
  if (!p.success) return undefined;
  const data: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(p.data.d ?? {})) if (!RESERVED_DATA_KEYS.includes(k) && isJsonValue(v)) data[k] = v;
  return { verb: p.data.v, cardInstanceId: p.data.c, data, ...(p.data.n ? { noInputs: true } : {}) };
}

export interface PrimarySubmit extends ButtonTarget {
  /** Where the action is in the card, e.g. "actions[0]" or "body[2].actions[1]". */
  path: string;
  type: string;
  title?: string;
}

function bodySubmit(items: unknown, path: string): PrimarySubmit | undefined {
  for (const [i, el] of asArray(items).entries()) {
    if (!isRecord(el) || el.isVisible === false) continue;
    const at = `${path}[${i}]`;
    const found =
      el.type === 'ActionSet'
        ? firstSubmit(el.actions, `${at}.actions`)
        : el.type === 'ColumnSet'
          ? bodySubmit(el.columns, `${at}.columns`)
          : bodySubmit(el.items, `${at}.items`);
    if (found) return found;
  }
  return undefined;
}

function firstSubmit(actions: unknown, path: string): PrimarySubmit | undefined {
  for (const [i, a] of asArray(actions).entries()) {
    const target = isRecord(a) && a.isEnabled !== false && !needsNoInputs(a) ? submitTarget(a) : undefined;
    if (target && isRecord(a)) return { ...target, path: `${path}[${i}]`, type: String(a.type), ...(text(a.title) ? { title: text(a.title) } : {}) };
  }
  return undefined;
}

/** The card's primary submit: its first card-level Execute/Submit that submits inputs, else the
 *  first such one in the body in reading order. A modal's submit button stands for it; a card
 *  whose actions need no inputs has none (it is not a form). */
export function primarySubmit(card: AdaptiveCard): PrimarySubmit | undefined {
  return firstSubmit(card.actions, 'actions') ?? bodySubmit(card.body, 'body');
}

const STYLE: Record<string, Button['style']> = { positive: 'primary', destructive: 'danger' };
const UNSUPPORTED: Record<string, string> = {
  'Action.ShowCard': 'Slack cannot show a card inside a card',
  'Action.ToggleVisibility': 'Slack cannot show or hide parts of a message',
};

function buttonText(action: Record<string, unknown>, fallback: string, path: string, w: Walk) {
  const title = text(action.title)?.trim() ?? fallback;
  return plainText(w.report.fit(title, L.buttonText, { path, element: String(action.type), what: 'button title' }));
}

function nextActionId(w: Walk, what: string): string {
  return `dmps:${w.nextButton++}:${what}`.slice(0, L.actionId);
}

export function button(action: unknown, path: string, w: Walk): Button | undefined {
  if (!isRecord(action) || typeof action.type !== 'string') {
    w.report.drop(path, 'unknown', 'not a card action');
    return undefined;
  }
  const type = action.type;
  if (action.isEnabled === false) {
    w.report.drop(path, type, 'disabled action');
    return undefined;
  }
  const style = STYLE[lower(action.style) ?? ''];
  if (type === 'Action.OpenUrl') {
    const url = str(action.url)?.trim();
    if (!url || !WEB_URL.test(url) || url.length > L.buttonUrl) {
      w.report.drop(path, type, `link without an http(s) URL of at most ${L.buttonUrl} characters`);
      return undefined;
    }
    return { type: 'button', action_id: nextActionId(w, 'url'), text: buttonText(action, url, path, w), url, ...(style ? { style } : {}) };
  }
  if (type === 'Action.Execute' || type === 'Action.Submit') {
    if (w.surface === 'modal') {
      if (path !== w.modalSubmitPath)
        w.report.drop(
          path,
          type,
          needsNoInputs(action)
            ? 'a button that needs no inputs cannot be clicked inside a modal: it stays on the message'
            : "a modal has one submit button, which stands for the card's first submit action",
        );
      return undefined;
    }
    const target = submitTarget(action);
    if (!target) {
      w.report.drop(path, type, 'submit action without a verb and card instance: a click could not be routed');
      return undefined;
    }
    let value = encode(target, true);
    if (value.length > L.buttonValue) {
      w.report.drop(`${path}.data`, type, `action data longer than Slack's ${L.buttonValue}-character button value`);
      value = encode(target, false);
      if (value.length > L.buttonValue) {
        w.report.drop(path, type, 'verb and card instance too long for a button value');
        return undefined;
      }
    }
    return { type: 'button', action_id: nextActionId(w, target.verb), text: buttonText(action, 'OK', path, w), value, ...(style ? { style } : {}) };
  }
  if (isRecord(action.fallback)) {
    w.report.drop(path, type, 'action type Slack cannot show: its fallback is shown instead');
    return button(action.fallback, `${path}.fallback`, w);
  }
  w.report.drop(path, type, UNSUPPORTED[type] ?? 'action type Slack cannot show');
  return undefined;
}

/** Buttons in actions blocks of at most 25 elements. */
export function actionBlocks(actions: unknown, path: string, element: string, w: Walk): Rendered[] {
  const buttons = asArray(actions)
    .map((a, i) => button(a, `${path}[${i}]`, w))
    .filter((b): b is Button => b !== undefined);
  const out: Rendered[] = [];
  for (let i = 0; i < buttons.length; i += L.actionsElements) {
    const block: ActionsBlock = { type: 'actions', elements: buttons.slice(i, i + L.actionsElements) };
    out.push({ block, path, element });
  }
  return out;
}
