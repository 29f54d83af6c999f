// Reminders reach only the people who have not answered, on the reminder days, at most N times.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDueRuns, dueReminders, markReminded, type SurveyDeps, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { addPeople, createDatabase, goodValues, launchedSurvey, TestClock, type TestDatabase } from './support.ts';

let t: TestDatabase | undefined;
let deps: SurveyDeps;
let clock: TestClock;

beforeEach(async () => {
  await t?.close();
  t = await createDatabase();
  clock = new TestClock(new Date('2026-11-23T15:00:00Z'));
  deps = { db: t.db, clock };
});
afterAll(() => t?.close());

/** Runs a reminder sweep the way the scheduler will: claim, then send to whom the claim gives. */
async function sweep(): Promise<string[]> {
  const sent: string[] = [];
  for (const due of await dueReminders(deps)) {
    const recipients = await markReminded(deps, due);
    if (recipients) sent.push(...recipients.map((r) => r.personId));
  }
  return sent.sort();
}

describe('reminders', () => {
  it('go to the 5 of 12 who have not answered on day 3 and day 5, and never after', async () => {
    const people = await addPeople(
      t!.db,
      Array.from({ length: 12 }, () => ({ building: 'Hoover High' })),
    );
    const { run } = await launchedSurvey(deps);
    const answered = people.slice(0, 7);
    for (const p of answered) await submitResponse(deps, { runId: run.id, personId: p, values: goodValues() });
    // One of them answers twice: counted once.
    expect(await submitResponse(deps, { runId: run.id, personId: answered[0]!, values: goodValues() })).toMatchObject({ status: 'already_recorded' });

    clock.advanceDays(2.9);
    expect(await sweep()).toEqual([]);
    clock.advanceDays(0.2); // day 3
    const waiting = people.slice(7).sort();
    expect(await sweep()).toEqual(waiting);
    expect(await sweep()).toEqual([]); // the same round is not sent twice

    await submitResponse(deps, { runId: run.id, personId: people[7]!, values: goodValues() });
    clock.advanceDays(2); // day 5
    expect(await sweep()).toEqual(waiting.filter((p) => p !== people[7]));
    clock.advanceDays(1.5); // day 6.5: no reminder day left
    expect(await sweep()).toEqual([]);
    clock.advanceDays(1); // closed
    expect((await closeDueRuns(deps)).map((r) => r.id)).toEqual([run.id]);
    expect(await closeDueRuns(deps)).toEqual([]);
    expect(await sweep()).toEqual([]);
  });

  it('sends one reminder, not several, after a missed sweep, and at most as many as reminder days', async () => {
    const people = await addPeople(
      t!.db,
      Array.from({ length: 3 }, () => ({ building: 'East High' })),
    );
    const { run } = await launchedSurvey(deps, { windowDays: 10, reminderDays: [1, 2, 3] });
    clock.advanceDays(2.5);
    const due = await dueReminders(deps);
    expect(due).toMatchObject([{ runId: run.id, reminder: 2 }]);
    expect(await sweep()).toEqual([...people].sort());
    expect(await sweep()).toEqual([]);
    clock.advanceDays(1); // day 3.5: the third and last
    expect(await sweep()).toHaveLength(3);
    for (let day = 0; day < 6; day++) {
      clock.advanceDays(1);
      expect(await sweep()).toEqual([]);
    }
    expect((await t!.db.surveyRun.findUniqueOrThrow({ where: { id: run.id } })).remindersSent).toBe(3);
  });

  it('are not due once everyone has answered', async () => {
    const people = await addPeople(
      t!.db,
      Array.from({ length: 2 }, () => ({ building: 'East High' })),
    );
    const { run } = await launchedSurvey(deps);
    for (const p of people) await submitResponse(deps, { runId: run.id, personId: p, values: goodValues() });
    clock.advanceDays(3);
    expect(await dueReminders(deps)).toEqual([]);
  });
});
