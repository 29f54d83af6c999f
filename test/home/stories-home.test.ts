// Success stories on the Teams tab, over its HTTP API with Teams sign-on tokens: a submitter
// sees exactly their own stories that were sent back, with the filled form (nobody else's);
// resubmitting from the tab runs the form's own verb, counted once; communications see the
// stories waiting for review and approve one from the tab, once; communications and admins see
// the reach of each digest by week with the figures of `stories stats`; staff and leaders get no
// reach dashboard, and reach asked for one building (it is district-wide) is refused (403).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { databaseKind } from '../../prisma/driver.ts';
import { STORY_FORM_INPUTS } from '../../workflows/stories/cards/stories-form/index.ts';
import { shortRef } from '../../workflows/stories/domain/model.ts';
import { decideStory, submitStory } from '../../workflows/stories/domain/stories.ts';
import { digestReach, runDigest } from '../../workflows/stories/operations.ts';
import { testServices, translate } from '../support/catalog.ts';
import { type Harness, startHarness, type TestPerson } from '../support/harness.ts';
import { tabClient } from './tab-client.ts';

let h: Harness;
const services = () => testServices(h.db, { kind: databaseKind(h.databaseUrl), clock: systemClock });

const { home, act } = tabClient(() => h);
const storyTasks = async (p: TestPerson) => (await home(p)).body.tasks.filter((t) => t.key.startsWith('stories:'));
const reach = async (p: TestPerson, query = '') => (await home(p, query)).body.dashboards.filter((d) => d.workflow === 'stories');

const draft = (title: string) => ({
  title,
  body: 'Our third graders read 1,000 books this fall.',
  building: 'Lincoln High',
  category: 'student_success' as const,
  language: 'en' as const,
  studentsShown: false,
  consentConfirmed: true,
});
/** What the tab sends for the story form, as a person fills it. */
const formValues = (title: string) => ({
  [STORY_FORM_INPUTS.title]: title,
  [STORY_FORM_INPUTS.body]: 'Our third graders read 1,000 books this fall, and we counted them.',
  [STORY_FORM_INPUTS.building]: 'Lincoln High',
  [STORY_FORM_INPUTS.category]: 'student_success',
  [STORY_FORM_INPUTS.language]: 'en',
  [STORY_FORM_INPUTS.photoUrl]: '',
  [STORY_FORM_INPUTS.photoAlt]: '',
  [STORY_FORM_INPUTS.students]: 'no',
  [STORY_FORM_INPUTS.consent]: 'yes',
});

let writer: TestPerson;
let otherWriter: TestPerson;
let comms: TestPerson;
let admin: TestPerson;
let leader: TestPerson;
let sentBack: string;
let othersSentBack: string;
let waiting: string;

beforeAll(async () => {
  h = await startHarness({ teamsAuth: true, env: (issuer) => ({ TAB_SSO_JWKS_URL: `${issuer?.url}/keys` }) });
  writer = await h.addPerson({ name: 'Wren Writer', building: 'Lincoln High', region: 'South' });
  otherWriter = await h.addPerson({ name: 'Otto Writer', building: 'Hoover High', region: 'North' });
  comms = await h.addPerson({ name: 'Cora Comms', roles: ['communications'] });
  admin = await h.addPerson({ name: 'Ada Admin', roles: ['admin'] });
  leader = await h.addPerson({ name: 'Lee Leader', building: 'Lincoln High', region: 'South', roles: ['leader'] });
  const s = services();
  sentBack = (await submitStory(s, writer.id, draft('Reading <challenge>'))).id;
  await decideStory(s, sentBack, comms.id, 'sendBack', { note: 'Please add how many books.' });
  othersSentBack = (await submitStory(s, otherWriter.id, draft('Robotics team'))).id;
  await decideStory(s, othersSentBack, comms.id, 'sendBack', { note: 'A photo, please.' });
  waiting = (await submitStory(s, writer.id, draft('Choir concert'))).id;
}, 60_000);
afterAll(async () => h?.close());

describe('story tasks on the tab', () => {
  it('a submitter sees exactly their own sent-back stories, waiting, with the filled form; nobody else sees them', async () => {
    const mine = await storyTasks(writer);
    expect(mine.map((t) => [t.key, t.title, t.status])).toEqual([[`stories:resubmit:${sentBack}`, 'Reading <challenge>', 'waiting']]);
    expect(JSON.stringify(mine[0]?.form)).toContain('Please add how many books.');
    expect((await storyTasks(otherWriter)).map((t) => t.key)).toEqual([`stories:resubmit:${othersSentBack}`]);
    expect(await storyTasks(leader)).toEqual([]);
  });

  it('communications and admins see the stories waiting for review, and only those', async () => {
    for (const p of [comms, admin])
      expect(
        (await storyTasks(p)).map((t) => t.key),
        p.name,
      ).toEqual([`stories:review:${waiting}`]);
  });

  it('resubmitting from the tab runs the form’s verb once: the story waits for review again and the task goes', async () => {
    const key = `stories:resubmit:${sentBack}`;
    expect((await act(otherWriter, key, formValues('Not mine'))).status).toBe(404);
    const ok = await act(writer, key, formValues('Reading challenge: 1,000 books'));
    expect(ok.status).toBe(200);
    expect(ok.messages.join('\n')).toContain(translate('en', 'stories-ack.resubmitted', { ref: shortRef(sentBack) }));
    const story = await h.db.story.findUniqueOrThrow({ where: { id: sentBack } });
    expect([story.status, story.title]).toEqual(['submitted', 'Reading challenge: 1,000 books']);
    expect(await storyTasks(writer)).toEqual([]);
    expect((await act(writer, key, formValues('Twice'))).status).toBe(404);
    expect((await h.db.story.findUniqueOrThrow({ where: { id: sentBack } })).title).toBe('Reading challenge: 1,000 books');
    expect(await h.db.story.count({ where: { submitterId: writer.id } })).toBe(2);
    // It is now waiting for review.
    expect((await storyTasks(comms)).map((t) => t.key).sort()).toEqual([`stories:review:${waiting}`, `stories:review:${sentBack}`].sort());
  });

  it('a reviewer approves from the tab once; a submitter cannot act on a review task', async () => {
    const key = `stories:review:${waiting}`;
    expect((await act(writer, key, {})).status).toBe(404);
    const ok = await act(comms, key, {});
    expect(ok.status).toBe(200);
    expect((await h.db.story.findUniqueOrThrow({ where: { id: waiting } })).status).toBe('approved');
    expect((await act(admin, key, {})).status).toBe(404);
    expect(await h.db.storyDecision.count({ where: { storyId: waiting, action: { startsWith: 'approve' } } })).toBe(1);
  });
});

describe('story reach on the tab', () => {
  it('communications and admins see reach by week with the figures of `stories stats`', async () => {
    // Before any digest there is nothing to show, so no dashboard (rather than an empty one).
    expect(await reach(comms)).toEqual([]);
    await runDigest(services(), { scheduleName: 'stories:digest', fireAt: new Date() }, {});
    const { digests } = await digestReach(services());
    expect(digests).toHaveLength(1);
    const [d] = digests as [(typeof digests)[number]];
    const sent = Object.values(d.platforms).reduce((n, p) => n + p.people + p.channels, 0);
    expect(sent).toBeGreaterThan(0);
    for (const p of [comms, admin]) {
      const [dash] = await reach(p);
      expect(dash?.scope).toBe(translate('en', 'stories-list.home.district'));
      expect(dash?.charts[0]?.series.map((s) => s.values)).toEqual([[sent], [Object.values(d.platforms).reduce((n, x) => n + x.delivered, 0)], [0]]);
      expect(dash?.headline[0]?.value).toBe(String(sent));
    }
  });

  it('staff and leaders get no reach dashboard; reach asked for one building is refused (403)', async () => {
    for (const p of [writer, leader]) {
      expect(await reach(p), p.name).toEqual([]);
      expect(await reach(p, `?building=${encodeURIComponent('Lincoln High')}`), p.name).toEqual([]);
    }
    expect((await home(comms, `?building=${encodeURIComponent('Lincoln High')}`)).status).toBe(403);
  });
});
