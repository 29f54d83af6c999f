// Slack's App Home over HTTP, through the real service and the Web API stand-in: a staff member
// opens it and sees their open survey, answers it from there (the card opens as a modal) and the
// home no longer lists it; a leader sees their building's headline numbers; someone not in the
// directory sees nothing of anyone's; a home that would pass Slack's 100 blocks is cut with a
// "see more in chat" line, never refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { closeRun, createSurvey, launchRun, seedItemBank, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { stateFor, visibleText } from '../behaviour/drivers.ts';
import { appHomeActionPayload, eventCallback, interactivityBody, signedSlackRequest, viewSubmissionPayload } from '../standins/slack-request.ts';
import { translate } from '../support/catalog.ts';
import { type Harness, SLACK_SECRET, SLACK_TEAM, startHarness, type TestPerson } from '../support/harness.ts';
import { goodValues, SAMPLE_QUESTIONS } from '../surveys/support.ts';

let h: Harness;
let staff: TestPerson;
let leader: TestPerson;
const deps = () => ({ db: h.db, clock: systemClock });

const send = async (body: string) => {
  const r = await signedSlackRequest(h.service.endpoints.slack as string, body, { secret: SLACK_SECRET });
  expect(r.status).toBeLessThan(400);
};
const openHome = (p: TestPerson) =>
  send(eventCallback({ type: 'app_home_opened', user: p.slackId, channel: h.slackApi.dmIdFor(p.slackId), tab: 'home' }, { teamId: SLACK_TEAM }));
type Block = { type: string; accessory?: { action_id: string; value: string }; elements?: { text?: string }[] };
const homeOf = (p: TestPerson) => {
  const home = h.slackApi.homes.get(p.slackId);
  return { blocks: (home?.view.blocks ?? []) as Block[], text: visibleText(home?.view.blocks, 'slack'), publishes: home?.publishes ?? 0 };
};

beforeAll(async () => {
  h = await startHarness();
  await seedItemBank(deps());
  staff = await h.addPerson({ name: 'Sam Staff', building: 'Lincoln High', region: 'South' });
  leader = await h.addPerson({ name: 'Lee Leader', building: 'Lincoln High', region: 'South', roles: ['leader'] });
  const colleagues: TestPerson[] = [];
  for (const name of ['Ana', 'Ben', 'Cy', 'Di', 'Ed', 'Flo']) colleagues.push(await h.addPerson({ name, building: 'Lincoln High', region: 'South' }));
  // A closed run the leader's dashboard shows (everyone in Lincoln answered)...
  const past = await createSurvey(deps(), {
    title: { en: 'October pulse', es: 'Pulso de octubre' },
    questions: SAMPLE_QUESTIONS,
    audience: { roles: ['staff'] },
  });
  const { run } = await launchRun(deps(), past.id);
  for (const p of [staff, ...colleagues]) await submitResponse(deps(), { runId: run.id, personId: p.id, values: goodValues('5') });
  await closeRun(deps(), { runId: run.id });
  // ...and an open one the staff member has not answered.
  const now = await createSurvey(deps(), {
    title: { en: 'November *pulse*', es: 'Pulso de noviembre' },
    questions: SAMPLE_QUESTIONS,
    audience: { roles: ['staff'] },
  });
  await launchRun(deps(), now.id);
}, 60_000);
afterAll(async () => h?.close());

describe('Slack App Home', () => {
  it('a staff member opens it and sees their open survey with an Answer button, as plain text', async () => {
    await openHome(staff);
    const home = homeOf(staff);
    expect(home.text).toContain(translate('en', 'home.tasks'));
    expect(home.text).toContain('November *pulse*');
    expect(home.text).not.toContain('October pulse');
    expect(home.text).not.toContain(translate('en', 'home.dashboards'));
    expect(home.blocks.some((b) => b.accessory?.action_id === 'dmps-home:open')).toBe(true);
  });

  it('answers it from the home: the card opens as a modal, the answer is recorded once, and the home is refreshed without it', async () => {
    const button = homeOf(staff).blocks.find((b) => b.accessory?.action_id === 'dmps-home:open')?.accessory;
    // A click in App Home comes from a view, not a message.
    const click = appHomeActionPayload({ teamId: SLACK_TEAM, user: { id: staff.slackId }, actionId: button?.action_id ?? '', value: button?.value ?? '' });
    await send(interactivityBody(click));
    const modal = [...h.slackApi.views.values()].at(-1)?.view as { blocks: never[]; private_metadata: string; callback_id: string };
    expect(visibleText(modal.blocks, 'slack')).toContain('November *pulse*');
    const before = homeOf(staff).publishes;
    const payload = viewSubmissionPayload({
      teamId: SLACK_TEAM,
      user: { id: staff.slackId },
      callbackId: modal.callback_id,
      stateValues: stateFor(modal.blocks, goodValues()),
      privateMetadata: modal.private_metadata,
    });
    (payload.view as Record<string, unknown>).blocks = modal.blocks;
    await send(interactivityBody(payload));
    const open = await h.db.surveyRun.findFirstOrThrow({ where: { status: 'open' } });
    expect(open.answeredCount).toBe(1);
    // The thanks lands in the person's DM with the app.
    expect(
      h.slackApi.messages.some(
        (m) => m.channel === h.slackApi.dmIdFor(staff.slackId) && visibleText(m.blocks, 'slack').includes(translate('en', 'survey-thanks.recorded')),
      ),
    ).toBe(true);
    const after = homeOf(staff);
    expect(after.publishes).toBe(before + 1);
    expect(after.text).not.toContain('November *pulse*');
    expect(after.text).toContain(translate('en', 'home.noTasks'));
  });

  it("a leader sees their building's headline numbers", async () => {
    await openHome(leader);
    const home = homeOf(leader);
    expect(home.text).toContain(translate('en', 'home.dashboards'));
    expect(home.text).toContain('October pulse');
    expect(home.text).toContain(translate('en', 'home.scope', { scope: 'Lincoln High' }));
    expect(home.text).toContain(`${translate('en', 'survey.home.responseRate')}: 100%`);
  });

  it('someone not in the directory sees only that they could not be signed in', async () => {
    const stranger = h.addStranger('Pat Elsewhere');
    await openHome(stranger);
    const home = homeOf(stranger);
    expect(home.text).toContain(translate('en', 'home.notSignedIn'));
    expect(home.text).not.toContain('pulse');
  });

  it('a home of more than 100 blocks is cut to 100 with a "see more in chat" line, and Slack takes it', async () => {
    const busy = await h.addPerson({ name: 'Busy Bee', building: 'Tiny School' });
    for (let i = 0; i < 101; i++) {
      const s = await createSurvey(deps(), {
        title: { en: `Pulse ${i}`, es: `Pulso ${i}` },
        questions: SAMPLE_QUESTIONS.slice(0, 1),
        audience: { buildings: ['Tiny School'] },
      });
      await launchRun(deps(), s.id);
    }
    await openHome(busy);
    const home = homeOf(busy);
    expect(home.blocks).toHaveLength(100);
    expect(home.text).toContain(translate('en', 'home.more'));
    expect(h.slackApi.calls.filter((c) => c.method === 'views.publish').every((c) => c.ok)).toBe(true);
  }, 60_000);
});
