// School days and hours: when a reminder to staff may go out. This version knows weekdays and
// hours only (no district calendar); the required-training workflow's calendar replaces it.
import type { Db } from '../core/db.ts';

export interface SchoolHours {
  timeZone: string;
  startHour: number;
  endHour: number;
} // defaults 7 and 17

const formats = new Map<string, Intl.DateTimeFormat>();
function wall(timeZone: string, at: Date) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second), weekday: p.weekday ?? '' };
}

/** The instant at which the wall clock in `timeZone` reads y-m-d h:00. */
function instantOf(timeZone: string, y: number, m: number, d: number, h: number): Date {
  const target = Date.UTC(y, m - 1, d, h);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const w = wall(timeZone, new Date(guess));
    guess += target - Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
  }
  return new Date(guess);
}

const isWeekday = (weekday: string) => weekday !== 'Sat' && weekday !== 'Sun';

/** `at` itself when it is inside school hours on a school day; else the start of the next school-day window. */
export async function nextSchoolTime(_db: Db, at: Date, hours: SchoolHours): Promise<Date> {
  const now = wall(hours.timeZone, at);
  if (isWeekday(now.weekday) && now.h >= hours.startHour && now.h < hours.endHour) return at;
  for (let day = 0; day < 8; day++) {
    const date = new Date(Date.UTC(now.y, now.m - 1, now.d + day));
    const start = instantOf(hours.timeZone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hours.startHour);
    if (start.getTime() > at.getTime() && isWeekday(wall(hours.timeZone, start).weekday)) return start;
  }
  throw new Error('nextSchoolTime: no school day within a week');
}
