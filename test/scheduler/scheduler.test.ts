// Recurring schedules: refused when wrong, fired once however many instances run, caught up
// after downtime within the grace window, and on local time across daylight-saving changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log.ts';
import { fireTimesBetween, type Job, saveSchedule, setEnabled, startScheduler } from '../../scheduler/index.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestDatabase } from '../support/test-database.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestDb;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.close());
const log = createLogger({ level: 'silent' });

describe('saving a schedule', () => {
  it('refuses an invalid cron expression, naming it, and saves nothing', async () => {
    await expect(saveSchedule(t.db, { name: 'story', cron: '61 9 * * 1', job: 'story' })).rejects.toThrow(/"61 9 \* \* 1" is not a valid cron expression/);
    await expect(saveSchedule(t.db, { name: 'story', cron: 'every monday', job: 'story' })).rejects.toThrow(/not a valid cron/);
    expect(await t.db.schedule.count()).toBe(0);
  });

  it('refuses an unknown time zone, naming it', async () => {
    await expect(saveSchedule(t.db, { name: 'story', cron: '0 9 * * 1', timeZone: 'America/Des_Moines', job: 'story' })).rejects.toThrow(
      /"America\/Des_Moines" is not a known time zone/,
    );
  });

  it('refuses a job the service does not run', async () => {
    await expect(saveSchedule(t.db, { name: 'x', cron: '0 9 * * 1', job: 'nope' }, ['story'])).rejects.toThrow(/"nope" is not a job/);
  });

  it('defaults to America/Chicago and replaces a schedule saved again under the same name', async () => {
    await saveSchedule(t.db, { name: 'story', cron: '0 9 * * 1', job: 'story' });
    const again = await saveSchedule(t.db, { name: 'story', cron: '0 10 * * 1', job: 'story' });
    expect(again.timeZone).toBe('America/Chicago');
    expect(await t.db.schedule.count()).toBe(1);
    expect((await setEnabled(t.db, 'story', false)).enabled).toBe(false);
  });
});

describe('firing', () => {
  it('fires once per fire time even when two instances tick together', async () => {
    const runs: string[] = [];
    const job: Job = async (_p, { fireAt }) => void runs.push(fireAt.toISOString());
    const s = await saveSchedule(t.db, { name: 'story', cron: '0 9 * * 1', job: 'story' });
    const clock = new ManualClock(Date.parse('2026-11-23T14:00:00Z'));
    const [a, b] = await Promise.all([0, 1].map(() => startScheduler({ db: t.db, clock, log, jobs: { story: job }, tick: false })));
    const fireAt = new Date('2026-11-23T15:00:00Z');
    const results = await Promise.all([a!.fire(s, fireAt), b!.fire(s, fireAt), a!.fire(s, new Date(fireAt.getTime() + 400))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toEqual([fireAt.toISOString()]);
    await Promise.all([a!.stop(), b!.stop()]);
  });

  it('records a failing job as failed, and does not run it again for that fire time', async () => {
    const s = await saveSchedule(t.db, { name: 'boom', cron: '0 9 * * *', job: 'boom' });
    const clock = new ManualClock(Date.parse('2026-11-23T14:00:00Z'));
    const sch = await startScheduler({ db: t.db, clock, log, jobs: { boom: async () => Promise.reject(new Error('kaput')) }, tick: false });
    const fireAt = new Date('2026-11-23T15:00:00Z');
    expect(await sch.fire(s, fireAt)).toBe(true);
    expect(await sch.fire(s, fireAt)).toBe(false);
    const fire = await t.db.scheduleFire.findFirstOrThrow({ where: { scheduleId: s.id } });
    expect(fire).toMatchObject({ status: 'failed', error: 'kaput' });
    await sch.stop();
  });

  it('catches up fires missed while down within the grace window and records older ones as missed', async () => {
    const runs: string[] = [];
    await saveSchedule(t.db, { name: 'hourly', cron: '0 * * * *', job: 'tick' });
    const schedule = await t.db.schedule.findUniqueOrThrow({ where: { name: 'hourly' } });
    // Last fired at 08:00Z; the service comes back at 13:30Z with a 2-hour grace window.
    await t.db.scheduleFire.create({ data: { scheduleId: schedule.id, fireAt: new Date('2026-11-23T08:00:00Z'), status: 'fired' } });
    const clock = new ManualClock(Date.parse('2026-11-23T13:30:00Z'));
    const sch = await startScheduler({
      db: t.db,
      clock,
      log,
      graceMs: 2 * 3_600_000,
      jobs: { tick: async (_p, { fireAt }) => void runs.push(fireAt.toISOString()) },
      tick: false,
    });
    expect(runs).toEqual(['2026-11-23T12:00:00.000Z', '2026-11-23T13:00:00.000Z']);
    const missed = await t.db.scheduleFire.findMany({ where: { scheduleId: schedule.id, status: 'missed' }, orderBy: { fireAt: 'asc' } });
    expect(missed.map((m) => m.fireAt.toISOString())).toEqual(['2026-11-23T09:00:00.000Z', '2026-11-23T10:00:00.000Z', '2026-11-23T11:00:00.000Z']);
    // A second start (another instance, or a restart) finds nothing left to do.
    const again = await startScheduler({ db: t.db, clock, log, jobs: { tick: async () => void runs.push('again') }, tick: false });
    expect(runs).not.toContain('again');
    await Promise.all([sch.stop(), again.stop()]);
  });

  it('keeps 9:00 local time across the end and start of daylight saving in America/Chicago', () => {
    const fall = fireTimesBetween('0 9 * * *', 'America/Chicago', new Date('2026-10-31T00:00:00Z'), new Date('2026-11-02T00:00:00Z'));
    expect(fall.map((d) => d.toISOString())).toEqual(['2026-10-31T14:00:00.000Z', '2026-11-01T15:00:00.000Z']);
    const spring = fireTimesBetween('0 9 * * *', 'America/Chicago', new Date('2026-03-07T00:00:00Z'), new Date('2026-03-09T00:00:00Z'));
    expect(spring.map((d) => d.toISOString())).toEqual(['2026-03-07T15:00:00.000Z', '2026-03-08T14:00:00.000Z']);
  });

  it('computes monthly "first Tuesday at 9:00" style schedules in the zone', () => {
    const times = fireTimesBetween('0 9 1-7 * 2', 'America/Chicago', new Date('2026-11-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z'));
    expect(times.map((d) => d.toISOString())).toEqual(['2026-11-03T15:00:00.000Z', '2026-12-01T15:00:00.000Z']);
  });
});
