// One HTTP request over node:http(s) with kept-alive connections, for the platform clients: the
// fan-out clients of both platforms (Teams' Bot Connector, Slack's Web API) and the Slack app's
// own WebClient, which answers every Slack turn. Their SDKs would use fetch, whose web streams
// cost several times the CPU of node:http per request (0.35 against 0.06 ms measured here; about
// 0.18 ms more per call in a 1.7 kB chat.postMessage), at 50 sends a second for a whole campaign
// and at every click of a 9:00 rush.
import http from 'node:http';
import https from 'node:https';

export interface Exchange {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
const withoutLength = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => k.toLowerCase() !== 'content-length'));

/** One request and its whole answer within `timeoutMs`: a platform that takes the request and
 *  never answers, or answers a byte at a time, fails the call then (ETIMEDOUT). One timer for
 *  the exchange, cleared when it ends, rather than a socket idle timeout (which a trickle resets)
 *  or an AbortSignal.timeout, which cannot be cleared: each one fired after its call had long
 *  finished, built a DOMException with its stack, and with its listeners cost about a twentieth
 *  of a fan-out send's CPU. */
export function exchange(
  url: string,
  o: { method: string; headers: Record<string, string>; body?: string | Buffer; signal?: AbortSignal; timeoutMs: number },
): Promise<Exchange> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const headers = o.body === undefined ? o.headers : { ...withoutLength(o.headers), 'content-length': String(Buffer.byteLength(o.body)) };
  return new Promise((resolve, reject) => {
    // Set once the request exists: a request refused as it is made (a header it cannot send)
    // throws here, and must leave no timer behind.
    let deadline: NodeJS.Timeout | undefined;
    const fail = (e: unknown) => {
      clearTimeout(deadline);
      reject(e);
    };
    const req = (secure ? https : http).request(target, { method: o.method, headers, agent: secure ? agents.https : agents.http, signal: o.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      // Closed part way through the body (the deadline, an abort, the platform): no 'end', and not always an 'error'.
      res.on('close', () => {
        if (!res.complete) fail(Object.assign(new Error(`the answer from ${target.host} was cut off`), { code: 'ECONNRESET' }));
      });
      res.on('end', () => {
        clearTimeout(deadline);
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: h, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    deadline = setTimeout(
      () => req.destroy(Object.assign(new Error(`no answer from ${target.host} in ${o.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      o.timeoutMs,
    );
    req.on('error', fail);
    req.end(o.body);
  });
}

/** The part of fetch Slack's WebClient (and Bolt's `respond`) uses, over `exchange`: a POST of a
 *  string body (form-encoded or JSON), a text or JSON answer. Anything else (a file upload's
 *  FormData) goes to fetch itself. `timeoutMs`: the most a request may wait for the platform. */
export function keepAliveFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const body = init?.body;
    if (typeof body !== 'string' || typeof input !== 'string') return fetch(input, init);
    const given = init?.headers;
    const headers = given instanceof Headers || Array.isArray(given) ? Object.fromEntries(new Headers(given)) : ((given ?? {}) as Record<string, string>);
    const r = await exchange(input, {
      method: init?.method ?? 'POST',
      headers,
      body,
      signal: init?.signal ?? undefined,
      timeoutMs,
    });
    const text = async () => r.body;
    const response = { url: input, status: r.status, statusText: r.statusText, ok: r.status >= 200 && r.status < 300, headers: new Headers(r.headers), text };
    return { ...response, json: async () => JSON.parse(r.body), arrayBuffer: async () => new TextEncoder().encode(r.body).buffer } as unknown as Response;
  };
}
