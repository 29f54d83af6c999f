// When reminders that can wait may go out (training reminders, hiring checklist reminders):
// weekdays 7:00–17:00 in the district's time zone, never on a non-school day of HR's calendar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextSchoolTime } from '../../scheduler/school-days.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const hours = { timeZone: 'America/Chicago', startHour: 7, endHour: 17 };
let t: TestDatabase;
const next = (iso: string) => nextSchoolTime(t.db, new Date(iso), hours).then((d) => d.toISOString());

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe('nextSchoolTime', () => {
  it('keeps a moment inside school hours on a weekday', async () => {
    expect(await next('2026-11-24T15:00:00.000Z')).toBe('2026-11-24T15:00:00.000Z'); // Tue 9:00
  });
  it('moves an evening to 7:00 the next morning, and Friday evening to Monday', async () => {
    expect(await next('2026-11-24T23:30:00.000Z')).toBe('2026-11-25T13:00:00.000Z'); // Tue 17:30 → Wed 7:00 CST
    expect(await next('2026-12-04T23:30:00.000Z')).toBe('2026-12-07T13:00:00.000Z'); // Fri 17:30 → Mon 7:00
    expect(await next('2026-12-05T15:00:00.000Z')).toBe('2026-12-07T13:00:00.000Z'); // Sat → Mon
  });
  it('moves an early morning to 7:00 that day, across the change to daylight time', async () => {
    expect(await next('2026-11-24T11:00:00.000Z')).toBe('2026-11-24T13:00:00.000Z'); // Tue 5:00 → 7:00 CST
    expect(await next('2027-03-13T18:00:00.000Z')).toBe('2027-03-15T12:00:00.000Z'); // Sat before DST → Mon 7:00 CDT
  });
  it('skips the non-school days of the calendar HR keeps (Thanksgiving break)', async () => {
    await t.db.nonSchoolDay.createMany({
      data: [
        { date: '2026-11-26', name: 'Thanksgiving' },
        { date: '2026-11-27', name: 'Thanksgiving break' },
      ],
    });
    expect(await next('2026-11-25T23:30:00.000Z')).toBe('2026-11-30T13:00:00.000Z'); // Wed 17:30 → Mon 7:00
    expect(await next('2026-11-26T15:00:00.000Z')).toBe('2026-11-30T13:00:00.000Z'); // Thanksgiving 9:00 → Mon 7:00
  });
});
