// The Bot Connector client behind proactive fan-out. botbuilder's connector pipeline retries
// 429/5xx on its own (up to 3 times) and offers no switch for it; those hidden retries would
// spend the tenant's rate limit behind the delivery pacer's back. This HTTP client answers a
// 412, 429 or 5xx by throwing an error the pipeline's retry policies do not retry, carrying
// the status, Retry-After and body, so the delivery engine decides (translateTeamsError).
// It speaks node:http(s) with kept-alive connections: fetch cost about five times the CPU per
// request here (its web streams), at 50 requests a second for a whole campaign.
import http from 'node:http';
import https from 'node:https';

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
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

const withoutLength = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => k.toLowerCase() !== 'content-length'));

/** One request; resolves with the status, the headers (lower-case names) and the body. */
function exchange(request: WebResourceLike, headers: Record<string, string>) {
  const url = new URL(request.url);
  const secure = url.protocol === 'https:';
  const body = typeof request.body === 'string' || Buffer.isBuffer(request.body) ? request.body : request.body == null ? undefined : String(request.body);
  const timeout = request.timeout && request.timeout > 0 ? request.timeout : 30_000;
  return new Promise<{ status: number; headers: Record<string, string>; bodyAsText: string }>((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      {
        method: request.method,
        headers: body === undefined ? headers : { ...withoutLength(headers), 'content-length': String(Buffer.byteLength(body)) },
        agent: secure ? agents.https : agents.http,
        signal: request.abortSignal,
        timeout,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers: h, bodyAsText: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer from the Bot Connector in ${timeout} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

export const noRetryHttpClient = {
  async sendRequest(request: WebResourceLike) {
    const headers = request.headers.toJson?.({ preserveCase: true }) ?? request.headers.rawHeaders?.() ?? {};
    const res = await exchange(request, headers);
    const h = headersLike(res.headers);
    if (retryable(res.status)) {
      // core-client reads the failed response's request as a pipeline request (headers.toJSON).
      const pipelineLike = { url: request.url, method: request.method, headers: { toJSON: () => ({ ...headers }), get: (n: string) => headers[n] } };
      throw new ConnectorHttpError(res.status, { request: pipelineLike, status: res.status, headers: h, bodyAsText: res.bodyAsText });
    }
    return { request, status: res.status, headers: h, bodyAsText: res.bodyAsText };
  },
};
