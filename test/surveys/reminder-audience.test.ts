// Issue 8: reminder campaigns named who had not answered on day 3 and on day 5, and kept it after
// the run closed; with anything that dates a response that names who answered on day 4. Seen by
// an insider reading the campaign and delivery tables after the close: nothing there tells a
// respondent from anyone else the survey was sent to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../kernel/turn.ts';
import { closeRun, createSurvey, seedItemBank, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { launchSurvey, reminderPurposePrefix, sweepSurveys } from '../../workflows/surveys/operations.ts';
import { testServices } from '../support/catalog.ts';
import { type Insider, openInsider, textOf } from './insider.ts';
import { addPeople, createDatabase, goodValues, SAMPLE_QUESTIONS, TestClock, type TestDatabase } from './support.ts';

let t: TestDatabase;
let insider: Insider;
let deps: Services;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));
let people: string[];
let runId: string;

const mentions = (rows: unknown[], id: string) => rows.filter((r) => textOf(r).includes(id)).length;

beforeAll(async () => {
  t = await createDatabase();
  insider = await openInsider(t.url);
  deps = testServices(t.db, { kind: t.kind, clock });
  people = await addPeople(
    t.db,
    Array.from({ length: 12 }, () => ({ building: 'Lincoln High', region: 'South' })),
  );
  await seedItemBank(deps);
  const survey = await createSurvey(deps, { title: { en: 'Pulse', es: 'Pulso' }, questions: SAMPLE_QUESTIONS, reminderDays: [3, 5] });
  runId = (await launchSurvey(deps, survey.id)).run.id;
});
afterAll(async () => {
  await insider?.close();
  await t?.close();
});

describe('reminder audiences', () => {
  it('name who had not answered while the run is open (what the insider could use)', async () => {
    for (const p of people.slice(0, 4)) await submitResponse(deps, { runId, personId: p, values: goodValues() });
    clock.advanceDays(3);
    clock.set(new Date(clock.now().getTime() + 60_000));
    expect((await sweepSurveys(deps)).reminders).toBe(8);
    clock.advanceDays(1);
    for (const p of people.slice(4, 7)) await submitResponse(deps, { runId, personId: p, values: goodValues() });
    clock.advanceDays(1);
    expect((await sweepSurveys(deps)).reminders).toBe(5);
    const day5 = (await insider.rows('Campaign')).find((c) => c.purpose === `${reminderPurposePrefix(runId)}2`);
    expect(people.filter((p) => mentions([day5], p) > 0)).toEqual(people.slice(7));
  });

  it('are gone after the close: every person is named as often as every other in campaigns and deliveries', async () => {
    clock.advanceDays(3);
    expect((await sweepSurveys(deps)).closed).toBe(1);
    const campaigns = await insider.rows('Campaign');
    const deliveries = await insider.rows('Delivery');
    const reminders = campaigns.filter((c) => String(c.purpose).startsWith(reminderPurposePrefix(runId)));
    expect(reminders).toHaveLength(2);
    for (const p of people) expect(mentions(reminders, p)).toBe(0);
    const reminderIds = new Set(reminders.map((c) => c.id));
    expect(deliveries.filter((d) => reminderIds.has(d.campaignId))).toEqual([]);
    // The run's own campaign names everyone it went to, answered or not, and nothing else does.
    const named = new Set(people.map((p) => `${mentions(campaigns, p)}/${mentions(deliveries, p)}`));
    expect([...named]).toEqual(['1/1']);
  });

  it('are purged by the next sweep when the process died between the close and the purge', async () => {
    const survey = await createSurvey(deps, { title: { en: 'Pulse 2', es: 'Pulso 2' }, questions: SAMPLE_QUESTIONS, reminderDays: [3] });
    const second = (await launchSurvey(deps, survey.id)).run.id;
    for (const p of people.slice(0, 6)) await submitResponse(deps, { runId: second, personId: p, values: goodValues() });
    clock.advanceDays(3);
    clock.set(new Date(clock.now().getTime() + 60_000));
    expect((await sweepSurveys(deps)).reminders).toBe(6);
    // The close commits, then the process dies before the cards and reminder rows are seen to.
    await closeRun(deps, { runId: second });
    // Delivery rows of the six who had not answered: two run campaigns and this reminder.
    const rowsOfLate = async () => (await insider.rows('Delivery')).filter((d) => people.slice(6).some((p) => d.personId === p)).length;
    expect(await rowsOfLate()).toBe(18);
    await sweepSurveys(deps);
    expect(await rowsOfLate()).toBe(12);
    const reminder = (await insider.rows('Campaign')).find((c) => c.purpose === `${reminderPurposePrefix(second)}1`);
    for (const p of people) expect(mentions([reminder], p)).toBe(0);
  });
});
