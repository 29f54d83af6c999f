// Stories written straight to the database, for tests of the digest and the feed that do not
// need chat: people, and stories already approved (or published) as the review would leave them.
import type { Db } from '../../core/db.ts';

export async function addPeople(db: Db, n: number, building = 'Hoover', region = 'North'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = await db.person.create({
      data: {
        employeeId: `S${building}${i}`,
        name: `${building} Person ${i}`,
        email: `${building.toLowerCase()}.${i}@dmschools.example`,
        building,
        region,
        roles: { create: [{ role: 'staff' }] },
      },
    });
    ids.push(p.id);
  }
  return ids;
}

export async function approvedStory(
  db: Db,
  submitterId: string,
  over: Partial<{
    title: string;
    body: string;
    building: string;
    region: string;
    publicOk: boolean;
    photoUrl: string;
    photoAlt: string;
    approvedAt: Date;
  }> = {},
) {
  return db.story.create({
    data: {
      submitterId,
      building: over.building ?? 'Hoover',
      region: over.region ?? 'North',
      category: 'student_success',
      language: 'en',
      title: over.title ?? 'A story',
      body: over.body ?? 'Something good happened.',
      status: 'approved',
      approvedAt: over.approvedAt ?? new Date('2026-11-20T15:00:00Z'),
      publicOk: over.publicOk ?? false,
      photoUrl: over.photoUrl ?? null,
      photoAlt: over.photoAlt ?? null,
    },
  });
}
