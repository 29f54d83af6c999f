// An Adaptive Card → a Slack modal for its form. The modal's submit button stands for the card's
// primary submit action (its first Execute/Submit); other submit actions are reported dropped,
// link buttons stay. private_metadata (routing, set by the adapter) comes back on submission.
import type { KnownBlock, ModalView } from '@slack/types';
import type { AdaptiveCard } from '../../../cards/types.ts';
import { actionBlocks, primarySubmit } from './actions.ts';
import { withinBlockLimit } from './budget.ts';
import { isRecord, str } from './guards.ts';
import { SLACK_LIMITS as L, type Omission } from './limits.ts';
import { newWalk, plainText } from './state.ts';
import { markdownToPlain, oneLine } from './text.ts';
import { renderElements } from './walk.ts';

export const FORM_CALLBACK_ID = 'dmps:form';

export interface ModalOptions {
  /** Shown in the modal's title bar (at most 24 characters; longer is cut and reported). */
  title: string;
  submitLabel: string;
  closeLabel: string;
  privateMetadata: string;
}

/** A modal view (for views.open) whose blocks are all known Block Kit blocks. */
export type SlackModal = Omit<ModalView, 'blocks'> & { blocks: KnownBlock[] };

export interface ModalTranslation {
  view: SlackModal;
  report: Omission[];
}

export function cardToModal(card: AdaptiveCard, o: ModalOptions): ModalTranslation {
  const primary = primarySubmit(card);
  const w = newWalk('modal', primary?.path);
  const body = renderElements(card.body, 'body', w);
  const actions = actionBlocks(card.actions, 'actions', 'AdaptiveCard', w);
  if (isRecord(card.selectAction)) w.report.drop('selectAction', str(card.selectAction.type) ?? 'unknown', 'Slack cannot make a whole form clickable');
  const blocks = withinBlockLimit(body, actions, L.modalBlocks, w.report, 'modal');
  const r = w.report;
  const title = oneLine(markdownToPlain(o.title)) || 'DMPS Connect';
  const submitAt = { path: primary?.path ?? 'actions', element: primary?.type ?? 'AdaptiveCard' };
  const view: SlackModal = {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plainText(r.fit(title, L.modalTitle, { path: 'title', element: 'AdaptiveCard', what: 'modal title' })),
    submit: plainText(r.fit(oneLine(o.submitLabel) || 'OK', L.modalButton, { ...submitAt, what: 'submit label' })),
    close: plainText(r.fit(oneLine(o.closeLabel) || 'Cancel', L.modalButton, { path: 'close', element: 'AdaptiveCard', what: 'close label' })),
    private_metadata: r.fit(o.privateMetadata, L.privateMetadata, { path: 'privateMetadata', element: 'AdaptiveCard', what: 'private_metadata' }),
    blocks,
  };
  return { view, report: r.items };
}
