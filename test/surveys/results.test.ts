// Results as HR, a leader and communications see them: numbers that match the answers, and no
// group smaller than the threshold anywhere (breakdowns, trend, export), nor one that could be
// worked out by subtraction. Results are of closed runs only: the setup closes the run after the
// answers (an open run shows only how many have answered; see the last tests).
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeRun,
  createSurvey,
  csvField,
  exportResultsCsv,
  type GroupResult,
  type ItemResult,
  launchRun,
  rebuildTallies,
  resultScope,
  type SurveyDeps,
  seedItemBank,
  submitResponse,
  surveyResults,
  surveyResultsView,
} from '../../workflows/surveys/domain/index.ts';
import { addPeople, createDatabase, goodValues, SAMPLE_QUESTIONS, TestClock, type TestDatabase } from './support.ts';

let t: TestDatabase;
let deps: SurveyDeps;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));
let runId: string;
let surveyId: string;

/** Responding buildings: Hoover 4 (suppressed), Roosevelt 7 (hidden beside it), Lincoln 8, East 9. */
const BUILDINGS = [
  { building: 'Hoover High', region: 'North', respondents: 4, others: 2 },
  { building: 'Roosevelt High', region: 'North', respondents: 7, others: 0 },
  { building: 'Lincoln High', region: 'South', respondents: 8, others: 1 },
  { building: 'East High', region: 'South', respondents: 9, others: 0 },
];
const HR = resultScope({ roles: ['hr'] });
const hooverLeader = resultScope({ roles: ['leader'], building: 'Hoover High', region: 'North' });
const lincolnLeader = resultScope({ roles: ['leader'], building: 'Lincoln High', region: 'South' });
const LINCOLN_LIKERT = ['5', '4', '4', '3', '2', '5', '1', '4'];

beforeAll(async () => {
  t = await createDatabase();
  deps = { db: t.db, clock };
  await seedItemBank(deps);
  const survey = await createSurvey(deps, {
    title: { en: 'Pulse', es: 'Encuesta' },
    questions: SAMPLE_QUESTIONS,
    schedule: { kind: 'cron', cron: '0 9 1-7 * 2' },
  });
  surveyId = survey.id;
  const people: { id: string; building: string; answers: boolean; index: number }[] = [];
  for (const b of BUILDINGS) {
    const ids = await addPeople(
      t.db,
      Array.from({ length: b.respondents + b.others }, (_, i) => ({ building: b.building, region: b.region, jobCategory: i % 2 ? 'teacher' : 'paraeducator' })),
    );
    for (const [i, id] of ids.entries()) people.push({ id, building: b.building, answers: i < b.respondents, index: i });
  }
  const { run } = await launchRun(deps, survey.id);
  runId = run.id;
  for (const p of people.filter((x) => x.answers)) {
    const values = goodValues(p.building === 'Lincoln High' ? LINCOLN_LIKERT[p.index]! : '4', '9');
    // Only 3 people in Lincoln answer the optional single-choice question.
    if (p.building === 'Lincoln High' && p.index >= 3) delete values['learning.applied'];
    values['open.comment'] = p.index < 3 ? `Comment ${p.building} ${p.index}, "quoted"` : '';
    await submitResponse(deps, { runId, personId: p.id, values });
  }
  // Answers are sealed until the run closes; results are read from the released answers.
  await closeRun(deps, { runId });
});
afterAll(() => t?.close());

const item = (g: GroupResult, key: string) => g.items.find((i) => i.key === key)!;
const shown = (i: ItemResult) => {
  if (i.suppressed) throw new Error(`${i.key} is suppressed`);
  return i;
};
const group = (groups: GroupResult[], building: string) => groups.find((g) => g.label.building === building)!;

describe('survey results', () => {
  it('match the answers: response rate, n, favourable share, mean and distribution', async () => {
    const r = await surveyResults(deps, { runId }, HR, { breakdownBy: 'building' });
    expect(r.responseRate).toEqual({ sent: 31, answered: 28, rate: 0.903 });
    expect(r.overall.responses).toBe(28);
    const lincoln = shown(item(group(r.breakdown!.groups, 'Lincoln High'), 'care.whole_person'));
    expect(lincoln.n).toBe(8);
    expect(lincoln.favourable).toBe(0.625); // 5, 4, 4, 5, 4 of 8
    expect(lincoln.mean).toBe(3.5);
    expect(lincoln.distribution.map((d) => d.count)).toEqual([1, 1, 1, 3, 2]);
    const rating = shown(item(r.overall, 'care.wellbeing_rating'));
    expect(rating).toMatchObject({ n: 28, favourable: 1, mean: 9, netScore: 100 });
    const sources = shown(item(r.overall, 'comms.sources'));
    expect(sources.n).toBe(28);
    expect(sources.distribution.filter((d) => d.count > 0).map((d) => [d.key, d.share])).toEqual([
      ['email', 1],
      ['chat', 1],
    ]);
  });

  it('suppresses a building with 4 respondents, and the next smallest beside it, in the building breakdown', async () => {
    const r = await surveyResults(deps, { runId }, HR, { breakdownBy: 'building' });
    const hoover = group(r.breakdown!.groups, 'Hoover High');
    const roosevelt = group(r.breakdown!.groups, 'Roosevelt High');
    for (const g of [hoover, roosevelt]) {
      expect(g).toMatchObject({ suppressed: true, responses: null, comments: { shown: false } });
      expect(g.items.every((i) => i.suppressed && !('n' in i))).toBe(true);
    }
    expect(group(r.breakdown!.groups, 'Lincoln High').responses).toBe(8);
    expect(group(r.breakdown!.groups, 'East High').responses).toBe(9);
    // Region totals stay visible: North (11) minus the shown North buildings (none) gives nothing.
    const regions = await surveyResults(deps, { runId }, HR, { breakdownBy: 'region' });
    expect(regions.breakdown!.groups.map((g) => [g.label.region, g.responses])).toEqual([
      ['North', 11],
      ['South', 17],
    ]);
  });

  it('suppresses Hoover for its own leader: overall, trend, response rate and export', async () => {
    const r = await surveyResults(deps, { runId }, hooverLeader);
    expect(r.overall).toMatchObject({ suppressed: true, responses: null });
    expect(r.trend.every((p) => p.suppressed && p.responses === null && p.items.every((i) => i.suppressed))).toBe(true);
    expect(r.responseRate).toEqual({ sent: 6, answered: null, rate: null });
    const rows: Record<string, string>[] = parse(await exportResultsCsv(deps, { runId }, hooverLeader, { breakdownBy: 'building' }), { columns: true });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ section: 'response_rate', sent: '6', responses: 'suppressed', response_rate_pct: 'suppressed' });
    for (const row of rows) {
      expect(row.responses).toBe('suppressed');
      expect([row.n, row.favourable_pct, row.mean, row.distribution].join('')).toMatch(/^(suppressed)?$/);
    }
  });

  it('applies the threshold per question: 3 answers to an optional question are hidden, with a complement', async () => {
    const r = await surveyResults(deps, { runId }, HR, { breakdownBy: 'building' });
    const lincoln = group(r.breakdown!.groups, 'Lincoln High');
    const east = group(r.breakdown!.groups, 'East High');
    expect(lincoln.suppressed).toBe(false);
    expect(item(lincoln, 'learning.applied').suppressed).toBe(true);
    expect(item(east, 'learning.applied').suppressed).toBe(true); // else Lincoln = South - East
    expect(item(east, 'care.whole_person').suppressed).toBe(false);
    const lr = await surveyResults(deps, { runId }, lincolnLeader);
    expect(item(lr.overall, 'learning.applied').suppressed).toBe(true);
    expect(shown(item(lr.overall, 'care.whole_person')).n).toBe(8);
  });

  it('lists comments only for groups of at least 10, sorted rather than in the order given', async () => {
    const r = await surveyResults(deps, { runId }, HR, { breakdownBy: 'building' });
    expect(r.overall.comments.shown).toBe(true);
    const texts = r.overall.comments.shown ? r.overall.comments.byQuestion[0]!.texts : [];
    expect(texts).toHaveLength(12);
    expect(texts).toEqual([...texts].sort());
    // Never per breakdown group: comments per building and per job category would intersect.
    for (const g of r.breakdown!.groups) expect(g.comments).toEqual({ shown: false, reason: 'overall_only' });
    const lr = await surveyResults(deps, { runId }, lincolnLeader);
    expect(lr.overall.comments).toEqual({ shown: false, reason: 'too_few' });
  });

  it('shows communications district totals only, and staff nothing', async () => {
    const comms = resultScope({ roles: ['communications'] });
    const r = await surveyResults(deps, { runId }, comms);
    expect(r.overall.responses).toBe(28);
    expect(r.overall.comments).toEqual({ shown: false, reason: 'not_permitted' });
    await expect(surveyResults(deps, { runId }, comms, { breakdownBy: 'building' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(surveyResults(deps, { runId }, resultScope({ roles: ['staff'] }))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('exports the same aggregates as CSV, suppressed cells as "suppressed", text safely quoted', async () => {
    const csv = await exportResultsCsv(deps, { surveyId }, HR, { breakdownBy: 'building', locale: 'es' });
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows: Record<string, string>[] = parse(csv, { columns: true });
    const hoover = rows.filter((x) => x.building === 'Hoover High');
    expect(hoover.length).toBeGreaterThan(0);
    expect(hoover.every((x) => x.responses === 'suppressed' && x.n === 'suppressed' && x.mean === '')).toBe(true);
    const lincoln = rows.find((x) => x.building === 'Lincoln High' && x.question === 'care.whole_person')!;
    expect(lincoln).toMatchObject({ responses: '8', n: '8', favourable_pct: '62.5', mean: '3.5', distribution: '1=1; 2=1; 3=1; 4=3; 5=2' });
    expect(lincoln.question_text).toMatch(/persona/);
    expect(rows.find((x) => x.section === 'response_rate')).toMatchObject({ sent: '31', responses: '28', response_rate_pct: '90.3' });
    expect(csv).not.toContain('Comment ');
  });

  it('breaks down by job category and role district-wide; a leader breaks down by place only', async () => {
    const jobs = await surveyResults(deps, { runId }, HR, { breakdownBy: 'jobCategory' });
    expect(jobs.breakdown!.groups.map((g) => [g.label.jobCategory, g.responses])).toEqual([
      ['paraeducator', 15],
      ['teacher', 13],
    ]);
    const roles = await surveyResults(deps, { runId }, HR, { breakdownBy: 'role' });
    expect(roles.breakdown!.groups.map((g) => [g.label.role, g.responses])).toEqual([['staff', 28]]);
    // A leader's role breakdown beside HR's and other leaders' would cross the place tree.
    await expect(surveyResults(deps, { runId }, lincolnLeader, { breakdownBy: 'role' })).rejects.toMatchObject({
      code: 'forbidden',
      notice: { key: 'surveyGroupBreakdownDistrictOnly' },
    });
    const place = await surveyResults(deps, { runId }, lincolnLeader, { breakdownBy: 'building' });
    expect(place.breakdown!.groups.map((g) => [g.label.building, g.responses])).toEqual([['Lincoln High', 8]]);
  });

  it('hides a building that the district pattern hides, for its own leader too', async () => {
    // Roosevelt (7) is hidden beside Hoover (4): if Roosevelt's leader saw 7, HR's North total
    // (11) minus it would give Hoover's 4.
    const rooseveltLeader = resultScope({ roles: ['leader'], building: 'Roosevelt High', region: 'North' });
    const r = await surveyResults(deps, { runId }, rooseveltLeader, { breakdownBy: 'building' });
    expect(r.overall).toMatchObject({ suppressed: true, responses: null });
    expect(r.responseRate.answered).toBeNull();
    expect(r.breakdown!.groups.every((g) => g.suppressed)).toBe(true);
    const northLeader = resultScope({ roles: ['leader'], region: 'North' });
    const n = await surveyResults(deps, { runId }, northLeader, { breakdownBy: 'building' });
    expect(n.overall.responses).toBe(11);
    expect(n.breakdown!.groups.map((g) => [g.label.building, g.responses])).toEqual([
      ['Hoover High', null],
      ['Roosevelt High', null],
    ]);
  });

  it('quotes CSV text fields and defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x"), y', { text: true })).toBe('"\'=HYPERLINK(""x""), y"');
    expect(csvField(-20)).toBe('-20');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('keeps tallies equal to what the stored answers add up to', async () => {
    const snapshot = async () =>
      (await t.db.surveyTally.findMany({ where: { runId } }))
        .map((x) => `${x.dim}|${x.region}|${x.building}|${x.groupValue}|${x.questionKey}|${x.answerKey}|${x.n}`)
        .sort();
    const before = await snapshot();
    await rebuildTallies(t.db, runId);
    expect(await snapshot()).toEqual(before);
  });

  it('shows an open run only as how many answered and when it closes; results and trend after close', async () => {
    clock.advanceDays(30);
    const { run: second } = await launchRun(deps, surveyId);
    const r0 = await surveyResultsView(deps, { surveyId }, HR, { breakdownBy: 'building' });
    expect(r0).toMatchObject({ status: 'pending', run: { id: second.id }, responseRate: { sent: 31, answered: null } });
    expect(r0).not.toHaveProperty('overall');
    const people = await t.db.surveyParticipation.findMany({ where: { runId: second.id }, select: { personId: true }, orderBy: { personId: 'asc' } });
    for (const p of people.slice(0, 6)) await submitResponse(deps, { runId: second.id, personId: p.personId, values: goodValues('2') });
    const r1 = await surveyResultsView(deps, { surveyId }, HR);
    expect(r1).toMatchObject({ status: 'pending', responseRate: { answered: 6 }, closesOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/) });
    await expect(surveyResults(deps, { surveyId }, HR)).rejects.toMatchObject({
      code: 'conflict',
      notice: { key: 'surveyResultsPending', params: { answered: 6 } },
    });
    await expect(exportResultsCsv(deps, { surveyId }, HR)).rejects.toMatchObject({ notice: { key: 'surveyResultsPending' } });
    // An open run is no point of the trend of the run before it.
    expect((await surveyResults(deps, { runId }, HR)).trend.map((p) => p.seq)).toEqual([1]);
  });

  it('shows the trend across closed runs, a small one as suppressed', async () => {
    const second = await t.db.surveyRun.findFirstOrThrow({ where: { surveyId, seq: 2 } });
    // The second run closes with its 6 answers; a third closes with 3, below the threshold.
    await closeRun(deps, { runId: second.id });
    clock.advanceDays(30);
    const { run: third } = await launchRun(deps, surveyId);
    const people = await t.db.surveyParticipation.findMany({ where: { runId: third.id }, select: { personId: true }, orderBy: { personId: 'asc' } });
    for (const p of people.slice(0, 3)) await submitResponse(deps, { runId: third.id, personId: p.personId, values: goodValues('2') });
    await closeRun(deps, { runId: third.id });
    const r = await surveyResults(deps, { surveyId }, HR);
    expect(r.run.id).toBe(third.id);
    expect(r.trend.map((p) => [p.seq, p.responses])).toEqual([
      [1, 28],
      [2, 6],
      [3, null],
    ]);
    expect(r.trend[2]!.suppressed).toBe(true);
    expect(shown(item({ items: r.trend[0]!.items } as GroupResult, 'care.whole_person')).n).toBe(28);
    const first = await surveyResults(deps, { runId }, HR);
    expect(first.trend).toHaveLength(1);
  });
});
