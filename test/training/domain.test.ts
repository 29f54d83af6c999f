// Required training without chat: deadlines follow the directory, a step is claimed once by
// however many sweeps, school days come from the calendar HR keeps, completions are refused when
// they cannot be true, and `completedCourse` (the hiring workflow's selection-team rule) counts
// only valid completions.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../core/log.ts';
import type { CliContext } from '../../kernel/cli.ts';
import { nextSchoolTime, parseCalendar } from '../../scheduler/school-days.ts';
import { trainingCli } from '../../workflows/training/cli.ts';
import { reconcileAssignments } from '../../workflows/training/domain/assignments.ts';
import { createCourse, findCourse } from '../../workflows/training/domain/courses.ts';
import { completedCourse, recordCompletion } from '../../workflows/training/domain/records.ts';
import { claimSteps } from '../../workflows/training/domain/reminders.ts';
import { markDone } from '../../workflows/training/operations.ts';
import { xapiRoute } from '../../workflows/training/xapi.ts';
import { catalog } from '../support/catalog.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const TZ = 'America/Chicago';
const DAY = 86_400_000;
let t: TestDatabase;
let ctx: CliContext;
const clock = new ManualClock(Date.parse('2027-01-06T16:00:00Z')); // Wednesday 10:00 in Des Moines
const hours = { timeZone: TZ, startHour: 7, endHour: 17 };
const dir = mkdtempSync(join(tmpdir(), 'training-domain-'));
let seq = 0;
const person = (data: { building?: string; hireDate?: string; inactive?: boolean } = {}) => {
  seq += 1;
  return t.db.person.create({
    data: {
      employeeId: `T${seq}`,
      name: `Person ${seq}`,
      email: `p${seq}@dmschools.example`,
      building: data.building ?? 'Hoover',
      hireDate: data.hireDate ? new Date(`${data.hireDate}T00:00:00Z`) : null,
      inactiveAt: data.inactive ? clock.now() : null,
      roles: { create: [{ role: 'staff' }] },
    },
  });
};
const course = (key: string, due: object, extra: object = {}) =>
  createCourse(ctx, { key, title: { en: key }, url: `https://learn.dmschools.example/${key}`, due, ...extra });

beforeAll(async () => {
  t = await createTestDatabase();
  ctx = {
    db: t.db,
    kind: t.kind,
    log: createLogger({ level: 'silent' }),
    clock,
    defaultLocale: 'en',
    timeZone: TZ,
    catalog,
    ports: {},
    schedulesChanged: async () => undefined,
    directoryChanged: async () => undefined,
    out: () => undefined,
    err: () => undefined,
  };
});
afterAll(async () => t?.close());

describe('school days', () => {
  it('inside school hours on a school day is now; evenings and weekends move to 7:00 on the next school day', async () => {
    expect((await nextSchoolTime(t.db, clock.now(), hours)).toISOString()).toBe('2027-01-06T16:00:00.000Z');
    expect((await nextSchoolTime(t.db, new Date('2027-01-08T23:30:00Z'), hours)).toISOString()).toBe('2027-01-11T13:00:00.000Z'); // Fri 17:30 → Mon 7:00
    expect((await nextSchoolTime(t.db, new Date('2027-01-06T11:00:00Z'), hours)).toISOString()).toBe('2027-01-06T13:00:00.000Z'); // 5:00 → 7:00
  });

  it('a winter break imported as iCalendar moves the window past it; a broken CSV line is named and stores nothing', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//DMPS//Calendar//EN',
      'BEGIN:VEVENT',
      'UID:break-2027@dmschools.example',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;VALUE=DATE:20270111',
      'DTEND;VALUE=DATE:20270116',
      'SUMMARY:Winter break',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    writeFileSync(join(dir, 'break.ics'), ics);
    if (!('commands' in trainingCli)) throw new Error('group');
    const lines: string[] = [];
    expect(await trainingCli.commands.calendar?.run({ ...ctx, out: (l) => lines.push(l) }, ['import', join(dir, 'break.ics')])).toBe(0);
    expect(lines).toEqual(['stored 5 non-school days (2027-01-11 to 2027-01-15)']);
    expect((await nextSchoolTime(t.db, new Date('2027-01-08T23:30:00Z'), hours)).toISOString()).toBe('2027-01-18T13:00:00.000Z');
    expect(() => parseCalendar('date,name\n2027-02-15,Presidents Day\n2027-13-01,Typo\n', TZ)).toThrow(/line 3: "2027-13-01" is not a date/);
    expect(parseCalendar('start,end,name\n2027-03-15,2027-03-19,Spring break\n', TZ).map((d) => d.date)).toEqual([
      '2027-03-15',
      '2027-03-16',
      '2027-03-17',
      '2027-03-18',
      '2027-03-19',
    ]);
    expect(await t.db.nonSchoolDay.count()).toBe(5);
  });
});

describe('assignments follow the directory', () => {
  it('a changed hire date moves the open deadline and its reminders start over; someone who moves away or leaves stops', async () => {
    const stays = await person({ hireDate: '2027-01-01' });
    const moves = await person({ hireDate: '2027-01-01' });
    const leaves = await person({ hireDate: '2027-01-01' });
    const old = await person({ hireDate: '2019-08-01' });
    const c = await course('hoover-onboarding', { kind: 'hire', days: 30 }, { audience: { buildings: ['Hoover'] } });
    await reconcileAssignments(ctx, [c]);
    const rows = await t.db.trainingAssignment.findMany({ where: { courseId: c.id } });
    expect(rows.map((r) => r.personId).sort()).toEqual([stays.id, moves.id, leaves.id].sort());
    expect(rows.every((r) => r.dueDate === '2027-01-31')).toBe(true);
    expect(rows.some((r) => r.personId === old.id)).toBe(false);
    const mine = rows.find((r) => r.personId === stays.id)!;
    expect(await claimSteps(t.db, [{ assignmentId: mine.id, step: 'assigned' }])).toHaveLength(1);

    await t.db.person.update({ where: { id: stays.id }, data: { hireDate: new Date('2027-01-04T00:00:00Z') } });
    await t.db.person.update({ where: { id: moves.id }, data: { building: 'Lincoln' } });
    await t.db.person.update({ where: { id: leaves.id }, data: { inactiveAt: clock.now() } });
    expect(await reconcileAssignments(ctx)).toMatchObject({ moved: 1, deactivated: 2 });
    const after = new Map((await t.db.trainingAssignment.findMany({ where: { courseId: c.id } })).map((r) => [r.personId, r]));
    expect(after.get(stays.id)).toMatchObject({ dueDate: '2027-02-03', active: true });
    expect(after.get(moves.id)?.active).toBe(false);
    expect(after.get(leaves.id)?.active).toBe(false);
    expect(await t.db.trainingReminderStep.count({ where: { assignmentId: mine.id } })).toBe(0);
  });

  it('a step is claimed once, however many sweeps or instances try', async () => {
    const a = await t.db.trainingAssignment.findFirstOrThrow({ where: { active: true } });
    const step = [{ assignmentId: a.id, step: 'before:7' }];
    const tries = await Promise.all([claimSteps(t.db, step), claimSteps(t.db, step), claimSteps(t.db, step)]);
    expect(tries.map((x) => x.length).sort()).toEqual([0, 0, 1]);
  });
});

describe('completions', () => {
  it('attestation is refused for a verified-only course and for someone else’s assignment; a future date is refused', async () => {
    const p = await person();
    const other = await person();
    const c = await course('selection-process', { kind: 'fixed', date: '2027-03-01' }, { verifiedOnly: true });
    await reconcileAssignments(ctx, [c]);
    const a = await t.db.trainingAssignment.findFirstOrThrow({ where: { courseId: c.id, personId: p.id } });
    await expect(markDone(ctx, p.id, a.id)).rejects.toMatchObject({ notice: { key: 'trainingVerifiedOnly' } });
    await expect(markDone(ctx, other.id, a.id)).rejects.toMatchObject({ notice: { key: 'trainingNotYours' } });
    await expect(recordCompletion(ctx, { course: c, personId: p.id, completedAt: new Date(clock.now().getTime() + DAY), source: 'csv' })).rejects.toMatchObject(
      {
        notice: { key: 'trainingFutureDate' },
      },
    );
    expect(await t.db.trainingCompletion.count({ where: { courseId: c.id } })).toBe(0);
  });

  it('completedCourse names only people with a valid completion (an expired recurring one does not count)', async () => {
    const [done, notDone, expired] = [await person(), await person(), await person()];
    const c = await findCourse(t.db, 'selection-process');
    await recordCompletion(ctx, { course: c, personId: done.id, completedAt: clock.now(), source: 'xapi', sourceKey: 'xapi:1' });
    const yearly = await course('wellbeing-tool', { kind: 'interval', days: 30, firstDate: '2027-02-01' });
    await recordCompletion(ctx, { course: yearly, personId: expired.id, completedAt: new Date(clock.now().getTime() - 40 * DAY), source: 'csv' });
    expect(await completedCourse(t.db, 'selection-process', [done.id, notDone.id])).toEqual(new Set([done.id]));
    expect(await completedCourse(t.db, 'wellbeing-tool', [expired.id], clock.now())).toEqual(new Set());
    expect(await completedCourse(t.db, 'no-such-course', [done.id])).toEqual(new Set());
  });

  it('bad course definitions are refused with what to fix', async () => {
    await expect(course('too-long', { kind: 'hire', days: 10_000 })).rejects.toMatchObject({ notice: { key: 'trainingRelativeDays' } });
    await expect(course('past', { kind: 'fixed', date: '2026-12-31' })).rejects.toMatchObject({ notice: { key: 'trainingDueInPast' } });
    await expect(course('selection-process', { kind: 'fixed', date: '2027-03-01' })).rejects.toMatchObject({ notice: { key: 'trainingDuplicateKey' } });
    await expect(course('Bad Key!', { kind: 'fixed', date: '2027-03-01' })).rejects.toMatchObject({ notice: { key: 'trainingInvalidCourse' } });
  });
});

describe('the xAPI endpoint', () => {
  it('answers 503 with a clear JSON error while XAPI_KEY and XAPI_SECRET are not set, and stores nothing', async () => {
    vi.stubEnv('XAPI_KEY', '');
    vi.stubEnv('XAPI_SECRET', '');
    const before = await t.db.trainingCompletion.count();
    const r = await xapiRoute.handle(ctx, { method: 'POST', path: '/xapi/statements', query: {}, headers: {}, body: Buffer.from('{}') });
    vi.unstubAllEnvs();
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toEqual({ error: 'the xAPI endpoint is not configured: set XAPI_KEY and XAPI_SECRET on the service' });
    expect(await t.db.trainingCompletion.count()).toBe(before);
  });
});
