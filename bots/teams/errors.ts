// Bot Connector errors translated once into the product's error codes.
import { AppError, ErrorCode } from '../../core/errors.ts';

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

export function translateTeamsError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = (e ?? {}) as RestErrorLike;
  const status = err.statusCode;
  const reason = connectorCode(err);
  if (status === 429) {
    const retryAfter = Number(header(err, 'retry-after') ?? 1);
    return new AppError(ErrorCode.RateLimited, 'Teams rate limit', { cause: e, retryAfter: Number.isFinite(retryAfter) ? retryAfter : 1, details: { status } });
  }
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
