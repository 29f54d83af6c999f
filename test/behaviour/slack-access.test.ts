// Who may use the bot from Slack: only signed requests within five minutes of now (in the past
// or the future), and only from the district's workspace; anything else changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOREIGN_WORKSPACE_TEXT } from '../../bots/slack/access.ts';
import {
  appMentionEvent,
  blockActionsPayload,
  eventCallback,
  imMessageEvent,
  interactivityBody,
  signedSlackRequest,
  slashCommandBody,
  viewSubmissionPayload,
} from '../standins/slack-request.ts';
import { type Harness, SLACK_SECRET, SLACK_TEAM, startHarness, type TestPerson } from '../support/harness.ts';
import { type RecordingLog, recordingLog } from '../support/recording-log.ts';

const FOREIGN_TEAM = 'T0ELSEWHERE';

describe('Slack access', () => {
  let h: Harness;
  let rec: RecordingLog;
  let seq = 0;
  beforeAll(async () => {
    rec = recordingLog('info');
    h = await startHarness({ log: rec.log });
  });
  afterAll(async () => h?.close());

  const url = () => h.service.endpoints.slack!;
  const nonAuthCalls = () => h.slackApi.calls.filter((c) => c.method !== 'auth.test');
  const stored = async () => ({ accounts: await h.db.platformAccount.count(), events: await h.db.processedEvent.count() });

  /** A user of another workspace whose profile carries a district person's email. */
  function impostorOf(victim: TestPerson): string {
    seq += 1;
    const id = `U0FOREIGN${seq}`;
    h.slackApi.addUser({ id, teamId: FOREIGN_TEAM, name: victim.name, email: victim.email });
    h.slackApi.addChannel(h.slackApi.dmIdFor(id));
    return id;
  }

  const helpEvent = (p: TestPerson, eventId?: string) =>
    eventCallback(imMessageEvent({ user: p.slackId, channel: h.slackApi.dmIdFor(p.slackId), text: 'help', teamId: SLACK_TEAM }), {
      teamId: SLACK_TEAM,
      eventId,
    });

  const outsideWindow: [string, number][] = [
    ['an hour in the future', 60 * 60],
    ['six minutes in the future', 6 * 60],
    ['six minutes in the past', -6 * 60],
    ['a day in the past', -24 * 60 * 60],
  ];
  it.each(outsideWindow)('refuses a correctly signed request stamped %s (401), processing nothing', async (_label, offset) => {
    const p = await h.addPerson({ name: `Clock ${Math.random().toString(36).slice(2, 7)}` });
    const before = await stored();
    const calls = nonAuthCalls().length;
    const logged = rec.lines.length;
    const r = await signedSlackRequest(url(), helpEvent(p), { secret: SLACK_SECRET, timestamp: Math.floor(Date.now() / 1000) + offset });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await stored()).toEqual(before);
    expect(nonAuthCalls().length).toBe(calls);
    expect(rec.lines.slice(logged)).toMatchObject([{ msg: 'slack request refused', status: 401 }]);
  });

  it('refuses a timestamp that is not a number', async () => {
    const p = await h.addPerson({ name: 'Nan Stamp' });
    const body = helpEvent(p);
    const before = await stored();
    const r = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': '1e12', 'x-slack-signature': 'v0=00' },
      body,
    });
    expect(r.status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it('serves requests within the window either way (clock skew of a few minutes)', async () => {
    for (const offset of [-4 * 60, 4 * 60]) {
      const p = await h.addPerson({ name: `Skew ${offset < 0 ? 'Past' : 'Future'}` });
      const r = await signedSlackRequest(url(), helpEvent(p), { secret: SLACK_SECRET, timestamp: Math.floor(Date.now() / 1000) + offset });
      expect(r.status).toBe(200);
      expect(h.slackApi.messages.filter((m) => m.channel === h.slackApi.dmIdFor(p.slackId))).toHaveLength(1);
    }
  });

  it("refuses a DM from another workspace whose profile carries an HR person's email: a polite answer, nobody linked, nothing stored or looked up", async () => {
    const hr = await h.addPerson({ name: 'Rita Hale', roles: ['hr'] });
    const impostor = impostorOf(hr);
    const before = await stored();
    const lookups = h.slackApi.calls.filter((c) => c.method === 'users.info').length;
    const dm = h.slackApi.dmIdFor(impostor);
    const r = await signedSlackRequest(
      url(),
      eventCallback(imMessageEvent({ user: impostor, channel: dm, text: 'survey list', teamId: FOREIGN_TEAM }), { teamId: FOREIGN_TEAM }),
      { secret: SLACK_SECRET },
    );
    expect(r.status).toBe(200);
    expect(await stored()).toEqual(before);
    expect(await h.db.platformAccount.count({ where: { personId: hr.id } })).toBe(0);
    expect(h.slackApi.calls.filter((c) => c.method === 'users.info').length).toBe(lookups);
    expect(h.slackApi.messages.filter((m) => m.channel === dm)).toHaveLength(0);
    expect(h.slackApi.ephemerals.filter((e) => e.user === impostor).map((e) => e.text)).toEqual([FOREIGN_WORKSPACE_TEXT]);
  });

  it("refuses a guest of another workspace mentioning the bot in one of the district's shared channels (Slack Connect)", async () => {
    const hr = await h.addPerson({ name: 'Sol Park', roles: ['hr'] });
    const impostor = impostorOf(hr);
    h.slackApi.addChannel('C0SHARED01');
    const before = await stored();
    // Their ordinary channel chatter is not answered at all.
    const chatter = {
      ...imMessageEvent({ user: impostor, channel: 'C0SHARED01', text: 'hello all', teamId: FOREIGN_TEAM }),
      channel_type: 'channel',
      user_team: FOREIGN_TEAM,
    };
    expect((await signedSlackRequest(url(), eventCallback(chatter, { teamId: SLACK_TEAM }), { secret: SLACK_SECRET })).status).toBe(200);
    expect(h.slackApi.ephemerals.filter((e) => e.user === impostor)).toHaveLength(0);
    const event = {
      ...appMentionEvent({ user: impostor, channel: 'C0SHARED01', text: 'survey list', teamId: FOREIGN_TEAM }),
      user_team: FOREIGN_TEAM,
      source_team: FOREIGN_TEAM,
    };
    const r = await signedSlackRequest(url(), eventCallback(event, { teamId: SLACK_TEAM }), { secret: SLACK_SECRET });
    expect(r.status).toBe(200);
    expect(await stored()).toEqual(before);
    expect(h.slackApi.messages.filter((m) => m.channel === 'C0SHARED01')).toHaveLength(0);
    expect(h.slackApi.ephemerals.filter((e) => e.user === impostor).map((e) => e.text)).toEqual([FOREIGN_WORKSPACE_TEXT]);
  });

  it('answers `/dmps` from another workspace with the refusal, to the person only', async () => {
    const hr = await h.addPerson({ name: 'Tor Berg', roles: ['hr'] });
    const impostor = impostorOf(hr);
    const before = await stored();
    const r = await signedSlackRequest(
      url(),
      slashCommandBody({ teamId: FOREIGN_TEAM, text: 'survey list', userId: impostor, channelId: h.slackApi.dmIdFor(impostor) }),
      { secret: SLACK_SECRET },
    );
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ response_type: 'ephemeral', text: FOREIGN_WORKSPACE_TEXT });
    expect(await stored()).toEqual(before);
    expect(h.slackApi.views.size).toBe(0);
  });

  it('refuses button clicks and form submissions from another workspace, changing nothing', async () => {
    const hr = await h.addPerson({ name: 'Uma Roy', roles: ['hr'] });
    const impostor = impostorOf(hr);
    const before = await stored();
    const click = blockActionsPayload({
      teamId: FOREIGN_TEAM,
      user: { id: impostor },
      actionId: 'dmps:language.set',
      value: JSON.stringify({ v: 'language.set', c: 'card-1' }),
      channelId: h.slackApi.dmIdFor(impostor),
      messageTs: '1700000000.000100',
    });
    const form = viewSubmissionPayload({
      teamId: FOREIGN_TEAM,
      user: { id: impostor },
      callbackId: 'dmps:form',
      stateValues: {},
      privateMetadata: JSON.stringify({ c: 'card-1', v: 'language.set' }),
    });
    // A user of another workspace acting inside the district's workspace (team is ours, user.team_id is not).
    const guest = { ...form, team: { id: SLACK_TEAM, domain: 'dmps' } };
    for (const payload of [click, form, guest]) {
      const r = await signedSlackRequest(url(), interactivityBody(payload), { secret: SLACK_SECRET });
      expect(r.status).toBe(200);
    }
    expect(await stored()).toEqual(before);
    expect(h.slackApi.calls.filter((c) => c.method === 'users.info' && c.args.user === impostor)).toHaveLength(0);
  });
});
