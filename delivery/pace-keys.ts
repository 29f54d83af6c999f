// Which rate-limit buckets a send touches: the tenant or workspace, and the conversation.
import type { PlatformName } from '../kernel/events.ts';
import type { ChannelAddress } from '../kernel/ports.ts';
import type { DeliveryLimits } from './limits.ts';
import type { ClaimedAccount } from './load.ts';
import type { PaceKey } from './pacer.ts';

/** What pacing needs of the account a send goes to. */
type PacedAccount = Pick<ClaimedAccount, 'workspaceId' | 'userId' | 'dmChannelId'>;

export function paceKeysFor(platform: PlatformName, l: DeliveryLimits, account: PacedAccount | null, channel: ChannelAddress | undefined): PaceKey[] {
  const workspace = channel?.workspaceId ?? account?.workspaceId ?? 'unknown';
  if (platform === 'teams') {
    const conv = channel?.channelId ?? account?.userId ?? 'unknown';
    return [
      { key: `teams:tenant:${workspace}`, windows: l.teams.perTenant },
      { key: `teams:conv:${conv}`, windows: l.teams.perConversation },
    ];
  }
  const keys: PaceKey[] = [
    { key: `slack:ws:${workspace}`, windows: l.slack.perWorkspace },
    { key: `slack:chan:${channel?.channelId ?? account?.dmChannelId ?? account?.userId ?? 'unknown'}`, windows: l.slack.perChannel },
  ];
  if (!channel && !account?.dmChannelId) keys.push({ key: `slack:open:${workspace}`, windows: l.slack.conversationsOpen });
  return keys;
}

/** The one bucket a 429 slows: the conversation it was for (Slack: or conversations.open). */
export function rateLimitKey(platform: PlatformName, account: PacedAccount | null, channel: ChannelAddress | undefined): string {
  if (platform === 'teams') return `teams:conv:${channel?.channelId ?? account?.userId ?? 'unknown'}`;
  if (!channel && !account?.dmChannelId) return `slack:open:${account?.workspaceId ?? 'unknown'}`;
  return `slack:chan:${channel?.channelId ?? account?.dmChannelId ?? account?.userId ?? 'unknown'}`;
}
