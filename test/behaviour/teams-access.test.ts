// Who may use the bot from Teams: only the district's tenant reaches the router, every invalid
// token is a plain 401 with one log line (and nothing printed by botbuilder), and in local mode
// the bot never calls a service URL that is not this machine.
import { createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import fc from 'fast-check';
import { type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOREIGN_TENANT_TEXT } from '../../bots/teams/access.ts';
import { adaptiveCardAction, installConversationUpdate, personalMessage, type TeamsActivity, teamsIdentity } from '../standins/teams-activity.ts';
import { APP_ID, type Harness, startHarness, TENANT_ID, type TestPerson } from '../support/harness.ts';
import { consoleOutputOf, type RecordingLog, recordingLog } from '../support/recording-log.ts';

const FOREIGN_TENANT = '0a0b0c0d-1111-4222-8333-444455556666';
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function post(url: string, activity: TeamsActivity, authorization?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(activity) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** What the database holds about people and turns: a refused request changes none of it. */
async function stored(h: Harness) {
  return { accounts: await h.db.platformAccount.count(), events: await h.db.processedEvent.count(), people: await h.db.person.count() };
}

/** Someone in another tenant whose member record carries a district person's email. */
function impostorOf(h: Harness, victim: TestPerson) {
  const user = teamsIdentity({ aadObjectId: `aad-impostor-${Math.random().toString(36).slice(2, 9)}`, name: victim.name });
  h.connector.addMember({
    id: user.id,
    aadObjectId: user.aadObjectId,
    name: victim.name,
    email: victim.email,
    userPrincipalName: victim.email,
    tenantId: FOREIGN_TENANT,
  });
  return user;
}

const lookups = (h: Harness) =>
  h.connector.requests.filter((r) => r.operation === 'getMember' || r.operation === 'getMembers' || r.operation === 'getPagedMembers').length;

describe('Teams with MicrosoftAppId set: tokens and tenants', () => {
  let h: Harness;
  let rec: RecordingLog;
  beforeAll(async () => {
    rec = recordingLog('info');
    h = await startHarness({ teamsAuth: true, log: rec.log });
  });
  afterAll(async () => h?.close());

  const token = () => h.issuer!.sign({ aud: APP_ID, serviceUrl: h.connector.url });
  const claims = () => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: h.issuer!.issuer, aud: APP_ID, serviceurl: h.connector.url, nbf: now - 5, exp: now + 3600 };
  };
  const publishedKeyPem = () => {
    const jwk = h.issuer!.jwks.keys[0] as JWK;
    return createPublicKey({ key: { kty: 'RSA', n: String(jwk.n), e: String(jwk.e) }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
  };

  const forged: [string, () => Promise<string | undefined>][] = [
    [
      'a wrong signature under the published key id',
      async () => `Bearer ${await h.issuer!.signWithForeignKey({ aud: APP_ID, serviceUrl: h.connector.url, kid: h.issuer!.kid })}`,
    ],
    [
      'an HS256 token keyed with the published public key',
      async () =>
        `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: h.issuer!.kid }).sign(new TextEncoder().encode(publishedKeyPem()))}`,
    ],
    ['alg=none with the published key id', async () => `Bearer ${b64({ alg: 'none', typ: 'JWT', kid: h.issuer!.kid })}.${b64(claims())}.`],
    ['alg=none with a signature part', async () => `Bearer ${b64({ alg: 'none', kid: h.issuer!.kid })}.${b64(claims())}.c2ln`],
    ['a key id nobody published', async () => `Bearer ${await h.issuer!.signWithForeignKey({ aud: APP_ID, serviceUrl: h.connector.url })}`],
    ['a token that is not a JWT', async () => 'Bearer not-a-jwt'],
    ['claims that are not JSON', async () => `Bearer ${b64({ alg: 'RS256', kid: h.issuer!.kid })}.bm90LWpzb24.c2ln`],
    ['another scheme', async () => `Basic ${Buffer.from('bot:password').toString('base64')}`],
    ['no token', async () => undefined],
    ['an expired token', async () => `Bearer ${await h.issuer!.sign({ aud: APP_ID, serviceUrl: h.connector.url, expiresIn: -600 })}`],
    ['a token for another app', async () => `Bearer ${await h.issuer!.sign({ aud: 'someone-elses-app', serviceUrl: h.connector.url })}`],
    [
      'a token from another issuer',
      async () => `Bearer ${await h.issuer!.sign({ aud: APP_ID, serviceUrl: h.connector.url, issuer: 'https://elsewhere.example' })}`,
    ],
    ['a token for another service URL', async () => `Bearer ${await h.issuer!.sign({ aud: APP_ID, serviceUrl: 'http://127.0.0.1:1' })}`],
  ];
  it.each(forged)('answers %s with a plain 401, one log line and nothing printed or stored', async (_label, header) => {
    const p = await h.addPerson({ name: `Forged ${Math.random().toString(36).slice(2, 7)}`, roles: ['hr'] });
    const authorization = await header();
    const before = await stored(h);
    const replies = h.connector.activities.length;
    const logged = rec.lines.length;
    const { result: r, printed } = await consoleOutputOf(() =>
      post(
        h.service.endpoints.teams,
        personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'survey list' }),
        authorization,
      ),
    );
    expect(r.status).toBe(401);
    expect(r.type).toMatch(/^text\/plain/);
    expect(r.body).not.toMatch(/BEGIN|PUBLIC KEY|Error|at |stack|signature/i);
    expect(printed).toEqual([]);
    const lines = rec.lines.slice(logged);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'teams request refused', status: 401, reason: expect.any(String) });
    const token = authorization?.split(' ')[1];
    if (token) for (const part of token.split('.').filter((x) => x.length > 8)) expect(JSON.stringify(lines[0])).not.toContain(part);
    expect(await stored(h)).toEqual(before);
    expect(h.connector.activities.length).toBe(replies);
  });

  it('answers any one-character change to a valid token with a plain 401, printing and storing nothing (property)', async () => {
    const p = await h.addPerson({ name: 'Prop Erty', roles: ['hr'] });
    const valid = await token();
    const activity = personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'survey list' });
    // Every character but a segment's last one carries 6 whole bits: changing it changes the bytes.
    const positions = [...valid].map((_c, i) => i).filter((i) => valid[i] !== '.' && valid[i + 1] !== '.' && i !== valid.length - 1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const before = await stored(h);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...positions), fc.constantFrom(...alphabet), async (at, c) => {
        fc.pre(valid[at] !== c);
        const forged = `${valid.slice(0, at)}${c}${valid.slice(at + 1)}`;
        const { result: r, printed } = await consoleOutputOf(() => post(h.service.endpoints.teams, activity, `Bearer ${forged}`));
        expect(r.status).toBe(401);
        expect(r.type).toMatch(/^text\/plain/);
        expect(printed).toEqual([]);
      }),
      { numRuns: 60 },
    );
    expect(await stored(h)).toEqual(before);
  });

  it('still serves the district tenant with a valid token', async () => {
    const p = await h.addPerson({ name: 'Quinn Vale' });
    const r = await post(
      h.service.endpoints.teams,
      personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'help' }),
      `Bearer ${await token()}`,
    );
    expect(r.status).toBe(200);
    expect(await h.db.platformAccount.count({ where: { personId: p.id } })).toBe(1);
  });

  it("refuses a user of another tenant whose member record carries an HR person's email: a polite answer, nobody linked, nothing stored or looked up", async () => {
    const hr = await h.addPerson({ name: 'Rita Hale', roles: ['hr'] });
    const impostor = impostorOf(h, hr);
    const before = await stored(h);
    const looked = lookups(h);
    const activity = personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: FOREIGN_TENANT, user: impostor, text: 'survey list' });
    const r = await post(h.service.endpoints.teams, activity, `Bearer ${await token()}`);
    expect(r.status).toBe(200);
    const answers = h.connector.activities.filter((a) => a.conversationId === activity.conversation.id);
    expect(answers.map((a) => a.activity.text)).toEqual([FOREIGN_TENANT_TEXT]);
    expect(await stored(h)).toEqual(before);
    expect(await h.db.platformAccount.count({ where: { personId: hr.id } })).toBe(0);
    expect(lookups(h)).toBe(looked);
  });

  it('refuses an install into another tenant without fetching its roster', async () => {
    const hr = await h.addPerson({ name: 'Sol Park', roles: ['hr'] });
    const impostor = impostorOf(h, hr);
    const install = installConversationUpdate({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: FOREIGN_TENANT, user: impostor });
    const inChannel = { ...install, conversation: { ...install.conversation, id: '19:foreign-team@thread.tacv2', conversationType: 'channel' as const } };
    const before = await stored(h);
    const looked = lookups(h);
    for (const a of [install, inChannel]) expect((await post(h.service.endpoints.teams, a, `Bearer ${await token()}`)).status).toBe(200);
    expect(await stored(h)).toEqual(before);
    expect(lookups(h)).toBe(looked);
  });

  it('answers a card action from another tenant with the refusal and runs nothing', async () => {
    const hr = await h.addPerson({ name: 'Tor Berg', roles: ['hr'] });
    const impostor = impostorOf(h, hr);
    const before = await stored(h);
    const action = adaptiveCardAction({
      serviceUrl: h.connector.url,
      appId: APP_ID,
      tenantId: FOREIGN_TENANT,
      user: impostor,
      verb: 'language.set',
      data: { language: 'es' },
    });
    const r = await post(h.service.endpoints.teams, action, `Bearer ${await token()}`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ statusCode: 200, value: FOREIGN_TENANT_TEXT });
    expect(await stored(h)).toEqual(before);
  });

  it('refuses an activity whose tenant fields disagree, or that names no tenant', async () => {
    const p = await h.addPerson({ name: 'Uma Roy', roles: ['hr'] });
    const base = personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'survey list' });
    const mixed = { ...base, id: `${base.id}-mixed`, channelData: { ...base.channelData, tenant: { id: FOREIGN_TENANT } } };
    const none = {
      ...base,
      id: `${base.id}-none`,
      conversation: { ...base.conversation, tenantId: undefined as unknown as string },
      channelData: {} as TeamsActivity['channelData'],
    };
    const before = await stored(h);
    for (const a of [mixed, none]) expect((await post(h.service.endpoints.teams, a, `Bearer ${await token()}`)).status).toBe(200);
    expect(await stored(h)).toEqual(before);
  });
});

/** An IPv4 address of this machine that is not loopback (a made-up service URL can point at it). */
const outwardAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('Teams in local mode: only loopback service URLs', () => {
  let h: Harness;
  let elsewhere: Server;
  const hits: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
    // A "connector" the caller made up, answering every look-up with an HR person's email.
    elsewhere = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: '29:x', email: 'rita.hale@dmschools.example', userPrincipalName: 'rita.hale@dmschools.example' }));
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '0.0.0.0', () => resolve()));
  });
  afterAll(async () => {
    elsewhere?.closeAllConnections();
    await new Promise((r) => elsewhere?.close(r));
    await h?.close();
  });

  it.skipIf(!outwardAddress)('refuses a made-up service URL with a plain 403 and never calls it', async () => {
    const hr = await h.addPerson({ name: 'Rita Hale', roles: ['hr'] });
    const madeUp = `http://${outwardAddress}:${(elsewhere.address() as AddressInfo).port}/`;
    const before = await stored(h);
    for (const text of ['help', 'survey list']) {
      const r = await post(h.service.endpoints.teams, personalMessage({ serviceUrl: madeUp, appId: APP_ID, tenantId: TENANT_ID, user: hr.teams, text }));
      expect(r.status).toBe(403);
      expect(r.type).toMatch(/^text\/plain/);
    }
    const install = installConversationUpdate({ serviceUrl: madeUp, appId: APP_ID, tenantId: TENANT_ID, user: hr.teams });
    expect((await post(h.service.endpoints.teams, install)).status).toBe(403);
    expect(hits).toEqual([]);
    expect(await stored(h)).toEqual(before);
  });

  it('refuses service URLs naming other hosts, without looking them up', async () => {
    const p = await h.addPerson({ name: 'Vic Lowe', roles: ['hr'] });
    const before = await stored(h);
    // Each twice, and more of them than the verdicts the bot keeps.
    const madeUp = Array.from({ length: 70 }, (_, i) => `http://10.0.${i}.5:3978/`);
    for (const url of [
      'https://attacker.example/',
      'http://10.0.0.5:3978/',
      'http://127.0.0.1.attacker.example/',
      'file:///etc/passwd',
      ...madeUp,
      ...madeUp,
    ]) {
      const r = await post(h.service.endpoints.teams, personalMessage({ serviceUrl: url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'help' }));
      expect(r.status, url).toBe(403);
    }
    expect(await stored(h)).toEqual(before);
    const served = await post(
      h.service.endpoints.teams,
      personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'help' }),
    );
    expect(served.status).toBe(200);
  });

  it('serves a loopback service URL (the stand-in connector, the Agents Playground)', async () => {
    const p = await h.addPerson({ name: 'Wes Marr' });
    const r = await post(
      h.service.endpoints.teams,
      personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: 'help' }),
    );
    expect(r.status).toBe(200);
    expect(await h.db.platformAccount.count({ where: { personId: p.id } })).toBe(1);
  });

  it("also refuses another tenant when the district's tenant is configured", async () => {
    const hr = await h.addPerson({ name: 'Xia Holt', roles: ['hr'] });
    const impostor = impostorOf(h, hr);
    const before = await stored(h);
    const activity = personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: FOREIGN_TENANT, user: impostor, text: 'survey list' });
    expect((await post(h.service.endpoints.teams, activity)).status).toBe(200);
    expect(h.connector.activities.filter((a) => a.conversationId === activity.conversation.id).map((a) => a.activity.text)).toEqual([FOREIGN_TENANT_TEXT]);
    expect(await stored(h)).toEqual(before);
  });
});
