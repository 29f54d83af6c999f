// Every Teams activity builder, posted with a valid token to a real CloudAdapter +
// TeamsActivityHandler, reaches the handler botbuilder routes that shape to; replies and roster
// look-ups go to the connector stand-in.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  teamsGetChannelId,
} from 'botbuilder';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotConnectorStandin } from './bot-connector.ts';
import { LocalCredentialsFactory } from './local-credentials.ts';
import { OpenIdIssuer, teamsAuthEnv } from './openid-issuer.ts';
import {
  type ActivityBase,
  adaptiveCardAction,
  cardSubmit,
  channelMention,
  installationUpdate,
  installConversationUpdate,
  personalConversationId,
  personalMessage,
  postActivity,
  type TeamsActivity,
  teamsIdentity,
} from './teams-activity.ts';

const APP_ID = '99999999-2222-3333-4444-555555555555';
const TENANT = 'tenant-dmps';
const user = teamsIdentity({ aadObjectId: 'aad-ada', name: 'Ada Lovelace' });

class ProbeBot extends TeamsActivityHandler {
  seen: Array<{ kind: string; detail: unknown }> = [];

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const activity = context.activity;
      if (activity.value !== undefined) {
        this.seen.push({ kind: 'submit', detail: { value: activity.value, text: activity.text, replyToId: activity.replyToId } });
      } else if (activity.conversation.conversationType === 'channel') {
        const text = TurnContext.removeRecipientMention(activity)?.trim();
        this.seen.push({ kind: 'channel', detail: { text, channel: teamsGetChannelId(activity) } });
      } else {
        const member = await TeamsInfo.getMember(context, activity.from.id);
        this.seen.push({ kind: 'personal', detail: { text: activity.text, email: member.email } });
        await context.sendActivity('got it');
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      this.seen.push({ kind: 'membersAdded', detail: context.activity.membersAdded?.map((m) => m.id) });
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      this.seen.push({ kind: 'installationAdd', detail: context.activity.conversation.id });
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    // botbuilder's parsed value keeps action/authentication/state only; `trigger` is on the raw activity.value.
    const raw: unknown = context.activity.value;
    const trigger = typeof raw === 'object' && raw !== null && 'trigger' in raw ? raw.trigger : undefined;
    this.seen.push({ kind: 'cardAction', detail: { verb: value.action.verb, data: value.action.data, trigger } });
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: { text: 'done' } };
  }
}

describe('teams-activity builders through CloudAdapter + TeamsActivityHandler', () => {
  const issuer = new OpenIdIssuer();
  const connector = new BotConnectorStandin();
  const bot = new ProbeBot();
  let server: Server;
  let url = '';
  let base: ActivityBase;

  beforeAll(async () => {
    await issuer.start();
    await connector.start();
    const auth = new ConfigurationBotFrameworkAuthentication(teamsAuthEnv(issuer.url, APP_ID), new LocalCredentialsFactory({ appId: APP_ID, signer: issuer }));
    const adapter = new CloudAdapter(auth);
    const app = express();
    app.use(express.json());
    app.post('/api/messages', (req, res) => void adapter.process(req, res, (context) => bot.run(context)));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
    base = { serviceUrl: connector.url, appId: APP_ID, tenantId: TENANT, user };
    connector.addMember({ id: user.id, aadObjectId: user.aadObjectId, name: user.name, email: 'ada@dmschools.org', tenantId: TENANT });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await connector.close();
    await issuer.close();
  });
  beforeEach(() => {
    bot.seen = [];
    connector.reset();
  });

  const post = async (activity: TeamsActivity) => postActivity(url, activity, `Bearer ${await issuer.sign({ aud: APP_ID, serviceUrl: connector.url })}`);

  it('personal message: routed to onMessage, roster look-up and reply go to the connector', async () => {
    const activity = personalMessage({ ...base, text: 'hello' });
    expect(activity.conversation.id).toBe(personalConversationId(user.id, TENANT));
    expect((await post(activity)).status).toBe(200);
    expect(bot.seen).toEqual([{ kind: 'personal', detail: { text: 'hello', email: 'ada@dmschools.org' } }]);
    expect(connector.requests.map((r) => r.operation)).toEqual(['getMember', 'reply']);
    expect(connector.activities[0]).toMatchObject({ conversationId: activity.conversation.id, replyToId: activity.id, activity: { text: 'got it' } });
  });

  it('channel @mention: the mention is removable and the channel id readable', async () => {
    const activity = channelMention({ ...base, text: 'status please', channelId: '19:abc@thread.tacv2' });
    expect(activity.text).toBe('<at>DMPS Connect</at> status please');
    expect((await post(activity)).status).toBe(200);
    expect(bot.seen).toEqual([{ kind: 'channel', detail: { text: 'status please', channel: '19:abc@thread.tacv2' } }]);
  });

  it('install conversationUpdate: membersAdded carries the bot', async () => {
    expect((await post(installConversationUpdate(base))).status).toBe(200);
    expect(bot.seen).toEqual([{ kind: 'membersAdded', detail: [`28:${APP_ID}`] }]);
  });

  it('installationUpdate add: routed to onInstallationUpdateAdd', async () => {
    expect((await post(installationUpdate(base))).status).toBe(200);
    expect(bot.seen).toEqual([{ kind: 'installationAdd', detail: personalConversationId(user.id, TENANT) }]);
  });

  it('adaptiveCard/action invoke: verb, data and trigger reach onAdaptiveCardInvoke; the invoke response is the HTTP body', async () => {
    const res = await post(adaptiveCardAction({ ...base, verb: 'approve', data: { requestId: 'r1' }, replyToId: '1700000000001' }));
    expect(res).toEqual({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: { text: 'done' } } });
    expect(bot.seen).toEqual([{ kind: 'cardAction', detail: { verb: 'approve', data: { requestId: 'r1' }, trigger: 'manual' } }]);
  });

  it('Action.Submit fallback: a message with value and no text', async () => {
    expect((await post(cardSubmit({ ...base, data: { verb: 'approve', reason: 'ok' }, replyToId: '1700000000002' }))).status).toBe(200);
    expect(bot.seen).toEqual([{ kind: 'submit', detail: { value: { verb: 'approve', reason: 'ok' }, text: undefined, replyToId: '1700000000002' } }]);
  });
});
