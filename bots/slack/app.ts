// The Slack endpoint: Bolt's ExpressReceiver verifies the signature and timestamp, our parsers
// turn the payload into a neutral event, the router handles it, and the reply is rendered with
// Block Kit (chat.postMessage / chat.update / views.open).
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Router as ExpressRouter } from 'express';
import type { Clock } from '../../core/clock.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { reportError } from '../../core/log.ts';
import type { Actor, InboundEvent } from '../../kernel/events.ts';
import type { Home } from '../../kernel/home.ts';
import type { Router } from '../../kernel/router.ts';
import { keepAliveFetch } from '../http.ts';
import { timestampWindow, workspaceGate } from './access.ts';
import { type FormStore, OPEN_FORM_ACTION, openStoredForm } from './forms.ts';
import { registerHome } from './home.ts';
import { FORM_CALLBACK_ID, parseBlockAction, parseEventEnvelope, parseSlashCommand, parseViewSubmission, type SlackEvent } from './parse.ts';
import { type ReplyTarget, renderReply } from './reply.ts';

export interface SlackOptions {
  signingSecret: string;
  botToken: string;
  apiUrl?: string;
  /** The district's workspace ids: only their requests reach the router. */
  teamIds: readonly string[];
}

const EVENTS_PATH = '/slack/events';
/** How long a Web API call may go without a byte from Slack before it fails. */
const API_TIMEOUT_MS = 10_000;

export interface SlackBot {
  router: ExpressRouter;
  client: WebClient;
}

/** `home`: the person's App Home (tasks and headline numbers), published when they open it. */
export function createSlackBot(
  opts: SlackOptions,
  deps: { router: Router; log: Logger; clock: Clock; forms: FormStore; home?: { home: Home; timeZone: string } },
): SlackBot {
  const log = deps.log.child({ platform: 'slack' });
  if (opts.teamIds.length === 0) throw new AppError(ErrorCode.ConfigInvalid, 'invalid configuration: SLACK_TEAM_IDS is required when Slack is enabled');
  const receiver = new ExpressReceiver({
    signingSecret: opts.signingSecret,
    endpoints: EVENTS_PATH,
    // Answer Slack only after the handler ran: our turns take milliseconds, a slow one that
    // passes Slack's 3 s is retried and the router's dedupe absorbs the retry.
    processBeforeResponse: true,
    logLevel: LogLevel.ERROR,
    dispatchErrorHandler: async ({ error, response }) => {
      reportError(log, error, { stage: 'dispatch' });
      response.writeHead(400);
      response.end();
    },
    processEventErrorHandler: async ({ error, response }) => {
      reportError(log, error, { stage: 'process' });
      if (!response.headersSent) {
        response.writeHead(500);
        response.end();
      }
      return true;
    },
  });
  const app = new App({
    receiver,
    token: opts.botToken,
    logLevel: LogLevel.ERROR,
    // Over node:http rather than fetch (../http.ts): a fifth of a Slack turn's CPU went to fetch.
    clientOptions: { ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}), fetch: keepAliveFetch(API_TIMEOUT_MS) },
    ignoreSelf: true,
  });
  app.error(async (error) => void reportError(log, error, { stage: 'handler' }));
  app.use(workspaceGate(new Set(opts.teamIds), log));

  const emailOf = async (a: Actor) => {
    const r = await app.client.users.info({ user: a.userId });
    return r.user?.profile?.email ?? undefined;
  };

  async function run(event: SlackEvent, target: Omit<ReplyTarget, 'channel' | 'user'> & { channel?: string }) {
    if (event.kind === 'unsupported') {
      log.debug({ reason: event.reason }, 'slack payload ignored');
      return;
    }
    const result = await deps.router.handle(event as InboundEvent, emailOf);
    if (result.status === 'duplicate') return;
    await renderReply(app.client, deps.forms, result.reply, { ...target, channel: target.channel ?? event.conversation.id, user: event.actor.userId }, log);
    // After the person acted, their App Home shows what is left.
    if (event.kind === 'submit') await appHome?.refresh(event.actor);
  }

  const appHome = deps.home
    ? registerHome(app, { ...deps.home, router: deps.router, log, clock: deps.clock, forms: deps.forms, emailOf: (a) => emailOf(a) })
    : undefined;

  app.event('message', async ({ body }) => {
    const event = parseEventEnvelope(body, deps.clock.now());
    await run(event, { threadTs: undefined });
  });
  app.event('app_mention', async ({ body }) => {
    const event = parseEventEnvelope(body, deps.clock.now());
    const threadTs = event.kind === 'message' ? (event.conversation.ref.threadTs as string | undefined) : undefined;
    await run(event, { threadTs });
  });
  app.command('/dmps', async ({ ack, body }) => {
    await ack();
    const event = parseSlashCommand(body, deps.clock.now());
    await run(event, { triggerId: body.trigger_id, ephemeral: !String(body.channel_id).startsWith('D') });
  });
  app.action(OPEN_FORM_ACTION, async ({ ack, body }) => {
    await ack();
    await openStoredForm(app.client, deps.forms, body, log);
  });
  app.action(/^dmps:(?!open-form$)/, async ({ ack, body }) => {
    await ack();
    const event = parseBlockAction(body, deps.clock.now());
    const trigger = (body as { trigger_id?: string }).trigger_id;
    await run(event, { triggerId: trigger, update: event.kind === 'submit' ? event.messageRef : undefined });
  });
  app.view(FORM_CALLBACK_ID, async ({ ack, body }) => {
    await ack();
    const event = parseViewSubmission(body, deps.clock.now());
    await run(event, { update: event.kind === 'submit' ? event.messageRef : undefined });
  });

  const router = timestampWindow(log, EVENTS_PATH);
  router.use(receiver.router);
  return { router, client: app.client };
}
