// Drives a real Bolt App (default HTTPReceiver, signing secret on) with the request builders, its
// Web API calls going to the Slack stand-in: proves the signatures and payload shapes are what
// Bolt accepts and routes.
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SLACK_TOKEN, SlackApiStandin } from './slack-api.ts';
import {
  appMentionEvent,
  blockActionsPayload,
  eventCallback,
  imMessageEvent,
  interactivityBody,
  signedSlackRequest,
  slashCommandBody,
  urlVerificationBody,
  viewSubmissionPayload,
} from './slack-request.ts';

const SECRET = 'standin-signing-secret';
const TEAM = 'T0DMPS0001';

describe('slack-request builders against a Bolt App', () => {
  const slack = new SlackApiStandin();
  let app: App;
  let url = '';
  let seen: Array<{ kind: string; detail: unknown }> = [];
  const waiters: Array<() => void> = [];
  const note = (kind: string, detail: unknown) => {
    seen.push({ kind, detail });
    for (const w of waiters.splice(0)) w();
  };
  const nextNote = () => new Promise<void>((resolve) => waiters.push(resolve));

  beforeAll(async () => {
    await slack.start();
    slack.addUser({ id: 'U0ADA', teamId: TEAM, name: 'ada' });
    app = new App({ token: DEFAULT_SLACK_TOKEN, signingSecret: SECRET, clientOptions: { slackApiUrl: slack.apiUrl }, logLevel: LogLevel.ERROR });
    app.message(async ({ message, context }) => note('message', { message, retryNum: context.retryNum, retryReason: context.retryReason }));
    app.event('app_mention', async ({ event }) => note('app_mention', event.text));
    app.command('/dmps', async ({ command, ack }) => {
      await ack();
      note('command', command);
    });
    app.action('approve', async ({ ack, body }) => {
      await ack();
      note('action', body);
    });
    app.view('form', async ({ ack, view }) => {
      await ack();
      note('view', view.state.values);
    });
    const server = await app.start(0);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
    await slack.close();
  });
  beforeEach(() => {
    seen = [];
  });

  it('delivers a signed message.im event, with retry headers in context, after Bolt calls auth.test on the stand-in', async () => {
    const body = eventCallback(imMessageEvent({ user: 'U0ADA', channel: 'D0ADA', text: 'hello', teamId: TEAM }), { teamId: TEAM });
    const noted = nextNote();
    const res = await signedSlackRequest(url, body, { secret: SECRET, retryNum: 1, retryReason: 'http_timeout' });
    expect(res.status).toBe(200);
    await noted;
    expect(seen[0]).toMatchObject({ kind: 'message', detail: { message: { text: 'hello', channel_type: 'im' }, retryNum: 1, retryReason: 'http_timeout' } });
    expect(slack.calls.some((c) => c.method === 'auth.test' && c.ok)).toBe(true);
  });

  it('delivers app_mention', async () => {
    const noted = nextNote();
    const body = eventCallback(appMentionEvent({ user: 'U0ADA', channel: 'C0GEN', text: 'help', teamId: TEAM }), { teamId: TEAM });
    expect((await signedSlackRequest(url, body, { secret: SECRET })).status).toBe(200);
    await noted;
    expect(seen[0]).toEqual({ kind: 'app_mention', detail: '<@U0BOT00001> help' });
  });

  it('delivers a slash command form', async () => {
    const noted = nextNote();
    const body = slashCommandBody({ teamId: TEAM, text: 'status', userId: 'U0ADA', channelId: 'D0ADA' });
    expect((await signedSlackRequest(url, body, { secret: SECRET })).status).toBe(200);
    await noted;
    expect(seen[0]?.detail).toMatchObject({
      command: '/dmps',
      text: 'status',
      user_id: 'U0ADA',
      team_id: TEAM,
      channel_id: 'D0ADA',
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
    });
  });

  it('delivers block_actions with state.values, and view_submission', async () => {
    const stateValues = { reason: { reason_input: { type: 'plain_text_input', value: 'sick day' } } };
    let noted = nextNote();
    const click = blockActionsPayload({
      teamId: TEAM,
      user: { id: 'U0ADA' },
      actionId: 'approve',
      value: 'req-1',
      channelId: 'D0ADA',
      messageTs: '1700000000.000100',
      stateValues,
    });
    expect((await signedSlackRequest(url, interactivityBody(click), { secret: SECRET })).status).toBe(200);
    await noted;
    expect(seen[0]?.detail).toMatchObject({ type: 'block_actions', actions: [{ action_id: 'approve', value: 'req-1' }], state: { values: stateValues } });

    noted = nextNote();
    const submit = viewSubmissionPayload({ teamId: TEAM, user: { id: 'U0ADA' }, callbackId: 'form', stateValues });
    const res = await signedSlackRequest(url, interactivityBody(submit), { secret: SECRET });
    expect(res.status).toBe(200);
    await noted;
    expect(seen[1]).toEqual({ kind: 'view', detail: stateValues });
  });

  it('answers url_verification with the challenge', async () => {
    const res = await signedSlackRequest(url, urlVerificationBody('abc123'), { secret: SECRET });
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });

  it('Bolt refuses a wrong secret and a stale timestamp with 401', async () => {
    const body = eventCallback(imMessageEvent({ user: 'U0ADA', channel: 'D0ADA', text: 'x', teamId: TEAM }), { teamId: TEAM });
    expect((await signedSlackRequest(url, body, { secret: 'wrong' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 600;
    expect((await signedSlackRequest(url, body, { secret: SECRET, timestamp: stale })).status).toBe(401);
    expect(seen).toEqual([]);
  });
});
