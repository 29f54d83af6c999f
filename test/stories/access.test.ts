// Only communications and admins review, edit, publish or see unpublished stories; a submitter
// sees only their own; everyone else sees published stories only. Checked from the inside: every
// command and verb of the workflow that reads or changes unpublished stories requires those roles,
// and the reads everyone may use return nothing unpublished or someone else's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stories } from '../../workflows/stories/index.ts';
import { archive, myStories, runDigest, STORY_REVIEWERS } from '../../workflows/stories/operations.ts';
import { testServices } from '../support/catalog.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { addPeople, approvedStory } from './fixtures.ts';

/** What anyone in the directory may use: submit, their own list, the archive, celebrate. */
const FOR_EVERYONE = ['stories new', 'stories mine', 'stories archive', 'stories.submit', 'stories.celebrate'];

describe('who sees and changes stories', () => {
  it('every other command and verb is for communications and admins only', () => {
    const all = [
      ...(stories.commands ?? []).map((c) => ({ id: c.name, roles: c.roles })),
      ...(stories.verbs ?? []).map((v) => ({ id: v.verb, roles: v.roles })),
    ];
    expect(all.length).toBeGreaterThan(10);
    for (const { id, roles } of all) {
      if (FOR_EVERYONE.includes(id)) expect(roles, id).toBeUndefined();
      else expect(roles, id).toEqual(STORY_REVIEWERS);
    }
    expect(STORY_REVIEWERS).toEqual(['communications', 'admin']);
  });

  describe('reads everyone may use', () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await createTestDatabase();
    });
    afterEach(async () => t.close());

    it('hold only published stories, and a person’s own', async () => {
      const [a, b] = await addPeople(t.db, 2);
      const clock = new ManualClock(Date.parse('2026-11-27T15:00:00Z'));
      const services = testServices(t.db, { kind: t.kind, clock });
      await approvedStory(t.db, a!, { title: 'Published' });
      await runDigest(services, { scheduleName: 'stories:digest', fireAt: clock.now() }, {});
      await approvedStory(t.db, a!, { title: 'Approved, waiting' });
      await t.db.story.create({ data: { submitterId: b!, building: 'Hoover', category: 'event', language: 'en', title: 'B submitted', body: 'x' } });
      expect((await archive(services)).map((s) => s.story.title)).toEqual(['Published']);
      expect((await myStories(services, b!)).map((s) => s.title)).toEqual(['B submitted']);
      expect((await myStories(services, a!)).map((s) => s.title).sort()).toEqual(['Approved, waiting', 'Published']);
    });
  });
});
