// `survey list` as a busy HR person uses it, through Teams and through Slack over real HTTP: each
// survey and run with only the buttons this person may use, no 36-character id to copy; Results,
// Export and Close from a button answer what the typed commands answer; the figures of who got
// the card come from the delivery rows; a dead end ("we could not find that survey") has a
// button to the list; a survey without a comment question says nothing about comments; dates
// are in the person's one format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLocal, localDateTime } from '../../cards/dates.ts';
import { closeRun, createSurvey, type SurveyDeps, seedItemBank, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { shortRef } from '../../workflows/surveys/domain/model.ts';
import { launchSurvey } from '../../workflows/surveys/operations.ts';
import { appMentionEvent, blockActionsPayload, eventCallback, interactivityBody, signedSlackRequest } from '../standins/slack-request.ts';
import { channelMention, postActivity } from '../standins/teams-activity.ts';
import { testServices, translate } from '../support/catalog.ts';
import { APP_ID, type Harness, SLACK_SECRET, SLACK_TEAM, startHarness, TENANT_ID, type TestPerson } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { goodValues, SAMPLE_QUESTIONS } from '../surveys/support.ts';
import { type ChatDriver, PLATFORMS, type Seen, visibleText } from './drivers.ts';

const SHARED_CHANNEL = 'C0SHARED002';

/** Typed in a team channel (a mention of the bot): what the bot posted there. */
async function inChannel(h: Harness, platform: 'teams' | 'slack', p: TestPerson, text: string): Promise<string[]> {
  if (platform === 'teams') {
    const activity = channelMention({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text });
    expect((await postActivity(h.service.endpoints.teams, activity)).status).toBeLessThan(400);
    return h.connector.activities.filter((a) => a.conversationId === activity.conversation.id).map((a) => visibleText(a.activity, 'teams'));
  }
  const before = h.slackApi.messages.length;
  const body = eventCallback(appMentionEvent({ user: p.slackId, channel: SHARED_CHANNEL, text, teamId: SLACK_TEAM }), { teamId: SLACK_TEAM });
  expect((await signedSlackRequest(h.service.endpoints.slack!, body, { secret: SLACK_SECRET })).status).toBeLessThan(400);
  return h.slackApi.messages
    .slice(before)
    .filter((m) => m.channel === SHARED_CHANNEL)
    .map((m) => visibleText(m.blocks ?? m.text, 'slack'));
}

const NO_COMMENT = [{ itemKey: 'care.whole_person' }, { itemKey: 'care.wellbeing_rating' }];
const l = (p: TestPerson) => p.language as 'en' | 'es';
const t = (p: TestPerson, key: string, params?: Record<string, unknown>) => translate(p.language, key, params);

describe.each(PLATFORMS)('survey list through %s', (platform, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  const clock = new ManualClock();
  let deps: ReturnType<typeof testServices>;
  let hr: TestPerson;
  let rosa: TestPerson;
  let leader: TestPerson;
  let staff: TestPerson[];
  /** A closed run with comments, a closed run of a survey without a comment question, an open run. */
  const runs = { closed: '', noComment: '', open: '' };

  /** What the person was shown while `fn` ran: new messages, and cards that changed. */
  const act = async (p: TestPerson, fn: () => Promise<unknown>): Promise<Seen[]> => {
    const before = chat.seen(p).map((s) => s.text);
    await fn();
    return chat.seen(p).filter((s) => {
      const i = before.indexOf(s.text);
      if (i === -1) return true;
      before.splice(i, 1);
      return false;
    });
  };
  /** What the bot answered to typed text (on Teams, answers to buttons are listed last). */
  const answer = async (p: TestPerson, text: string) => (await act(p, () => chat.say(p, text))).at(-1)!;
  const lists = (p: TestPerson) => chat.seen(p).filter((s) => s.text.startsWith(t(p, 'survey-list.title')));
  const list = (p: TestPerson) => answer(p, 'survey list');
  beforeAll(async () => {
    h = await startHarness({ clock });
    chat = makeDriver(h);
    h.slackApi.addChannel(SHARED_CHANNEL);
    deps = testServices(h.db, { clock, ports: h.service.ports });
    const survey: SurveyDeps = { db: h.db, clock };
    await seedItemBank(survey);
    hr = await h.addPerson({ name: 'Grace Miller', roles: ['staff', 'hr'] });
    rosa = await h.addPerson({ name: 'Rosa Vega', roles: ['staff', 'hr'], language: 'es' });
    leader = await h.addPerson({ name: 'Lena Principal', roles: ['staff', 'leader'], building: 'Lincoln High', region: 'South' });
    staff = [];
    for (let i = 0; i < 6; i++) staff.push(await h.addPerson({ name: `Teacher ${'ABCDEF'[i]}`, building: 'Lincoln High', region: 'South' }));
    // Four have written to the app (it knows how to reach them); two never did: no account.
    for (const p of [hr, rosa, leader, ...staff.slice(0, 4)]) await chat.say(p, 'help');
    const thresholds = { scores: 3, comments: 3 };
    const audience = { buildings: ['Lincoln High'] };

    const a = await createSurvey(survey, { title: { en: 'Spring pulse', es: 'Pulso de primavera' }, questions: SAMPLE_QUESTIONS, thresholds, audience });
    runs.closed = (await launchSurvey(deps, a.id)).run.id;
    for (const [i, p] of staff.entries())
      await submitResponse(survey, { runId: runs.closed, personId: p.id, values: { ...goodValues(), 'open.comment': `Note ${i}` } });
    await closeRun(survey, { runId: runs.closed });

    const b = await createSurvey(survey, { title: { en: 'Quick scores', es: 'Puntuaciones' }, questions: NO_COMMENT, thresholds, audience });
    runs.noComment = (await launchSurvey(deps, b.id)).run.id;
    for (const p of staff.slice(0, 2))
      await submitResponse(survey, { runId: runs.noComment, personId: p.id, values: { 'care.whole_person': '4', 'care.wellbeing_rating': '7' } });
    await closeRun(survey, { runId: runs.noComment });

    const c = await createSurvey(survey, { title: { en: 'Open pulse', es: 'Pulso abierto' }, questions: SAMPLE_QUESTIONS, thresholds, audience });
    runs.open = (await launchSurvey(deps, c.id)).run.id;
    await h.service.delivery!.drain();
  }, 60_000);
  afterAll(async () => h?.close());

  it('shows each survey and run with the buttons HR may use, and no id to copy', async () => {
    const shown = await list(hr);
    expect(shown.text).toContain('Spring pulse');
    expect(shown.text).toContain(t(hr, 'survey-list.survey'));
    for (const id of Object.values(runs)) {
      expect(shown.text).not.toContain(id);
      expect(shown.text).toContain(t(hr, 'survey-list.ref', { ref: shortRef(id) }));
    }
    // What follows a survey's title: its schedule, its run, the run's buttons.
    const lines = shown.text.split('\n');
    const following = (title: string) => lines.slice(lines.findIndex((x) => x.includes(title)) + 1).slice(0, 4);
    expect(following('Spring pulse')).toEqual(expect.arrayContaining([t(hr, 'survey-list.results'), t(hr, 'survey-list.export')]));
    expect(following('Spring pulse')).not.toContain(t(hr, 'survey-list.close'));
    expect(following('Open pulse')).toContain(t(hr, 'survey-list.close'));
    expect(following('Open pulse')).not.toContain(t(hr, 'survey-list.results'));
    expect(following('Open pulse')).not.toContain(t(hr, 'survey-list.export'));
  });

  it('says how many got the card, from what was delivered: never-reached people are not "sent"', async () => {
    const shown = await list(hr);
    // Seven in Lincoln High (the leader and six teachers); five wrote to the app, two never did.
    expect(shown.text).toContain(t(hr, 'survey-list.reach.sent', { sent: 5, audience: 7 }));
    expect(shown.text).toContain(t(hr, 'survey-list.reach.noAccount', { count: 2 }));
    expect(shown.text).not.toContain(t(hr, 'survey-list.reach.sent', { sent: 7, audience: 7 }));
  });

  it('shows a leader Results and Export of closed runs, and no Close', async () => {
    const shown = await list(leader);
    expect(shown.text).toContain(t(leader, 'survey-list.results'));
    expect(shown.text).not.toContain(t(leader, 'survey-list.close'));
  });

  it('does not list surveys for staff', async () => {
    expect((await answer(staff[0]!, 'survey list')).text).toContain(t(staff[0]!, 'notice.forbidden'));
  });

  it('Results and Export from the buttons answer what the typed commands answer, as new messages, and the list stays', async () => {
    // The first Results button of the list (newest first) is that of "Quick scores".
    const resultsShown = () => chat.seen(hr).filter((s) => s.text.startsWith('Quick scores'));
    const shown = await list(hr);
    const seen = await act(hr, () => chat.submit(hr, shown.form, {}, { title: t(hr, 'survey-list.results') }));
    const results = seen.filter((s) => s.text.startsWith('Quick scores'));
    expect(results).toHaveLength(1);
    expect(results[0]!.text).toContain(t(hr, 'survey-results.overall'));
    expect(lists(hr).at(-1)!.text).toBe(shown.text);
    expect((await answer(hr, `survey results ${runs.noComment}`)).text).toBe(results[0]!.text);
    // The list was refreshed: the same button works again on it (a fresh card takes every click).
    const before = resultsShown().length;
    await chat.submit(hr, lists(hr).at(-1)!.form, {}, { title: t(hr, 'survey-list.results') });
    expect(resultsShown().length).toBe(before + 1);

    const csv = await act(hr, () => chat.submit(hr, lists(hr).at(-1)!.form, {}, { title: t(hr, 'survey-list.export') }));
    const exported = csv.find((s) => s.text.startsWith('```'))!;
    expect(exported.text).toContain('Quick scores');
    expect((await answer(hr, `survey export ${runs.noComment}`)).text).toBe(exported.text);
  });

  it('a results card breaks itself down by a button, as `survey results <id> building` does, and a leader gets only place breakdowns', async () => {
    const card = await answer(hr, `survey results ${runs.closed}`);
    const byBuilding = t(hr, 'survey-results.breakdown', { by: t(hr, 'survey-results.by.building') });
    const byRole = t(hr, 'survey-results.breakdown', { by: t(hr, 'survey-results.by.role') });
    expect(card.text.split('\n')).toEqual(expect.arrayContaining([byBuilding, byRole]));
    const seen = await act(hr, () => chat.submit(hr, card.form, {}, { title: byBuilding }));
    const broken = seen.find((s) => s.text.startsWith('Spring pulse'))!;
    expect(broken.text).toContain('Lincoln High');
    const typed = await answer(hr, `survey results ${runs.closed} building`);
    expect(broken.text).toBe(typed.text);
    const leaders = await answer(leader, `survey results ${runs.closed}`);
    expect(leaders.text.split('\n')).toContain(t(leader, 'survey-results.breakdown', { by: t(leader, 'survey-results.by.region') }));
    expect(leaders.text.split('\n')).not.toContain(t(leader, 'survey-results.breakdown', { by: t(leader, 'survey-results.by.role') }));
  });

  it('typed commands take the short reference the list shows', async () => {
    expect((await answer(hr, `survey results ${shortRef(runs.closed)}`)).text).toContain('Note 3');
  });

  it('Close from the button asks once, then closes as `survey close` does, and the run gets Results', async () => {
    const shown = await list(hr);
    const asked = await act(hr, () => chat.submit(hr, shown.form, {}, { title: t(hr, 'survey-list.close') }));
    const confirm = asked.find((s) => s.text.includes(t(hr, 'survey-list.confirmWhy')))!;
    expect(confirm).toBeDefined();
    expect((await h.db.surveyRun.findUniqueOrThrow({ where: { id: runs.open } })).status).toBe('open');
    const closed = await act(hr, () => chat.submit(hr, confirm.form, {}, { title: t(hr, 'survey-list.confirmClose', { seq: 1 }) }));
    expect((await h.db.surveyRun.findUniqueOrThrow({ where: { id: runs.open } })).status).toBe('closed');
    const ack = t(hr, 'survey-ack.closed', { title: 'Open pulse', id: shortRef(runs.open) });
    expect(closed.some((s) => s.text.includes(ack))).toBe(true);
    const refreshed = closed.find((s) => s.text.startsWith(t(hr, 'survey-list.title')))!;
    expect(refreshed.text).not.toContain(t(hr, 'survey-list.close'));
    // The typed command now says it was closed already: one meaning, from either.
    expect((await answer(hr, `survey close ${runs.open}`)).text).toContain(t(hr, 'survey-ack.alreadyClosed', { title: 'Open pulse', id: shortRef(runs.open) }));
  });

  it('answers "we could not find that survey" with a button to the list', async () => {
    const notice = await answer(hr, 'survey results 00000000-0000-4000-8000-000000000000');
    expect(notice.text).toContain(t(hr, 'notice.surveyNotFound'));
    expect(notice.text).toContain(t(hr, 'survey-list.show'));
    const seen = await act(hr, () => chat.submit(hr, notice.form, {}, { title: t(hr, 'survey-list.show') }));
    expect(seen.some((s) => s.text.startsWith(t(hr, 'survey-list.title')) && s.text.includes('Spring pulse'))).toBe(true);
  });

  it('says nothing about comments for a survey without a comment question', async () => {
    for (const by of ['', ' building']) {
      const { text } = await answer(hr, `survey results ${runs.noComment}${by}`);
      expect(text).toContain('Quick scores');
      expect(text).not.toContain(t(hr, 'survey-results.comments'));
      expect(text).not.toContain(t(hr, 'survey-results.commentsOverallOnly'));
    }
  });

  it('shows a Spanish-speaking HR person the list in Spanish, dates in the Spanish format', async () => {
    const run = await h.db.surveyRun.findUniqueOrThrow({ where: { id: runs.closed }, include: { survey: true } });
    const shown = await list(rosa);
    expect(shown.text).toContain('Pulso de primavera');
    expect(shown.text).toContain(formatLocal(localDateTime(run.survey.timeZone, run.closedAt!), l(rosa)));
    expect(shown.text).toContain(t(rosa, 'survey-list.results'));
  });

  it('in a channel, lists without Results or Export and says where to get them', async () => {
    const posted = (await inChannel(h, chat.platform, hr, 'survey list')).join('\n');
    expect(posted).toContain('Spring pulse');
    expect(posted).toContain(t(hr, 'survey-list.privateHint'));
    const lines = posted.split('\n');
    expect(lines).not.toContain(t(hr, 'survey-list.results'));
    expect(lines).not.toContain(t(hr, 'survey-list.export'));
  });

  // A Teams card in a channel is acted on in that channel too; the stand-in sends actions from the 1:1 chat only.
  it.runIf(platform === 'Slack')('a Results button pressed in a channel (an old list) answers only where to ask', async () => {
    const before = h.slackApi.messages.length;
    const value = JSON.stringify({ dmps: 1, v: 'survey.results', c: 'an-old-list', d: { runId: runs.closed } });
    const payload = blockActionsPayload({
      teamId: SLACK_TEAM,
      user: { id: hr.slackId },
      actionId: 'dmps:0:survey.results',
      value,
      channelId: SHARED_CHANNEL,
      messageTs: '1.000001',
    });
    expect((await signedSlackRequest(h.service.endpoints.slack!, interactivityBody(payload), { secret: SLACK_SECRET })).status).toBeLessThan(400);
    const posted = h.slackApi.messages
      .slice(before)
      .map((m) => visibleText(m.blocks ?? m.text))
      .join('\n');
    const ephemeral = h.slackApi.ephemerals.map((e) => visibleText(e.blocks ?? e.text)).join('\n');
    expect(`${posted}\n${ephemeral}`).toContain(t(hr, 'notice.surveyResultsPrivateOnly', { command: `survey results ${shortRef(runs.closed)}` }));
    expect(`${posted}\n${ephemeral}`).not.toContain('Note 3');
  });
});
