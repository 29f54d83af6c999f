// Teams-specific promises of the /api/messages endpoint: Bot Framework authentication, bad
// input, retried activities, installs and the Action.Submit fallback for older clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConnectorStandin } from '../standins/bot-connector.ts';
import { installConversationUpdate, personalMessage, postActivity } from '../standins/teams-activity.ts';
import { translate } from '../support/catalog.ts';
import { APP_ID, type Harness, startHarness, TENANT_ID } from '../support/harness.ts';
import { personalConversationOf, teamsDriver, teamsFallbackSubmit, visibleText } from './drivers.ts';

describe('Teams with MicrosoftAppId set (Bot Framework JWT)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ teamsAuth: true });
  });
  afterAll(async () => h?.close());

  const message = async (p: Awaited<ReturnType<Harness['addPerson']>>) =>
    personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'help' });
  const token = (o: { aud?: string; expiresIn?: number } = {}) => h.issuer!.sign({ aud: o.aud ?? APP_ID, serviceUrl: h.connector.url, expiresIn: o.expiresIn });

  it('serves a request carrying a valid token, and replies through the connector with credentials', async () => {
    const p = await h.addPerson({ name: 'Hana Kim' });
    const r = await postActivity(h.service.endpoints.teams, await message(p), `Bearer ${await token()}`);
    expect(r.status).toBe(200);
    const replies = h.connector.activities.filter((a) => a.conversationId === personalConversationOf(h, p));
    expect(replies).toHaveLength(1);
    expect(h.connector.requests.filter((q) => q.conversationId === personalConversationOf(h, p)).every((q) => q.hasAuthorization)).toBe(true);
  });

  const refused: [string, () => Promise<string | undefined>][] = [
    ['no token', async () => undefined],
    ['a token signed by another key', async () => `Bearer ${await h.issuer!.signWithForeignKey({ aud: APP_ID, serviceUrl: h.connector.url })}`],
    ['a token for another app (wrong audience)', async () => `Bearer ${await token({ aud: 'someone-elses-app' })}`],
    ['an expired token', async () => `Bearer ${await token({ expiresIn: -600 })}`],
  ];
  it.each(refused)('answers 401 to %s and changes nothing', async (_label, header) => {
    const p = await h.addPerson({ name: `Refused ${Math.random().toString(36).slice(2, 7)}` });
    const activities = h.connector.activities.length;
    const accounts = await h.db.platformAccount.count();
    const events = await h.db.processedEvent.count();
    const r = await postActivity(h.service.endpoints.teams, await message(p), await header());
    expect(r.status).toBe(401);
    expect(h.connector.activities.length).toBe(activities);
    expect(await h.db.platformAccount.count()).toBe(accounts);
    expect(await h.db.processedEvent.count()).toBe(events);
  });
});

describe('Teams in local mode (no MicrosoftAppId)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('answers 400 to a body that is not JSON or not an activity, and keeps serving', async () => {
    const post = (body: string) => fetch(h.service.endpoints.teams, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('{"type": "message", ')).status).toBe(400);
    expect((await post('[1,2,3]')).status).toBe(400);
    expect((await post('"hello"')).status).toBe(400);
    const missing = await post(JSON.stringify({ type: 'message', text: 'help' }));
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeLessThan(500);
    expect((await fetch(h.service.endpoints.health)).status).toBe(200);
  });

  it('replies to each activity at the service URL it came with, turn after turn (connector clients are kept per service URL)', async () => {
    const other = new BotConnectorStandin({ limits: false });
    await other.start();
    try {
      const p = await h.addPerson({ name: 'Uma Patel' });
      const at = (serviceUrl: string) => personalMessage({ serviceUrl, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'help' });
      for (const serviceUrl of [h.connector.url, other.url, h.connector.url, other.url])
        expect((await postActivity(h.service.endpoints.teams, at(serviceUrl))).status).toBe(200);
      const conversation = personalConversationOf(h, p);
      expect(h.connector.activities.filter((a) => a.conversationId === conversation)).toHaveLength(2);
      expect(other.activities.filter((a) => a.conversationId === conversation)).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it('replies once to a message activity Teams delivers twice', async () => {
    const p = await h.addPerson({ name: 'Ivy Chen' });
    const activity = personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'help' });
    await postActivity(h.service.endpoints.teams, activity);
    await postActivity(h.service.endpoints.teams, activity);
    expect(h.connector.activities.filter((a) => a.conversationId === personalConversationOf(h, p))).toHaveLength(1);
  });

  it('links a person when the app is installed for them and welcomes them with help', async () => {
    const p = await h.addPerson({ name: 'Jon Reyes', language: 'es' });
    await postActivity(
      h.service.endpoints.teams,
      installConversationUpdate({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams }),
    );
    const account = await h.db.platformAccount.findFirstOrThrow({ where: { personId: p.id } });
    expect(account.conversationRef).toBeTruthy();
    const welcome = h.connector.activities.filter((a) => a.conversationId === personalConversationOf(h, p)).at(-1);
    expect(visibleText(welcome?.activity, 'teams')).toContain(translate('es', 'help.commands.help.description'));
  });

  it('accepts the Action.Submit fallback of older clients and updates the card in place', async () => {
    const chat = teamsDriver(h);
    const p = await h.addPerson({ name: 'Kim Olsen' });
    await chat.say(p, 'language');
    const { card, activityId } = chat.seen(p).at(-1)!.form as { card: never; activityId: string };
    const r = await teamsFallbackSubmit(h, p, card, activityId, { language: 'es' });
    expect(r.status).toBe(200);
    expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('es');
    const update = h.connector.activities.find((a) => a.kind === 'update' && a.id === activityId);
    expect(visibleText(update?.activity, 'teams')).toContain(translate('es', 'language-changed.body'));
  });

  it('answers /healthz with the database state', async () => {
    const r = await fetch(h.service.endpoints.health);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', db: 'ok' });
  });
});
