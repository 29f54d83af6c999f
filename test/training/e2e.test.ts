// Issue 11 end to end over HTTP, through Teams and through Slack: the directory import brings 12
// people (3 hired 10 days ago) → HR creates a 60-day new-hire course and a fixed-date course for
// everyone in chat → the round gives each of the 12 one card in their language → 4 mark done in
// chat, 3 complete through xAPI (one statement sent twice) and 2 through the CSV → reminders at
// 14/7/1 days go only to those still due → on day 61 the overdue new hire's manager gets one
// digest → `training status` matches exactly, and the new-hire figure is right. Bad input (a due
// date in the past, a 0-day deadline, an invalid or conflicting xAPI statement, an unknown
// person, a broken CSV row) gets a clear answer and stores nothing; staff see only their own.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatLocal } from '../../cards/dates.ts';
import { peopleCli } from '../../cli/commands/people.ts';
import { createLogger } from '../../core/log.ts';
import { assemble } from '../../kernel/assemble.ts';
import type { CliContext } from '../../kernel/cli.ts';
import { WORKFLOWS } from '../../workflows/index.ts';
import { trainingCli } from '../../workflows/training/cli.ts';
import { type ChatDriver, PLATFORMS, type Seen } from '../behaviour/drivers.ts';
import { catalog, translate } from '../support/catalog.ts';
import { type Harness, startHarness, type TestPerson } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';

const DAY = 86_400_000;
/** Wednesday 6 January 2027, 10:00 in Des Moines: school hours on a school day. */
const T0 = Date.parse('2027-01-06T16:00:00Z');
const XAPI = { key: 'lms-key-01', secret: 'lms-secret-0123' };
const FIXED = { en: 'Communication protocol', es: 'Protocolo de comunicación' };
const HIRE = { en: 'Year-one culturally responsive learning', es: 'Aprendizaje culturalmente receptivo' };
const day = (n: number) => new Date(T0 + n * DAY).toISOString().slice(0, 10);

describe.each(PLATFORMS)('required training end to end through %s', (_name, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  let cli: CliContext;
  const clock = new ManualClock(T0);
  const dir = mkdtempSync(join(tmpdir(), 'training-e2e-'));
  let hr: TestPerson;
  let maria: TestPerson;
  const hires: TestPerson[] = [];
  const staff: TestPerson[] = [];
  const everyone = () => [hr, maria, ...hires, ...staff];
  const mine = (p: TestPerson) => chat.seen(p).filter((s) => (s.form as { kind?: string } | undefined)?.kind !== 'modal');
  const last = (p: TestPerson) => mine(p).at(-1) as Seen;
  /** The newest thing shown to the person that contains `text` (Teams lists invoke answers last). */
  const newest = (p: TestPerson, text: string) =>
    mine(p)
      .filter((s) => s.text.includes(text))
      .at(-1) as Seen;
  /** Answers a form; on Slack a form too big for a message opens as a modal from its one button first. */
  const fill = async (p: TestPerson, form: unknown, values: Record<string, string>, opts: { verb?: string } = {}) => {
    const modals = () => chat.seen(p).filter((s) => (s.form as { kind?: string } | undefined)?.kind === 'modal');
    const before = modals().length;
    const r = await chat.submit(p, form, values, chat.platform === 'slack' ? {} : opts);
    const opened = modals();
    if (chat.platform === 'slack' && opened.length > before) return chat.submit(p, opened.at(-1)?.form, values);
    return r;
  };
  const newForm = async () => {
    await chat.say(hr, 'training new');
    return newest(hr, translate('en', 'training-new.title')).form;
  };
  const round = async () => {
    // A second later than the last fire: the scheduler's own catch-up at start took the half hour.
    clock.advance(1000);
    const s = await h.db.schedule.findUniqueOrThrow({ where: { name: 'training:round' } });
    expect(await h.service.scheduler?.fire(s, clock.now())).toBe(true);
    await h.service.delivery?.drain();
  };
  const at = (n: number) => clock.advance(T0 + n * DAY - clock.now().getTime());
  const tr = (p: TestPerson, key: string, params?: Record<string, unknown>) => translate(p.language, key, params);
  const runCli = async (group: typeof trainingCli, cmd: string, args: string[]) => {
    const lines: string[] = [];
    const ctx = { ...cli, out: (l: string) => lines.push(l), err: () => undefined };
    if (!('commands' in group)) throw new Error('group');
    const code = await group.commands[cmd]?.run(ctx, args);
    return { code, lines };
  };
  const xapi = (body: unknown, auth = `${XAPI.key}:${XAPI.secret}`) =>
    fetch(`${h.service.url}/xapi/statements`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' },
      body: JSON.stringify(body),
    });
  const statement = (id: string, email: string, course: string, verb = 'completed') => ({
    id,
    actor: { mbox: `mailto:${email}`, objectType: 'Agent' },
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
    object: { id: `https://learn.dmschools.example/courses/${course}`, objectType: 'Activity' },
    timestamp: new Date(clock.now().getTime() - 3_600_000).toISOString(),
  });
  const completions = () => h.db.trainingCompletion.count();
  /** Cards sent to each person by purpose prefix since the last call, counted from delivery rows. */
  const sentSeen = new Map<string, number>();
  const sent = async (purpose: 'training-reminder:' | 'training-digest:') => {
    const rows = await h.db.delivery.findMany({ where: { status: 'sent', campaign: { purpose: { startsWith: purpose } } }, select: { personId: true } });
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.personId ?? '', (out.get(r.personId ?? '') ?? 0) + 1);
    const delta = new Map<string, number>();
    for (const p of everyone()) {
      const key = `${purpose}${p.id}`;
      delta.set(p.id, (out.get(p.id) ?? 0) - (sentSeen.get(key) ?? 0));
      sentSeen.set(key, out.get(p.id) ?? 0);
    }
    return delta;
  };

  beforeAll(async () => {
    vi.stubEnv('XAPI_KEY', XAPI.key);
    vi.stubEnv('XAPI_SECRET', XAPI.secret);
    h = await startHarness({ clock, ...(process.env.E2E_LOG ? { log: createLogger({ level: 'error' }) } : {}) });
    chat = makeDriver(h);
    const add = (name: string, language: string, roles: TestPerson['roles'] = ['staff']) =>
      h.addPerson({ name, language, roles, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@dmschools.example` });
    hr = await add('Grace Miller', 'en', ['staff', 'hr']);
    maria = await add('Maria Lopez', 'es', ['staff', 'leader']);
    for (const [n, l] of [
      ['Nia Hart', 'en'],
      ['Nico Ruiz', 'es'],
      ['Noor Haddad', 'ar'],
    ] as const)
      hires.push(await add(n, l));
    for (const [n, l] of [
      ['Sam Ames', 'en'],
      ['Sofia Bravo', 'es'],
      ['Sara Cole', 'en'],
      ['Seth Dunn', 'en'],
      ['Sana Ebeid', 'ar'],
      ['Sol Fuentes', 'es'],
      ['Stan Gray', 'en'],
    ] as const)
      staff.push(await add(n, l));
    // The directory import (HR's CSV) gives hire dates, managers and buildings, and tells the workflows.
    const workflows = assemble(WORKFLOWS);
    cli = {
      db: h.db,
      kind: h.service.database.kind,
      log: createLogger({ level: 'silent' }),
      clock,
      defaultLocale: 'en',
      timeZone: 'America/Chicago',
      catalog,
      ports: {},
      schedulesChanged: async () => undefined,
      directoryChanged: async () => workflows.directoryChanged(cli),
      out: () => undefined,
      err: () => undefined,
    };
    const row = (p: TestPerson, building: string, hire: string, manager = '') =>
      [p.employeeId, p.name, p.email, p.roles.join(';'), building, building === 'Hoover' ? 'North' : 'South', 'Teacher', hire, manager, p.language].join(',');
    const csv = [
      'employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language',
      row(hr, 'Central Office', '2015-08-01'),
      row(maria, 'Hoover', '2018-08-01'),
      ...hires.map((p) => row(p, 'Hoover', day(-10), maria.email)),
      ...staff.map((p, i) => row(p, i < 3 ? 'Hoover' : 'Lincoln', '2019-08-01')),
    ].join('\n');
    writeFileSync(join(dir, 'people.csv'), csv);
    const imported = await runCli(peopleCli as typeof trainingCli, 'import', [join(dir, 'people.csv')]);
    expect(imported.code).toBe(0);
    for (const p of everyone()) await chat.say(p, 'help');
  }, 60_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await h?.close();
  });

  it('HR creates the two courses in chat; a past date and a 0-day deadline are refused and change nothing', async () => {
    const form = await newForm();
    const base = {
      key: 'comms-protocol',
      titleEn: FIXED.en,
      titleEs: FIXED.es,
      url: 'https://learn.dmschools.example/courses/comms-protocol',
      verifiedOnly: 'false',
    };
    await fill(hr, form, { ...base, dueKind: 'fixed', dueDate: day(-1) }, { verb: 'training.create' });
    expect(last(hr).text).toContain(translate('en', 'notice.trainingDueInPast', { date: formatLocal(day(-1), 'en') }));
    await fill(hr, await newForm(), { ...base, key: 'year-one', dueKind: 'hire', dueDays: '0' }, { verb: 'training.create' });
    expect(last(hr).text).toContain(translate('en', 'notice.trainingRelativeDays', { days: 0, max: 1095 }));
    expect(await h.db.trainingCourse.count()).toBe(0);

    await fill(
      hr,
      await newForm(),
      { ...base, key: 'year-one', titleEn: HIRE.en, titleEs: HIRE.es, url: 'https://learn.dmschools.example/courses/year-one', dueKind: 'hire', dueDays: '60' },
      { verb: 'training.create' },
    );
    expect(last(hr).text).toContain(translate('en', 'training-ack.assigned', { count: 3 }));
    await fill(hr, await newForm(), { ...base, dueKind: 'fixed', dueDate: day(28) }, { verb: 'training.create' });
    expect(last(hr).text).toContain(translate('en', 'training-ack.assigned', { count: 12 }));
    expect(await h.db.trainingAssignment.count()).toBe(15);
  });

  it('the round gives each of the 12 one card in their language, soonest first', async () => {
    await round();
    const got = await sent('training-reminder:');
    for (const p of everyone()) {
      expect(got.get(p.id), p.name).toBe(1);
      const text = newest(p, tr(p, 'training.reminderHeading')).text;
      const l = p.language === 'es' ? 'es' : 'en';
      expect(text).toContain(FIXED[l]);
      if (hires.includes(p)) {
        expect(text).toContain(HIRE[l]);
        expect(text.indexOf(FIXED[l])).toBeLessThan(text.indexOf(HIRE[l]));
      } else expect(text).not.toContain(HIRE[l]);
    }
    // A second round the same day sends nothing: each step goes once.
    clock.advance(30 * 60_000);
    await round();
    for (const n of (await sent('training-reminder:')).values()) expect(n).toBe(0);
  });

  it('4 mark done in chat: the card redraws in place without the course', async () => {
    for (const p of [staff[0], staff[1], staff[3], staff[4]] as TestPerson[]) {
      const card = newest(p, tr(p, 'training.reminderHeading'));
      const after = await chat.submit(p, card.form, {}, { verb: 'training.done' });
      const text = (after ?? last(p)).text;
      expect(text, p.name).toContain(tr(p, 'training.empty'));
    }
    expect(await h.db.trainingAssignment.count({ where: { completedAt: { not: null } } })).toBe(4);
  });

  it('3 complete through xAPI (one statement twice: stored once); bad statements store nothing', async () => {
    const [n1, n2] = hires as [TestPerson, TestPerson];
    const s3 = staff[2] as TestPerson;
    const ids = ['6f1c1b3e-0000-4000-8000-000000000001', '6f1c1b3e-0000-4000-8000-000000000002', '6f1c1b3e-0000-4000-8000-000000000003'];
    const first = statement(ids[0] as string, n1.email, 'year-one');
    expect((await xapi(first)).status).toBe(200);
    expect((await xapi(first)).status).toBe(200); // the same statement again: nothing changes
    expect((await xapi([statement(ids[1] as string, n2.email, 'year-one', 'passed'), statement(ids[2] as string, s3.email, 'comms-protocol')])).status).toBe(
      200,
    );
    expect(await completions()).toBe(4 + 3);

    const before = await completions();
    expect(
      (
        await xapi({
          ...first,
          verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
          object: { id: 'https://learn.dmschools.example/courses/comms-protocol' },
        })
      ).status,
    ).toBe(409);
    const invalid = await xapi({ actor: { mbox: 'not-an-email' }, verb: {}, object: {} });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toContain('xAPI validation');
    expect((await xapi(statement('6f1c1b3e-0000-4000-8000-000000000009', 'nobody@elsewhere.example', 'year-one'))).status).toBe(400);
    expect((await xapi(statement('6f1c1b3e-0000-4000-8000-00000000000a', s3.email, 'no-such-course'))).status).toBe(400);
    expect((await xapi(first, `${XAPI.key}:wrong`)).status).toBe(401);
    expect(await completions()).toBe(before);
  });

  it('2 complete through the CSV; the broken row is reported by line and the rest imported (twice: no change)', async () => {
    const file = join(dir, 'completions.csv');
    writeFileSync(
      file,
      [
        'Employee,Course,Finished',
        `${hires[0]?.employeeId},comms-protocol,${day(0)}`,
        'E99999,comms-protocol,2027-01-05',
        `${staff[5]?.email},comms-protocol,${day(0)}`,
      ].join('\n'),
    );
    const args = [file, '--person-column', 'Employee', '--course-column', 'Course', '--date-column', 'Finished'];
    const r = await runCli(trainingCli, 'import', args);
    expect(r.code).toBe(2);
    expect(r.lines).toContain('line 3: no person with employee id or email "E99999"');
    expect(r.lines[0]).toBe('read 3 rows: 2 imported, 0 already imported, 1 not imported');
    expect((await runCli(trainingCli, 'import', args)).lines[0]).toBe('read 3 rows: 0 imported, 2 already imported, 1 not imported');
    expect(await completions()).toBe(9);
  });

  it('reminders at 14, 7 and 1 days go only to those still due', async () => {
    const due = [hr, maria, hires[1], hires[2], staff[6]] as TestPerson[];
    at(14);
    await round();
    let got = await sent('training-reminder:');
    for (const p of everyone()) expect(got.get(p.id), `${p.name} day 14`).toBe(due.includes(p) ? 1 : 0);
    // Grace marks it done on that card: no more reminders for her.
    await chat.submit(hr, newest(hr, translate('en', 'training.reminderHeading')).form, {}, { verb: 'training.done' });
    for (const n of [21, 27]) {
      at(n);
      await round();
      got = await sent('training-reminder:');
      for (const p of everyone()) expect(got.get(p.id), `${p.name} day ${n}`).toBe(due.includes(p) && p !== hr ? 1 : 0);
    }
    const dayBefore = newest(staff[6] as TestPerson, translate('en', 'training.reminderHeading')).text;
    expect(dayBefore).toContain(translate('en', 'training.dueIn', { count: 1, date: formatLocal(day(28), 'en') }));
    // The two new hires still due finish the fixed course from their day-1 card.
    for (const p of [hires[1], hires[2]] as TestPerson[])
      await chat.submit(p, newest(p, tr(p, 'training.reminderHeading')).form, {}, { verb: 'training.done' });
  });

  it("on day 61 the overdue new hire's manager gets one digest naming only her report", async () => {
    at(61);
    await round();
    const got = await sent('training-digest:');
    for (const p of everyone()) expect(got.get(p.id), p.name).toBe(p === maria ? 1 : 0);
    const digest = newest(maria, tr(maria, 'training-digest.heading')).text;
    expect(digest).toContain(hires[2]?.name);
    expect(digest).toContain(tr(maria, 'training-digest.row', { title: HIRE.es, count: 11 }));
    expect(digest).not.toContain(staff[6]?.name);
    // Later the same day: no second digest.
    clock.advance(60 * 60_000);
    await round();
    expect((await sent('training-digest:')).get(maria.id)).toBe(0);
  });

  it('training status matches exactly, with the new-hire figure; a leader sees her building; staff are refused', async () => {
    await chat.say(hr, 'training status');
    const text = newest(hr, translate('en', 'training-status.heading')).text;
    expect(text).toContain(translate('en', 'training-status.row', { assigned: 12, completed: 10, onTime: 10, overdue: 2, rate: '83%' }));
    expect(text).toContain(translate('en', 'training-status.row', { assigned: 3, completed: 2, onTime: 2, overdue: 1, rate: '67%' }));
    expect(text).toMatch(/2 of 3 completed their new-hire training within the window \(67%\); 0 still within it/);

    await chat.say(maria, 'training status');
    const hers = newest(maria, translate('es', 'training-status.heading')).text;
    expect(hers).toContain(translate('es', 'training-status.scope.building', { name: 'Hoover' }));
    expect(hers).toContain(translate('es', 'training-status.row', { assigned: 7, completed: 6, onTime: 6, overdue: 1, rate: '86%' }));

    const s = staff[0] as TestPerson;
    const shown = (text: string) => mine(s).filter((x) => x.text.includes(text)).length;
    const refusals = shown(translate('en', 'notice.forbidden'));
    await chat.say(s, 'training status');
    expect(shown(translate('en', 'notice.forbidden'))).toBe(refusals + 1);
    const lists = shown(translate('en', 'training.empty'));
    await chat.say(s, 'training');
    expect(shown(translate('en', 'training.empty'))).toBe(lists + 1);
  });
});
