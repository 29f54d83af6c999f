// The Bot Connector client behind proactive fan-out. botbuilder's connector pipeline retries
// 429/5xx on its own (up to 3 times) and offers no switch for it; those hidden retries would
// spend the tenant's rate limit behind the delivery pacer's back. This HTTP client answers a
// 412, 429 or 5xx by throwing an error the pipeline's retry policies do not retry, carrying
// the status, Retry-After and body, so the delivery engine decides (translateTeamsError).
// It speaks node:http(s) with kept-alive connections (../http.ts), not fetch.
import { exchange } from '../http.ts';

interface WebResourceLike {
  url: string;
  method: string;
  body?: unknown;
  headers: { rawHeaders?(): Record<string, string>; toJson?(o?: { preserveCase?: boolean }): Record<string, string> };
  abortSignal?: AbortSignal;
  timeout?: number;
}

function headersLike(raw: Record<string, string>) {
  return { toJson: () => ({ ...raw }), toJSON: () => ({ ...raw }), rawHeaders: () => ({ ...raw }), get: (name: string) => raw[name.toLowerCase()] };
}

export class ConnectorHttpError extends Error {
  readonly code = 'CONNECTOR_HTTP_ERROR';
  constructor(
    readonly statusCode: number,
    readonly response: { request: unknown; status: number; headers: { get(name: string): string | undefined }; bodyAsText: string },
  ) {
    super(`Bot Connector answered ${statusCode}`);
    this.name = 'ConnectorHttpError';
  }
}

const retryable = (status: number) => status === 412 || status === 429 || status >= 500;
export const noRetryHttpClient = {
  async sendRequest(request: WebResourceLike) {
    const headers = request.headers.toJson?.({ preserveCase: true }) ?? request.headers.rawHeaders?.() ?? {};
    const body = typeof request.body === 'string' || Buffer.isBuffer(request.body) ? request.body : request.body == null ? undefined : String(request.body);
    const timeoutMs = request.timeout && request.timeout > 0 ? request.timeout : 30_000;
    const res = await exchange(request.url, { method: request.method, headers, body, signal: request.abortSignal, timeoutMs });
    const h = headersLike(res.headers);
    if (retryable(res.status)) {
      // core-client reads the failed response's request as a pipeline request (headers.toJSON).
      const pipelineLike = { url: request.url, method: request.method, headers: { toJSON: () => ({ ...headers }), get: (n: string) => headers[n] } };
      throw new ConnectorHttpError(res.status, { request: pipelineLike, status: res.status, headers: h, bodyAsText: res.body });
    }
    return { request, status: res.status, headers: h, bodyAsText: res.body };
  },
};
