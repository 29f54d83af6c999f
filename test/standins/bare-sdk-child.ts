// The bare SDK baseline of `npm run bench:interactive`: a Bolt app and a botbuilder CloudAdapter
// bot in one process and one HTTP server, doing per turn only the platform work a turn of the
// service does: Slack: one chat.postMessage for a command, one chat.update for a button, the
// view response (ack) and the chat.update of the message it came from for a modal submit; Teams: one reply with an Adaptive Card for a message,
// an invoke response with a card for Action.Execute. No database, no directory, no templating.
// It lives here rather than in bench/ because only bots/ may import the platform SDKs in the
// product folders (test/architecture/boundaries.test.ts scans bench/ too).
//
// Env: PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL.
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { type Activity, ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import express from 'express';

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'DMPS Connect', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: 'Here is what you can do here:', wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: 'help', value: 'What the bot can do' },
        { title: 'language', value: 'Choose your language' },
      ],
    },
  ],
  actions: [{ type: 'Action.Execute', title: 'Español', verb: 'language.set', data: { language: 'es' } }],
};
const BLOCKS = [
  { type: 'header', text: { type: 'plain_text', text: 'DMPS Connect' } },
  { type: 'section', text: { type: 'mrkdwn', text: 'Here is what you can do here:' } },
  {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: '*help*\nWhat the bot can do' },
      { type: 'mrkdwn', text: '*language*\nChoose your language' },
    ],
  },
  { type: 'actions', elements: [{ type: 'button', action_id: 'bare:language', text: { type: 'plain_text', text: 'Español' }, value: 'es' }] },
];

const receiver = new ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', endpoints: '/slack/events', processBeforeResponse: true });
const slack = new App({
  receiver,
  token: process.env.SLACK_BOT_TOKEN,
  logLevel: LogLevel.ERROR,
  clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {},
});
slack.command('/dmps', async ({ ack, body, client }) => {
  await ack();
  await client.chat.postMessage({ channel: body.channel_id, text: 'DMPS Connect', blocks: BLOCKS });
});
slack.action(/.*/, async ({ ack, body, client }) => {
  await ack();
  const b = body as { channel?: { id: string }; message?: { ts: string } };
  await client.chat.update({ channel: b.channel?.id ?? '', ts: b.message?.ts ?? '', text: 'DMPS Connect', blocks: BLOCKS });
});
// A modal's submission updates the message it was opened from, as the service's does (the
// message's channel and ts travel in private_metadata, as the service carries them).
slack.view(/.*/, async ({ ack, body, client }) => {
  await ack();
  const meta = JSON.parse(body.view.private_metadata || '{}') as { ch?: string; ts?: string };
  if (meta.ch && meta.ts) await client.chat.update({ channel: meta.ch, ts: meta.ts, text: 'DMPS Connect', blocks: BLOCKS });
});

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
async function teamsTurn(ctx: TurnContext): Promise<void> {
  const a = ctx.activity;
  if (a.type === ActivityTypes.Invoke && a.name === 'adaptiveCard/action') {
    await ctx.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: CARD } } } as Partial<Activity>);
    return;
  }
  if (a.type === ActivityTypes.Message) await ctx.sendActivity({ attachments: [{ contentType: CARD_TYPE, content: CARD }] });
}

const app = express();
app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
app.post('/api/messages', express.json({ limit: '1mb' }), (req, res) => void adapter.process(req, res, teamsTurn));
app.use(receiver.router);
app.listen(Number(process.env.PORT), '127.0.0.1');
// Exit (not die) on SIGTERM, so that `--cpu-prof` can write the profile.
process.once('SIGTERM', () => process.exit(0));
