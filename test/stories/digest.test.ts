// A digest goes out once per schedule fire and a story is published in one digest only, across
// restarts and several instances; a story edited after approval is sent as edited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveSchedule } from '../../scheduler/index.ts';
import { editApprovedStory } from '../../workflows/stories/domain/stories.ts';
import { runDigest, warnIfNothingApproved } from '../../workflows/stories/operations.ts';
import { testServices } from '../support/catalog.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { addPeople, approvedStory } from './fixtures.ts';

const FRIDAY = new Date('2026-11-27T15:00:00Z');

describe('the weekly digest', () => {
  let t: TestDatabase;
  let people: string[];
  const clock = new ManualClock(FRIDAY.getTime());
  const services = () => testServices(t.db, { kind: t.kind, clock });
  const digestCampaigns = () => t.db.campaign.findMany({ where: { purpose: { startsWith: 'stories-digest:' } } });

  beforeEach(async () => {
    t = await createTestDatabase();
    people = await addPeople(t.db, 3);
  });
  afterEach(async () => t.close());

  it('two instances firing the same schedule at once send one digest, once', async () => {
    for (let i = 0; i < 7; i++) await approvedStory(t.db, people[0]!, { title: `Story ${i}`, approvedAt: new Date(FRIDAY.getTime() - (i + 1) * 3_600_000) });
    const fire = { scheduleName: 'stories:digest', fireAt: FRIDAY };
    const results = await Promise.all([runDigest(services(), fire, {}), runDigest(services(), fire, {})]);
    expect(results.filter((r) => r.digestId)).toHaveLength(1);
    expect(await t.db.storyDigest.count()).toBe(1);
    expect(await digestCampaigns()).toHaveLength(1);
    expect(await t.db.delivery.count()).toBe(3);
    // Newest approved first, 5 at most.
    const pubs = await t.db.storyPublication.findMany({ orderBy: { position: 'asc' }, include: { story: true } });
    expect(pubs.map((p) => p.story.title)).toEqual(['Story 0', 'Story 1', 'Story 2', 'Story 3', 'Story 4']);
    // A restart that runs the same fire again queues nothing new.
    await runDigest(services(), fire, {});
    expect(await digestCampaigns()).toHaveLength(1);
    expect(await t.db.delivery.count()).toBe(3);
  });

  it('a story is published in one digest only, whichever schedule fires next', async () => {
    for (let i = 0; i < 3; i++) await approvedStory(t.db, people[0]!, { title: `Story ${i}` });
    await runDigest(services(), { scheduleName: 'stories:digest', fireAt: FRIDAY }, {});
    const other = await runDigest(services(), { scheduleName: 'stories:digest-north', fireAt: FRIDAY }, { region: 'North' });
    expect(other.stories).toBe(0);
    expect(await t.db.storyDigest.count()).toBe(1);
    expect(await t.db.storyPublication.count()).toBe(3);
    expect(await t.db.story.count({ where: { status: 'published' } })).toBe(3);
  });

  it('a regional digest takes that region’s stories and reaches that region', async () => {
    const south = await addPeople(t.db, 2, 'Lincoln', 'South');
    await approvedStory(t.db, people[0]!, { title: 'North story' });
    await approvedStory(t.db, south[0]!, { title: 'South story', building: 'Lincoln', region: 'South' });
    const r = await runDigest(services(), { scheduleName: 'stories:digest-south', fireAt: FRIDAY }, { region: 'South' });
    expect(r.stories).toBe(1);
    const [pub] = await t.db.storyPublication.findMany({ include: { story: true } });
    expect(pub?.story.title).toBe('South story');
    expect(await t.db.delivery.count()).toBe(2);
  });

  it('a story edited after approval is sent as edited', async () => {
    const s = await approvedStory(t.db, people[0]!, { title: 'Draft title', body: 'Draft text.' });
    await editApprovedStory(services(), s.id, people[1]!, { title: 'Final title', body: 'Final text.' });
    await runDigest(services(), { scheduleName: 'stories:digest', fireAt: FRIDAY }, {});
    const [campaign] = await digestCampaigns();
    const data = campaign?.data as { stories: { title: string; body: string }[] };
    expect(data.stories).toEqual([expect.objectContaining({ title: 'Final title', body: 'Final text.' })]);
    expect(await t.db.storyDecision.count({ where: { storyId: s.id, action: 'edited', byId: people[1]! } })).toBe(1);
  });

  it('with nothing approved nothing is claimed or sent', async () => {
    const r = await runDigest(services(), { scheduleName: 'stories:digest', fireAt: FRIDAY }, {});
    expect(r).toEqual({ stories: 0 });
    expect(await t.db.storyDigest.count()).toBe(0);
    expect(await digestCampaigns()).toHaveLength(0);
  });

  it('the day before, with nothing approved, communications are told once (not on other days, not when a story is approved)', async () => {
    await saveSchedule(t.db, { name: 'stories:digest', cron: '0 9 * * 5', job: 'stories.digest' });
    await t.db.person.update({ where: { id: people[0]! }, data: { roles: { create: [{ role: 'communications' }] } } });
    const warnings = () => t.db.campaign.count({ where: { purpose: { startsWith: 'stories-warning:' } } });
    const on = (iso: string) => testServices(t.db, { kind: t.kind, clock: new ManualClock(Date.parse(iso)) });
    expect(await warnIfNothingApproved(on('2026-11-25T15:00:00Z'))).toBe(0); // Wednesday: two days before
    expect(await warnIfNothingApproved(on('2026-11-26T15:00:00Z'))).toBe(1); // Thursday 9:00
    expect(await warnIfNothingApproved(on('2026-11-26T15:00:00Z'))).toBe(0); // again, or another instance
    expect(await warnIfNothingApproved(on('2026-11-27T15:00:00Z'))).toBe(0); // Friday: the next digest is a week away
    expect(await warnings()).toBe(1);
    const [warning] = await t.db.campaign.findMany({ where: { purpose: { startsWith: 'stories-warning:' } }, include: { deliveries: true } });
    expect(warning?.deliveries.map((d) => d.personId)).toEqual([people[0]]);
    await approvedStory(t.db, people[1]!);
    expect(await warnIfNothingApproved(on('2026-12-03T15:00:00Z'))).toBe(0);
  });
});
