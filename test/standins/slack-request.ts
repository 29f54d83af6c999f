// Helpers to POST to a Bolt endpoint as Slack does: v0 request signing, and builders for Events API
// envelopes, slash command forms and interactivity payloads (block_actions, view_submission).
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export interface SignOptions {
  secret: string;
  /** Unix seconds; default now. A value over 5 minutes old makes Bolt refuse the request. */
  timestamp?: number;
  retryNum?: number;
  retryReason?: string;
  /** Default: JSON when the body starts with "{", else form-encoded. */
  contentType?: 'application/json' | 'application/x-www-form-urlencoded';
}

/** x-slack-signature: "v0=" + hex HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"). */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export function signedSlackRequest(url: string, body: string, options: SignOptions): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? (body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'),
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.secret, timestamp, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
  return fetch(url, { method: 'POST', headers, body });
}

export interface WorkspaceRef {
  teamId: string;
  teamDomain?: string;
  apiAppId?: string;
  botUserId?: string;
}

const DEFAULT_APP = 'A0DMPS0001';
const DEFAULT_BOT_USER = 'U0BOT00001';
const DEFAULT_TOKEN = 'legacy-verification-token';

export function slackTriggerId(): string {
  return `${Date.now()}.${randomDigits(10)}.${randomBytes(16).toString('hex')}`;
}

/** A message timestamp in Slack's "seconds.micros" form. */
export function slackTs(date = new Date()): string {
  const ms = date.getTime();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + Math.floor(Math.random() * 1000)).padStart(6, '0')}`;
}

/** The Events API envelope (type event_callback) around an event. */
export function eventCallback(event: Record<string, unknown>, ws: WorkspaceRef & { eventId?: string }): string {
  return JSON.stringify({
    token: DEFAULT_TOKEN,
    team_id: ws.teamId,
    context_team_id: ws.teamId,
    context_enterprise_id: null,
    api_app_id: ws.apiAppId ?? DEFAULT_APP,
    event,
    type: 'event_callback',
    event_id: ws.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: ws.teamId, user_id: ws.botUserId ?? DEFAULT_BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
  });
}

/** A user's direct message to the app (event type message, channel_type im). */
export function imMessageEvent(e: { user: string; channel: string; text: string; teamId: string; ts?: string }): Record<string, unknown> {
  const ts = e.ts ?? slackTs();
  return { type: 'message', client_msg_id: randomUUID(), text: e.text, user: e.user, ts, team: e.teamId, channel: e.channel, event_ts: ts, channel_type: 'im' };
}

/** An @mention of the app in a channel; text starts with "<@BOTID>". */
export function appMentionEvent(e: { user: string; channel: string; text: string; teamId: string; botUserId?: string; ts?: string }): Record<string, unknown> {
  const ts = e.ts ?? slackTs();
  return {
    type: 'app_mention',
    client_msg_id: randomUUID(),
    text: `<@${e.botUserId ?? DEFAULT_BOT_USER}> ${e.text}`,
    user: e.user,
    ts,
    team: e.teamId,
    channel: e.channel,
    event_ts: ts,
  };
}

/** The form body Slack posts for a slash command. */
export function slashCommandBody(
  c: WorkspaceRef & {
    command?: string;
    text: string;
    userId: string;
    userName?: string;
    channelId: string;
    channelName?: string;
    triggerId?: string;
    responseUrl?: string;
  },
): string {
  return new URLSearchParams({
    token: DEFAULT_TOKEN,
    team_id: c.teamId,
    team_domain: c.teamDomain ?? 'dmps',
    channel_id: c.channelId,
    channel_name: c.channelName ?? (c.channelId.startsWith('D') ? 'directmessage' : 'general'),
    user_id: c.userId,
    user_name: c.userName ?? 'user',
    command: c.command ?? '/dmps',
    text: c.text,
    api_app_id: c.apiAppId ?? DEFAULT_APP,
    is_enterprise_install: 'false',
    response_url: c.responseUrl ?? `https://hooks.slack.com/commands/${c.teamId}/1/${randomBytes(8).toString('hex')}`,
    trigger_id: c.triggerId ?? slackTriggerId(),
  }).toString();
}

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface SlackUserRef {
  id: string;
  username?: string;
}

/** A block_actions payload for a button click (or any element) in a message. */
export function blockActionsPayload(
  p: WorkspaceRef & {
    user: SlackUserRef;
    actionId: string;
    blockId?: string;
    value?: string;
    elementType?: string;
    channelId: string;
    messageTs: string;
    stateValues?: StateValues;
    triggerId?: string;
    responseUrl?: string;
  },
): Record<string, unknown> {
  const actionTs = slackTs();
  return {
    type: 'block_actions',
    user: { id: p.user.id, username: p.user.username ?? 'user', name: p.user.username ?? 'user', team_id: p.teamId },
    api_app_id: p.apiAppId ?? DEFAULT_APP,
    token: DEFAULT_TOKEN,
    container: { type: 'message', message_ts: p.messageTs, channel_id: p.channelId, is_ephemeral: false },
    trigger_id: p.triggerId ?? slackTriggerId(),
    team: { id: p.teamId, domain: p.teamDomain ?? 'dmps' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: p.channelId, name: p.channelId.startsWith('D') ? 'directmessage' : 'general' },
    message: { type: 'message', user: p.botUserId ?? DEFAULT_BOT_USER, ts: p.messageTs, bot_id: 'B0BOT00001', text: '' },
    state: { values: p.stateValues ?? {} },
    response_url: p.responseUrl ?? `https://hooks.slack.com/actions/${p.teamId}/1/${randomBytes(8).toString('hex')}`,
    actions: [
      {
        type: p.elementType ?? 'button',
        action_id: p.actionId,
        block_id: p.blockId ?? randomBytes(3).toString('base64url'),
        value: p.value,
        text: { type: 'plain_text', text: p.actionId, emoji: true },
        action_ts: actionTs,
      },
    ],
  };
}

/** A block_actions payload for a click in a person's App Home: it comes from a view (`VHOME`),
 *  with neither a message nor a channel. */
export function appHomeActionPayload(p: WorkspaceRef & { user: SlackUserRef; actionId: string; value?: string }): Record<string, unknown> {
  const click = blockActionsPayload({ ...p, channelId: '', messageTs: '' });
  delete click.message;
  delete click.channel;
  click.container = { type: 'view', view_id: 'VHOME' };
  return click;
}

/** A view_submission payload: the modal's state.values carry the inputs. */
export function viewSubmissionPayload(
  p: WorkspaceRef & {
    user: SlackUserRef;
    callbackId: string;
    stateValues: StateValues;
    viewId?: string;
    privateMetadata?: string;
    hash?: string;
    triggerId?: string;
  },
): Record<string, unknown> {
  const viewId = p.viewId ?? `V${randomDigits(10)}`;
  return {
    type: 'view_submission',
    team: { id: p.teamId, domain: p.teamDomain ?? 'dmps' },
    user: { id: p.user.id, username: p.user.username ?? 'user', name: p.user.username ?? 'user', team_id: p.teamId },
    api_app_id: p.apiAppId ?? DEFAULT_APP,
    token: DEFAULT_TOKEN,
    trigger_id: p.triggerId ?? slackTriggerId(),
    view: {
      id: viewId,
      team_id: p.teamId,
      type: 'modal',
      blocks: [],
      private_metadata: p.privateMetadata ?? '',
      callback_id: p.callbackId,
      state: { values: p.stateValues },
      hash: p.hash ?? `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: { type: 'plain_text', text: 'DMPS Connect', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: p.apiAppId ?? DEFAULT_APP,
      external_id: '',
      app_installed_team_id: p.teamId,
      bot_id: 'B0BOT00001',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** Interactivity requests are form-encoded with the JSON in one `payload` field. */
export function interactivityBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function urlVerificationBody(challenge: string): string {
  return JSON.stringify({ token: DEFAULT_TOKEN, challenge, type: 'url_verification' });
}

function randomDigits(n: number): string {
  return Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
}
