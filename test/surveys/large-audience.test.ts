// A district-wide survey at 9:00 reaches thousands of people at once. SQLite refuses a
// statement with more than 999 bound values, so every read by a list of people must hold for
// audiences far past that: launching to 1,500 people queues a card for each of them, and the
// reminder round reaches each one who has not answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurvey, seedItemBank } from '../../workflows/surveys/domain/index.ts';
import { launchSurvey, sweepSurveys } from '../../workflows/surveys/operations.ts';
import { testServices } from '../support/catalog.ts';
import { createDatabase, SAMPLE_QUESTIONS, TestClock, type TestDatabase } from './support.ts';

const PEOPLE = 1_500;
let t: TestDatabase;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));

beforeAll(async () => {
  t = await createDatabase();
  await t.db.person.createMany({
    data: Array.from({ length: PEOPLE }, (_, i) => ({
      employeeId: `L${i}`,
      name: `Person ${i}`,
      email: `large${i}@dmps.test`,
      building: 'North High',
      region: 'North',
      language: i % 3 === 0 ? 'es' : 'en',
    })),
  });
});
afterAll(() => t?.close());

describe('a survey for more people than one statement can name', () => {
  it('launches to all 1,500, says its true reach, and reminds every one who has not answered', async () => {
    const services = testServices(t.db, { kind: t.kind, clock });
    await seedItemBank(services);
    const survey = await createSurvey(services, {
      title: { en: 'District pulse', es: 'Pulso del distrito' },
      questions: SAMPLE_QUESTIONS,
      audience: { regions: ['North'] },
      reminderDays: [1],
    });
    const launched = await launchSurvey(services, survey.id);
    expect(launched.recipients).toBe(PEOPLE);
    expect(launched.reach).toEqual({ people: PEOPLE, teams: 0, slack: 0, unreachable: PEOPLE });
    expect(await t.db.delivery.count({ where: { campaignId: launched.campaignId } })).toBe(PEOPLE);

    clock.advanceDays(1.1);
    const swept = await sweepSurveys(services);
    expect(swept.reminders).toBe(PEOPLE);
    const reminders = await t.db.campaign.findMany({ where: { NOT: { id: launched.campaignId } }, select: { id: true } });
    expect(reminders).toHaveLength(1);
    expect(await t.db.delivery.count({ where: { campaignId: reminders[0]!.id } })).toBe(PEOPLE);
  });
});
