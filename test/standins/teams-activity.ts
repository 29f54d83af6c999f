// Builders for Bot Framework activities shaped as Microsoft Teams sends them to a bot, and a helper
// to POST one to a bot endpoint. Each points its serviceUrl at the connector stand-in.
import { createHash } from 'node:crypto';

export interface TeamsIdentity {
  /** Teams user id, "29:..." */
  id: string;
  aadObjectId: string;
  name: string;
}

export interface TeamsActivity {
  type: string;
  id: string;
  timestamp: string;
  localTimestamp: string;
  serviceUrl: string;
  channelId: 'msteams';
  from: { id: string; name?: string; aadObjectId?: string };
  recipient: { id: string; name: string };
  conversation: { id: string; conversationType: 'personal' | 'channel'; tenantId: string; isGroup?: boolean };
  channelData: { tenant: { id: string } } & Record<string, unknown>;
  locale: string;
  entities: Array<Record<string, unknown>>;
  text?: string;
  textFormat?: string;
  replyToId?: string;
  value?: unknown;
  name?: string;
  action?: 'add' | 'remove';
  membersAdded?: Array<{ id: string; name?: string; aadObjectId?: string }>;
}

export interface ActivityBase {
  /** The connector stand-in's URL. */
  serviceUrl: string;
  /** The bot's Microsoft App ID (the recipient is "28:{appId}"). */
  appId: string;
  botName?: string;
  tenantId: string;
  user: TeamsIdentity;
  /** Defaults to the 1:1 id the connector stand-in's createConversation returns for this user. */
  conversationId?: string;
}

export interface ChannelBase extends ActivityBase {
  teamId?: string;
  channelId?: string;
}

const DEFAULT_BOT_NAME = 'DMPS Connect';
const DEFAULT_CHANNEL = '19:general0000@thread.tacv2';
const DEFAULT_TEAM = '19:team0000@thread.tacv2';
let sequence = 0;

/** A Teams user: "29:" id derived from the Entra object id, so it is stable across a run. */
export function teamsIdentity(user: { aadObjectId: string; name: string }): TeamsIdentity {
  return { id: `29:1${digest(user.aadObjectId).slice(0, 40)}`, aadObjectId: user.aadObjectId, name: user.name };
}

/** The personal (1:1) conversation id for a member; the connector stand-in's createConversation returns the same. */
export function personalConversationId(memberId: string, tenantId: string): string {
  return `a:1${digest(`${tenantId}|${memberId}`).slice(0, 40)}`;
}

export function personalMessage(base: ActivityBase & { text: string; replyToId?: string }): TeamsActivity {
  return { ...common(base, 'message', personal(base)), text: base.text, textFormat: 'plain', replyToId: base.replyToId };
}

/** A channel post that @mentions the bot: `<at>` text plus a mention entity, as Teams sends it. */
export function channelMention(base: ChannelBase & { text: string }): TeamsActivity {
  const botName = base.botName ?? DEFAULT_BOT_NAME;
  const at = `<at>${botName}</at>`;
  const activity = common(base, 'message', channel(base));
  const channelId = base.channelId ?? DEFAULT_CHANNEL;
  const teamId = base.teamId ?? DEFAULT_TEAM;
  Object.assign(activity.channelData, { teamsChannelId: channelId, teamsTeamId: teamId, channel: { id: channelId }, team: { id: teamId } });
  activity.entities.unshift({ type: 'mention', text: at, mentioned: { id: `28:${base.appId}`, name: botName } });
  return { ...activity, text: `${at} ${base.text}`, textFormat: 'plain' };
}

/** conversationUpdate sent when the app is installed for a user: the bot is the member added. */
export function installConversationUpdate(base: ActivityBase): TeamsActivity {
  return {
    ...common(base, 'conversationUpdate', personal(base)),
    id: `f:${nextId()}`,
    membersAdded: [{ id: `28:${base.appId}` }],
  };
}

/** installationUpdate add (or remove) in personal scope. */
export function installationUpdate(base: ActivityBase & { action?: 'add' | 'remove' }): TeamsActivity {
  const activity = common(base, 'installationUpdate', personal(base));
  activity.channelData.source = { name: 'message' };
  return { ...activity, id: `f:${nextId()}`, action: base.action ?? 'add' };
}

/** The invoke Teams sends for an Adaptive Card Action.Execute (Universal Actions). */
export function adaptiveCardAction(base: ActivityBase & { verb: string; data?: Record<string, unknown>; replyToId?: string; title?: string }): TeamsActivity {
  const activity = common(base, 'invoke', personal(base));
  activity.channelData.source = { name: 'message' };
  if (base.replyToId) activity.channelData.legacy = { replyToId: base.replyToId };
  return {
    ...activity,
    id: `f:${nextId()}`,
    name: 'adaptiveCard/action',
    replyToId: base.replyToId,
    value: {
      action: { type: 'Action.Execute', title: base.title ?? base.verb, verb: base.verb, data: base.data ?? {} },
      trigger: 'manual',
    },
  };
}

/** The message Teams sends for an Action.Submit (the fallback): no text, `value` holds data and inputs. */
export function cardSubmit(base: ActivityBase & { data: Record<string, unknown>; replyToId?: string }): TeamsActivity {
  const activity = common(base, 'message', personal(base));
  activity.channelData.source = { name: 'message' };
  if (base.replyToId) activity.channelData.legacy = { replyToId: base.replyToId };
  return { ...activity, replyToId: base.replyToId, value: base.data };
}

/** POSTs an activity to a bot endpoint as the Bot Connector does; `authorization` is the whole header value. */
export async function postActivity(url: string, activity: TeamsActivity, authorization?: string): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(activity) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

function common(base: ActivityBase, type: string, conversation: TeamsActivity['conversation']): TeamsActivity {
  const now = new Date();
  return {
    type,
    id: nextId(),
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString(),
    serviceUrl: base.serviceUrl,
    channelId: 'msteams',
    from: { id: base.user.id, name: base.user.name, aadObjectId: base.user.aadObjectId },
    recipient: { id: `28:${base.appId}`, name: base.botName ?? DEFAULT_BOT_NAME },
    conversation,
    channelData: { tenant: { id: base.tenantId } },
    locale: 'en-US',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'America/Chicago' }],
  };
}

function personal(base: ActivityBase): TeamsActivity['conversation'] {
  return {
    id: base.conversationId ?? personalConversationId(base.user.id, base.tenantId),
    conversationType: 'personal',
    tenantId: base.tenantId,
  };
}

function channel(base: ChannelBase): TeamsActivity['conversation'] {
  const channelId = base.channelId ?? DEFAULT_CHANNEL;
  return {
    id: base.conversationId ?? `${channelId};messageid=${nextId()}`,
    conversationType: 'channel',
    tenantId: base.tenantId,
    isGroup: true,
  };
}

function nextId(): string {
  sequence += 1;
  return String(1_690_000_000_000 + sequence);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
