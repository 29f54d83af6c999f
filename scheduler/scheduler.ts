// Drives schedules with node-cron. Every fire is recorded once (unique per schedule and fire
// time) before its job runs, so restarts, several instances and clock skew never double-fire:
// the instance whose insert wins runs the job, the others see the row and skip. Fires missed
// while the service was down are run at start if within the grace window; older ones are
// recorded as missed.
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db.ts';
import { isUniqueViolation } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import { reportError } from '../core/log.ts';
import { fireTimesBetween } from './schedules.ts';

export type Job = (params: Record<string, unknown>, ctx: { fireAt: Date; scheduleName: string }) => Promise<void>;

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  jobs: Record<string, Job>;
  /** Missed fires newer than this are caught up at start; older ones are recorded as missed. */
  graceMs?: number;
  /** How far back to look for missed fires at all. */
  lookbackMs?: number;
  /** Set false to only catch up and fire on demand (tests drive `fire`). */
  tick?: boolean;
  /** Told of every fire this instance recorded, by job name (for metrics). */
  observe?: (job: string, outcome: 'fired' | 'failed' | 'missed') => void;
}

type ScheduleRow = Awaited<ReturnType<Db['schedule']['findMany']>>[number];

export interface Scheduler {
  /** Records and runs one fire; false if it was already recorded (fired elsewhere). */
  fire(schedule: ScheduleRow, fireAt: Date): Promise<boolean>;
  catchUp(): Promise<{ ran: number; missed: number }>;
  /** Reloads schedules after they were saved or toggled. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export async function startScheduler(o: SchedulerOptions): Promise<Scheduler> {
  const { db, clock, log } = o;
  const graceMs = o.graceMs ?? 60 * 60_000;
  const lookbackMs = o.lookbackMs ?? 7 * 24 * 60 * 60_000;
  let tasks: ScheduledTask[] = [];

  async function record(schedule: ScheduleRow, fireAt: Date, status: 'fired' | 'missed'): Promise<boolean> {
    try {
      await db.scheduleFire.create({ data: { scheduleId: schedule.id, fireAt, status } });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async function fire(schedule: ScheduleRow, fireAt: Date): Promise<boolean> {
    const at = new Date(Math.floor(fireAt.getTime() / 1000) * 1000);
    if (!(await record(schedule, at, 'fired'))) return false;
    const job = o.jobs[schedule.job];
    try {
      if (!job) throw new Error(`no job named ${schedule.job}`);
      await job((schedule.params ?? {}) as Record<string, unknown>, { fireAt: at, scheduleName: schedule.name });
      log.info({ schedule: schedule.name, fireAt: at.toISOString() }, 'schedule fired');
      o.observe?.(schedule.job, 'fired');
    } catch (e) {
      o.observe?.(schedule.job, 'failed');
      reportError(log, e, { stage: 'schedule', schedule: schedule.name });
      await db.scheduleFire.update({
        where: { scheduleId_fireAt: { scheduleId: schedule.id, fireAt: at } },
        data: { status: 'failed', error: String((e as Error).message ?? e).slice(0, 500) },
      });
    }
    return true;
  }

  async function catchUp() {
    const now = clock.now();
    let ran = 0;
    let missed = 0;
    for (const s of await db.schedule.findMany({ where: { enabled: true } })) {
      const last = await db.scheduleFire.findFirst({ where: { scheduleId: s.id }, orderBy: { fireAt: 'desc' } });
      const from = new Date(Math.max(last?.fireAt.getTime() ?? s.createdAt.getTime(), now.getTime() - lookbackMs));
      for (const t of fireTimesBetween(s.cron, s.timeZone, from, now)) {
        if (now.getTime() - t.getTime() <= graceMs) ran += (await fire(s, t)) ? 1 : 0;
        else if (await record(s, t, 'missed')) {
          missed++;
          o.observe?.(s.job, 'missed');
          log.warn({ schedule: s.name, fireAt: t.toISOString() }, 'schedule fire missed (outside the grace window)');
        }
      }
    }
    return { ran, missed };
  }

  async function reload() {
    await Promise.all(tasks.map((t) => t.destroy()));
    tasks = [];
    if (o.tick === false) return;
    for (const s of await db.schedule.findMany({ where: { enabled: true } })) {
      const task = cron.createTask(s.cron, (ctx) => fire(s, ctx.date).then(() => undefined), { timezone: s.timeZone, name: s.name, noOverlap: true });
      await task.start();
      tasks.push(task);
    }
  }

  await catchUp();
  await reload();
  return {
    fire,
    catchUp,
    reload,
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
      tasks = [];
    },
  };
}
