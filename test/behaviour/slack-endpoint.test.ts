// Slack-specific promises of /slack/events: request signing, bad input, retried events, the
// /dmps slash command (answered to the person only, forms as modals) and channel mentions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMentionEvent, eventCallback, imMessageEvent, signedSlackRequest, slackSignature } from '../standins/slack-request.ts';
import { translate } from '../support/catalog.ts';
import { type Harness, SLACK_SECRET, SLACK_TEAM, startHarness } from '../support/harness.ts';
import { slackDriver, slackSlashCommand, visibleText } from './drivers.ts';

describe('Slack endpoint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const helpEvent = (userId: string, eventId?: string) =>
    eventCallback(imMessageEvent({ user: userId, channel: h.slackApi.dmIdFor(userId), text: 'help', teamId: SLACK_TEAM }), { teamId: SLACK_TEAM, eventId });

  const unchanged = async (fn: () => Promise<Response>) => {
    const calls = h.slackApi.calls.filter((c) => c.method !== 'auth.test').length;
    const events = await h.db.processedEvent.count();
    const r = await fn();
    expect(h.slackApi.calls.filter((c) => c.method !== 'auth.test').length).toBe(calls);
    expect(await h.db.processedEvent.count()).toBe(events);
    return r;
  };

  it('answers 401 to unsigned, wrongly signed and stale requests, and changes nothing', async () => {
    const p = await h.addPerson({ name: 'Lia Moss' });
    const body = helpEvent(p.slackId);
    const url = h.service.endpoints.slack!;
    const unsigned = await unchanged(() => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    expect(unsigned.status).toBe(401);
    const wrong = await unchanged(() => signedSlackRequest(url, body, { secret: 'not-the-secret' }));
    expect(wrong.status).toBe(401);
    const stale = await unchanged(() => signedSlackRequest(url, body, { secret: SLACK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }));
    expect(stale.status).toBe(401);
    const ts = Math.floor(Date.now() / 1000);
    const tampered = await unchanged(() =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SLACK_SECRET, ts, body) },
        body: body.replace('help', 'hack'),
      }),
    );
    expect(tampered.status).toBe(401);
  });

  it('answers 400 to signed but malformed bodies, and keeps serving', async () => {
    const url = h.service.endpoints.slack!;
    const bad = await unchanged(() => signedSlackRequest(url, '{"type": "event_callback", ', { secret: SLACK_SECRET, contentType: 'application/json' }));
    expect(bad.status).toBe(400);
    const badPayload = await unchanged(() => signedSlackRequest(url, 'payload=%7Bnot-json', { secret: SLACK_SECRET }));
    expect(badPayload.status).toBe(400);
    expect((await fetch(h.service.endpoints.health)).status).toBe(200);
  });

  it('handles an event once when Slack retries it (x-slack-retry-num)', async () => {
    const p = await h.addPerson({ name: 'Max Webb' });
    const body = helpEvent(p.slackId, 'Ev0RETRY0001');
    await signedSlackRequest(h.service.endpoints.slack!, body, { secret: SLACK_SECRET });
    await signedSlackRequest(h.service.endpoints.slack!, body, { secret: SLACK_SECRET, retryNum: 1, retryReason: 'http_timeout' });
    await signedSlackRequest(h.service.endpoints.slack!, body, { secret: SLACK_SECRET, retryNum: 2, retryReason: 'http_timeout' });
    expect(h.slackApi.messages.filter((m) => m.channel === h.slackApi.dmIdFor(p.slackId))).toHaveLength(1);
  });

  it('answers `/dmps help` in a shared channel to the person only', async () => {
    const p = await h.addPerson({ name: 'Nia Ford', language: 'es' });
    h.slackApi.addChannel('C0STAFF001');
    const r = await slackSlashCommand(h, p, 'help', 'C0STAFF001');
    expect(r.status).toBe(200);
    const ephemeral = h.slackApi.ephemerals.find((e) => e.user === p.slackId);
    expect(visibleText(ephemeral?.blocks, 'slack')).toContain(translate('es', 'help.commands.help.description'));
    expect(h.slackApi.messages.filter((m) => m.channel === 'C0STAFF001')).toHaveLength(0);
  });

  it('opens `/dmps language` as a modal whose submission changes the language', async () => {
    const p = await h.addPerson({ name: 'Omar Said' });
    const chat = slackDriver(h);
    const viewsBefore = h.slackApi.views.size;
    await slackSlashCommand(h, p, 'language');
    expect(h.slackApi.views.size).toBe(viewsBefore + 1);
    const modal = chat.seen(p).at(-1)!;
    await chat.submit(p, modal.form, { language: 'es' });
    expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('es');
    expect(visibleText(h.slackApi.messages.filter((m) => m.channel === h.slackApi.dmIdFor(p.slackId)).at(-1)?.blocks)).toContain(
      translate('es', 'language-changed.body'),
    );
  });

  it('replies in the thread when mentioned in a channel', async () => {
    const p = await h.addPerson({ name: 'Pia Lund' });
    h.slackApi.addChannel('C0GENERAL1');
    const event = appMentionEvent({ user: p.slackId, channel: 'C0GENERAL1', text: 'help', teamId: SLACK_TEAM });
    await signedSlackRequest(h.service.endpoints.slack!, eventCallback(event, { teamId: SLACK_TEAM }), { secret: SLACK_SECRET });
    const reply = h.slackApi.messages.find((m) => m.channel === 'C0GENERAL1');
    expect(reply?.threadTs).toBe(event.ts);
    expect(visibleText(reply?.blocks, 'slack')).toContain(translate('en', 'help.commands.help.description'));
  });
});
