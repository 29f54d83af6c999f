// What the hiring domain tests share: a fresh database with the seeded rules and checklist,
// people in the directory, an injected clock, and a way to read a refusal's notice.
import { isAppError } from '../../core/errors.ts';
import { seedHiring } from '../../workflows/hiring/domain/defaults.ts';
import type { Actor, HiringDeps } from '../../workflows/hiring/domain/model.ts';
import type { TrainingRecords } from '../../workflows/hiring/domain/training-records.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

export interface World {
  t: TestDatabase;
  deps: HiringDeps;
  clock: ManualClock;
  person(p: {
    email: string;
    building?: string | null;
    region?: string | null;
    jobCategory?: string | null;
    roles?: string[];
  }): Promise<Actor & { email: string }>;
  close(): Promise<void>;
}

let seq = 0;

/** Training records where exactly `done` completed every course. */
export const fakeTraining = (done: () => Iterable<string>): TrainingRecords => ({
  completed: async (_course, ids) => new Set(ids.filter((id) => new Set(done()).has(id))),
});

export async function world(opts: { training?: TrainingRecords; start?: string } = {}): Promise<World> {
  const t = await createTestDatabase();
  const clock = new ManualClock(Date.parse(opts.start ?? '2026-08-03T14:00:00Z')); // a Monday, 9:00 in Des Moines
  const deps: HiringDeps = { db: t.db, clock, timeZone: 'America/Chicago', ...(opts.training ? { training: opts.training } : {}) };
  await seedHiring(deps);
  return {
    t,
    deps,
    clock,
    async person(p) {
      seq += 1;
      const roles = (p.roles ?? ['staff']) as ('staff' | 'hiring_manager' | 'hr' | 'leader' | 'admin')[];
      const row = await t.db.person.create({
        data: {
          employeeId: `H${seq}-${Math.random().toString(36).slice(2, 8)}`,
          name: `Person ${seq}`,
          email: p.email,
          building: p.building === undefined ? 'Hoover High' : p.building,
          region: p.region === undefined ? 'North' : p.region,
          jobCategory: p.jobCategory === undefined ? 'Teacher' : p.jobCategory,
          roles: { create: roles.map((role) => ({ role })) },
        },
      });
      return { id: row.id, email: row.email, roles, building: row.building, region: row.region };
    },
    close: () => t.close(),
  };
}

/** The notice key of a refusal (fails when `fn` does not refuse). */
export async function refusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (isAppError(e) && e.notice) return e.notice.key;
    throw e;
  }
  throw new Error('expected a refusal');
}
