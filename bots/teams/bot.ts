// The Teams turn: parse the activity into a neutral event, hand it to the router, and render
// the reply natively (Universal Actions invoke response, replies, card updates).
import { ActivityTypes, type InvokeResponse, StatusCodes, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/log.ts';
import type { Actor, Reply } from '../../kernel/events.ts';
import type { Router } from '../../kernel/router.ts';
import { fromAllowedTenant, refuseForeignTenant } from './access.ts';
import { cardAttachment } from './attachments.ts';
import { ADAPTIVE_CARD_ACTION, parseActivity } from './parse.ts';

const INVOKE_RESPONSE = 'invokeResponse';
const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

async function emailOf(context: TurnContext, actor: Actor): Promise<string | undefined> {
  const member = await TeamsInfo.getMember(context, actor.channelUserId ?? actor.userId);
  return member.email ?? member.userPrincipalName ?? undefined;
}

async function sendReply(context: TurnContext, reply: Reply): Promise<void> {
  const cards = [...(reply.messages ?? []), ...(reply.form ? [{ card: reply.form }] : [])];
  for (const m of cards) {
    await context.sendActivity('card' in m ? { attachments: [cardAttachment(m.card)] } : { text: m.text });
  }
}

function invokeResponse(body: unknown): Partial<import('botbuilder').Activity> {
  const value: InvokeResponse = { status: StatusCodes.OK, body };
  return { type: INVOKE_RESPONSE, value };
}

/** `tenants`: the tenants whose activities reach the router (lower case); undefined lets any through (local mode only). */
export function teamsTurn(deps: { router: Router; log: Logger; clock: Clock; tenants?: ReadonlySet<string> }) {
  return async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    if (deps.tenants && !fromAllowedTenant(activity, deps.tenants)) return refuseForeignTenant(context, deps.log);
    const event = parseActivity(activity, deps.clock.now());
    const isCardAction = activity.type === ActivityTypes.Invoke && activity.name === ADAPTIVE_CARD_ACTION;
    if (event.kind === 'unsupported') {
      deps.log.debug({ reason: event.reason }, 'teams activity ignored');
      if (isCardAction)
        await context.sendActivity(
          invokeResponse({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Malformed card action' } }),
        );
      return;
    }
    if (event.kind === 'install' && event.action === 'add' && event.conversation.kind !== 'personal') {
      const members = await TeamsInfo.getMembers(context).catch(() => []);
      event.members = members.map((m) => ({
        platform: 'teams' as const,
        workspaceId: event.actor.workspaceId,
        userId: m.aadObjectId ?? m.id,
        channelUserId: m.id,
        displayName: m.name,
      }));
      const emails = new Map(members.map((m) => [m.aadObjectId ?? m.id, m.email ?? m.userPrincipalName ?? undefined]));
      const result = await deps.router.handle(event, async (a) => emails.get(a.userId));
      if (result.status === 'handled') await sendReply(context, result.reply);
      return;
    }
    if (event.kind === 'install') event.members = [event.actor];

    const result = await deps.router.handle(event, (actor) => emailOf(context, actor));
    if (result.status === 'duplicate') {
      if (isCardAction) await context.sendActivity(invokeResponse({ statusCode: 200, type: MESSAGE_RESPONSE, value: 'Already received.' }));
      return;
    }
    const reply = result.reply;
    if (isCardAction) {
      const update = reply.update ?? (reply.messages?.length === 1 && reply.messages[0] && 'card' in reply.messages[0] ? reply.messages[0].card : undefined);
      await context.sendActivity(
        invokeResponse(update ? { statusCode: 200, type: CARD_RESPONSE, value: update } : { statusCode: 200, type: MESSAGE_RESPONSE, value: 'Done.' }),
      );
      if (!reply.update) return sendReply(context, { ...reply, messages: reply.messages?.slice(update ? 1 : 0) });
      return sendReply(context, reply);
    }
    if (reply.update && activity.replyToId) {
      await context.updateActivity({ id: activity.replyToId, type: ActivityTypes.Message, attachments: [cardAttachment(reply.update)] });
    } else if (reply.update) {
      await context.sendActivity({ attachments: [cardAttachment(reply.update)] });
    }
    await sendReply(context, reply);
  };
}
