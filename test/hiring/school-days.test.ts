// The weekday-and-hours school calendar the hiring reminders use until the training
// workflow's calendar replaces it.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../core/db.ts';
import { nextSchoolTime } from '../../scheduler/school-days.ts';

const hours = { timeZone: 'America/Chicago', startHour: 7, endHour: 17 };
const next = (iso: string) => nextSchoolTime(undefined as unknown as Db, new Date(iso), hours).then((d) => d.toISOString());

describe('nextSchoolTime', () => {
  it('keeps a moment inside school hours on a weekday', async () => {
    expect(await next('2026-11-24T15:00:00.000Z')).toBe('2026-11-24T15:00:00.000Z'); // Tue 9:00
  });
  it('moves an evening to 7:00 the next morning, and Friday evening to Monday', async () => {
    expect(await next('2026-11-24T23:30:00.000Z')).toBe('2026-11-25T13:00:00.000Z'); // Tue 17:30 → Wed 7:00 CST
    expect(await next('2026-11-27T23:30:00.000Z')).toBe('2026-11-30T13:00:00.000Z'); // Fri 17:30 → Mon 7:00
    expect(await next('2026-11-28T15:00:00.000Z')).toBe('2026-11-30T13:00:00.000Z'); // Sat → Mon
  });
  it('moves an early morning to 7:00 that day, across the change to daylight time', async () => {
    expect(await next('2026-11-24T11:00:00.000Z')).toBe('2026-11-24T13:00:00.000Z'); // Tue 5:00 → 7:00 CST
    expect(await next('2027-03-13T18:00:00.000Z')).toBe('2027-03-15T12:00:00.000Z'); // Sat before DST → Mon 7:00 CDT
  });
});
