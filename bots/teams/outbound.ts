// Proactive messages on Teams: continue a stored 1:1 conversation, or create it from the
// tenant and user ids (Bot Connector create-conversation) for people who never wrote to the bot.
import { type CloudAdapter, type ConversationParameters, type ConversationReference, TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/types.ts';
import type { ChannelAddress, OutboundPort, PersonAddress, SentMessage } from '../../kernel/ports.ts';
import { cardAttachment } from './attachments.ts';
import { translateTeamsError } from './errors.ts';

/** Public Bot Framework audience used when the bot has no app id (local mode). */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export interface TeamsOutboundOptions {
  adapter: CloudAdapter;
  appId: string;
  /** The Bot Connector base URL to use for a tenant when no conversation reference is known. */
  serviceUrlFor(tenantId: string): Promise<string | undefined>;
}

export function createTeamsOutbound(opts: TeamsOutboundOptions): OutboundPort {
  const { adapter, appId } = opts;

  async function sendOn(ref: Partial<ConversationReference>, card: AdaptiveCard): Promise<SentMessage> {
    let id = '';
    await adapter.continueConversationAsync(appId, ref, async (ctx) => {
      id = (await ctx.sendActivity({ attachments: [cardAttachment(card)] }))?.id ?? '';
    });
    return { platform: 'teams', conversationId: ref.conversation?.id ?? '', messageId: id, address: { ...ref } };
  }

  async function createAndSend(to: PersonAddress, card: AdaptiveCard): Promise<SentMessage> {
    const serviceUrl = await opts.serviceUrlFor(to.workspaceId);
    if (!serviceUrl) throw translateTeamsError({ statusCode: 404, body: { error: { code: 'NoServiceUrlForTenant' } } });
    const params: ConversationParameters = {
      isGroup: false,
      bot: { id: appId ? `28:${appId}` : 'bot', name: 'DMPS Connect' },
      members: [{ id: to.channelUserId ?? to.userId, name: '' }],
      tenantId: to.workspaceId,
      channelData: { tenant: { id: to.workspaceId } },
      activity: undefined as never,
    } as ConversationParameters;
    let sent: SentMessage | undefined;
    await adapter.createConversationAsync(appId, 'msteams', serviceUrl, BOT_FRAMEWORK_AUDIENCE, params, async (ctx) => {
      const ref = TurnContext.getConversationReference(ctx.activity);
      const r = await ctx.sendActivity({ attachments: [cardAttachment(card)] });
      sent = {
        platform: 'teams',
        conversationId: ref.conversation?.id ?? '',
        messageId: r?.id ?? '',
        address: { ...ref },
        learned: { conversationRef: { ...ref } },
      };
    });
    if (!sent) throw translateTeamsError({ statusCode: 502 });
    return sent;
  }

  return {
    platform: 'teams',
    async sendToPerson(to, card) {
      try {
        if (to.conversationRef) return await sendOn(to.conversationRef as Partial<ConversationReference>, card);
        return await createAndSend(to, card);
      } catch (e) {
        throw translateTeamsError(e);
      }
    },
    async sendToChannel(to: ChannelAddress, card) {
      try {
        const ref = (to.conversationRef ?? {}) as Partial<ConversationReference>;
        return await sendOn({ ...ref, conversation: { ...(ref.conversation ?? {}), id: to.channelId } as ConversationReference['conversation'] }, card);
      } catch (e) {
        throw translateTeamsError(e);
      }
    },
    async updateCard(sent, card) {
      try {
        const ref = (sent.address ?? {}) as Partial<ConversationReference>;
        await adapter.continueConversationAsync(appId, ref, async (ctx) => {
          await ctx.updateActivity({ id: sent.messageId, type: 'message', attachments: [cardAttachment(card)] });
        });
      } catch (e) {
        throw translateTeamsError(e);
      }
    },
  };
}
