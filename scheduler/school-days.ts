// School days and school hours: when messages that can wait (training reminders, hiring nudges)
// may go out. A school day is a weekday, in the district's time zone, that is not a non-school
// day of the calendar HR keeps (winter break, holidays), imported as iCalendar or CSV. School
// hours are 7:00 to 17:00 there unless SCHOOL_HOURS says otherwise ("7-17").

import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { localDate } from '../cards/dates.ts';
import type { Db } from '../core/db.ts';
import { AppError, ErrorCode } from '../core/errors.ts';

export interface SchoolHours {
  timeZone: string;
  startHour: number;
  endHour: number;
}

/** SCHOOL_HOURS "7-17": whole hours, start before end (core/config.ts checks it at start). */
const SCHOOL_HOURS_PATTERN = /^(\d{1,2})-(\d{1,2})$/;

/** The district's school hours: its time zone, and SCHOOL_HOURS (default 7 to 17). */
export function schoolHoursFrom(services: { timeZone: string }, env: NodeJS.ProcessEnv = process.env): SchoolHours {
  const m = SCHOOL_HOURS_PATTERN.exec(env.SCHOOL_HOURS?.trim() ?? '');
  const start = m ? Number(m[1]) : 7;
  const end = m ? Number(m[2]) : 17;
  return start < end && end <= 24
    ? { timeZone: services.timeZone, startHour: start, endHour: end }
    : { timeZone: services.timeZone, startHour: 7, endHour: 17 };
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day `n` days after a 'YYYY-MM-DD' day (n may be negative). */
export function addDays(day: string, n: number): string {
  const m = DATE.exec(day);
  if (!m) throw new AppError(ErrorCode.InvalidInput, `not a date: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

const isWeekend = (day: string) => {
  const d = new Date(`${day}T12:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
};

/** The instant a wall-clock time of a day has in a time zone (DST-aware). */
export function zonedTime(timeZone: string, day: string, hour: number): Date {
  const wanted = Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000;
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const local = wallMs(timeZone, new Date(guess));
    guess += wanted - local;
  }
  return new Date(guess);
}

const fmt = new Map<string, Intl.DateTimeFormat>();
function wallMs(timeZone: string, at: Date): number {
  let f = fmt.get(timeZone);
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
    });
    fmt.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The non-school days from `from` on (a year ahead is plenty for the next school day). */
async function nonSchoolDays(db: Db, from: string): Promise<Set<string>> {
  const rows = await db.nonSchoolDay.findMany({ where: { date: { gte: from, lte: addDays(from, 400) } }, select: { date: true } });
  return new Set(rows.map((r) => r.date));
}

/** `at` itself when it is inside school hours on a school day; else the start of the next school-day window. */
export async function nextSchoolTime(db: Db, at: Date, hours: SchoolHours): Promise<Date> {
  const today = localDate(hours.timeZone, at);
  const closed = await nonSchoolDays(db, today);
  const open = (day: string) => !isWeekend(day) && !closed.has(day);
  if (open(today)) {
    const start = zonedTime(hours.timeZone, today, hours.startHour);
    const end = zonedTime(hours.timeZone, today, hours.endHour);
    if (at < start) return start;
    if (at < end) return at;
  }
  for (let day = addDays(today, 1), i = 0; i < 400; day = addDays(day, 1), i++) if (open(day)) return zonedTime(hours.timeZone, day, hours.startHour);
  throw new AppError(ErrorCode.InvalidInput, 'the calendar has no school day in the coming year');
}

export interface CalendarDay {
  date: string;
  name: string;
}

/** The non-school days of an iCalendar file (every day each all-day or timed event covers) or a
 *  CSV (`date,name` or `start,end,name`, with a header). Throws a line-numbered error on bad input. */
export function parseCalendar(text: string, timeZone: string): CalendarDay[] {
  return /BEGIN:VCALENDAR/i.test(text.slice(0, 2000)) ? parseIcs(text, timeZone) : parseCsv(text);
}

const MAX_SPAN_DAYS = 60;

function spanDays(start: string, endInclusive: string, name: string, where: string): CalendarDay[] {
  const n = daysBetween(start, endInclusive);
  if (n < 0) throw new AppError(ErrorCode.InvalidInput, `${where}: the end ${endInclusive} is before the start ${start}`);
  if (n > MAX_SPAN_DAYS) throw new AppError(ErrorCode.InvalidInput, `${where}: ${n + 1} days is longer than a break can be (at most ${MAX_SPAN_DAYS + 1})`);
  return Array.from({ length: n + 1 }, (_, i) => ({ date: addDays(start, i), name }));
}

function parseIcs(text: string, timeZone: string): CalendarDay[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (e) {
    throw new AppError(ErrorCode.InvalidInput, `not a readable iCalendar file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const days: CalendarDay[] = [];
  for (const [i, v] of root.getAllSubcomponents('vevent').entries()) {
    const event = new ICAL.Event(v);
    const where = `event ${i + 1}${event.summary ? ` (${event.summary})` : ''}`;
    if (!event.startDate) throw new AppError(ErrorCode.InvalidInput, `${where} has no start (DTSTART)`);
    const start = event.startDate.isDate ? event.startDate.toString().slice(0, 10) : localDate(timeZone, event.startDate.toJSDate());
    // DTEND of an all-day event is the day after; a timed event covers the day it ends in.
    let end = start;
    if (event.endDate)
      end = event.endDate.isDate ? addDays(event.endDate.toString().slice(0, 10), -1) : localDate(timeZone, new Date(event.endDate.toJSDate().getTime() - 1));
    days.push(...spanDays(start, [start, end].sort()[1] as string, event.summary ?? '', where));
  }
  return days;
}

function parseCsv(text: string): CalendarDay[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (e) {
    throw new AppError(ErrorCode.InvalidInput, `not a readable CSV file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const [header, ...body] = rows;
  const cols = (header ?? []).map((h) => h.toLowerCase());
  const at = (names: string[]) => cols.findIndex((c) => names.includes(c));
  const startCol = at(['date', 'start', 'start date', 'from']);
  const endCol = at(['end', 'end date', 'to']);
  const nameCol = at(['name', 'summary', 'description', 'reason']);
  if (startCol < 0)
    throw new AppError(ErrorCode.InvalidInput, 'line 1: the CSV needs a header with a "date" (or "start") column, and optionally "end" and "name"');
  const days: CalendarDay[] = [];
  for (const [i, row] of body.entries()) {
    const where = `line ${i + 2}`;
    const start = row[startCol] ?? '';
    const end = endCol >= 0 && row[endCol] ? (row[endCol] as string) : start;
    for (const d of [start, end])
      if (!DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
        throw new AppError(ErrorCode.InvalidInput, `${where}: "${d.slice(0, 40)}" is not a date (YYYY-MM-DD)`);
    days.push(...spanDays(start, end, nameCol >= 0 ? (row[nameCol] ?? '') : '', where));
  }
  return days;
}

/** Stores the calendar's non-school days (a day already there takes the new name). */
export async function importCalendar(db: Db, days: readonly CalendarDay[]): Promise<{ days: number }> {
  const unique = new Map(days.map((d) => [d.date, d.name.slice(0, 200)]));
  await db.$transaction([...unique].map(([date, name]) => db.nonSchoolDay.upsert({ where: { date }, create: { date, name }, update: { name } })));
  return { days: unique.size };
}
