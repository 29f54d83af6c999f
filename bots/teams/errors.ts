// Bot Connector errors translated once into the product's error codes.
import { AppError, ErrorCode } from '../../core/errors.ts';
import { APP_BLOCKED_REASON } from '../../kernel/ports.ts';

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string>; parsedBody?: unknown; bodyAsText?: string };
  body?: unknown;
}

function header(e: RestErrorLike, name: string): string | undefined {
  const h = e.response?.headers;
  if (!h) return undefined;
  if (typeof (h as { get?: unknown }).get === 'function') return (h as { get(n: string): string | undefined }).get(name);
  return (h as Record<string, string>)[name] ?? (h as Record<string, string>)[name.toLowerCase()];
}

function connectorCode(e: RestErrorLike): string | undefined {
  const body = e.response?.parsedBody ?? e.body;
  if (body && typeof body === 'object' && 'error' in body) {
    const err = (body as { error?: { code?: unknown } }).error;
    if (err && typeof err.code === 'string') return err.code;
  }
  if (e.response?.bodyAsText) {
    const m = /"code"\s*:\s*"([^"]+)"/.exec(e.response.bodyAsText);
    if (m) return m[1];
  }
  return undefined;
}

/** Bot Framework's 403 codes for a bot the user (or their admin's policy) blocked. */
const APP_BLOCKED_CODES = new Set(['MessageWritesBlocked', 'ConversationBlockedByUser', 'BotDisabledByAdmin']);

export function translateTeamsError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = (e ?? {}) as RestErrorLike;
  const status = err.statusCode;
  const reason = connectorCode(err);
  if (status === 429) {
    const retryAfter = Number(header(err, 'retry-after') ?? 1);
    return new AppError(ErrorCode.RateLimited, 'Teams rate limit', { cause: e, retryAfter: Number.isFinite(retryAfter) ? retryAfter : 1, details: { status } });
  }
  // The person blocked the bot, or their app policy did: the product's one reason for it, which
  // delivery records on the account (appBlockedAt) and `people reach` reports. The connector's
  // own code stays in details.code for the logs.
  if (status === 403 && reason && APP_BLOCKED_CODES.has(reason))
    return new AppError(ErrorCode.PlatformRefused, `Teams refused the message (${reason})`, {
      cause: e,
      details: { status, reason: APP_BLOCKED_REASON, code: reason },
    });
  if (status === 403 || status === 404 || status === 400 || status === 401)
    return new AppError(ErrorCode.PlatformRefused, `Teams refused the message (${reason ?? status})`, {
      cause: e,
      details: { status, reason: reason ?? `http_${status}` },
    });
  return new AppError(ErrorCode.PlatformUnavailable, `Teams did not accept the message (${status ?? err.code ?? 'network'})`, {
    cause: e,
    details: { status, reason: reason ?? (status ? `http_${status}` : (err.code ?? 'network')) },
  });
}
