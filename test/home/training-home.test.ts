// Required training on the home, over the Teams tab's API (Teams single sign-on tokens from the
// local issuer) and Slack's App Home: a staff member sees exactly their open training, most
// urgent first, each with a link to the course and "I've completed it" (absent when HR requires
// verified completion); marking done from the tab (or Slack's App Home) records the completion
// once, the task goes, and `training` in chat agrees; a leader sees their building's compliance
// (the numbers `training status` gives) and is refused another building's; staff get no
// dashboard; a task link that is not https never reaches a surface.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log.ts';
import { homeOf } from '../../kernel/home.ts';
import type { WorkflowModule } from '../../kernel/module.ts';
import type { Services } from '../../kernel/turn.ts';
import { createTrainingCourse, trainingStatus } from '../../workflows/training/operations.ts';
import { slackDriver, visibleText } from '../behaviour/drivers.ts';
import { appHomeActionPayload, eventCallback, interactivityBody, signedSlackRequest } from '../standins/slack-request.ts';
import { catalog, translate } from '../support/catalog.ts';
import { APP_ID, type Harness, SLACK_SECRET, SLACK_TEAM, startHarness, TENANT_ID, type TestPerson } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';

const DAY = 86_400_000;
const TZ = 'America/Chicago';
// The courses are made today, the service then runs 70 days later: the new hire's 60-day
// course is 10 days overdue (the tab's tokens are signed to outlive the jump).
const NOW = Date.now();
const clock = new ManualClock(NOW);
const localDay = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: TZ });

const COMMS = { en: 'Communication protocol', es: 'Protocolo de comunicación' };
const WELLBEING = { en: 'Well-being tool', es: 'Herramienta de bienestar' };
const NEW_HIRE = { en: 'Year-one culturally responsive learning', es: 'Aprendizaje culturalmente receptivo' };

let h: Harness;
let services: Services;
let staff: TestPerson;
let leader: TestPerson;
let other: TestPerson;
let hr: TestPerson;

function token(p: Pick<TestPerson, 'teams' | 'email'>): Promise<string> {
  if (!h.issuer) throw new Error('no issuer');
  return h.issuer.sign({
    aud: `api://tab.dmps.example/${APP_ID}`,
    serviceUrl: 'unused',
    issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
    expiresIn: 80 * 86_400,
    claims: { tid: TENANT_ID, oid: p.teams.aadObjectId, scp: 'access_as_user', preferred_username: p.email, ver: '2.0' },
  });
}
interface ShownTask {
  key: string;
  title: string;
  kind: string;
  status: string;
  actions: { title: string }[];
  links: { title: string; url: string }[];
}
interface ShownDashboard {
  id: string;
  workflow?: string;
  scope: string;
  headline: { label: string; value: string }[];
  charts: { title: string; labels: string[]; series: { values: (number | null)[] }[] }[];
}
const api = async (p: TestPerson, path: string, body?: unknown) => {
  const r = await fetch(`${h.service.url}/tab/api/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${await token(p)}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json()) as { tasks?: ShownTask[]; dashboards?: ShownDashboard[]; messages?: string[]; error?: string } };
};
const trainingTasks = async (p: TestPerson) => ((await api(p, 'home')).body.tasks ?? []).filter((t) => t.key.startsWith('training:'));
const trainingDashboards = async (p: TestPerson, query = '') =>
  ((await api(p, `home${query}`)).body.dashboards ?? []).filter((d) => d.id === 'training-compliance');

beforeAll(async () => {
  h = await startHarness({ teamsAuth: true, clock, env: (issuer) => ({ TAB_SSO_JWKS_URL: `${issuer?.url}/keys` }) });
  services = {
    db: h.db,
    kind: process.env.DATABASE_URL?.startsWith('postgres') ? 'postgresql' : 'sqlite',
    log: createLogger({ level: 'silent' }),
    clock,
    defaultLocale: 'en',
    timeZone: TZ,
    catalog,
    ports: {},
    schedulesChanged: async () => undefined,
    directoryChanged: async () => undefined,
  } as Services;
  staff = await h.addPerson({ name: 'Sam Staff', building: 'Lincoln High', region: 'South', language: 'es' });
  leader = await h.addPerson({ name: 'Lee Leader', building: 'Lincoln High', region: 'South', roles: ['staff', 'leader'] });
  other = await h.addPerson({ name: 'Olive Other', building: 'Hoover High', region: 'North' });
  hr = await h.addPerson({ name: 'Grace Miller', roles: ['staff', 'hr'] });
  await h.db.person.update({ where: { id: staff.id }, data: { hireDate: new Date(`${localDay(NOW)}T00:00:00Z`) } });
  const course = (key: string, title: { en: string; es: string }, due: object, extra: object = {}) =>
    createTrainingCourse(services, { key, title, url: `https://learn.dmschools.example/${key}`, due, ...extra });
  await course('comms', COMMS, { kind: 'fixed', date: localDay(NOW + 100 * DAY) }, { audience: { buildings: ['Lincoln High', 'Hoover High'] } });
  await course('wellbeing', WELLBEING, { kind: 'fixed', date: localDay(NOW + 73 * DAY) }, { audience: { buildings: ['Lincoln High'] }, verifiedOnly: true });
  await course('new-hire', NEW_HIRE, { kind: 'hire', days: 60 });
  clock.advance(70 * DAY);
}, 60_000);
afterAll(async () => h?.close());

describe('training on the home', () => {
  it('a staff member sees exactly their open training, most urgent first, in their language, with the course link; no "I\'ve completed it" where completion must be verified', async () => {
    const tasks = await trainingTasks(staff);
    expect(tasks.map((t) => [t.title, t.status])).toEqual([
      [NEW_HIRE.es, 'overdue'],
      [WELLBEING.es, 'dueSoon'],
      [COMMS.es, 'open'],
    ]);
    const markDone = translate('es', 'training.markDone');
    expect(tasks.map((t) => t.actions.map((a) => a.title))).toEqual([[markDone], [], [markDone]]);
    expect(tasks.map((t) => t.links)).toEqual(
      ['new-hire', 'wellbeing', 'comms'].map((k) => [{ title: translate('es', 'training.open'), url: `https://learn.dmschools.example/${k}` }]),
    );
    expect(tasks.every((t) => t.kind === translate('es', 'training.home.kind'))).toBe(true);
    // Hoover's staff member has only the course for everyone; the new hire's course is not theirs.
    expect((await trainingTasks(other)).map((t) => t.title)).toEqual([COMMS.en]);
  });

  it('marking done from the tab records the completion once: the task goes, a second try changes nothing, and `training` in chat agrees', async () => {
    const task = (await trainingTasks(staff)).find((t) => t.title === COMMS.es);
    const assignmentId = task?.key.slice('training:'.length) ?? '';
    const done = await api(staff, 'act', { task: task?.key, requestId: crypto.randomUUID(), action: 0 });
    expect(done.status).toBe(200);
    expect(done.body.messages?.join(' ')).toContain(translate('es', 'training.marked', { title: COMMS.es }));
    const completions = () => h.db.trainingCompletion.count({ where: { personId: staff.id } });
    expect(await completions()).toBe(1);
    expect((await h.db.trainingAssignment.findUniqueOrThrow({ where: { id: assignmentId } })).completedAt).not.toBeNull();
    expect((await trainingTasks(staff)).map((t) => t.title)).toEqual([NEW_HIRE.es, WELLBEING.es]);
    const again = await api(staff, 'act', { task: task?.key, requestId: crypto.randomUUID(), action: 0 });
    expect(again.status).toBe(404);
    expect(await completions()).toBe(1);

    const chat = slackDriver(h);
    await chat.say(staff, translate('es', 'commands.training'));
    const card = chat.seen(staff).at(-1)?.text ?? '';
    expect(card).toContain(NEW_HIRE.es);
    expect(card).toContain(WELLBEING.es);
    expect(card).not.toContain(COMMS.es);
  });

  it("a verified-only course cannot be marked done from the tab, even by sending its verb's action", async () => {
    const task = (await trainingTasks(staff)).find((t) => t.title === WELLBEING.es);
    expect((await api(staff, 'act', { task: task?.key, requestId: crypto.randomUUID(), action: 0 })).status).toBe(400);
    expect(await h.db.trainingCompletion.count({ where: { personId: staff.id } })).toBe(1);
  });

  it("a leader sees their building's compliance, the same numbers as `training status`, and is refused another building's", async () => {
    const [d] = await trainingDashboards(leader);
    expect(d?.scope).toBe('Lincoln High');
    const report = await trainingStatus(services, { roles: ['leader'], building: 'Lincoln High', region: 'South' }, { by: 'building' });
    const lincoln = report.rows.filter((r) => r.group === 'Lincoln High');
    const completed = lincoln.reduce((n, r) => n + r.completed, 0);
    const assigned = lincoln.reduce((n, r) => n + r.assigned, 0);
    // Lincoln: comms ×2 (one done), wellbeing ×2, the new hire's course ×1: 1 of 5.
    expect([completed, assigned]).toEqual([1, 5]);
    const byBuilding = d?.charts[0];
    expect(byBuilding?.labels).toEqual(['Lincoln High']);
    expect(byBuilding?.series[0]?.values).toEqual([20]);
    expect(d?.headline[0]).toEqual({ label: translate('en', 'training.home.completionRate'), value: '20%' });
    expect(d?.headline[1]).toEqual({ label: translate('en', 'training.home.overdue'), value: '1' });
    // The new hire is counted, not yet trained in the window (hired 70 days ago, a 60-day course).
    expect(d?.charts[2]?.series[0]?.values).toEqual([report.newHires.hired, report.newHires.completedInWindow, report.newHires.stillInWindow]);
    expect(report.newHires.hired).toBe(1);
    // Nobody from Hoover is in it.
    expect(JSON.stringify(d)).not.toContain('Hoover');
    expect(await api(leader, `home?building=${encodeURIComponent('Hoover High')}`)).toEqual({ status: 403, body: { error: 'forbidden' } });
  });

  it('HR sees the whole district by building, and may narrow to one building', async () => {
    const [all] = await trainingDashboards(hr);
    expect(all?.scope).toBe(translate('en', 'training.home.district'));
    expect(all?.charts[0]?.labels).toEqual(['Hoover High', 'Lincoln High']);
    expect(all?.charts[0]?.series[0]?.values).toEqual([0, 20]);
    const [hoover] = await trainingDashboards(hr, `?building=${encodeURIComponent('Hoover High')}`);
    expect(hoover?.scope).toBe('Hoover High');
    expect(hoover?.charts[0]?.labels).toEqual(['Hoover High']);
  });

  it('staff get no training dashboard, whatever they ask for', async () => {
    expect(await trainingDashboards(staff)).toEqual([]);
    expect(await trainingDashboards(other, `?building=${encodeURIComponent('Hoover High')}`)).toEqual([]);
  });
});

describe("training on Slack's App Home", () => {
  it('the staff member opens it, sees their training with a button that opens the course, and marks one done there', async () => {
    const r = await signedSlackRequest(
      h.service.endpoints.slack as string,
      eventCallback({ type: 'app_home_opened', user: staff.slackId, channel: h.slackApi.dmIdFor(staff.slackId), tab: 'home' }, { teamId: SLACK_TEAM }),
      { secret: SLACK_SECRET },
    );
    expect(r.status).toBeLessThan(400);
    const blocks = (h.slackApi.homes.get(staff.slackId)?.view.blocks ?? []) as { type: string; elements?: { url?: string; value?: string }[] }[];
    const text = visibleText(blocks, 'slack');
    expect(text).toContain(NEW_HIRE.es);
    expect(text).not.toContain(COMMS.es);
    const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    expect(buttons.map((b) => b.url).filter(Boolean)).toEqual(['https://learn.dmschools.example/new-hire', 'https://learn.dmschools.example/wellbeing']);
    const assignment = await h.db.trainingAssignment.findFirstOrThrow({ where: { personId: staff.id, course: { key: 'new-hire' } } });
    const done = buttons.find((b) => b.value && JSON.parse(b.value).k === `training:${assignment.id}`);
    expect(done).toBeDefined();

    // "I've completed it" from the App Home: recorded once, and the home is published without it.
    const click = appHomeActionPayload({
      teamId: SLACK_TEAM,
      user: { id: staff.slackId },
      actionId: (done as { action_id?: string }).action_id ?? '',
      value: done?.value ?? '',
    });
    const before = h.slackApi.homes.get(staff.slackId)?.publishes ?? 0;
    const clicked = await signedSlackRequest(h.service.endpoints.slack as string, interactivityBody(click), { secret: SLACK_SECRET });
    expect(clicked.status).toBeLessThan(400);
    expect(await h.db.trainingCompletion.count({ where: { personId: staff.id } })).toBe(2);
    expect((await h.db.trainingAssignment.findUniqueOrThrow({ where: { id: assignment.id } })).completedAt).not.toBeNull();
    const after = h.slackApi.homes.get(staff.slackId);
    expect(after?.publishes).toBe(before + 1);
    expect(visibleText(after?.view.blocks, 'slack')).not.toContain(NEW_HIRE.es);
    expect(visibleText(after?.view.blocks, 'slack')).toContain(WELLBEING.es);
  });
});

describe('task links', () => {
  it('only https links reach a surface: anything else a workflow sends is dropped by the kernel', async () => {
    const fake = {
      name: 'fake',
      home: {
        tasks: async () => [
          {
            id: 't1',
            title: 'Read',
            kind: 'Demo',
            status: 'open' as const,
            links: [
              { title: 'script', url: 'javascript:alert(1)' },
              { title: 'plain', url: 'http://learn.dmschools.example/x' },
              { title: 'broken', url: 'https//no' },
              { title: 'ok', url: 'https://learn.dmschools.example/x' },
            ],
          },
          { id: 't2', title: 'None left', kind: 'Demo', status: 'open' as const, links: [{ title: 'data', url: 'data:text/html,hi' }] },
        ],
      },
    } as unknown as WorkflowModule;
    const person = await h.db.person.findUniqueOrThrow({ where: { id: other.id }, include: { roles: true } });
    const view = await homeOf(services, [fake], person);
    expect(view.tasks.map((t) => t.links)).toEqual([[{ title: 'ok', url: 'https://learn.dmschools.example/x' }], undefined]);
  });
});
