// Slack's documented Block Kit limits, checked on every block the translator produces (every
// golden file, every product card, every generated card). Lists every problem at once.
import type { Button, InputBlockElement, KnownBlock, Option, TextObject } from '@slack/types';
import { expect } from 'vitest';
import { SLACK_LIMITS as L, type SlackModal } from '../../bots/slack/blockkit/index.ts';

type Check = (ok: boolean, what: string) => void;

/** mrkdwn where every &, < and > is escaped, except Slack control sequences we mean. */
export function isEscapedMrkdwn(text: string): boolean {
  const rest = text.replace(/<(?:https?:\/\/|mailto:|!date\^)[^<>|]*\|[^<>]*>/g, '');
  return !/[<>]/.test(rest) && !/&(?!amp;|lt;|gt;)/.test(rest);
}

function textObject(t: TextObject | undefined, max: number, at: string, check: Check): void {
  check(t !== undefined && t.text.length >= 1 && t.text.length <= max, `${at}: text of 1..${max} characters`);
  if (t?.type === 'mrkdwn') check(isEscapedMrkdwn(t.text), `${at}: &, < and > escaped`);
}

function options(list: Option[] | undefined, max: number, at: string, check: Check): void {
  check(list !== undefined && list.length >= 1 && list.length <= max, `${at}: 1..${max} options`);
  const values = (list ?? []).map((o) => o.value ?? '');
  check(new Set(values).size === values.length, `${at}: option values unique`);
  (list ?? []).forEach((o, i) => {
    textObject(o.text, L.optionText, `${at}.options[${i}]`, check);
    check((o.value ?? '').length >= 1 && (o.value ?? '').length <= L.optionValue, `${at}.options[${i}]: value of 1..${L.optionValue}`);
  });
}

const sameOption = (list: Option[], o: Option) => list.some((x) => JSON.stringify(x) === JSON.stringify(o));

function inputElement(el: InputBlockElement, surface: 'message' | 'modal', at: string, check: Check): void {
  if ('placeholder' in el && el.placeholder) textObject(el.placeholder, L.placeholder, `${at}.placeholder`, check);
  switch (el.type) {
    case 'static_select':
    case 'multi_static_select': {
      options(el.options, L.selectOptions, at, check);
      const initial = el.type === 'static_select' ? (el.initial_option ? [el.initial_option] : []) : (el.initial_options ?? []);
      check(
        initial.every((o) => sameOption(el.options ?? [], o)),
        `${at}: initial options are among the options`,
      );
      break;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      options(el.options, L.groupOptions, at, check);
      const initial = el.type === 'radio_buttons' ? (el.initial_option ? [el.initial_option] : []) : (el.initial_options ?? []);
      check(
        initial.every((o) => sameOption(el.options, o)),
        `${at}: initial options are among the options`,
      );
      break;
    }
    case 'plain_text_input':
      if (el.max_length !== undefined) check(el.max_length >= 1 && el.max_length <= L.textInputLength, `${at}: max_length 1..${L.textInputLength}`);
      check((el.initial_value ?? '').length <= (el.max_length ?? L.textInputLength), `${at}: initial_value within max_length`);
      break;
    case 'number_input':
      check(surface === 'modal', `${at}: number_input only in modals`);
      check(typeof el.is_decimal_allowed === 'boolean', `${at}: is_decimal_allowed set`);
      break;
    case 'datepicker':
      check(el.initial_date === undefined || /^\d{4}-\d{2}-\d{2}$/.test(el.initial_date), `${at}: initial_date YYYY-MM-DD`);
      break;
    case 'timepicker':
      check(el.initial_time === undefined || /^\d{2}:\d{2}$/.test(el.initial_time), `${at}: initial_time HH:mm`);
      break;
    default:
      check(false, `${at}: unexpected input element ${el.type}`);
  }
}

function button(b: Button, at: string, check: Check): void {
  textObject(b.text, L.buttonText, `${at}.text`, check);
  check((b.value ?? '').length <= L.buttonValue, `${at}: value ≤ ${L.buttonValue}`);
  check((b.url ?? '').length <= L.buttonUrl, `${at}: url ≤ ${L.buttonUrl}`);
  check(b.value !== undefined || b.url !== undefined, `${at}: carries a value or a url`);
}

export function slackLimitProblems(blocks: KnownBlock[], surface: 'message' | 'modal'): string[] {
  const problems: string[] = [];
  const check: Check = (ok, what) => void (ok || problems.push(what));
  const max = surface === 'message' ? L.messageBlocks : L.modalBlocks;
  check(blocks.length <= max, `at most ${max} blocks (${blocks.length})`);
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  const actionId = (id: string | undefined, at: string) => {
    check(id !== undefined && id.length >= 1 && id.length <= L.actionId && !actionIds.has(id), `${at}: action_id unique, 1..${L.actionId}`);
    if (id) actionIds.add(id);
  };
  blocks.forEach((b, i) => {
    const at = `blocks[${i}] ${b.type}`;
    if (b.block_id !== undefined) {
      check(b.block_id.length <= L.blockId && !blockIds.has(b.block_id), `${at}: block_id unique, ≤ ${L.blockId}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        textObject(b.text, L.headerText, at, check);
        break;
      case 'section':
        check(b.text !== undefined || (b.fields?.length ?? 0) > 0, `${at}: text or fields`);
        if (b.text) textObject(b.text, L.sectionText, `${at}.text`, check);
        check((b.fields?.length ?? 0) <= L.sectionFields, `${at}: ≤ ${L.sectionFields} fields`);
        for (const [j, f] of (b.fields ?? []).entries()) textObject(f, L.fieldText, `${at}.fields[${j}]`, check);
        break;
      case 'context':
        check(b.elements.length >= 1 && b.elements.length <= L.contextElements, `${at}: 1..${L.contextElements} elements`);
        b.elements.forEach((e, j) => {
          if (e.type !== 'image') textObject(e, L.textObject, `${at}.elements[${j}]`, check);
        });
        break;
      case 'actions':
        check(b.elements.length >= 1 && b.elements.length <= L.actionsElements, `${at}: 1..${L.actionsElements} elements`);
        b.elements.forEach((e, j) => {
          check(e.type === 'button', `${at}.elements[${j}]: a button`);
          if (e.type === 'button') button(e, `${at}.elements[${j}]`, check);
          actionId('action_id' in e ? e.action_id : undefined, `${at}.elements[${j}]`);
        });
        break;
      case 'input':
        textObject(b.label, L.inputLabel, `${at}.label`, check);
        check(b.block_id !== undefined && 'action_id' in b.element && b.element.action_id === b.block_id, `${at}: block_id is the action_id (the input id)`);
        actionId('action_id' in b.element ? b.element.action_id : undefined, `${at}.element`);
        inputElement(b.element, surface, `${at}.element`, check);
        break;
      case 'image':
        check(b.alt_text.length >= 1 && b.alt_text.length <= L.imageAltText, `${at}: alt_text 1..${L.imageAltText}`);
        check(
          'image_url' in b && typeof b.image_url === 'string' && /^https?:\/\//.test(b.image_url) && b.image_url.length <= L.imageUrl,
          `${at}: http(s) image_url ≤ ${L.imageUrl}`,
        );
        break;
      default:
        check(false, `${at}: unexpected block type`);
    }
  });
  return problems;
}

export function expectWithinSlackLimits(blocks: KnownBlock[], surface: 'message' | 'modal'): void {
  expect(slackLimitProblems(blocks, surface)).toEqual([]);
}

export function expectValidModal(view: SlackModal): void {
  const problems = slackLimitProblems(view.blocks, 'modal');
  const within = (t: { text: string } | undefined, max: number, what: string) => {
    if (!t || t.text.length < 1 || t.text.length > max) problems.push(`${what}: 1..${max} characters`);
  };
  within(view.title, L.modalTitle, 'title');
  within(view.submit, L.modalButton, 'submit');
  within(view.close, L.modalButton, 'close');
  if ((view.private_metadata ?? '').length > L.privateMetadata) problems.push(`private_metadata ≤ ${L.privateMetadata}`);
  if ((view.callback_id ?? '').length > L.callbackId) problems.push(`callback_id ≤ ${L.callbackId}`);
  expect(problems).toEqual([]);
}
