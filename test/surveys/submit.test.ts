// Submitting a survey: what a staff member sees when the answer is good, repeated or wrong.
// Every refusal stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.ts';
import { closeRun, type SurveyDeps, SurveyNotice, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { addPeople, createDatabase, goodValues, launchedSurvey, storedCounts, TestClock, type TestDatabase } from './support.ts';

let t: TestDatabase;
let deps: SurveyDeps;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));

beforeAll(async () => {
  t = await createDatabase();
  deps = { db: t.db, clock };
});
afterAll(() => t?.close());

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, notice: e.notice?.key, params: e.notice?.params, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('submitting a survey', () => {
  it('records an answer once and answers "already recorded" to a second submit', async () => {
    const [alice, ...others] = await addPeople(t.db, [
      { building: 'Hoover High', region: 'North', jobCategory: 'teacher', roles: ['staff'] },
      ...Array.from({ length: 4 }, () => ({ building: 'East High' })),
    ]);
    const { run } = await launchedSurvey(deps, { audience: {} });
    expect(await submitResponse(deps, { runId: run.id, personId: alice!, values: goodValues() })).toMatchObject({ status: 'recorded' });
    const before = await storedCounts(t.db);
    expect(await submitResponse(deps, { runId: run.id, personId: alice!, values: goodValues('1') })).toMatchObject({ status: 'already_recorded' });
    expect(await storedCounts(t.db)).toEqual(before);
    // Answers are released when the run closes, and only with at least 5 of them.
    for (const p of others) await submitResponse(deps, { runId: run.id, personId: p, values: goodValues('2') });
    await closeRun(deps, { runId: run.id });
    const responses = await t.db.surveyResponse.findMany({ where: { runId: run.id, building: 'Hoover High' }, include: { answers: true } });
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ date: '2026-11-23', building: 'Hoover High', region: 'North', role: 'staff', jobCategory: 'teacher' });
    const answers = Object.fromEntries(responses[0]!.answers.map((a) => [`${a.questionKey}/${a.choice}`, a.value ?? a.comment ?? true]));
    expect(answers).toEqual({
      'care.whole_person/': 4,
      'care.wellbeing_rating/': 8,
      'learning.applied/often': true,
      'comms.sources/email': true,
      'comms.sources/chat': true,
    });
  });

  it('counts two submits at the same moment once', async () => {
    const [bob] = await addPeople(t.db, [{ building: 'Roosevelt High' }]);
    const { run } = await launchedSurvey(deps);
    const outcomes = await Promise.all([1, 2, 3].map(() => submitResponse(deps, { runId: run.id, personId: bob!, values: goodValues() })));
    expect(outcomes.filter((o) => o.status === 'recorded')).toHaveLength(1);
    expect(await t.db.surveySealed.count({ where: { runId: run.id } })).toBe(1);
    expect((await t.db.surveyRun.findUniqueOrThrow({ where: { id: run.id } })).answeredCount).toBe(1);
  });

  it('refuses bad submissions with a clear message and stores nothing', async () => {
    const [carol, outsider] = await addPeople(t.db, [{ building: 'Lincoln High' }, { building: 'Lincoln High' }]);
    const { run, survey } = await launchedSurvey(deps, { audience: { buildings: ['Lincoln High'] } });
    // The outsider joins the directory after launch: the run was not sent to them.
    const [late] = await addPeople(t.db, [{ building: 'Lincoln High' }]);
    const before = await storedCounts(t.db);
    const submit = (values: Record<string, unknown>, personId = carol!, runId = run.id) =>
      refusal(submitResponse(deps, { runId, personId, values: values as Record<string, string> }));

    expect(await submit({ 'care.whole_person': 4 })).toMatchObject({ code: 'invalid_input', notice: SurveyNotice.malformed });
    expect(await refusal(submitResponse(deps, null as never))).toMatchObject({ code: 'invalid_input', notice: SurveyNotice.malformed });
    expect(await submit({ ...goodValues(), 'care.whole_person': '6' })).toMatchObject({
      code: 'invalid_input',
      notice: SurveyNotice.invalidAnswer,
      params: { question: 'care.whole_person' },
    });
    expect(await submit({ ...goodValues(), 'care.whole_person': '3.5' })).toMatchObject({ notice: SurveyNotice.invalidAnswer });
    expect(await submit({ ...goodValues(), 'care.wellbeing_rating': '11' })).toMatchObject({ notice: SurveyNotice.invalidAnswer });
    expect(await submit({ ...goodValues(), 'learning.applied': 'sometimes,often' })).toMatchObject({ notice: SurveyNotice.invalidAnswer });
    expect(await submit({ ...goodValues(), 'comms.sources': 'email,fax' })).toMatchObject({ notice: SurveyNotice.invalidAnswer });
    expect(await submit({ ...goodValues(), 'care.whole_person': '' })).toMatchObject({
      notice: SurveyNotice.requiredMissing,
      params: { question: 'care.whole_person' },
    });
    expect(await submit({ ...goodValues(), 'safety.safe_at_work': '5' })).toMatchObject({ code: 'invalid_input', notice: SurveyNotice.unknownQuestion });
    const long = await submit({ ...goodValues(), 'open.comment': 'x'.repeat(50_000) });
    expect(long).toMatchObject({ code: 'invalid_input', notice: SurveyNotice.commentTooLong, params: { max: 2000, length: 50_000 } });
    expect(long.message).not.toContain('xxxx');
    expect(await submit(goodValues(), late!)).toMatchObject({ code: 'forbidden', notice: SurveyNotice.notForYou });
    expect(await submit(goodValues(), carol!, 'no-such-run')).toMatchObject({ code: 'not_found', notice: SurveyNotice.notFound });
    expect(await storedCounts(t.db)).toEqual(before);

    // Within limits: 2,000 characters after trimming is fine.
    expect(
      await submitResponse(deps, { runId: run.id, personId: outsider!, values: { ...goodValues(), 'open.comment': `  ${'é'.repeat(2000)}\n` } }),
    ).toMatchObject({
      status: 'recorded',
    });
    expect(survey.id).toBeTruthy();
  });

  it('refuses answers after the window closes or once closed by hand', async () => {
    const [dana, erin] = await addPeople(t.db, [{ building: 'East High' }, { building: 'East High' }]);
    const { run } = await launchedSurvey(deps, { audience: { buildings: ['East High'] }, windowDays: 7 });
    const before = await storedCounts(t.db);
    clock.advanceDays(7);
    expect(await refusal(submitResponse(deps, { runId: run.id, personId: dana!, values: goodValues() }))).toMatchObject({
      code: 'conflict',
      notice: SurveyNotice.closed,
    });
    clock.advanceDays(-7);
    await closeRun(deps, { runId: run.id });
    expect(await refusal(submitResponse(deps, { runId: run.id, personId: erin!, values: goodValues() }))).toMatchObject({
      code: 'conflict',
      notice: SurveyNotice.closed,
    });
    expect(await storedCounts(t.db)).toEqual(before);
  });
});
