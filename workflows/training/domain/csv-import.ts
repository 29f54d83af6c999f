// Completions from a learning system's CSV export: the user names the person, course and date
// columns; people are matched by employee id or email, courses by key. Idempotent (a row already
// imported changes nothing); rows it cannot match are reported by line and the rest imported.
import { parse } from 'csv-parse/sync';
import { localDate } from '../../../cards/dates.ts';
import type { Db } from '../../../core/db.ts';
import { AppError, ErrorCode } from '../../../core/errors.ts';
import { zonedTime } from '../../../scheduler/school-days.ts';
import { toCourse } from './courses.ts';
import { recordCompletion } from './records.ts';

export interface CompletionColumns {
  person: string;
  course: string;
  date: string;
}

export interface CompletionImport {
  read: number;
  imported: number;
  /** Rows imported before (same person, course and day): nothing changed. */
  already: number;
  rejected: { line: number; reason: string }[];
}

const DAY = /^(\d{4}-\d{2}-\d{2})$/;

/** A completion date: 'YYYY-MM-DD' (noon in the district, so the day stays the day) or an ISO instant. */
function dateOf(text: string, timeZone: string): Date | null {
  const t = text.trim();
  if (DAY.test(t)) {
    const d = new Date(`${t}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || !d.toISOString().startsWith(t) ? null : zonedTime(timeZone, t, 12);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(t)) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function importCompletions(
  deps: { db: Db; timeZone: string; clock: { now(): Date } },
  text: string,
  columns: CompletionColumns,
  onProgress?: (done: number, total: number) => void,
): Promise<CompletionImport> {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as typeof records;
  } catch (e) {
    throw new AppError(ErrorCode.InvalidInput, `the file is not readable CSV: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const header = Object.keys(records[0]?.record ?? {});
  const missing = [columns.person, columns.course, columns.date].filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length)
    throw new AppError(ErrorCode.InvalidInput, `the file has no column ${missing.map((m) => `"${m}"`).join(', ')} (its columns: ${header.join(', ')})`);
  const courses = new Map((await deps.db.trainingCourse.findMany()).map((c) => [c.key, toCourse(c)]));
  const out: CompletionImport = { read: records.length, imported: 0, already: 0, rejected: [] };
  for (const [i, { record, info }] of records.entries()) {
    const line = info.lines;
    const who = (record[columns.person] ?? '').trim();
    const key = (record[columns.course] ?? '').trim().toLowerCase();
    const when = record[columns.date] ?? '';
    const person = who
      ? await deps.db.person.findFirst({ where: who.includes('@') ? { email: who.toLowerCase() } : { employeeId: who }, select: { id: true } })
      : null;
    const course = courses.get(key);
    const parsed = dateOf(when, deps.timeZone);
    // A day without a time is noon that day, or now when that is today before noon.
    const now = deps.clock.now();
    const at = parsed && DAY.test(when.trim()) && parsed > now && when.trim() === localDate(deps.timeZone, now) ? now : parsed;
    const reason = !person
      ? `no person with employee id or email "${who.slice(0, 80)}"`
      : !course
        ? `no course with the key "${key.slice(0, 80)}"`
        : !at
          ? `"${when.slice(0, 40)}" is not a date (YYYY-MM-DD)`
          : at.getTime() > now.getTime()
            ? `the date ${when.trim()} is in the future`
            : null;
    if (reason || !person || !course || !at) out.rejected.push({ line, reason: reason ?? 'unreadable' });
    else {
      const r = await recordCompletion(deps, {
        course,
        personId: person.id,
        completedAt: at,
        source: 'csv',
        sourceKey: `csv:${person.id}|${course.id}|${localDate(deps.timeZone, at)}`,
      });
      if (r.status === 'recorded') out.imported += 1;
      else out.already += 1;
    }
    if (onProgress && ((i + 1) % 200 === 0 || i + 1 === records.length)) onProgress(i + 1, records.length);
  }
  return out;
}
