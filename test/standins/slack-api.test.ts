// The Slack Web API stand-in answers @slack/web-api's WebClient (pointed at it with slackApiUrl)
// with the documented shapes and errors, and enforces limits the way WebClient expects.
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SLACK_TOKEN, SlackApiStandin } from './slack-api.ts';

const BLOCKS = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hello*' } }];

function client(slack: SlackApiStandin, token = DEFAULT_SLACK_TOKEN, options: { rejectRateLimitedCalls?: boolean } = {}): WebClient {
  return new WebClient(token, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, ...options });
}

/** Asserts WebClient rejected with Slack's { ok: false, error } (a platform error). */
function rejectsWith(call: Promise<unknown>, error: string): Promise<void> {
  return expect(call).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error } });
}

describe('SlackApiStandin with WebClient', () => {
  let slack: SlackApiStandin;
  let web: WebClient;

  beforeEach(async () => {
    slack = new SlackApiStandin();
    await slack.start();
    web = client(slack);
    slack.addUser({ id: 'U0ADA', teamId: 'T0DMPS0001', name: 'ada', email: 'ada@dmschools.org', realName: 'Ada Lovelace' });
    slack.addUser({ id: 'U0GONE', teamId: 'T0DMPS0001', name: 'gone', deleted: true });
  });
  afterEach(() => slack.close());

  it('answers auth.test with the bot identity', async () => {
    const res = await web.auth.test();
    expect(res).toMatchObject({
      ok: true,
      url: 'https://dmps.slack.com/',
      team: 'Des Moines Public Schools',
      team_id: 'T0DMPS0001',
      user_id: 'U0BOT00001',
      bot_id: 'B0BOT00001',
    });
    expect(slack.calls[0]).toMatchObject({ method: 'auth.test', hasToken: true, ok: true, status: 200 });
  });

  it('answers invalid_auth for a bad token and not_authed for none', async () => {
    await rejectsWith(client(slack, 'xoxb-wrong').auth.test(), 'invalid_auth');
    const res = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('looks users up, with profile.email, and user_not_found otherwise', async () => {
    const res = await web.users.info({ user: 'U0ADA' });
    expect(res.user).toMatchObject({
      id: 'U0ADA',
      team_id: 'T0DMPS0001',
      name: 'ada',
      deleted: false,
      profile: { email: 'ada@dmschools.org', real_name: 'Ada Lovelace' },
    });
    await rejectsWith(web.users.info({ user: 'U0NOPE' }), 'user_not_found');
    expect((await web.users.lookupByEmail({ email: 'ADA@dmschools.org' })).user?.id).toBe('U0ADA');
  });

  it('opens a deterministic DM, refusing unknown and deactivated users', async () => {
    const first = await web.conversations.open({ users: 'U0ADA' });
    const again = await web.conversations.open({ users: 'U0ADA' });
    expect(first.channel?.id).toBe(slack.dmIdFor('U0ADA'));
    expect(first.channel?.id).toMatch(/^D[0-9A-F]{10}$/);
    expect(again).toMatchObject({ already_open: true, channel: { id: first.channel?.id } });
    await rejectsWith(web.conversations.open({ users: 'U0NOPE' }), 'user_not_found');
    await rejectsWith(web.conversations.open({ users: 'U0GONE' }), 'user_disabled');
  });

  it('posts, updates and records messages with blocks decoded from the form body', async () => {
    const { channel } = await web.conversations.open({ users: 'U0ADA' });
    const posted = await web.chat.postMessage({ channel: channel?.id ?? '', text: 'Hello', blocks: BLOCKS });
    const second = await web.chat.postMessage({ channel: channel?.id ?? '', text: 'Two' });
    expect(posted).toMatchObject({ ok: true, channel: channel?.id, message: { text: 'Hello', bot_id: 'B0BOT00001', blocks: BLOCKS } });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    const updated = await web.chat.update({ channel: channel?.id ?? '', ts: posted.ts ?? '', text: 'Edited', blocks: [] });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'Edited' });
    expect(slack.messages[0]).toMatchObject({ channel: channel?.id, ts: posted.ts, text: 'Edited', updates: 1 });
    const call = slack.calls.find((c) => c.method === 'chat.postMessage');
    expect(call?.args).toMatchObject({ channel: channel?.id, text: 'Hello', blocks: BLOCKS });
    expect(call?.args.token).toBeUndefined();

    await rejectsWith(web.chat.postMessage({ channel: 'C0UNKNOWN', text: 'x' }), 'channel_not_found');
    await rejectsWith(web.chat.update({ channel: channel?.id ?? '', ts: '1.000001', text: 'x' }), 'message_not_found');
    const ephemeral = await web.chat.postEphemeral({ channel: channel?.id ?? '', user: 'U0ADA', text: 'only you' });
    expect(ephemeral.message_ts).toBeTruthy();
    expect(slack.ephemerals).toHaveLength(1);
  });

  it('posting to a user id lands in their DM, and JSON bodies are accepted too', async () => {
    const viaUser = await web.chat.postMessage({ channel: 'U0ADA', text: 'hi' });
    expect(viaUser.channel).toBe(slack.dmIdFor('U0ADA'));
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEFAULT_SLACK_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: viaUser.channel, blocks: BLOCKS, text: 'json' }),
    });
    expect(await res.json()).toMatchObject({ ok: true, message: { blocks: BLOCKS } });
  });

  it('opens and updates views, checking the hash', async () => {
    const view = { type: 'modal' as const, callback_id: 'form', title: { type: 'plain_text' as const, text: 'Form' }, blocks: BLOCKS };
    const opened = await web.views.open({ trigger_id: '123.456.abc', view });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), type: 'modal', callback_id: 'form', blocks: BLOCKS, state: { values: {} } });
    const id = opened.view?.id ?? '';
    const updated = await web.views.update({ view_id: id, hash: opened.view?.hash, view: { ...view, blocks: [] } });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    await rejectsWith(web.views.update({ view_id: id, hash: opened.view?.hash, view }), 'hash_conflict');
    await rejectsWith(web.views.update({ view_id: 'V404', view }), 'not_found');
    expect(slack.views.get(id)?.updates).toBe(1);
  });

  it('plays scripted errors per user or channel', async () => {
    slack.scriptError({ method: 'conversations.open', user: 'U0ADA', error: 'user_not_visible', times: 1 });
    await rejectsWith(web.conversations.open({ users: 'U0ADA' }), 'user_not_visible');
    expect((await web.conversations.open({ users: 'U0ADA' })).ok).toBe(true);
    slack.addChannel('C0ARCHIVED');
    slack.scriptError({ channel: 'C0ARCHIVED', error: 'is_archived' });
    await rejectsWith(web.chat.postMessage({ channel: 'C0ARCHIVED', text: 'x' }), 'is_archived');
  });
});

describe('SlackApiStandin limits and faults', () => {
  let clock = 0;
  let slack: SlackApiStandin;
  afterEach(() => slack.close());

  it('limits chat.postMessage per channel (burst, then ~1/s) with 429 + Retry-After that WebClient reads', async () => {
    slack = new SlackApiStandin({ now: () => clock });
    await slack.start();
    slack.addChannel('C0A');
    slack.addChannel('C0B');
    const web = client(slack, DEFAULT_SLACK_TOKEN, { rejectRateLimitedCalls: true });
    for (let i = 0; i < 3; i++) await web.chat.postMessage({ channel: 'C0A', text: `m${i}` });
    await expect(web.chat.postMessage({ channel: 'C0A', text: 'too many' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 1,
    });
    await web.chat.postMessage({ channel: 'C0B', text: 'other channel is fine' });
    clock += 1000;
    await web.chat.postMessage({ channel: 'C0A', text: 'after a second' });
    expect(slack.violations).toEqual([expect.objectContaining({ method: 'chat.postMessage', key: 'C0A', retryAfterSec: 1 })]);
    expect(slack.calls.filter((c) => c.status === 429)).toHaveLength(1);
    expect(slack.messages).toHaveLength(5);
  });

  it('limits conversations.open to Tier 3 (50 per minute)', async () => {
    slack = new SlackApiStandin({ now: () => clock });
    await slack.start();
    for (let i = 0; i < 51; i++) slack.addUser({ id: `U${i}`, teamId: 'T0DMPS0001', name: `u${i}` });
    const open = (i: number) =>
      fetch(`${slack.apiUrl}conversations.open`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_SLACK_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: `users=U${i}`,
      });
    for (let i = 0; i < 50; i++) {
      clock = i * 100;
      expect((await open(i)).status).toBe(200);
    }
    clock = 5000;
    const refused = await open(50);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('55');
    expect(await refused.json()).toEqual({ ok: false, error: 'ratelimited' });
    clock = 60_001;
    expect((await open(50)).status).toBe(200);
  });

  it('injects seeded faults (not on auth.test), and WebClient surfaces 5xx as HTTP errors', async () => {
    const run = async () => {
      const s = new SlackApiStandin({ limits: false, faults: { rate429: 0.15, rate5xx: 0.15, seed: 11 } });
      await s.start();
      s.addChannel('C0X');
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        const res = await fetch(`${s.apiUrl}chat.postMessage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${DEFAULT_SLACK_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'channel=C0X&text=hi',
        });
        statuses.push(res.status);
      }
      await s.close();
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.filter((s) => s === 429).length).toBeGreaterThan(2);
    expect(first.filter((s) => s >= 500).length).toBeGreaterThan(2);

    slack = new SlackApiStandin({ limits: false, faults: { rate5xx: 1 } });
    await slack.start();
    slack.addChannel('C0X');
    const web = client(slack);
    expect((await web.auth.test()).ok).toBe(true);
    const error = await web.chat.postMessage({ channel: 'C0X', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError });
  });
});
