// What viewers learn together, as properties over random respondents (fast-check), through the
// real operations on the test database (SQLite, or PostgreSQL with DATABASE_URL):
//
// - Pooling: every scope there is (HR, communications, every region leader, every building
//   leader) asks for every view it may (overall, each breakdown, the response rate). Pooled
//   together, no set of respondents smaller than the threshold has a count (or a question's
//   count) that is a linear combination of the numbers shown: by subtraction across views,
//   breakdowns, scopes and totals, nothing small can be recovered. The attacker is assumed to
//   know which groups are empty. Families: places (district, regions, buildings) across all
//   scopes; and each district-wide group breakdown (role, job category) with its total.
// - Intersecting comments: the comment sets of all scopes that list comments, combined by any
//   set operation, never narrow to fewer respondents than the comment threshold.
// - Differencing: while a run is open no view holds a score or comment, however many answers
//   come in; once closed it takes no answers and its results do not change.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BreakdownBy,
  closeRun,
  createSurvey,
  type GroupLabel,
  launchRun,
  type ResultScope,
  resultScope,
  type SurveyDeps,
  type SurveyResults,
  seedItemBank,
  submitResponse,
  surveyResults,
  surveyResultsView,
} from '../../workflows/surveys/domain/index.ts';
import { addPeople, createDatabase, goodValues, SAMPLE_QUESTIONS, TestClock, type TestDatabase } from './support.ts';

let t: TestDatabase;
let deps: SurveyDeps;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));
const OPTIONAL = 'learning.applied';

beforeAll(async () => {
  t = await createDatabase();
  deps = { db: t.db, clock };
  await seedItemBank(deps);
  await addPeople(t.db, [{ roles: ['hr'] }]); // someone to send a survey to, who never answers
});
afterAll(() => t?.close());

interface Respondent {
  region: string | null;
  building: string | null;
  job: string;
  hiringManager: boolean;
  answersOptional: boolean;
  comment: boolean;
}

/** Places of a case: buildings in regions; B4 is listed under two regions, some have none. */
const PLACES: [string | null, string | null][] = [
  ['North', 'B1'],
  ['North', 'B2'],
  ['North', 'B3'],
  ['South', 'B4'],
  ['South', 'B5'],
  ['East', 'B4'],
  ['East', 'B6'],
  ['East', null],
  [null, null],
];
const respondent = fc.record({
  place: fc.constantFrom(...PLACES),
  job: fc.constantFrom('teacher', 'para', 'nurse'),
  hiringManager: fc.boolean(),
  answersOptional: fc.boolean(),
  comment: fc.boolean(),
});
/** Respondents per place, skewed (many empty or small places, some large), then each one's
 *  job, role and answers. */
const respondents = fc
  .tuple(...PLACES.map(() => fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 14 }))))
  .chain((counts) => {
    const places = counts.flatMap((n, i) => Array.from({ length: n }, () => PLACES[i]!));
    return fc.tuple(...places.map((place) => respondent.map((r) => ({ ...r, place }))));
  })
  .map((rs) => rs.map(({ place: [region, building], ...r }): Respondent => ({ region, building, ...r })));
const caseData = fc.record({
  scores: fc.integer({ min: 3, max: 6 }),
  comments: fc.integer({ min: 3, max: 12 }),
  respondents,
});

let caseNo = 0;
/** One closed run answered by the respondents; names carry the case number so cases stay apart. */
interface CaseData {
  scores: number;
  comments: number;
  respondents: Respondent[];
}
async function closedRun(c: CaseData) {
  const tag = `c${++caseNo}`;
  const name = (v: string | null) => (v === null ? null : `${tag}-${v}`);
  const people = c.respondents.map((r) => ({ ...r, region: name(r.region), building: name(r.building) }));
  const ids = await addPeople(
    t.db,
    people.map((p) => ({ region: p.region, building: p.building, jobCategory: p.job, roles: p.hiringManager ? ['staff', 'hiring_manager'] : ['staff'] })),
  );
  const survey = await createSurvey(deps, { title: { en: tag, es: tag }, questions: SAMPLE_QUESTIONS, thresholds: { scores: c.scores, comments: c.comments } });
  const { run } = await launchRun(deps, survey.id);
  for (const [i, p] of people.entries()) {
    const values = goodValues(String(1 + (i % 5)), String(i % 11));
    if (!p.answersOptional) delete values[OPTIONAL];
    values['open.comment'] = p.comment ? `${tag} comment ${i}` : '';
    await submitResponse(deps, { runId: run.id, personId: ids[i]!, values });
  }
  await closeRun(deps, { runId: run.id });
  return { runId: run.id, people, tag };
}

type Person = Awaited<ReturnType<typeof closedRun>>['people'][number];
type Viewer = { scope: Exclude<ResultScope, { kind: 'none' }>; views: (BreakdownBy | undefined)[] };

function viewers(people: Person[]): Viewer[] {
  const regions = [...new Set(people.map((p) => p.region).filter((r): r is string => r !== null))];
  const buildings = [...new Set(people.map((p) => p.building).filter((b): b is string => b !== null))];
  const place: (BreakdownBy | undefined)[] = [undefined, 'building', 'region'];
  const scope = (s: ResultScope) => {
    if (s.kind === 'none') throw new Error('no scope');
    return s;
  };
  return [
    { scope: scope(resultScope({ roles: ['hr'] })), views: [...place, 'role', 'jobCategory'] },
    { scope: scope(resultScope({ roles: ['communications'] })), views: [undefined] },
    ...regions.map((region) => ({ scope: scope(resultScope({ roles: ['leader'], region })), views: place })),
    ...buildings.map((building) => ({ scope: scope(resultScope({ roles: ['leader'], building })), views: place })),
  ];
}

type Family = 'place' | 'role' | 'jobCategory';
/** A number shown: which respondents it counts, in which family, and whether it is a response
 *  count or the optional question's n. */
interface Shown {
  family: Family;
  measure: 'responses' | 'optional';
  members: (p: Person) => boolean;
  n: number;
}

const inScope = (s: Viewer['scope'], p: Person) => s.kind === 'all' || (s.kind === 'region' ? p.region === s.region : p.building === s.building);
const primaryRole = (p: Person) => (p.hiringManager ? 'hiring_manager' : 'staff');
const inGroup = (label: GroupLabel, p: Person) =>
  (label.region === undefined || label.region === p.region) &&
  (label.building === undefined || label.building === p.building) &&
  (label.role === undefined || label.role === primaryRole(p)) &&
  (label.jobCategory === undefined || label.jobCategory === p.job);

function shownNumbers(v: Viewer, by: BreakdownBy | undefined, r: SurveyResults): Shown[] {
  const family: Family = by === 'role' || by === 'jobCategory' ? by : 'place';
  const out: Shown[] = [];
  const groups = [{ label: {} as GroupLabel, g: r.overall }, ...(r.breakdown?.groups ?? []).map((g) => ({ label: g.label, g }))];
  for (const { label, g } of groups) {
    const members = (p: Person) => inScope(v.scope, p) && inGroup(label, p);
    // A scope's overall is a place cell; the district's is also the total of each group breakdown.
    const overall = label === groups[0]!.label;
    const families: Family[] = !overall ? [family] : v.scope.kind === 'all' ? ['place', 'role', 'jobCategory'] : ['place'];
    for (const fam of families) {
      if (g.responses !== null) out.push({ family: fam, measure: 'responses', members, n: g.responses });
      for (const item of g.items) if (!item.suppressed && item.key === OPTIONAL) out.push({ family: fam, measure: 'optional', members, n: item.n });
    }
  }
  if (r.responseRate.answered !== null) out.push({ family: 'place', measure: 'responses', members: (p) => inScope(v.scope, p), n: r.responseRate.answered });
  return out;
}

/** Whether `target` is a linear combination of `rows` (Gaussian elimination). */
function inSpan(rows: number[][], target: number[]): boolean {
  const basis: { pivot: number; row: number[] }[] = [];
  const reduce = (v: number[]) => {
    const x = [...v];
    for (const { pivot, row } of basis) {
      const f = x[pivot]!;
      if (Math.abs(f) > 1e-9) for (let k = 0; k < x.length; k++) x[k]! -= f * row[k]!;
    }
    return x;
  };
  for (const r of rows) {
    const x = reduce(r);
    const pivot = x.findIndex((e) => Math.abs(e) > 1e-9);
    if (pivot < 0) continue;
    const f = x[pivot]!;
    const row = x.map((e) => e / f);
    for (const b of basis) {
      const g = b.row[pivot]!;
      if (Math.abs(g) > 1e-9) for (let k = 0; k < row.length; k++) b.row[k]! -= g * row[k]!;
    }
    basis.push({ pivot, row });
  }
  return reduce(target).every((e) => Math.abs(e) < 1e-9);
}

/** Sets of respondents smaller than the threshold whose count follows from the numbers shown.
 *  Respondents are grouped into the family's finest classes (only non-empty ones: the attacker
 *  knows which are empty); every union of classes is tried. */
function recoverableSmallGroups(people: Person[], shown: Shown[], family: Family, measure: Shown['measure'], threshold: number): string[] {
  const counted = people.filter((p) => measure === 'responses' || p.answersOptional);
  const classOf = (p: Person) => (family === 'place' ? JSON.stringify([p.region, p.building]) : family === 'role' ? primaryRole(p) : p.job);
  const classes = [...new Set(counted.map(classOf))].sort();
  const size = classes.map((c) => counted.filter((p) => classOf(p) === c).length);
  const cells = shown.filter((s) => s.family === family && s.measure === measure);
  const rows = cells.map((s) =>
    classes.map((c) => {
      const members = counted.filter((p) => classOf(p) === c);
      const inside = members.filter(s.members).length;
      if (inside !== 0 && inside !== members.length) throw new Error(`a shown cell splits class ${c}`);
      return inside ? 1 : 0;
    }),
  );
  // The numbers shown are the true counts of what they say they count.
  for (const [i, s] of cells.entries()) expect(s.n, `${family} ${measure}`).toBe(rows[i]!.reduce<number>((sum, x, k) => sum + x * size[k]!, 0));
  const found: string[] = [];
  for (let mask = 1; mask < 1 << classes.length; mask++) {
    const v = classes.map((_, k) => ((mask >> k) & 1 ? 1 : 0));
    const n = v.reduce<number>((s, x, k) => s + x * size[k]!, 0);
    if (n > 0 && n < threshold && inSpan(rows, v)) found.push(`${classes.filter((_, k) => v[k]).join(' + ')} = ${n}`);
  }
  return found;
}

/** Atoms of the comment scopes: respondents grouped by which listed scopes hold them. */
function commentAtoms(people: Person[], listed: Viewer['scope'][]): number[] {
  const atoms = new Map<string, number>();
  for (const p of people) {
    const signature = listed
      .map((s, i) => (inScope(s, p) ? i : -1))
      .filter((i) => i >= 0)
      .join(',');
    if (signature) atoms.set(signature, (atoms.get(signature) ?? 0) + 1);
  }
  return [...atoms.values()];
}

describe('comments across scopes', () => {
  it("lists a region's comments only when the rest of the district is also large enough or empty", async () => {
    const many = (n: number, region: string, building: string) =>
      Array.from({ length: n }, (): Respondent => ({ region, building, job: 'teacher', hiringManager: false, answersOptional: true, comment: true }));
    // North 12, South 8: HR's district list minus the North leader's list would be South's 8.
    const { runId, people, tag } = await closedRun({ scores: 5, comments: 10, respondents: [...many(12, 'North', 'B1'), ...many(8, 'South', 'B4')] });
    const hr = await surveyResults(deps, { runId }, resultScope({ roles: ['hr'] }));
    const north = await surveyResults(deps, { runId }, resultScope({ roles: ['leader'], region: `${tag}-North` }));
    expect(hr.overall.comments.shown).toBe(true);
    expect(north.overall.comments).toEqual({ shown: false, reason: 'too_few' });
    expect(people).toHaveLength(20);
  });
});

describe('what viewers can work out together (property over random respondents)', () => {
  it('no count or question count of fewer than the threshold can be recovered from all scopes pooled, and comment sets never intersect to a small group', async () => {
    await fc.assert(
      fc.asyncProperty(caseData, async (c) => {
        const { runId, people } = await closedRun(c);
        const shown: Shown[] = [];
        const listed: Viewer['scope'][] = [];
        for (const v of viewers(people))
          for (const by of v.views) {
            const r = await surveyResults(deps, { runId }, v.scope, by ? { breakdownBy: by } : {});
            shown.push(...shownNumbers(v, by, r));
            for (const g of r.breakdown?.groups ?? []) expect(g.comments.shown).toBe(false);
            if (r.overall.comments.shown) {
              listed.push(v.scope);
              const texts = r.overall.comments.byQuestion.flatMap((q) => q.texts);
              expect(texts).toHaveLength(people.filter((p) => p.comment && inScope(v.scope, p)).length);
            }
          }
        for (const family of ['place', 'role', 'jobCategory'] as const)
          for (const measure of ['responses', 'optional'] as const)
            expect(recoverableSmallGroups(people, shown, family, measure, c.scores), `${family} ${measure}`).toEqual([]);
        for (const n of commentAtoms(people, listed)) expect(n).toBeGreaterThanOrEqual(c.comments);
      }),
      { numRuns: 20 },
    );
  }, 240_000);

  it('an open run shows no score, breakdown or comment to anyone, however many answer; closed, it no longer changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(respondent, { minLength: 1, maxLength: 25 }), async (rs) => {
        const tag = `o${++caseNo}`;
        const ids = await addPeople(
          t.db,
          rs.map((r) => ({ region: r.place[0] && `${tag}-${r.place[0]}`, building: r.place[1] && `${tag}-${r.place[1]}`, jobCategory: r.job })),
        );
        const survey = await createSurvey(deps, { title: { en: tag, es: tag }, questions: SAMPLE_QUESTIONS });
        const { run } = await launchRun(deps, survey.id);
        const hr = resultScope({ roles: ['hr'] });
        for (const [i, id] of ids.entries()) {
          await submitResponse(deps, { runId: run.id, personId: id, values: { ...goodValues(), 'open.comment': `${tag} ${i}` } });
          for (const by of [undefined, 'building', 'jobCategory'] as const) {
            const view = await surveyResultsView(deps, { runId: run.id }, hr, by ? { breakdownBy: by } : {});
            expect(Object.keys(view).sort()).toEqual(['closesOn', 'responseRate', 'run', 'scope', 'status', 'survey', 'thresholds']);
            expect(JSON.stringify(view)).not.toContain(`${tag} `);
            await expect(surveyResults(deps, { runId: run.id }, hr)).rejects.toMatchObject({ code: 'conflict' });
          }
        }
        await closeRun(deps, { runId: run.id });
        const before = await surveyResults(deps, { runId: run.id }, hr, { breakdownBy: 'building' });
        const late = await addPeople(t.db, [{ region: `${tag}-North`, building: `${tag}-B1` }]);
        await expect(submitResponse(deps, { runId: run.id, personId: late[0]!, values: goodValues() })).rejects.toBeDefined();
        await expect(submitResponse(deps, { runId: run.id, personId: ids[0]!, values: goodValues() })).rejects.toBeDefined();
        expect(await surveyResults(deps, { runId: run.id }, hr, { breakdownBy: 'building' })).toEqual(before);
      }),
      { numRuns: 8 },
    );
  }, 240_000);
});
