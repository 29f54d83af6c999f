// What workflows and the delivery engine may ask of a platform, implemented in bots/teams and
// bots/slack. Platform errors come back as AppError: `rate_limited` (with retryAfter seconds),
// `platform_refused` (permanent: details.reason e.g. app_blocked, user_not_found,
// account_inactive, ConversationNotFound) or `platform_unavailable` (5xx, 412, timeouts: retry).
import type { AdaptiveCard } from '../cards/types.ts';
import type { PlatformName } from './events.ts';

/** `platform_refused`'s reason when the person blocked the app (Teams 403 MessageWritesBlocked,
 *  ConversationBlockedByUser, BotDisabledByAdmin): delivery records it on the account
 *  (PlatformAccount.appBlockedAt), so audiences skip it and `people reach` reports it. */
export const APP_BLOCKED_REASON = 'app_blocked';

/** Where a person can be reached on one platform, as stored on their PlatformAccount. */
export interface PersonAddress {
  platform: PlatformName;
  workspaceId: string;
  userId: string;
  channelUserId?: string | null;
  /** Teams: stored conversation reference, if the person ever talked to the bot. */
  conversationRef?: Record<string, unknown> | null;
  /** Slack: the DM channel, if already opened. */
  dmChannelId?: string | null;
}

/** A Teams channel (team + channel id) or a Slack channel. */
export interface ChannelAddress {
  platform: PlatformName;
  workspaceId: string;
  channelId: string;
  /** Teams: the channel's conversation reference (serviceUrl etc.). */
  conversationRef?: Record<string, unknown> | null;
}

/** Where a sent card landed, enough to update it later. */
export interface SentMessage {
  platform: PlatformName;
  conversationId: string;
  messageId: string;
  /** Opaque platform address of the conversation (Teams: its conversation reference), which
   *  updateCard needs; store it with the message id. */
  address?: Record<string, unknown>;
  /** What the send learned about how to reach the person next time, to store on the account
   *  (Teams: a new conversation reference; Slack: the DM channel id). */
  learned?: { conversationRef?: Record<string, unknown>; dmChannelId?: string };
}

export interface OutboundPort {
  readonly platform: PlatformName;
  /** Sends a card to one person, opening the 1:1 conversation if needed. */
  sendToPerson(to: PersonAddress, card: AdaptiveCard): Promise<SentMessage>;
  sendToChannel(to: ChannelAddress, card: AdaptiveCard): Promise<SentMessage>;
  /** Replaces a card the bot sent earlier (e.g. "this survey is closed"). */
  updateCard(sent: SentMessage, card: AdaptiveCard): Promise<void>;
}
