// The platform-neutral events the bots hand inward and the replies they render natively.
// Nothing past bots/ sees a Teams activity or a Slack payload: only these types.
import type { AdaptiveCard, SubmittedValues } from '../cards/types.ts';

export type PlatformName = 'teams' | 'slack';

/** Who acted, as the platform knows them. */
export interface Actor {
  platform: PlatformName;
  /** Teams tenant id / Slack team id. */
  workspaceId: string;
  /** Teams AAD object id (falls back to the channel account id) / Slack user id. */
  userId: string;
  /** Teams channel account id ("29:..."), needed to open a 1:1 chat later. */
  channelUserId?: string;
  displayName?: string;
}

/** Where it happened. `ref` is the opaque, platform-specific address the bots need to reply
 *  or message this conversation later (Teams conversation reference; Slack channel id). */
export interface Conversation {
  id: string;
  kind: 'personal' | 'channel' | 'group';
  ref: Record<string, unknown>;
}

interface EventBase {
  /** Same for every delivery of the same platform event; the router processes a key once. */
  dedupeKey: string;
  actor: Actor;
  conversation: Conversation;
  receivedAt: Date;
}

/** Text typed to the bot: a DM, a mention (mention stripped) or a slash command's text. */
export interface MessageEvent extends EventBase {
  kind: 'message';
  text: string;
}

/** A card form submitted: which card instance, which verb, and the inputs' values. */
export interface SubmitEvent extends EventBase {
  kind: 'submit';
  verb: string;
  cardInstanceId: string;
  values: SubmittedValues;
  /** Where the card the person acted on lives, so it can be updated (platform-specific). */
  messageRef?: Record<string, unknown>;
}

/** The app was installed (or removed) for a person or in a team/channel; members are who the
 *  bot can see. Every event of one install carries the same dedupeKey (Teams sends two: an
 *  installationUpdate and a conversationUpdate), so the install is answered once. */
export interface InstallEvent extends EventBase {
  kind: 'install';
  action: 'add' | 'remove';
  members: Actor[];
}

export type InboundEvent = MessageEvent | SubmitEvent | InstallEvent;

export type OutboundMessage = { card: AdaptiveCard } | { text: string };

/** What a handler answers. The bots render it natively: on Teams an invoke's `update` is the
 *  Universal Action response; on Slack it becomes chat.update of the acted-on message. */
export interface Reply {
  update?: AdaptiveCard;
  messages?: OutboundMessage[];
  /** A form the person must fill (Slack opens a modal; Teams sends the card). */
  form?: AdaptiveCard;
}
