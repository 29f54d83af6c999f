// Recurring things are rows: a cron expression (node-cron 4 syntax, 5 or 6 fields), a time
// zone, the job to run and its parameters. Bad expressions and unknown zones are refused when
// the schedule is saved, with a message that names the bad value.
import cron from 'node-cron';
import { z } from 'zod';
import type { Db } from '../core/db.ts';
import { AppError, ErrorCode } from '../core/errors.ts';

export const DEFAULT_TIME_ZONE = 'America/Chicago';

import { isTimeZone } from '../core/time-zone.ts';

export { isTimeZone };

const scheduleInput = z.object({
  name: z.string().trim().min(1).max(200),
  cron: z.string().trim().min(1),
  timeZone: z.string().default(DEFAULT_TIME_ZONE),
  job: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  enabled: z.boolean().default(true),
});
export type ScheduleInput = z.input<typeof scheduleInput>;

export function checkCron(expression: string): void {
  const v = cron.validateDetailed(expression);
  if (!v.valid)
    throw new AppError(
      ErrorCode.InvalidInput,
      `"${expression}" is not a valid cron expression: ${v.errors.map((e) => e.message).join('; ') || 'expected 5 or 6 fields'}`,
    );
}

/** Creates or replaces a schedule by name. `knownJobs` refuses a job nobody can run. */
export async function saveSchedule(db: Db, input: ScheduleInput, knownJobs?: string[]) {
  const parsed = scheduleInput.safeParse(input);
  if (!parsed.success)
    throw new AppError(ErrorCode.InvalidInput, `schedule refused: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const s = parsed.data;
  checkCron(s.cron);
  if (!isTimeZone(s.timeZone)) throw new AppError(ErrorCode.InvalidInput, `"${s.timeZone}" is not a known time zone (e.g. America/Chicago)`);
  if (knownJobs && !knownJobs.includes(s.job))
    throw new AppError(ErrorCode.InvalidInput, `"${s.job}" is not a job this service runs (known: ${knownJobs.join(', ')})`);
  const data = { cron: s.cron, timeZone: s.timeZone, job: s.job, params: s.params as object, enabled: s.enabled };
  return db.schedule.upsert({ where: { name: s.name }, create: { name: s.name, ...data }, update: data });
}

export const listSchedules = (db: Db) => db.schedule.findMany({ orderBy: { name: 'asc' } });

export async function setEnabled(db: Db, name: string, enabled: boolean) {
  const found = await db.schedule.findUnique({ where: { name } });
  if (!found) throw new AppError(ErrorCode.NotFound, `no schedule named "${name}"`);
  return db.schedule.update({ where: { name }, data: { enabled } });
}

/** Fire times of an expression in (from, to], in its zone (DST-correct: node-cron matches
 *  wall-clock time in the zone). Bounded by `limit`. */
export function fireTimesBetween(expression: string, timeZone: string, from: Date, to: Date, limit = 10_000): Date[] {
  const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
  try {
    const seconds = cron.parse(expression).second;
    const out: Date[] = [];
    const start = Math.floor(from.getTime() / 60_000) * 60_000;
    for (let m = start; m <= to.getTime() && out.length < limit; m += 60_000) {
      for (const s of seconds) {
        const t = m + s * 1000;
        if (t > from.getTime() && t <= to.getTime() && task.match(new Date(t))) out.push(new Date(t));
      }
    }
    return out;
  } finally {
    void task.destroy();
  }
}
