// Recurrence as a person picks it (weekly on a weekday; monthly on the first…fourth or last
// weekday; a time) and the node-cron expression the scheduler runs: the two agree on every fire
// time, the pickers write what the old typed cron strings said, and the words say the same.
import fc from 'fast-check';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { fireTimesBetween } from '../../scheduler/schedules.ts';
import { cronOf, type Recurrence, recurrenceInWords, recurrenceOf, timeOf, WEEKS } from '../../workflows/surveys/domain/recurrence.ts';
import { translate } from '../support/catalog.ts';

const ZONE = 'America/Chicago';
const local = (d: Date) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: ZONE,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(String(parts.weekday));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), time: `${Number(parts.hour)}:${parts.minute}`, weekday };
};
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const words = (r: Recurrence, l = 'en') => recurrenceInWords(r, (k, p) => translate(l, k, p));
const MONTHS = { from: new Date('2027-01-01T06:00:00Z'), to: new Date('2027-03-01T06:00:00Z') };

/** The instant of a wall-clock time on a day in Chicago (UTC-6 in winter, UTC-5 in summer). */
function at(year: number, month: number, day: number, time: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  for (const offset of [6, 5]) {
    const d = new Date(Date.UTC(year, month - 1, day, h + offset, m));
    const l = local(d);
    if (l.day === day && l.time === time) return d;
  }
  throw new Error(`no ${time} on ${year}-${month}-${day}`);
}

const recurrence = fc.oneof(
  // The times the form offers are 6:00 to 18:00, clear of the night-time daylight-saving jumps.
  fc.record({
    kind: fc.constant('weekly' as const),
    weekday: fc.integer({ min: 0, max: 6 }),
    time: fc.tuple(fc.integer({ min: 5, max: 22 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => timeOf(h, m)),
  }),
  fc.record({
    kind: fc.constant('monthly' as const),
    week: fc.constantFrom(...WEEKS),
    weekday: fc.integer({ min: 0, max: 6 }),
    time: fc.tuple(fc.integer({ min: 5, max: 22 }), fc.constantFrom(0, 30)).map(([h, m]) => timeOf(h, m)),
  }),
);

describe('recurrence ↔ cron', () => {
  it('node-cron ANDs day-of-month with day-of-week (POSIX cron ORs them): "0 9 1-7 * 2" fires on first Tuesdays only', () => {
    const fires = fireTimesBetween('0 9 1-7 * 2', ZONE, MONTHS.from, MONTHS.to).map(local);
    expect(fires.map((f) => f.day)).toEqual([5, 2]);
    for (const f of fires) expect([f.weekday, f.day <= 7, f.time]).toEqual([2, true, '9:00']);
  });

  it('the pickers write what the old typed cron strings said, and read them back', () => {
    const cases: [Recurrence, string][] = [
      [{ kind: 'monthly', week: 'first', weekday: 2, time: '9:00' }, '0 9 1-7 * 2'],
      [{ kind: 'monthly', week: 'third', weekday: 4, time: '14:30' }, '30 14 15-21 * 4'],
      [{ kind: 'monthly', week: 'last', weekday: 5, time: '7:00' }, '0 7 * * 5L'],
      [{ kind: 'weekly', weekday: 1, time: '8:00' }, '0 8 * * 1'],
    ];
    for (const [r, expression] of cases) {
      expect(cronOf(r)).toBe(expression);
      expect(recurrenceOf(expression)).toEqual(r);
    }
    expect(cronOf({ kind: 'once' })).toBeUndefined();
    expect(recurrenceOf(null)).toEqual({ kind: 'once' });
    // Sunday may be written 7; other shapes stay cron and are shown as they are.
    expect(recurrenceOf('0 9 * * 7')).toEqual({ kind: 'weekly', weekday: 0, time: '9:00' });
    expect(recurrenceOf('*/5 * * * *')).toEqual({ kind: 'cron', cron: '*/5 * * * *' });
    expect(recurrenceOf('0 9 2-8 * 2')).toEqual({ kind: 'cron', cron: '0 9 2-8 * 2' });
  });

  it('says it in words, in the person’s language', () => {
    const firstTuesday = recurrenceOf('0 9 1-7 * 2');
    expect(words(firstTuesday)).toBe('every month on the first Tuesday at 9:00');
    expect(words(firstTuesday, 'es')).toBe('cada mes, el primer martes, a las 9:00');
    expect(words({ kind: 'weekly', weekday: 5, time: '15:30' })).toBe('every week on Friday at 15:30');
    expect(words({ kind: 'monthly', week: 'last', weekday: 1, time: '8:00' })).toBe('every month on the last Monday at 8:00');
    expect(words({ kind: 'once' })).toBe('once, when you launch it');
  });

  it('property: the cron is valid, reads back as the same recurrence, and the scheduler fires on exactly the days the words name', () => {
    fc.assert(
      fc.property(recurrence, (r) => {
        const expression = cronOf(r) ?? '';
        expect(cron.validate(expression)).toBe(true);
        expect(recurrenceOf(expression)).toEqual(r);
        expect(words(r)).toContain(r.time);
        // The scheduler's own matcher (node-cron, as fireTimesBetween and the live tasks use it),
        // asked at the chosen time on every day of a year: it fires on those days and no others.
        const task = cron.createTask(expression, () => undefined, { timezone: ZONE });
        try {
          for (let month = 1; month <= 12; month++)
            for (let day = 1; day <= daysIn(2027, month); day++) {
              const weekday = new Date(Date.UTC(2027, month - 1, day)).getUTCDay();
              const named =
                weekday === r.weekday &&
                (r.kind === 'weekly' || (r.week === 'last' ? day + 7 > daysIn(2027, month) : Math.floor((day - 1) / 7) === WEEKS.indexOf(r.week)));
              expect(task.match(at(2027, month, day, r.time)), `${month}/${day}`).toBe(named);
            }
        } finally {
          void task.destroy();
        }
      }),
      { numRuns: 25 },
    );
  });
});
