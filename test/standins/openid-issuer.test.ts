// Proves the local issuer + teamsAuthEnv make a real botbuilder CloudAdapter authenticate inbound
// activities, and that LocalCredentialsFactory gets the bot's replies through to the connector
// stand-in with a token it can check.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference, TurnContext } from 'botbuilder';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsBot } from '../../bots/index.ts';
import { systemClock } from '../../core/clock.ts';
import { createLogger } from '../../core/log.ts';
import type { Router } from '../../kernel/router.ts';
import { BotConnectorStandin } from './bot-connector.ts';
import { LocalCredentialsFactory } from './local-credentials.ts';
import { OpenIdIssuer, teamsAuthEnv } from './openid-issuer.ts';
import { personalMessage, postActivity, teamsIdentity } from './teams-activity.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';

/** A CloudAdapter behind express, the way the official samples host it. */
async function hostBot(adapter: CloudAdapter, bot: ActivityHandler): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(express.json());
  app.post('/api/messages', (req, res) => {
    void adapter.process(req, res, (context) => bot.run(context));
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, server };
}

describe('OpenIdIssuer + ConfigurationBotFrameworkAuthentication', () => {
  const issuer = new OpenIdIssuer();
  let connector: BotConnectorStandin;
  let credentials: LocalCredentialsFactory;
  let bot: { url: string; server: Server };
  let adapter: CloudAdapter;
  let turns: string[] = [];

  beforeAll(async () => {
    await issuer.start();
    connector = new BotConnectorStandin({ authorize: (h) => issuer.verifyConnectorToken(h, { appId: APP_ID }) });
    await connector.start();
    credentials = new LocalCredentialsFactory({ appId: APP_ID, signer: issuer });
    const auth = new ConfigurationBotFrameworkAuthentication(teamsAuthEnv(issuer.url, APP_ID), credentials);
    const handler = new ActivityHandler();
    handler.onMessage(async (context, next) => {
      turns.push(context.activity.text);
      await context.sendActivity(`echo: ${context.activity.text}`);
      await next();
    });
    adapter = new CloudAdapter(auth);
    bot = await hostBot(adapter, handler);
  });
  afterAll(async () => {
    bot.server.closeAllConnections();
    await new Promise((r) => bot.server.close(r));
    await connector.close();
    await issuer.close();
  });
  beforeEach(() => {
    turns = [];
    connector.reset();
  });

  const user = teamsIdentity({ aadObjectId: 'aad-user-1', name: 'Ada' });
  const activity = () => personalMessage({ serviceUrl: connector.url, appId: APP_ID, tenantId: 'tenant-1', user, text: 'hello' });

  it('serves OpenID metadata and a JWKS with kid and endorsements', async () => {
    const meta = (await (await fetch(issuer.metadataUrl)).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({ issuer: issuer.issuer, jwks_uri: `${issuer.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    const jwks = (await (await fetch(`${issuer.url}/keys`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', endorsements: ['msteams'] });
    expect(typeof jwks.keys[0]?.kid).toBe('string');
  });

  it('accepts a good token, runs the turn, and the reply reaches the connector with a valid bot token', async () => {
    const a = activity();
    const token = await issuer.sign({ aud: APP_ID, serviceUrl: connector.url });
    const res = await postActivity(bot.url, a, `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(turns).toEqual(['hello']);
    expect(issuer.hits).toContain('/.well-known/openid-configuration');
    const [reply] = connector.activities;
    expect(reply).toMatchObject({ kind: 'reply', conversationId: a.conversation.id, replyToId: a.id });
    expect(reply?.activity).toMatchObject({ type: 'message', text: 'echo: hello' });
    expect(connector.requests.at(-1)).toMatchObject({ hasAuthorization: true, authorized: true, status: 201 });
    expect(credentials.created.at(-1)).toMatchObject({ appId: APP_ID, audience: 'https://api.botframework.com' });
  });

  const refusals: Array<[string, () => Promise<string | undefined>]> = [
    ['no token', async () => undefined],
    ['a key not in the JWKS', async () => `Bearer ${await issuer.signWithForeignKey({ aud: APP_ID, serviceUrl: connector.url })}`],
    ['the wrong audience', async () => `Bearer ${await issuer.sign({ aud: 'another-app', serviceUrl: connector.url })}`],
    ['an expired token (past the 5 minute skew)', async () => `Bearer ${await issuer.sign({ aud: APP_ID, serviceUrl: connector.url, expiresIn: -600 })}`],
    ['the wrong issuer', async () => `Bearer ${await issuer.sign({ aud: APP_ID, serviceUrl: connector.url, issuer: 'https://elsewhere' })}`],
    ['a serviceurl claim for another service', async () => `Bearer ${await issuer.sign({ aud: APP_ID, serviceUrl: 'http://127.0.0.1:1' })}`],
  ];
  for (const [name, header] of refusals) {
    it(`answers 401 and runs no turn for ${name}`, async () => {
      const res = await postActivity(bot.url, activity(), await header());
      expect(res.status).toBe(401);
      expect(turns).toEqual([]);
      expect(connector.activities).toEqual([]);
    });
  }

  it("a forged signature under the published kid is refused with a plain 401 by the product's Teams endpoint, and the turn never runs", async () => {
    // A bare CloudAdapter lets jsonwebtoken's "invalid signature" escape as a non-AuthenticationError
    // (500, with the public key printed); bots/teams/token-gate.ts checks the signature first.
    const routed: string[] = [];
    const router: Router = {
      handle: async (event) => {
        routed.push(event.kind);
        return { status: 'duplicate' };
      },
    };
    const teams = createTeamsBot(
      { env: teamsAuthEnv(issuer.url, APP_ID), credentialsFactory: credentials, tenantIds: ['tenant-1'] },
      { router, log: createLogger({ level: 'silent' }), clock: systemClock },
    );
    const app = express();
    app.use(express.json());
    app.post('/api/messages', (req, res) => void teams.handle(req, res));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
      const forged = await issuer.signWithForeignKey({ aud: APP_ID, serviceUrl: connector.url, kid: issuer.kid });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
        body: JSON.stringify(activity()),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(routed).toEqual([]);
      expect((await postActivity(url, activity(), `Bearer ${await issuer.sign({ aud: APP_ID, serviceUrl: connector.url })}`)).status).toBe(200);
      expect(routed).toEqual(['message']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('the connector refuses a bot request without a token it can verify', async () => {
    const res = await fetch(`${connector.url}/v3/conversations/a%3Ax/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await issuer.signWithForeignKey({ aud: APP_ID, serviceUrl: connector.url })}` },
      body: JSON.stringify({ type: 'message', text: 'x' }),
    });
    expect(res.status).toBe(401);
    expect(connector.activities).toEqual([]);
  });

  it('proactive: createConversationAsync + continueConversationAsync reach the connector with a verified bot token', async () => {
    connector.addMember({ id: user.id, aadObjectId: user.aadObjectId, name: user.name, tenantId: 'tenant-1' });
    let reference: Partial<ConversationReference> | undefined;
    await adapter.createConversationAsync(
      APP_ID,
      'msteams',
      connector.url,
      'https://api.botframework.com',
      {
        isGroup: false,
        bot: { id: `28:${APP_ID}`, name: 'DMPS Connect' },
        members: [{ id: user.id, name: user.name }],
        tenantId: 'tenant-1',
        channelData: { tenant: { id: 'tenant-1' } },
      },
      async (context) => {
        reference = TurnContext.getConversationReference(context.activity);
      },
    );
    expect(reference?.conversation?.id).toBe(connector.personalConversationId(user.id, 'tenant-1'));
    await adapter.continueConversationAsync(APP_ID, reference ?? {}, async (context) => {
      await context.sendActivity('a notice');
    });
    // continueConversationAsync builds a continuation event with a fresh uuid id, and sendActivity replies to
    // it: every proactive send goes out as POST .../activities/{uuid} (a reply to an unknown id), not a plain send.
    expect(connector.requests.map((r) => [r.operation, r.status, r.authorized])).toEqual([
      ['createConversation', 201, true],
      ['reply', 201, true],
    ]);
    expect(connector.activities[0]).toMatchObject({
      kind: 'reply',
      conversationId: reference?.conversation?.id,
      replyToId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      activity: { text: 'a notice' },
    });
  });

  it('teamsAuthEnv alone (no factory) still validates inbound tokens', async () => {
    const auth = new ConfigurationBotFrameworkAuthentication(teamsAuthEnv(issuer.url, APP_ID));
    const seen: string[] = [];
    const handler = new ActivityHandler();
    handler.onMessage(async (context, next) => {
      seen.push(context.activity.text);
      await next();
    });
    const envOnly = await hostBot(new CloudAdapter(auth), handler);
    try {
      const token = await issuer.sign({ aud: APP_ID, serviceUrl: connector.url });
      expect((await postActivity(envOnly.url, activity(), `Bearer ${token}`)).status).toBe(200);
      expect((await postActivity(envOnly.url, activity())).status).toBe(401);
      expect(seen).toEqual(['hello']);
    } finally {
      envOnly.server.closeAllConnections();
      await new Promise((r) => envOnly.server.close(r));
    }
  });
});
