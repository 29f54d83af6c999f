// Hiring on the Teams tab, over its HTTP API with Teams sign-on tokens: a hiring manager sees
// exactly the checklists they owe and a panel member exactly the verification survey waiting for
// them (nobody else's); answering either from the tab runs the card's own verb, counted once; HR
// sees the district's process fidelity by quarter and a leader their building's, with the same
// figures as `hiring report` and the leader's verification share hidden below the minimum group;
// staff get no hiring dashboard and a leader asking for another building is refused (403).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { DEFAULT_ITEMS } from '../../workflows/hiring/domain/defaults.ts';
import { answerKey } from '../../workflows/hiring/domain/interviews.ts';
import { type Actor, quarterOf } from '../../workflows/hiring/domain/model.ts';
import { openProcess, recordException } from '../../workflows/hiring/domain/processes.ts';
import { hiringReport } from '../../workflows/hiring/domain/report.ts';
import { closeAndVerify, recordInterview } from '../../workflows/hiring/operations.ts';
import { translate } from '../support/catalog.ts';
import { type Harness, startHarness, type TestPerson } from '../support/harness.ts';
import { tabClient } from './tab-client.ts';

let h: Harness;
const deps = () => ({ db: h.db, clock: systemClock, timeZone: 'America/Chicago' });
const actor = (p: TestPerson): Actor => ({ id: p.id, roles: p.roles, building: p.building, region: p.region });
const allYes = () => Object.fromEntries(DEFAULT_ITEMS.map((i) => [answerKey(i.key), 'yes']));
const VERIFY = { receivedAhead: 'yes', scoredIndependently: 'yes', sameQuestions: 'yes', feltPressure: 'no' };

const { home, act } = tabClient(() => h);
const hiringTasks = async (p: TestPerson) => (await home(p)).body.tasks.filter((t) => t.key.startsWith('hiring:'));
const hiringDashboards = async (p: TestPerson, query = '') => (await home(p, query)).body.dashboards.filter((d) => d.workflow === 'hiring');

let manager: TestPerson;
let otherManager: TestPerson;
let hr: TestPerson;
let leader: TestPerson;
let quietLeader: TestPerson;
let staff: TestPerson;
const panel: TestPerson[] = [];
let openInterview: string;
let otherInterview: string;
let closedProcess: { id: string; ref: string };

/** A ready process (HR recorded an exception, so no training records are needed) with one interview. */
async function readyProcess(by: TestPerson, building: string, code: string) {
  const view = await openProcess(deps(), actor(by), {
    position: 'Math teacher',
    building,
    jobCategory: 'Teacher',
    requisitionId: 'R-77',
    panel: panel.map((p) => p.email),
  });
  if (view.process.status !== 'ready') await recordException(deps(), actor(hr), view.process.ref, 'Panel approved by HR for this test');
  const { interview } = await recordInterview(deps(), actor(by), view.process.ref, code, new Date());
  return { process: view.process, interview };
}

beforeAll(async () => {
  h = await startHarness({ teamsAuth: true, env: (issuer) => ({ TAB_SSO_JWKS_URL: `${issuer?.url}/keys` }) });
  manager = await h.addPerson({ name: 'Mia Manager', building: 'Lincoln High', region: 'South', roles: ['hiring_manager'] });
  otherManager = await h.addPerson({ name: 'Omar Manager', building: 'Hoover High', region: 'North', roles: ['hiring_manager'] });
  hr = await h.addPerson({ name: 'Hana HR', roles: ['hr'] });
  leader = await h.addPerson({ name: 'Lee Leader', building: 'Lincoln High', region: 'South', roles: ['leader'] });
  quietLeader = await h.addPerson({ name: 'Quiet Leader', building: 'Roosevelt High', region: 'North', roles: ['leader'] });
  staff = await h.addPerson({ name: 'Sam Staff', building: 'Lincoln High', region: 'South' });
  for (const name of ['Pat Panel', 'Quinn Panel']) panel.push(await h.addPerson({ name, building: 'Lincoln High', region: 'South' }));
  openInterview = (await readyProcess(manager, 'Lincoln High', 'R-1-C1')).interview.id;
  otherInterview = (await readyProcess(otherManager, 'Hoover High', 'R-2-C1')).interview.id;
  const closing = await readyProcess(manager, 'Lincoln High', 'R-3-C1');
  await closeAndVerify(deps(), actor(manager), closing.process.ref);
  closedProcess = closing.process;
}, 60_000);
afterAll(async () => h?.close());

describe('hiring tasks on the tab', () => {
  it('a hiring manager sees exactly the checklists they owe, each with the checklist card; nobody else sees them', async () => {
    const mine = await hiringTasks(manager);
    expect(mine.map((t) => t.key)).toEqual([`hiring:checklist:${openInterview}`]);
    expect(mine[0]?.kind).toBe(translate('en', 'hiring-tasks.home.checklistKind'));
    expect(JSON.stringify(mine[0]?.form)).toContain('R-1-C1');
    expect((await hiringTasks(otherManager)).map((t) => t.key)).toEqual([`hiring:checklist:${otherInterview}`]);
    for (const p of [staff, leader, hr]) expect(await hiringTasks(p), p.name).toEqual([]);
  });

  it('a panel member sees the verification survey of the closed process, and only that', async () => {
    for (const p of panel) expect((await hiringTasks(p)).map((t) => t.key)).toEqual([`hiring:verify:${closedProcess.id}`]);
  });

  it('completing the checklist from the tab records it once; the task goes; a second try is refused and stores nothing', async () => {
    const key = `hiring:checklist:${openInterview}`;
    const incomplete = await act(manager, key, {});
    expect(incomplete.status).toBe(200);
    expect(incomplete.messages.length).toBeGreaterThan(0);
    expect((await h.db.hiringInterview.findUniqueOrThrow({ where: { id: openInterview } })).checklistAt).toBeNull();
    const ok = await act(manager, key, allYes());
    expect(ok.status).toBe(200);
    expect(ok.messages.join('\n')).toContain(
      translate('en', 'hiring-ack.checklistRecorded', { code: 'R-1-C1', position: 'Math teacher', ref: '' }).split('(')[0]?.trim(),
    );
    expect((await h.db.hiringInterview.findUniqueOrThrow({ where: { id: openInterview } })).checklistAt).not.toBeNull();
    const answers = await h.db.hiringChecklistAnswer.count({ where: { interviewId: openInterview } });
    expect(answers).toBe(DEFAULT_ITEMS.length);
    expect(await hiringTasks(manager)).toEqual([]);
    expect((await act(manager, key, allYes())).status).toBe(404);
    expect(await h.db.hiringChecklistAnswer.count({ where: { interviewId: openInterview } })).toBe(answers);
  });

  it('another manager cannot act on a checklist that is not theirs', async () => {
    expect((await act(otherManager, `hiring:checklist:${openInterview}`, allYes())).status).toBe(404);
    expect((await act(manager, `hiring:checklist:${otherInterview}`, allYes())).status).toBe(404);
    expect((await h.db.hiringInterview.findUniqueOrThrow({ where: { id: otherInterview } })).checklistAt).toBeNull();
  });

  it('answering the verification survey from the tab counts once', async () => {
    const [p] = panel as [TestPerson];
    const key = `hiring:verify:${closedProcess.id}`;
    expect((await act(staff, key, VERIFY)).status).toBe(404);
    const ok = await act(p, key, VERIFY);
    expect(ok.messages.join('\n')).toContain(translate('en', 'hiring-ack.verifyRecorded', { position: 'Math teacher', ref: closedProcess.ref }));
    expect((await act(p, key, VERIFY)).status).toBe(404);
    expect(await h.db.hiringVerification.count({ where: { processId: closedProcess.id, answeredAt: { not: null } } })).toBe(1);
    expect(await hiringTasks(p)).toEqual([]);
    expect((await hiringTasks(panel[1] as TestPerson)).map((t) => t.key)).toEqual([key]);
  });
});

describe('hiring dashboards on the tab', () => {
  const quarter = () => quarterOf(new Date());
  const pct = (n: number, of: number) => Math.round((n / of) * 1000) / 10;

  it('HR sees the district’s fidelity by quarter, the same figures as `hiring report`', async () => {
    const [d] = await hiringDashboards(hr);
    const report = await hiringReport(deps(), actor(hr), quarter());
    expect(d?.scope).toBe(translate('en', 'hiring-tasks.home.district'));
    expect(report.total.processes).toBe(3);
    const [line, bar] = d?.charts ?? [];
    expect(line?.labels.at(-1)).toBe(quarter().label);
    expect(line?.series.map((s) => s.values.at(-1))).toEqual([
      pct(report.total.meetingParameters, report.total.processes),
      pct(report.total.checklists, report.total.interviews),
      pct(report.total.verification?.answered ?? 0, report.total.verification?.sent ?? 1),
    ]);
    expect(bar?.series[0]?.values.at(-1)).toBe(3);
    // Quarters without processes are hidden, not zero.
    expect(line?.series[0]?.values.slice(0, -1)).toEqual([null, null, null]);
  });

  it('HR may narrow to one building', async () => {
    const [d] = await hiringDashboards(hr, `?building=${encodeURIComponent('Hoover High')}`);
    expect(d?.scope).toBe('Hoover High');
    expect(d?.charts[1]?.series[0]?.values.at(-1)).toBe(1);
  });

  it('a leader sees their building, with the verification share hidden below the minimum group', async () => {
    const [d] = await hiringDashboards(leader);
    const report = await hiringReport(deps(), actor(leader), quarter());
    expect(d?.scope).toBe('Lincoln High');
    expect(report.total.verification).toBeNull();
    expect(d?.charts[0]?.series[2]?.values.at(-1)).toBeNull();
    expect(d?.charts[1]?.series[0]?.values.at(-1)).toBe(report.total.processes);
  });

  it('a leader asking for another building is refused with 403, and staff and managers get no hiring dashboard', async () => {
    expect((await home(leader, `?building=${encodeURIComponent('Hoover High')}`)).status).toBe(403);
    // A leader of a building with no hiring this year has nothing to see: no empty dashboard.
    expect(await hiringDashboards(quietLeader)).toEqual([]);
    for (const p of [staff, manager, panel[0] as TestPerson]) {
      expect(await hiringDashboards(p), p.name).toEqual([]);
      expect(await hiringDashboards(p, `?building=${encodeURIComponent('Lincoln High')}`), p.name).toEqual([]);
    }
  });
});
