// Fixtures for the survey tests: a fresh migrated database (test/support/test-database.ts:
// SQLite by default, PostgreSQL when DATABASE_URL, or TEST_DATABASE_URL, is a postgres URL),
// a settable clock and people.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import type { Db, Role } from '../../core/db.ts';
import { type CreateSurveyInput, createSurvey, launchRun, type SurveyDeps, seedItemBank } from '../../workflows/surveys/domain/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

export type { TestDatabase };

if (process.env.TEST_DATABASE_URL?.startsWith('postgres') && !process.env.DATABASE_URL) process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;

export const createDatabase = (): Promise<TestDatabase> => createTestDatabase();
export const isPostgres = (t: TestDatabase) => t.url.startsWith('postgres');

export class TestClock implements Clock {
  constructor(private at: Date) {}
  now = () => new Date(this.at);
  sleep = async () => undefined;
  set(at: Date | string) {
    this.at = new Date(at);
  }
  advanceDays(days: number) {
    this.at = new Date(this.at.getTime() + days * 86_400_000);
  }
}

export interface PersonSpec {
  building?: string | null;
  region?: string | null;
  jobCategory?: string | null;
  roles?: Role[];
  language?: string;
}

let counter = 0;
export async function addPeople(db: Db, specs: PersonSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const s of specs) {
    const n = ++counter;
    const p = await db.person.create({
      data: {
        employeeId: `E${n}-${randomUUID().slice(0, 8)}`,
        name: `Person ${n}`,
        email: `p${n}-${randomUUID().slice(0, 8)}@dmps.test`,
        building: s.building ?? null,
        region: s.region ?? null,
        jobCategory: s.jobCategory ?? null,
        language: s.language ?? 'en',
        roles: { create: (s.roles ?? ['staff']).map((role) => ({ role })) },
      },
    });
    ids.push(p.id);
  }
  return ids;
}

export const SAMPLE_QUESTIONS: CreateSurveyInput['questions'] = [
  { itemKey: 'care.whole_person' },
  { itemKey: 'care.wellbeing_rating' },
  { itemKey: 'learning.applied', required: false },
  { itemKey: 'comms.sources', required: false },
  { itemKey: 'open.comment' },
];

export async function launchedSurvey(deps: SurveyDeps, overrides: Partial<CreateSurveyInput> = {}) {
  await seedItemBank(deps);
  const survey = await createSurvey(deps, {
    title: { en: 'November pulse', es: 'Encuesta de noviembre' },
    questions: SAMPLE_QUESTIONS,
    ...overrides,
  });
  const launched = await launchRun(deps, survey.id);
  return { survey, ...launched };
}

/** A full valid answer for SAMPLE_QUESTIONS. */
export const goodValues = (likert = '4', scale = '8'): Record<string, string> => ({
  'care.whole_person': likert,
  'care.wellbeing_rating': scale,
  'learning.applied': 'often',
  'comms.sources': 'email,chat',
  'open.comment': '',
});

/** Counts of the tables a refused submit must not touch. */
export async function storedCounts(db: Db) {
  const [responses, answers, sealed, runs] = await Promise.all([
    db.surveyResponse.count(),
    db.surveyAnswer.count(),
    db.surveySealed.count(),
    db.surveyRun.findMany({ select: { answeredCount: true, answeredSlots: true } }),
  ]);
  return { responses, answers, sealed, runs: runs.map((r) => ({ count: r.answeredCount, slots: Buffer.from(r.answeredSlots).toString('hex') })) };
}
