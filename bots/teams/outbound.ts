// Proactive messages on Teams: continue a stored 1:1 conversation, or create it from the
// tenant and user ids (Bot Connector create-conversation) for people who never wrote to the bot.
//
// Fan-out has an adapter of its own, with two differences from the one that answers turns:
// its connector client does not retry by itself (no-retry-http.ts: the delivery engine paces
// and retries, and hidden retries would spend the tenant's limit behind the pacer's back), and
// a message to a known conversation goes straight to one connector client per service URL,
// made once. continueConversationAsync builds a connector client (pipeline, credentials), a
// token client and a turn context for every message, which was a third of a send's CPU time;
// the kept client's credentials also keep their token between sends.
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationParameters,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import type { ConnectorClient, ConnectorClientOptions, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { AdaptiveCard } from '../../cards/types.ts';
import type { ChannelAddress, OutboundPort, PersonAddress, SentMessage } from '../../kernel/ports.ts';
import { cardAttachment } from './attachments.ts';
import { translateTeamsError } from './errors.ts';
import { noRetryHttpClient } from './no-retry-http.ts';

/** Public Bot Framework audience used when the bot has no app id (local mode). */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

class FanoutAdapter extends CloudAdapter {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();

  constructor(env: Record<string, string | undefined>, credentialsFactory: ServiceClientCredentialsFactory | undefined) {
    super(
      new ConfigurationBotFrameworkAuthentication(env as ConfigurationBotFrameworkAuthenticationOptions, credentialsFactory, undefined, undefined, {
        httpClient: noRetryHttpClient,
      } as unknown as ConnectorClientOptions),
    );
  }

  /** The connector client for the bot's own calls to a Bot Connector, as continueConversationAsync would make it. */
  connector(appId: string, serviceUrl: string): Promise<ConnectorClient> {
    let client = this.connectors.get(serviceUrl);
    if (!client) {
      // No audience: the factory's own (ToChannelFromBotOAuthScope), as continueConversationAsync does.
      const factory = this.botFrameworkAuthentication.createConnectorFactory(this.createClaimsIdentity(appId));
      client = factory.create(serviceUrl, undefined as unknown as string);
      client.catch(() => this.connectors.delete(serviceUrl));
      this.connectors.set(serviceUrl, client);
    }
    return client;
  }
}

export interface TeamsOutboundOptions {
  /** The Bot Framework configuration keys (MicrosoftAppId, MicrosoftAppPassword, ...). */
  env: Record<string, string | undefined>;
  /** Outbound credentials (tests inject a local one; production lets MSAL do it). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** The Bot Connector base URL to use for a tenant when no conversation reference is known. */
  serviceUrlFor(tenantId: string): Promise<string | undefined>;
}

export function createTeamsOutbound(opts: TeamsOutboundOptions): OutboundPort {
  const appId = opts.env.MicrosoftAppId ?? '';
  const adapter = new FanoutAdapter(opts.env, opts.credentialsFactory);

  async function sendOn(ref: Partial<ConversationReference>, card: AdaptiveCard): Promise<SentMessage> {
    const conversationId = ref.conversation?.id ?? '';
    // A new message in the conversation, not a reply to the activity the reference was taken from.
    const { activityId: _, ...to } = ref;
    const activity = TurnContext.applyConversationReference({ type: 'message', attachments: [cardAttachment(card)] }, to) as Activity;
    const client = await adapter.connector(appId, String(ref.serviceUrl ?? ''));
    const r = await client.conversations.sendToConversation(conversationId, activity);
    return { platform: 'teams', conversationId, messageId: r?.id ?? '', address: { ...ref } };
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
