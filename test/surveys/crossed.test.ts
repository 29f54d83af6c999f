// HR reads both the place breakdown and a job-category (or role) breakdown of one run, and knows
// from the directory who works where. Subtracting one from the other must not single anyone out:
// when a shown group lies wholly inside a shown place (or a place inside a group), the rest of
// the larger one is none or at least the threshold.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeRun,
  createSurvey,
  launchRun,
  resultScope,
  type SurveyDeps,
  type SurveyResults,
  seedItemBank,
  submitResponse,
  surveyResults,
} from '../../workflows/surveys/domain/index.ts';
import { addPeople, createDatabase, goodValues, SAMPLE_QUESTIONS, TestClock, type TestDatabase } from './support.ts';

let t: TestDatabase;
let deps: SurveyDeps;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));
const HR = resultScope({ roles: ['hr'] });

beforeAll(async () => {
  t = await createDatabase();
  deps = { db: t.db, clock };
  await seedItemBank(deps);
});
afterAll(() => t?.close());

interface Respondent {
  region: string;
  building: string;
  job: string;
}

let caseNo = 0;
async function closedRun(respondents: Respondent[]) {
  const tag = `x${++caseNo}`;
  const people = respondents.map((r) => ({ region: `${tag}-${r.region}`, building: `${tag}-${r.building}`, jobCategory: r.job }));
  const ids = await addPeople(t.db, people);
  const survey = await createSurvey(deps, { title: { en: tag, es: tag }, questions: SAMPLE_QUESTIONS });
  const { run } = await launchRun(deps, survey.id);
  for (const id of ids) await submitResponse(deps, { runId: run.id, personId: id, values: goodValues() });
  await closeRun(deps, { runId: run.id });
  return { runId: run.id, people };
}

const shownGroups = (r: SurveyResults) => (r.breakdown?.groups ?? []).filter((g) => !g.suppressed);

type Person = { region: string; building: string; jobCategory: string };
type Pair = { inJob: (p: Person) => boolean; inPlace: (p: Person) => boolean };

/** Every (job group, place) pair HR can see side by side. */
async function crossings(runId: string): Promise<{ byJob: SurveyResults; pairs: Pair[] }> {
  const byBuilding = await surveyResults(deps, { runId }, HR, { breakdownBy: 'building' });
  const byRegion = await surveyResults(deps, { runId }, HR, { breakdownBy: 'region' });
  const byJob = await surveyResults(deps, { runId }, HR, { breakdownBy: 'jobCategory' });
  const places = [
    ...shownGroups(byBuilding).map((g) => (p: Person) => p.building === g.label.building && p.region === g.label.region),
    ...shownGroups(byRegion).map((g) => (p: Person) => p.region === g.label.region),
  ];
  const jobs = shownGroups(byJob).map((g) => (p: Person) => p.jobCategory === g.label.jobCategory);
  return { byJob, pairs: jobs.flatMap((inJob) => places.map((inPlace) => ({ inJob, inPlace }))) };
}

/** What subtracting the smaller from the larger yields, when one holds the other (else none). */
const differences = (people: Person[], { inJob, inPlace }: Pair): number[] => {
  const jobOutside = people.filter((p) => inJob(p) && !inPlace(p)).length;
  const placeOutside = people.filter((p) => !inJob(p) && inPlace(p)).length;
  return [...(jobOutside === 0 ? [placeOutside] : []), ...(placeOutside === 0 ? [jobOutside] : [])];
};

describe('a job-category breakdown beside the place breakdown', () => {
  it('hides the nurses when all 7 who answered work in one building of 10 (else the building minus the nurses is 3 people)', async () => {
    const rs: Respondent[] = [
      ...Array.from({ length: 7 }, () => ({ region: 'North', building: 'A', job: 'nurse' })),
      ...Array.from({ length: 3 }, () => ({ region: 'North', building: 'A', job: 'teacher' })),
      ...Array.from({ length: 12 }, () => ({ region: 'South', building: 'B', job: 'teacher' })),
      ...Array.from({ length: 9 }, () => ({ region: 'South', building: 'B', job: 'para' })),
    ];
    const { runId, people } = await closedRun(rs);
    const building = await surveyResults(deps, { runId }, HR, { breakdownBy: 'building' });
    // Building A (10) is shown for its scores…
    expect(building.breakdown?.groups.find((g) => g.label.building?.endsWith('-A'))?.responses).toBe(10);
    const { byJob, pairs } = await crossings(runId);
    // …so the nurses are not, and neither is a second group (else total minus the others gives them).
    const nurses = byJob.breakdown?.groups.find((g) => g.label.jobCategory === 'nurse');
    expect(nurses?.suppressed).toBe(true);
    expect(byJob.breakdown?.groups.filter((g) => g.suppressed).length).toBeGreaterThanOrEqual(2);
    for (const pair of pairs) for (const n of differences(people, pair)) expect(n === 0 || n >= 5).toBe(true);
  });

  it('never lets a shown group inside a shown place (or a place inside a group) leave fewer than the threshold (random districts)', async () => {
    // Jobs follow places, as in a district: nurses only in building A, so a group inside a place is common.
    const place = fc.constantFrom<[string, string]>(['North', 'A'], ['North', 'B'], ['South', 'C'], ['South', 'D']);
    const respondent = place.chain(([region, building]) =>
      fc
        .constantFrom(...(building === 'A' ? ['nurse', 'nurse', 'nurse', 'nurse', 'teacher'] : ['teacher', 'para', 'counselor']))
        .map((job) => ({ region, building, job })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(respondent, { minLength: 10, maxLength: 60, size: 'max' }), async (rs) => {
        const { runId, people } = await closedRun(rs);
        const { pairs } = await crossings(runId);
        for (const pair of pairs) for (const n of differences(people, pair)) expect(n === 0 || n >= 5).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
