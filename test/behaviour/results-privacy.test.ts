// Survey results, comments and exports are private: asked in a shared place (a Teams channel
// mention, a Slack channel mention or the slash command typed in a channel), the bot answers
// only where to ask, and nothing of the results. Asked in the 1:1 chat, they are shown there.
// Through Teams and Slack over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLocal, localDateTime } from '../../cards/dates.ts';
import { closeRun, createSurvey, launchRun, type SurveyDeps, seedItemBank, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { appMentionEvent, eventCallback, signedSlackRequest } from '../standins/slack-request.ts';
import { channelMention, postActivity } from '../standins/teams-activity.ts';
import { translate } from '../support/catalog.ts';
import { APP_ID, type Harness, SLACK_SECRET, SLACK_TEAM, startHarness, TENANT_ID, type TestPerson } from '../support/harness.ts';
import { goodValues, SAMPLE_QUESTIONS, TestClock } from '../surveys/support.ts';
import { type ChatDriver, slackDriver, slackSlashCommand, teamsDriver, visibleText } from './drivers.ts';

const SHARED_CHANNEL = 'C0SHARED001';
const COMMENT = 'Secret comment from Lincoln';

/** A channel post mentioning the bot; returns everything the bot posted in that channel (and, on
 *  Slack, what only the asker saw). */
type AskInChannel = (h: Harness, p: TestPerson, text: string) => Promise<{ public: string[]; privately: string[] }>;

const teamsChannel: AskInChannel = async (h, p, text) => {
  const activity = channelMention({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text });
  const r = await postActivity(h.service.endpoints.teams, activity);
  expect(r.status).toBeLessThan(400);
  const posted = h.connector.activities.filter((a) => a.conversationId === activity.conversation.id);
  return { public: posted.map((a) => visibleText(a.activity, 'teams')), privately: [] };
};

const slackMention: AskInChannel = async (h, p, text) => {
  const before = h.slackApi.messages.length;
  const body = eventCallback(appMentionEvent({ user: p.slackId, channel: SHARED_CHANNEL, text, teamId: SLACK_TEAM }), { teamId: SLACK_TEAM });
  const r = await signedSlackRequest(h.service.endpoints.slack!, body, { secret: SLACK_SECRET });
  expect(r.status).toBeLessThan(400);
  const posted = h.slackApi.messages.slice(before).filter((m) => m.channel === SHARED_CHANNEL);
  return { public: posted.map((m) => visibleText(m.blocks ?? m.text, 'slack')), privately: [] };
};

const slackSlashInChannel: AskInChannel = async (h, p, text) => {
  const before = { messages: h.slackApi.messages.length, ephemerals: h.slackApi.ephemerals.length };
  const r = await slackSlashCommand(h, p, text, SHARED_CHANNEL);
  expect(r.status).toBeLessThan(400);
  const posted = h.slackApi.messages.slice(before.messages).filter((m) => m.channel === SHARED_CHANNEL);
  const ephemeral = h.slackApi.ephemerals.slice(before.ephemerals).filter((e) => e.user === p.slackId);
  const body = await r.text();
  return {
    public: posted.map((m) => visibleText(m.blocks ?? m.text, 'slack')),
    privately: [...ephemeral.map((e) => visibleText(e.blocks ?? e.text, 'slack')), body],
  };
};

const platforms: [string, (h: Harness) => ChatDriver, [string, AskInChannel][]][] = [
  ['Teams', (h) => teamsDriver(h), [['a channel mention', teamsChannel]]],
  [
    'Slack',
    (h) => slackDriver(h),
    [
      ['a channel mention', slackMention],
      ['the slash command in a channel', slackSlashInChannel],
    ],
  ],
];

describe.each(platforms)('through %s', (_name, makeDriver, shared) => {
  let h: Harness;
  let chat: ChatDriver;
  let hr: TestPerson;
  let runId: string;
  let staff: TestPerson[];
  let deps: SurveyDeps;
  const clock = new TestClock(new Date());

  beforeAll(async () => {
    h = await startHarness();
    chat = makeDriver(h);
    h.slackApi.addChannel(SHARED_CHANNEL);
    hr = await h.addPerson({ name: 'Grace Miller', roles: ['staff', 'hr'] });
    staff = [];
    for (let i = 0; i < 6; i++) staff.push(await h.addPerson({ name: `Teacher ${'ABCDEF'[i]}`, building: 'Lincoln High', region: 'South' }));
    deps = { db: h.db, clock };
    await seedItemBank(deps);
    const survey = await createSurvey(deps, { title: { en: 'Pulse', es: 'Pulso' }, questions: SAMPLE_QUESTIONS, thresholds: { scores: 3, comments: 3 } });
    const { run } = await launchRun(deps, survey.id);
    runId = run.id;
    for (const [i, p] of staff.entries()) await submitResponse(deps, { runId, personId: p.id, values: { ...goodValues(), 'open.comment': `${COMMENT} ${i}` } });
    await closeRun(deps, { runId });
  });
  afterAll(async () => h?.close());

  it('shows results with comments in the 1:1 chat', async () => {
    await chat.say(hr, `survey results ${runId}`);
    const text = chat.seen(hr).at(-1)!.text;
    expect(text).toContain(translate('en', 'survey-results.rate', { rate: '86%', answered: 6, sent: 7 }));
    expect(text).toContain(COMMENT);
  });

  it.each(['results', 'export'])("answers `survey %s` in a shared place only with where to ask, in the asker's language", async (command) => {
    const rosa = await h.addPerson({ name: `Rosa ${command}`, roles: ['hr'], language: 'es' });
    for (const [, ask] of shared) {
      for (const p of [hr, rosa]) {
        const seen = await ask(h, p, `survey ${command} ${runId} building`);
        const all = [...seen.public, ...seen.privately].join('\n');
        expect(all).toContain(translate(p.language, 'notice.surveyResultsPrivateOnly', { command: `survey ${command} ${runId}` }));
        for (const leak of [COMMENT, 'Lincoln High', translate(p.language, 'survey-results.overall'), 'care.whole_person', 'section,survey'])
          expect(all).not.toContain(leak);
      }
    }
  });

  it('shows an open run in the 1:1 chat only as when results appear and how many have answered', async () => {
    const survey = await createSurvey(deps, {
      title: { en: 'Open pulse', es: 'Pulso abierto' },
      questions: SAMPLE_QUESTIONS,
      thresholds: { scores: 3, comments: 3 },
    });
    const { run } = await launchRun(deps, survey.id);
    for (const p of staff.slice(0, 4))
      await submitResponse(deps, { runId: run.id, personId: p.id, values: { ...goodValues(), 'open.comment': `${COMMENT} open` } });
    await chat.say(hr, `survey results ${survey.id} building`);
    const text = chat.seen(hr).at(-1)!.text;
    // The closing moment in the district's time zone, in the person's one date-and-time format.
    const closes = formatLocal(localDateTime(survey.timeZone, run.closesAt), 'en');
    expect(text).toContain(translate('en', 'survey-results.pending', { closes }));
    expect(text).toContain(translate('en', 'survey-results.pendingAnswered', { answered: 4, sent: run.sentCount }));
    for (const leak of [COMMENT, 'Lincoln High', translate('en', 'survey-results.overall')]) expect(text).not.toContain(leak);
    await chat.say(hr, `survey export ${run.id}`);
    expect(chat.seen(hr).at(-1)!.text).toContain(translate('en', 'notice.surveyResultsPending', { closes, answered: 4 }));
  });
});
