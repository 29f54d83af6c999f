// An Adaptive Card → a Slack message. Inputs live in the message as input blocks (a button
// click's block_actions payload carries their state.values). A card Slack cannot show as a
// message (more than 50 blocks, or a number input, which Slack offers only in modals) becomes
// its leading text and one button that opens the form as a modal.
import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { AdaptiveCard } from '../../../cards/types.ts';
import { actionBlocks, openFormValue, type PrimarySubmit, primarySubmit } from './actions.ts';
import { withinBlockLimit } from './budget.ts';
import { isHeadingLike } from './content.ts';
import { asArray, isElement, isRecord, str, text } from './guards.ts';
import { SLACK_LIMITS as L, type Omission } from './limits.ts';
import { cardToModal } from './modal.ts';
import { newWalk, plainText, type Rendered } from './state.ts';
import { cut, escapeMrkdwn, markdownToPlain } from './text.ts';
import { renderElements } from './walk.ts';

export const OPEN_FORM_ACTION_ID = 'dmps:open-form';

const OPEN_FORM_LABEL: Record<string, string> = { en: 'Open the form', es: 'Abrir el formulario', ar: 'افتح النموذج' };
const DEFAULT_FALLBACK = 'DMPS Connect';
/** Text blocks kept above the open-form button. */
const LEAD_BLOCKS = 3;

export interface MessageOptions {
  /** Label of the button that opens the form as a modal (default: by the card's `lang`). */
  openFormLabel?: string;
  /** Notification text when the card has no text at all. */
  fallbackText?: string;
}

export interface MessageTranslation {
  blocks: KnownBlock[];
  /** Notification text (mrkdwn-escaped): the card's fallbackText, else its first heading, else its first text. */
  text: string;
  report: Omission[];
  hasInputs: boolean;
  /** false: the blocks are the card's leading text and an "open the form" button (or, with no
   *  form to open, the first 50 blocks); the adapter opens the form as a modal. */
  fitsInMessage: boolean;
}

function texts(items: unknown, out: { heading?: string; first?: string }): void {
  for (const item of asArray(items)) {
    if (out.heading || !isElement(item) || item.isVisible === false) continue;
    if (item.type === 'TextBlock' && text(item.text)) {
      if (isHeadingLike(item)) out.heading = markdownToPlain(String(item.text));
      out.first ??= markdownToPlain(String(item.text));
    } else if (item.type === 'RichTextBlock') {
      const runs = asArray(item.inlines).map((r) => (typeof r === 'string' ? r : isRecord(r) ? (str(r.text) ?? '') : ''));
      if (runs.join('').trim()) out.first ??= runs.join('');
    } else if (item.type === 'ColumnSet') {
      for (const column of asArray(item.columns)) if (isRecord(column)) texts(column.items, out);
    } else texts(item.items, out);
  }
}

export function notificationText(card: AdaptiveCard, fallback = DEFAULT_FALLBACK): string {
  const found: { heading?: string; first?: string } = {};
  texts(card.body, found);
  const plain = (text(card.fallbackText) ?? found.heading ?? found.first ?? fallback).trim();
  return cut(escapeMrkdwn(plain), L.notificationText, 'mrkdwn');
}

function openFormMessage(card: AdaptiveCard, rendered: Rendered[], primary: PrimarySubmit, opts: MessageOptions): KnownBlock[] {
  const lead: KnownBlock[] = [];
  for (const r of rendered) {
    if (r.block.type === 'input' || r.block.type === 'actions' || lead.length === LEAD_BLOCKS) break;
    if (r.block.type === 'header' || r.block.type === 'section' || r.block.type === 'context') lead.push(r.block);
  }
  const label = opts.openFormLabel ?? OPEN_FORM_LABEL[card.lang ?? 'en'] ?? OPEN_FORM_LABEL.en ?? 'Open';
  const open: ActionsBlock = {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: OPEN_FORM_ACTION_ID,
        style: 'primary',
        text: plainText(cut(label, L.buttonText, 'plain')),
        value: openFormValue(primary.cardInstanceId),
      },
    ],
  };
  return [...lead, open];
}

export function cardToMessage(card: AdaptiveCard, opts: MessageOptions = {}): MessageTranslation {
  const w = newWalk('message');
  const body = renderElements(card.body, 'body', w);
  const actions = actionBlocks(card.actions, 'actions', 'AdaptiveCard', w);
  if (isRecord(card.selectAction)) w.report.drop('selectAction', str(card.selectAction.type) ?? 'unknown', 'Slack cannot make a whole message clickable');
  const rendered = [...body, ...actions];
  const text = notificationText(card, opts.fallbackText);
  const hasInputs = rendered.some((r) => r.block.type === 'input');
  const fits = rendered.length <= L.messageBlocks;
  if (fits && !w.needsModal) return { blocks: rendered.map((r) => r.block), text, report: w.report.items, hasInputs, fitsInMessage: true };
  const primary = primarySubmit(card);
  if (primary) {
    // The person meets the card in the modal: report what the modal leaves out.
    const { report } = cardToModal(card, { title: DEFAULT_FALLBACK, submitLabel: 'OK', closeLabel: 'OK', privateMetadata: '' });
    return { blocks: openFormMessage(card, rendered, primary, opts), text, report, hasInputs, fitsInMessage: false };
  }
  // No form to open: as much of the card as a message holds.
  const blocks = withinBlockLimit(body, actions, L.messageBlocks, w.report, 'message');
  return { blocks, text, report: w.report.items, hasInputs, fitsInMessage: fits };
}
