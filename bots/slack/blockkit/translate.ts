// One translator: an Adaptive Card → a Slack message, or a Slack modal for its form.
import type { AdaptiveCard, CardAction } from '../../../cards/types.ts';
import { actionsBlocks, submitTarget } from './actions.ts';
import { elementsToBlocks, type WalkState } from './elements.ts';
import { SLACK_LIMITS as L, Report, type Omission } from './limits.ts';
import { plain } from './text.ts';

type Block = Record<string, unknown>;
export const OPEN_FORM_ACTION_ID = 'dmps:open-form';
export const FORM_CALLBACK_ID = 'dmps:form';

function fallbackText(card: AdaptiveCard): string {
  const first = (card.body ?? []).find((e) => e.type === 'TextBlock' && typeof e.text === 'string' && e.text.trim());
  return plain(typeof first?.text === 'string' ? first.text : 'DMPS Connect').slice(0, L.fallbackText);
}

export interface MessageTranslation {
  blocks: Block[];
  text: string;
  report: Omission[];
  hasInputs: boolean;
  fitsInMessage: boolean;
}

export function cardToMessage(card: AdaptiveCard): MessageTranslation {
  const s: WalkState = { report: new Report(), headerUsed: false, buttons: { n: 0 }, inputs: true };
  const body = elementsToBlocks(card.body ?? [], 'body', s);
  const actions = actionsBlocks((card.actions ?? []) as CardAction[], 'actions', s.report, s.buttons);
  const blocks = [...body, ...actions];
  const hasInputs = blocks.some((b) => b.type === 'input');
  const text = fallbackText(card);
  if (blocks.length <= L.messageBlocks) return { blocks, text, report: s.report.items, hasInputs, fitsInMessage: true };
  // Too large for a message: its leading text, and a button that opens the form as a modal.
  const primary = (card.actions ?? []).map((a) => submitTarget(a as CardAction)).find(Boolean);
  const lead = blocks.filter((b) => b.type === 'header' || b.type === 'section').slice(0, 3);
  const open = primary
    ? [{ type: 'actions', elements: [{ type: 'button', action_id: OPEN_FORM_ACTION_ID, style: 'primary', text: { type: 'plain_text', text: '📝 Open', emoji: true }, value: JSON.stringify({ c: primary.cardInstanceId }) }] }]
    : [];
  const report = new Report();
  report.items.push(...s.report.items);
  if (!primary) report.drop('body', 'AdaptiveCard', `more than ${L.messageBlocks} blocks and no form to open`);
  return { blocks: [...lead, ...open], text, report: report.items, hasInputs, fitsInMessage: false };
}

export interface ModalOptions {
  title: string;
  submitLabel: string;
  closeLabel: string;
  privateMetadata: string;
}

export function cardToModal(card: AdaptiveCard, o: ModalOptions): { view: Block; report: Omission[] } {
  const s: WalkState = { report: new Report(), headerUsed: true, buttons: { n: 0 }, inputs: true };
  const body = elementsToBlocks(card.body ?? [], 'body', s);
  const all = (card.actions ?? []) as CardAction[];
  const firstSubmit = all.findIndex((a) => submitTarget(a));
  all.forEach((a, i) => {
    if (i !== firstSubmit && submitTarget(a)) s.report.drop(`actions[${i}]`, a.type, 'a modal has one submit button');
  });
  const others = all.filter((a) => a.type === 'Action.OpenUrl');
  let blocks = [...body, ...actionsBlocks(others, 'actions', s.report, s.buttons)];
  if (blocks.length > L.modalBlocks) {
    s.report.drop(`body[${L.modalBlocks}..]`, 'AdaptiveCard', `more than ${L.modalBlocks} blocks in a modal`);
    blocks = blocks.slice(0, L.modalBlocks);
  }
  const r = s.report;
  const view: Block = {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: { type: 'plain_text', text: r.fit(plain(o.title), L.modalTitle, 'title', 'AdaptiveCard', 'modal title'), emoji: true },
    submit: { type: 'plain_text', text: r.fit(plain(o.submitLabel), L.modalButton, `actions[${firstSubmit}]`, 'Action.Execute', 'submit label'), emoji: true },
    close: { type: 'plain_text', text: r.fit(plain(o.closeLabel), L.modalButton, 'close', 'AdaptiveCard', 'close label'), emoji: true },
    private_metadata: o.privateMetadata.slice(0, L.privateMetadata),
    blocks,
  };
  return { view, report: r.items };
}
