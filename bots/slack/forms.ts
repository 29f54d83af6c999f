// Forms on Slack. A card with inputs normally travels as a message with input blocks; when it
// cannot fit in a message, or when the person asked for it with a slash command, it opens as a
// modal. A modal opened later from a message needs the card, so such cards are kept in a store.

import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/types.ts';
import type { Logger } from '../../core/log.ts';
import { reportError } from '../../core/log.ts';
import { cardToModal, primarySubmit } from './blockkit/index.ts';
import type { FormMetadata } from './parse.ts';

export const OPEN_FORM_ACTION = 'dmps:open-form';

export interface FormStore {
  save(cardInstanceId: string, card: AdaptiveCard): Promise<void>;
  load(cardInstanceId: string): Promise<AdaptiveCard | undefined>;
}

const CLOSE_LABEL: Record<string, string> = { en: 'Cancel', es: 'Cancelar', ar: 'إلغاء' };

/** The card's first submitting action (card actions, then body action sets): the one a
 *  modal's submit button stands for. */
export function primaryAction(card: AdaptiveCard): { verb: string; cardInstanceId: string; title: string; data: FormMetadata['d'] } | undefined {
  const p = primarySubmit(card);
  return p ? { verb: p.verb, cardInstanceId: p.cardInstanceId, title: p.title ?? 'Submit', data: p.data } : undefined;
}

export function modalFor(card: AdaptiveCard, where: { channel?: string; ts?: string; ephemeralTo?: string }) {
  const primary = primaryAction(card);
  if (!primary) return undefined;
  const data = primary.data && Object.keys(primary.data).length ? { d: primary.data } : {};
  const meta: FormMetadata = { c: primary.cardInstanceId, v: primary.verb, ch: where.channel, ts: where.ts, u: where.ephemeralTo, ...data };
  const heading = card.body?.find((e) => e.type === 'TextBlock' && typeof e.text === 'string');
  return cardToModal(card, {
    title: typeof heading?.text === 'string' ? heading.text : 'DMPS Connect',
    submitLabel: primary.title,
    closeLabel: CLOSE_LABEL[card.lang ?? 'en'] ?? CLOSE_LABEL.en ?? 'Close',
    privateMetadata: JSON.stringify(meta),
  });
}

const openFormClick = z.object({
  trigger_id: z.string().min(1),
  actions: z.array(z.object({ value: z.string() })).min(1),
  channel: z.object({ id: z.string() }).optional(),
  message: z.object({ ts: z.string() }).passthrough().optional(),
});
const openFormValue = z.object({ c: z.string().min(1) });

export async function openStoredForm(client: WebClient, forms: FormStore, body: unknown, log: Logger): Promise<void> {
  const click = openFormClick.safeParse(body);
  if (!click.success) return;
  let cardId: string;
  try {
    const v = openFormValue.safeParse(JSON.parse(click.data.actions[0]?.value ?? ''));
    if (!v.success) return;
    cardId = v.data.c;
  } catch {
    return;
  }
  const card = await forms.load(cardId);
  if (!card) {
    log.info({ reason: 'form not found' }, 'open-form click ignored');
    return;
  }
  const modal = modalFor(card, { channel: click.data.channel?.id, ts: click.data.message?.ts });
  if (!modal) return;
  try {
    await client.views.open({ trigger_id: click.data.trigger_id, view: modal.view as never });
  } catch (e) {
    reportError(log, e, { stage: 'views.open' });
  }
}
