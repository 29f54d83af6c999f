// The Teams tab's API over HTTP, as the page calls it, with Teams single sign-on tokens from
// the local issuer: only a valid token of the district's tenant, for this app, with the
// access_as_user scope, naming someone in the directory, gets anything (else 401 and nothing);
// a staff member gets exactly their tasks and answers one through the same anonymous verb as
// chat; a leader gets their building's dashboard and is refused another building's; the page
// may be framed by Teams only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { closeRun, createSurvey, launchRun, seedItemBank, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { translate } from '../support/catalog.ts';
import { APP_ID, type Harness, startHarness, TENANT_ID, type TestPerson } from '../support/harness.ts';
import { goodValues, SAMPLE_QUESTIONS } from '../surveys/support.ts';

let h: Harness;
let staff: TestPerson;
let leader: TestPerson;
let other: TestPerson;
let openRunId: string;
const deps = () => ({ db: h.db, clock: systemClock });
const V2 = `https://login.microsoftonline.com/${TENANT_ID}/v2.0`;
const V1 = `https://sts.windows.net/${TENANT_ID}/`;

interface TokenOptions {
  issuer?: string;
  aud?: string;
  scp?: string;
  tid?: string;
  expiresIn?: number;
  foreign?: boolean;
}
function token(p: Pick<TestPerson, 'teams' | 'email'>, o: TokenOptions = {}): Promise<string> {
  const issuer = h.issuer;
  if (!issuer) throw new Error('no issuer');
  const options = {
    aud: o.aud ?? `api://tab.dmps.example/${APP_ID}`,
    serviceUrl: 'unused',
    issuer: o.issuer ?? V2,
    ...(o.expiresIn !== undefined ? { expiresIn: o.expiresIn } : {}),
    claims: { tid: o.tid ?? TENANT_ID, oid: p.teams.aadObjectId, scp: o.scp ?? 'access_as_user', preferred_username: p.email, ver: '2.0' },
  };
  return o.foreign ? issuer.signWithForeignKey(options) : issuer.sign(options);
}
const api = async (path: string, credential?: string, body?: unknown) => {
  const r = await fetch(`${h.service.url}/tab/api/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { ...(credential ? { authorization: credential } : {}), 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: r.status,
    body: (await r.json()) as Record<string, unknown> & { tasks?: { key: string; title: string; form?: unknown }[]; dashboards?: { scope: string }[] },
  };
};
const bearer = async (p: TestPerson, o?: TokenOptions) => `Bearer ${await token(p, o)}`;

beforeAll(async () => {
  h = await startHarness({ teamsAuth: true, env: (issuer) => ({ TAB_SSO_JWKS_URL: `${issuer?.url}/keys`, TAB_FRAME_ANCESTORS: 'http://127.0.0.1:1' }) });
  await seedItemBank(deps());
  staff = await h.addPerson({ name: 'Sam Staff', building: 'Lincoln High', region: 'South' });
  other = await h.addPerson({ name: 'Olive Other', building: 'Hoover High', region: 'North' });
  leader = await h.addPerson({ name: 'Lee Leader', building: 'Lincoln High', region: 'South', roles: ['leader'] });
  const lincoln = [staff];
  for (const name of ['Ana', 'Ben', 'Cy', 'Di', 'Ed']) lincoln.push(await h.addPerson({ name, building: 'Lincoln High', region: 'South' }));
  const past = await createSurvey(deps(), {
    title: { en: 'October pulse', es: 'Pulso de octubre' },
    questions: SAMPLE_QUESTIONS,
    audience: { roles: ['staff'] },
  });
  const { run } = await launchRun(deps(), past.id);
  for (const p of lincoln) await submitResponse(deps(), { runId: run.id, personId: p.id, values: goodValues('5') });
  await closeRun(deps(), { runId: run.id });
  const now = await createSurvey(deps(), {
    title: { en: 'November <pulse>', es: 'Pulso de noviembre' },
    questions: SAMPLE_QUESTIONS,
    audience: { buildings: ['Lincoln High'] },
  });
  openRunId = (await launchRun(deps(), now.id)).run.id;
}, 60_000);
afterAll(async () => h?.close());

describe('sign-in', () => {
  it('a valid Teams token (v2 or v1 issuer, app id or its api:// URI) signs the person in by their sign-in name', async () => {
    expect((await api('home', await bearer(staff))).status).toBe(200);
    expect((await api('home', await bearer(staff, { issuer: V1, aud: APP_ID }))).status).toBe(200);
  });

  it('a person is also found by their linked Teams account', async () => {
    await h.db.platformAccount.create({ data: { platform: 'teams', workspaceId: TENANT_ID, userId: other.teams.aadObjectId, personId: other.id } });
    const t = await token({ teams: other.teams, email: 'renamed@elsewhere.example' });
    expect((await api('home', `Bearer ${t}`)).status).toBe(200);
  });

  const refused: [string, () => Promise<string | undefined>][] = [
    ['no token', async () => undefined],
    ['a forged token (a key the tenant does not publish)', () => bearer(staff, { foreign: true })],
    ['an expired token', () => bearer(staff, { expiresIn: -600 })],
    ["another app's token", () => bearer(staff, { aud: 'api://tab.dmps.example/99999999-2222-4333-8444-555555555555' })],
    ['a token without access_as_user', () => bearer(staff, { scp: 'User.Read' })],
    [
      'a token of another tenant',
      () =>
        bearer(staff, { tid: '00000000-0000-4000-8000-000000000bad', issuer: 'https://login.microsoftonline.com/00000000-0000-4000-8000-000000000bad/v2.0' }),
    ],
    ['a token from another issuer', () => bearer(staff, { issuer: 'https://login.microsoftonline.com/common/v2.0' })],
    ['someone not in the directory', async () => `Bearer ${await token(h.addStranger('Pat Elsewhere'))}`],
    ['the development sign-in, once Teams sign-on is configured', async () => `Dev ${staff.id}`],
    ['garbage', async () => 'Bearer not-a-jwt'],
  ];
  it.each(refused)('%s: 401 and nothing else', async (_name, credential) => {
    const r = await api('home', await credential());
    expect(r).toEqual({ status: 401, body: { error: 'unauthorized' } });
    const acted = await api('act', await credential(), { task: `survey:${openRunId}`, requestId: crypto.randomUUID(), values: goodValues() });
    expect(acted.status).toBe(401);
  });
});

describe('my tasks', () => {
  it('a staff member gets exactly their open surveys, with the card to answer', async () => {
    const r = await api('home', await bearer(staff));
    expect(r.body.tasks?.map((t) => [t.key, t.title])).toEqual([[`survey:${openRunId}`, 'November <pulse>']]);
    expect(r.body.dashboards).toEqual([]);
    // Hoover's staff member was not sent it.
    expect((await api('home', await bearer(other))).body.tasks).toEqual([]);
  });

  it('answers it from the tab through the anonymous verb: recorded once, the task gone, a second try answered without a second answer', async () => {
    const credential = await bearer(staff);
    const bad = await api('act', credential, { task: `survey:${openRunId}`, requestId: crypto.randomUUID(), values: {} });
    expect(bad.status).toBe(200);
    expect(String(bad.body.messages)).toContain(translate('en', 'notice.surveyRequiredMissing', { questions: '' }).split('(')[0]?.trim());
    expect((await h.db.surveyRun.findUniqueOrThrow({ where: { id: openRunId } })).answeredCount).toBe(0);
    const ok = await api('act', credential, { task: `survey:${openRunId}`, requestId: crypto.randomUUID(), values: goodValues() });
    expect(ok).toMatchObject({ status: 200, body: { messages: expect.arrayContaining([translate('en', 'survey-thanks.recorded')]) } });
    expect((await h.db.surveyRun.findUniqueOrThrow({ where: { id: openRunId } })).answeredCount).toBe(1);
    expect((await api('home', credential)).body.tasks).toEqual([]);
    const again = await api('act', credential, { task: `survey:${openRunId}`, requestId: crypto.randomUUID(), values: goodValues() });
    expect(again.status).toBe(404);
    expect((await h.db.surveyRun.findUniqueOrThrow({ where: { id: openRunId } })).answeredCount).toBe(1);
    // Nothing about the person was written on the way (no account, no dedupe key naming them).
    expect(await h.db.platformAccount.count({ where: { personId: staff.id } })).toBe(0);
    expect(await h.db.processedEvent.count({ where: { key: { contains: staff.id } } })).toBe(0);
  });

  it('another person’s task cannot be acted on', async () => {
    const r = await api('act', await bearer(other), { task: `survey:${openRunId}`, requestId: crypto.randomUUID(), values: goodValues() });
    expect(r.status).toBe(404);
  });

  it('bad input gets a 400 and changes nothing', async () => {
    expect((await api('act', await bearer(staff), { task: 'x', values: 'no' })).status).toBe(400);
    expect((await api('home?building=', await bearer(leader))).status).toBe(400);
  });
});

describe('dashboards', () => {
  it("a leader gets their building's dashboard, and is refused another building's", async () => {
    const own = await api('home', await bearer(leader));
    expect(own.body.dashboards?.map((d) => d.scope)).toEqual(['Lincoln High']);
    const asked = await api(`home?building=${encodeURIComponent('Hoover High')}`, await bearer(leader));
    expect(asked).toEqual({ status: 403, body: { error: 'forbidden' } });
  });

  it('staff get no dashboard, whatever they ask for', async () => {
    expect((await api('home', await bearer(other))).body.dashboards).toEqual([]);
    expect((await api(`home?building=${encodeURIComponent('Lincoln High')}`, await bearer(other))).body.dashboards).toEqual([]);
  });
});

describe('the page', () => {
  it('lets only Teams (and the configured test host) frame it, and serves its script from itself', async () => {
    const r = await fetch(`${h.service.url}/tab?inTeams=true`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors https:\/\/teams\.microsoft\.com [^;]*http:\/\/127\.0\.0\.1:1(;|$)/);
    expect(csp).not.toMatch(/frame-ancestors[^;]*\*(\s|;|$)/);
    expect(csp).toContain("script-src 'self'");
    const js = await fetch(`${h.service.url}/tab/app.js`);
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(1000);
  });
});

describe('development sign-in (no Microsoft app id)', () => {
  let dev: Harness;
  beforeAll(async () => {
    dev = await startHarness();
  });
  afterAll(async () => dev?.close());

  it('from this machine a person can be picked, and the page says loudly it is for development', async () => {
    const p = await dev.addPerson({ name: 'Dev Person' });
    const people = (await (await fetch(`${dev.service.url}/tab/api/dev/people`)).json()) as { people: { id: string }[] };
    expect(people.people.map((x) => x.id)).toContain(p.id);
    const r = await fetch(`${dev.service.url}/tab/api/home`, { headers: { authorization: `Dev ${p.id}` } });
    expect(r.status).toBe(200);
    expect((await fetch(`${dev.service.url}/tab/api/home`, { headers: { authorization: 'Dev nobody' } })).status).toBe(401);
    const page = await (await fetch(`${dev.service.url}/tab`)).text();
    expect(page).toContain(JSON.stringify(translate('en', 'home.devBanner')).slice(1, 40));
  });
});
