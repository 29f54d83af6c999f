// The Bot Connector stand-in answers botframework-connector's own ConnectorClient as the real
// service documents, and its limits and fault injection behave predictably.
import { ConnectorClient, type ServiceClientCredentials } from 'botframework-connector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotConnectorStandin } from './bot-connector.ts';
import { personalConversationId } from './teams-activity.ts';

const TENANT = 'tenant-1';
const noAuth: ServiceClientCredentials = { signRequest: async (request) => request };

function send(url: string, conversationId: string, body: unknown = { type: 'message', text: 'hi', conversation: { tenantId: TENANT } }) {
  return fetch(`${url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('BotConnectorStandin with ConnectorClient', () => {
  let connector: BotConnectorStandin;
  let client: ConnectorClient;

  beforeEach(async () => {
    connector = new BotConnectorStandin();
    const { url } = await connector.start();
    client = new ConnectorClient(noAuth, { baseUri: `${url}/teams/` });
    connector.addMember({ id: '29:ada', aadObjectId: 'aad-ada', name: 'Ada Lovelace', email: 'ada@dmschools.org', tenantId: TENANT });
    connector.addMember({ id: '29:bob', aadObjectId: 'aad-bob', name: 'Bob', email: 'bob@dmschools.org', tenantId: TENANT });
  });
  afterEach(() => connector.close());

  it('creates a 1:1 conversation with a deterministic a: id, then sends, replies and updates', async () => {
    const created = await client.conversations.createConversation({
      isGroup: false,
      bot: { id: '28:app', name: 'DMPS Connect' },
      members: [{ id: '29:ada', name: '' }],
      tenantId: TENANT,
      channelData: { tenant: { id: TENANT } },
    });
    expect(created.id).toBe(personalConversationId('29:ada', TENANT));
    expect(created.id).toMatch(/^a:/);
    expect(created._response.status).toBe(201);

    const conversationId = created.id ?? '';
    const sent = await client.conversations.sendToConversation(conversationId, { type: 'message', text: 'hello' });
    const reply = await client.conversations.replyToActivity(conversationId, sent.id ?? '', { type: 'message', text: 'again' });
    const updated = await client.conversations.updateActivity(conversationId, sent.id ?? '', { type: 'message', text: 'edited' });
    expect(sent.id).not.toBe(reply.id);
    expect(updated.id).toBe(sent.id);
    expect(connector.activities.map((a) => [a.kind, a.conversationId, a.activity.text])).toEqual([
      ['send', conversationId, 'hello'],
      ['reply', conversationId, 'again'],
      ['update', conversationId, 'edited'],
    ]);
    expect(connector.activities[1]?.replyToId).toBe(sent.id);
    expect(connector.deliveredCountByConversation.get(conversationId)).toBe(2);
    expect(connector.requests.map((r) => [r.method, r.operation, r.status])).toEqual([
      ['POST', 'createConversation', 201],
      ['POST', 'send', 201],
      ['POST', 'reply', 201],
      ['PUT', 'update', 200],
    ]);
    expect(connector.requests[0]?.hasAuthorization).toBe(false);
  });

  it('refuses createConversation without a tenant', async () => {
    const res = await fetch(`${connector.url}/v3/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ isGroup: false, bot: { id: '28:app' }, members: [{ id: '29:ada' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'BadArgument' } });
  });

  it('answers roster look-ups by Teams id or Entra object id, and 404 MemberNotFoundInConversation otherwise', async () => {
    const conversationId = personalConversationId('29:ada', TENANT);
    connector.addConversation(conversationId, { tenantId: TENANT, memberIds: ['29:ada'] });
    const byId = await client.conversations.getConversationMember(conversationId, '29:ada');
    const byAad = await client.conversations.getConversationMember(conversationId, 'aad-ada');
    for (const member of [byId, byAad]) {
      expect(member).toMatchObject({
        id: '29:ada',
        name: 'Ada Lovelace',
        aadObjectId: 'aad-ada',
        email: 'ada@dmschools.org',
        userPrincipalName: 'ada@dmschools.org',
        tenantId: TENANT,
      });
    }
    const members = await client.conversations.getConversationMembers(conversationId);
    expect(members.map((m) => m.id)).toEqual(['29:ada']);
    const paged = await client.conversations.getConversationPagedMembers(conversationId);
    expect(paged.members?.map((m) => m.id)).toEqual(['29:ada']);

    const missing = await client.conversations.getConversationMember(conversationId, '29:nobody').catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 404 });
    const res = await fetch(`${connector.url}/v3/conversations/${encodeURIComponent(conversationId)}/members/29%3Anobody`);
    expect(await res.json()).toMatchObject({ error: { code: 'MemberNotFoundInConversation' } });
  });

  it('plays scripted failures: MessageWritesBlocked and ConversationNotFound', async () => {
    connector.blockWrites('a:blocked');
    connector.conversationNotFound('a:gone');
    const blocked = await client.conversations.sendToConversation('a:blocked', { type: 'message', text: 'x' }).catch((e: unknown) => e);
    expect(blocked).toMatchObject({ statusCode: 403 });
    const gone = await send(connector.url, 'a:gone');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
    expect(connector.activities).toEqual([]);

    connector.script({ operation: 'send', conversationId: 'a:once', status: 502, times: 1 });
    expect((await send(connector.url, 'a:once')).status).toBe(502);
    expect((await send(connector.url, 'a:once')).status).toBe(201);
  });

  it('ConnectorClient itself retries a 429 after Retry-After (so one bot send can be two requests)', async () => {
    connector.script({ operation: 'send', status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests' } }, times: 1 });
    const started = Date.now();
    const sent = await client.conversations.sendToConversation('a:retry', { type: 'message', text: 'x' });
    expect(sent.id).toBeTruthy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(connector.requests.map((r) => r.status)).toEqual([429, 201]);
  });
});

describe('BotConnectorStandin limits and faults', () => {
  let clock = 0;
  let connector: BotConnectorStandin;
  afterEach(() => connector.close());

  it('enforces 7/s per conversation with 429 + Retry-After and counts violations', async () => {
    connector = new BotConnectorStandin({ now: () => clock });
    await connector.start();
    clock = 0;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await send(connector.url, 'a:c1')).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 429]);
    const refused = await send(connector.url, 'a:c1');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(connector.violations).toHaveLength(2);
    expect(connector.violations[0]).toMatchObject({ scope: 'conversation', key: 'a:c1', limit: '7/1000ms', retryAfterSec: 1 });
    clock = 1000;
    expect((await send(connector.url, 'a:c1')).status).toBe(201); // 8th in 2 s: the 8/2s window still allows it
    expect((await send(connector.url, 'a:c1')).status).toBe(429); // 9th in 2 s
    expect(connector.violations.at(-1)).toMatchObject({ limit: '8/2000ms' });
    expect(connector.deliveredCountByConversation.get('a:c1')).toBe(8);
  });

  it('enforces 60 per 30 s per conversation and 50/s per tenant', async () => {
    connector = new BotConnectorStandin({ now: () => clock });
    await connector.start();
    for (let i = 0; i < 60; i++) {
      clock = i * 400; // 2.5/s: under the short windows
      expect((await send(connector.url, 'a:slow')).status).toBe(201);
    }
    clock = 60 * 400;
    const res = await send(connector.url, 'a:slow');
    expect(res.status).toBe(429);
    expect(connector.violations[0]).toMatchObject({ limit: '60/30000ms' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    connector.reset();
    clock = 100_000;
    const statuses = await Promise.all(Array.from({ length: 51 }, (_, i) => send(connector.url, `a:t${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(connector.violations).toEqual([expect.objectContaining({ scope: 'tenant', key: TENANT, limit: '50/1000ms' })]);
  });

  it('injects seeded 429s and 5xx that repeat run to run, and limits can be turned off', async () => {
    const run = async () => {
      const c = new BotConnectorStandin({ limits: false, faults: { rate429: 0.1, rate5xx: 0.1, seed: 7, retryAfterSec: 2 } });
      await c.start();
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) statuses.push((await send(c.url, 'a:same')).status);
      await c.close();
      return { statuses, violations: c.violations.length };
    };
    const first = await run();
    const second = await run();
    expect(first.statuses).toEqual(second.statuses);
    expect(first.violations).toBe(0);
    const faults = first.statuses.filter((s) => s !== 201);
    expect(faults.length).toBeGreaterThan(8);
    expect(faults.length).toBeLessThan(35);
    expect(new Set(faults.filter((s) => s >= 500)).size).toBeGreaterThan(1);
    connector = new BotConnectorStandin({ limits: false, faults: { rate429: 1, retryAfterSec: 2 } });
    await connector.start();
    expect((await send(connector.url, 'a:x')).headers.get('retry-after')).toBe('2');
  });

  // Its throughput is the fan-out benchmark's business (bench/, with the machine's state), not a
  // timed test's: here it must only keep every activity of a concurrent burst.
  it('records every activity of a burst from 16 concurrent senders', async () => {
    connector = new BotConnectorStandin({ limits: false });
    await connector.start();
    const total = 1500;
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          const i = next++;
          const res = await send(connector.url, `a:load${i % 200}`);
          await res.arrayBuffer();
        }
      }),
    );
    expect(connector.activities).toHaveLength(total);
  });
});
