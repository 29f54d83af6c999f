// The Slack clients (the app's WebClient, fan-out's, the member list's) send over node:http
// instead of fetch, for its CPU (bots/http.ts). What they read of an answer must be what fetch
// gives: status, status text, headers, body; and what they send must arrive as fetch sends it.
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { keepAliveFetch } from '../../bots/http.ts';
import { createSlackOutbound } from '../../bots/slack/outbound.ts';
import { ErrorCode } from '../../core/errors.ts';
import { createLogger } from '../../core/log.ts';
import type { PersonAddress } from '../../kernel/ports.ts';
import { LoopbackServer } from '../standins/http.ts';

interface Seen {
  method: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  body: string;
}

const seen: Seen[] = [];
const server = new LoopbackServer((req, res, body) => {
  seen.push({ method: req.method, contentType: req.headers['content-type'], authorization: req.headers.authorization, body });
  if (req.url === '/api/chat.postMessage') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-oauth-scopes': 'chat:write,im:write' });
    res.end(JSON.stringify({ ok: true, channel: 'D1', ts: '1.2', text: 'Grüße ✓' }));
  } else if (req.url === '/api/ratelimited') {
    res.writeHead(429, 'Too Many Requests', { 'retry-after': '7', 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
  } else {
    res.writeHead(500, 'Internal Server Error', { 'content-type': 'text/plain' });
    res.end('upstream broke');
  }
});

beforeAll(async () => void (await server.start()));
afterAll(() => server.close());

const ours = keepAliveFetch(5_000);
const form = 'channel=D1&text=Gr%C3%BC%C3%9Fe&blocks=%5B%5D';
const post = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-test' }, body: form };

async function both(path: string, init: RequestInit) {
  seen.length = 0;
  const a = await ours(`${server.url}${path}`, init);
  const b = await fetch(`${server.url}${path}`, init);
  return { a, b, sent: [...seen] };
}

describe('a Slack Web API call over node:http answers as fetch would', () => {
  it('a form POST arrives as fetch sends it, and its JSON answer, status and headers read the same', async () => {
    const { a, b, sent } = await both('/api/chat.postMessage', post);
    expect(sent[0]).toEqual(sent[1]);
    expect(sent[0]).toMatchObject({ method: 'POST', contentType: 'application/x-www-form-urlencoded', authorization: 'Bearer xoxb-test', body: form });
    expect([a.status, a.statusText, a.ok]).toEqual([b.status, b.statusText, b.ok]);
    expect(a.headers.get('content-type')).toBe(b.headers.get('content-type'));
    expect(a.headers.get('x-oauth-scopes')).toBe('chat:write,im:write');
    expect(a.headers.get('x-accepted-oauth-scopes')).toBe(b.headers.get('x-accepted-oauth-scopes'));
    expect(await a.json()).toEqual(await b.json());
  });

  it('a 429 keeps its Retry-After, and an error answer its status text and body', async () => {
    const limited = await both('/api/ratelimited', post);
    expect([limited.a.status, limited.a.headers.get('retry-after')]).toEqual([429, '7']);
    expect(limited.a.statusText).toBe(limited.b.statusText);
    const broken = await both('/api/other', post);
    expect([broken.a.status, broken.a.statusText, broken.a.ok]).toEqual([500, 'Internal Server Error', false]);
    expect(await broken.a.text()).toBe(await broken.b.text());
    expect(Object.fromEntries(broken.a.headers.entries())).toMatchObject({ 'content-type': 'text/plain' });
  });

  it('headers given as a Headers object or as pairs are sent as given (Bolt and the WebClient give a plain object)', async () => {
    for (const headers of [new Headers(post.headers), Object.entries(post.headers)]) {
      const { sent } = await both('/api/chat.postMessage', { ...post, headers });
      expect(sent[0]).toEqual(sent[1]);
      expect(sent[0]?.authorization).toBe('Bearer xoxb-test');
    }
  });

  it('a body that is not a string (a file upload) is left to fetch', async () => {
    const upload = new FormData();
    upload.set('file', new Blob(['a,b\n1,2\n']), 'results.csv');
    const { a, sent } = await both('/api/chat.postMessage', { method: 'POST', body: upload });
    expect(a.status).toBe(200);
    expect(sent[0]?.contentType).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('a platform that cannot be reached fails the call, as fetch does', async () => {
    const closed = new LoopbackServer(() => undefined);
    const { url } = await closed.start();
    await closed.close();
    await expect(ours(`${url}/api/chat.postMessage`, post)).rejects.toThrow();
  });
});

// The time is the fake clock's: a call that ended only on the wall clock (a socket's idle timer
// runs on it) would outlast these tests' own limit of 3 s.
describe('a Slack call has a whole time to be answered in, however the platform stalls', { timeout: 3_000 }, () => {
  // The platform's side: each request waits here until the test answers it (or never does).
  const waiting: ServerResponse[] = [];
  let arrived: () => void = () => undefined;
  const stalling = new LoopbackServer((_req, res) => {
    waiting.push(res);
    arrived();
  });
  const next = () => new Promise<void>((resolve) => (arrived = resolve));
  /** What became of a call: 'answered', or the code it failed with. */
  const outcomeOf = (call: Promise<unknown>) =>
    call.then(
      () => 'answered',
      (e: { code?: string }) => e.code,
    );
  beforeAll(async () => void (await stalling.start()));
  afterAll(() => stalling.close());
  afterEach(() => {
    vi.useRealTimers();
    for (const res of waiting.splice(0)) res.destroy();
  });

  it('a platform that takes the request and never answers fails the call when its time is up, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const came = next();
    const outcome = outcomeOf(keepAliveFetch(10_000)(`${stalling.url}/api/chat.postMessage`, post));
    await came;
    vi.advanceTimersByTime(9_999);
    expect(await Promise.race([outcome, new Promise((r) => setImmediate(() => r('still waiting')))])).toBe('still waiting');
    vi.advanceTimersByTime(1);
    expect(await outcome).toBe('ETIMEDOUT');
  });

  it('an answer that trickles in, a byte now and then, is cut off at the same time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const came = next();
    const outcome = outcomeOf(keepAliveFetch(10_000)(`${stalling.url}/api/chat.postMessage`, post));
    await came;
    const res = waiting[0];
    res?.writeHead(200, { 'content-type': 'application/json' });
    for (let s = 0; s < 5; s++) {
      res?.write(' ');
      vi.advanceTimersByTime(2_000);
      await new Promise((r) => setImmediate(r));
    }
    expect(await outcome).toBe('ETIMEDOUT');
  });

  it('a request that cannot be made (a header it cannot send) fails at once and leaves no timer to fire later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const broken = { ...post, headers: { ...post.headers, 'X-Note': 'two\nlines' } };
    await expect(keepAliveFetch(10_000)(`${stalling.url}/api/chat.postMessage`, broken)).rejects.toThrow(/header/i);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("fan-out's client is bounded the same way: a send to a silent Slack fails as unavailable, to be retried", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const forms = { save: async () => undefined, load: async () => undefined };
    const outbound = createSlackOutbound({ botToken: 'xoxb-test', apiUrl: `${stalling.url}/api/`, log: createLogger(), forms, timeoutMs: 5_000 });
    const to: PersonAddress = { platform: 'slack', workspaceId: 'T1', userId: 'U1', dmChannelId: 'D1' };
    const came = next();
    const sent = outcomeOf(outbound.sendToPerson(to, { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hello' }] }));
    await came;
    vi.advanceTimersByTime(5_000);
    expect(await sent).toBe(ErrorCode.PlatformUnavailable);
  });
});
