// Renders a router reply on Slack: new messages, an update of the message acted on, or a form.
import type { WebClient } from '@slack/web-api';
import type { AdaptiveCard } from '../../cards/types.ts';
import type { Logger } from '../../core/log.ts';
import type { Reply } from '../../kernel/events.ts';
import { cardToMessage } from './blockkit/index.ts';
import { type FormStore, modalFor, primaryAction } from './forms.ts';

export interface ReplyTarget {
  channel: string;
  user: string;
  threadTs?: string;
  triggerId?: string;
  /** Answer only the person (slash command used in a shared channel). */
  ephemeral?: boolean;
  /** The message acted on, for reply.update. */
  update?: Record<string, unknown>;
}

/** Block Kit for a card; what the translation dropped is logged (never the card's text). */
export async function messageFor(card: AdaptiveCard, forms: FormStore, log: Logger) {
  const t = cardToMessage(card);
  if (t.report.length)
    log.warn({ omissions: t.report.map((o) => ({ path: o.path, element: o.element, kind: o.kind, reason: o.reason })) }, 'card translated with omissions');
  if (!t.fitsInMessage) {
    const primary = primaryAction(card);
    if (primary) await forms.save(primary.cardInstanceId, card);
  }
  return { blocks: t.blocks as never[], text: t.text };
}

export async function renderReply(client: WebClient, forms: FormStore, reply: Reply, target: ReplyTarget, log: Logger): Promise<void> {
  const updateRef = target.update as { channel?: string; ts?: string; ephemeralTo?: string } | undefined;
  // A form answered in a modal opened by a slash command answers where the command was typed.
  if (updateRef?.channel && !updateRef.ts) target = { ...target, channel: updateRef.channel, ephemeral: Boolean(updateRef.ephemeralTo) };
  if (reply.update) {
    const m = await messageFor(reply.update, forms, log);
    if (updateRef?.channel && updateRef.ts) await client.chat.update({ channel: updateRef.channel, ts: updateRef.ts, ...m });
    else await post(client, target, m);
  }
  if (reply.form) {
    const where = updateRef?.ts
      ? { channel: updateRef.channel, ts: updateRef.ts }
      : { channel: target.channel, ...(target.ephemeral ? { ephemeralTo: target.user } : {}) };
    const modal = target.triggerId ? modalFor(reply.form, where) : undefined;
    if (modal && target.triggerId) await client.views.open({ trigger_id: target.triggerId, view: modal.view as never });
    else await post(client, target, await messageFor(reply.form, forms, log));
  }
  for (const msg of reply.messages ?? []) {
    await post(client, target, 'card' in msg ? await messageFor(msg.card, forms, log) : { text: msg.text });
  }
}

async function post(client: WebClient, target: ReplyTarget, m: { blocks?: never[]; text: string }) {
  if (target.ephemeral) {
    await client.chat.postEphemeral({ channel: target.channel, user: target.user, ...m });
    return;
  }
  await client.chat.postMessage({ channel: target.channel, ...(target.threadTs ? { thread_ts: target.threadTs } : {}), ...m });
}
