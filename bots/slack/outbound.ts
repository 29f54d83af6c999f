// Proactive messages on Slack. Fan-out uses its own WebClient that rejects rate-limited calls
// instead of queueing them (`rejectRateLimitedCalls`): the client's global queue would pause
// every call on one 429, while the delivery engine slows only the channel the 429 names. Its
// requests go over node:http with kept-alive connections (../http.ts keepAliveFetch) instead of fetch.
import { ErrorCode as SlackErrorCode, type WebAPICallError, WebClient } from '@slack/web-api';
import type { AdaptiveCard } from '../../cards/types.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import type { ChannelAddress, OutboundPort, PersonAddress, SentMessage } from '../../kernel/ports.ts';
import { keepAliveFetch } from '../http.ts';
import type { FormStore } from './forms.ts';
import { messageFor } from './reply.ts';

/** Slack errors that no retry will fix. */
const PERMANENT = new Set([
  'user_not_found',
  'account_inactive',
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'cannot_dm_bot',
  'user_disabled',
  'invalid_auth',
  'not_authed',
  'missing_scope',
  'restricted_action',
  'msg_too_long',
  'invalid_blocks',
  'no_permission',
]);

export function translateSlackError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as WebAPICallError & { retryAfter?: number; data?: { error?: string }; statusCode?: number };
  if (err?.code === SlackErrorCode.RateLimitedError)
    return new AppError(ErrorCode.RateLimited, 'Slack rate limit', { cause: e, retryAfter: err.retryAfter ?? 1 });
  if (err?.code === SlackErrorCode.PlatformError) {
    const reason = err.data?.error ?? 'unknown_error';
    if (reason === 'ratelimited') return new AppError(ErrorCode.RateLimited, 'Slack rate limit', { cause: e, retryAfter: 1 });
    if (PERMANENT.has(reason)) return new AppError(ErrorCode.PlatformRefused, `Slack refused the message (${reason})`, { cause: e, details: { reason } });
    return new AppError(ErrorCode.PlatformUnavailable, `Slack error ${reason}`, { cause: e, details: { reason } });
  }
  return new AppError(ErrorCode.PlatformUnavailable, 'Slack did not answer', { cause: e, details: { reason: err?.code ?? 'network' } });
}

export function createSlackOutbound(opts: { botToken: string; apiUrl?: string; log: Logger; forms: FormStore; timeoutMs?: number }): OutboundPort {
  const client = new WebClient(opts.botToken, {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    // No `timeout` here: the client would give every call an AbortSignal.timeout, which cannot be
    // cleared; keepAliveFetch bounds each call itself (../http.ts exchange).
    fetch: keepAliveFetch(opts.timeoutMs ?? 10_000),
  });
  const log = opts.log.child({ platform: 'slack' });

  async function post(channel: string, card: AdaptiveCard): Promise<SentMessage> {
    const m = await messageFor(card, opts.forms, log);
    const r = await client.chat.postMessage({ channel, ...m });
    return { platform: 'slack', conversationId: r.channel ?? channel, messageId: r.ts ?? '', address: { channel: r.channel ?? channel } };
  }

  return {
    platform: 'slack',
    async sendToPerson(to: PersonAddress, card) {
      try {
        let channel = to.dmChannelId ?? undefined;
        let learned: SentMessage['learned'];
        if (!channel) {
          const opened = await client.conversations.open({ users: to.userId });
          channel = opened.channel?.id;
          if (!channel) throw new AppError(ErrorCode.PlatformUnavailable, 'conversations.open returned no channel');
          learned = { dmChannelId: channel };
        }
        return { ...(await post(channel, card)), ...(learned ? { learned } : {}) };
      } catch (e) {
        throw translateSlackError(e);
      }
    },
    async sendToChannel(to: ChannelAddress, card) {
      try {
        return await post(to.channelId, card);
      } catch (e) {
        throw translateSlackError(e);
      }
    },
    async updateCard(sent, card) {
      try {
        const m = await messageFor(card, opts.forms, log);
        await client.chat.update({ channel: sent.conversationId, ts: sent.messageId, ...m });
      } catch (e) {
        throw translateSlackError(e);
      }
    },
  };
}
