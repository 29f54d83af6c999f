// The CLI as an admin runs it: a separate process, its own database created on first use.
// On PostgreSQL (TEST_DATABASE_URL or DATABASE_URL) it gets a fresh database on that server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/test-database.ts';

const root = join(import.meta.dirname, '..', '..');
const staff = join(root, 'test', 'fixtures', 'staff.csv');
const HEADER = 'employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language';
const dir = mkdtempSync(join(tmpdir(), 'dmps-cli-'));
let t: TestDatabase | undefined;
let url: string;
beforeAll(async () => {
  // On SQLite the CLI creates the file (and its folder) itself, as on a first run.
  if (testServerUrl()) t = await createTestDatabase();
  url = t?.url ?? `file:${join(dir, 'fresh', 'cli.db')}`;
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: url, DEFAULT_LOCALE: 'en', LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
const file = (name: string, ...lines: string[]) => {
  const f = join(dir, name);
  writeFileSync(f, lines.join('\n'));
  return f;
};
const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

describe('npm run cli -- people', () => {
  it('imports the directory into a database it creates, shows progress, and says what it did', () => {
    const r = cli('people', 'import', staff);
    expect(r.stderr).toContain('read 15 rows: 15 imported, 0 rejected');
    expect(r.stdout).toContain('Imported staff.csv: 15 rows read, 15 created, 0 updated, 0 unchanged, 0 rejected.');
    expect(r.status).toBe(0);

    const again = cli('people', 'import', staff);
    expect(again.stdout).toContain('15 rows read, 0 created, 0 updated, 15 unchanged, 0 rejected.');
    expect(again.status).toBe(0);
  });

  it('exits 2 and lists the rejected rows by line when some rows are bad, having imported the rest', () => {
    const r = cli(
      'people',
      'import',
      file('bad.csv', HEADER, '9,Ok Person,ok.person@dmschools.example,staff,,,,,,en', '10,Bad,bad,staff,,,,,,en', '11,Late,late@dmschools.example,staff,,,,2024-02-30,,en'),
    );
    expect(r.stdout).toContain('3 rows read, 1 created, 0 updated, 0 unchanged, 2 rejected.');
    expect(r.stdout).toContain('15 people in the directory are not in this file and kept as before');
    expect(r.stdout).toContain('  line 3 (10): email "bad" is not an email address');
    expect(r.stdout).toContain('  line 4 (11): hire_date "2024-02-30" is not a real date in the form YYYY-MM-DD');
    expect(r.status).toBe(2);
    expect(cli('people', 'show', '9').stdout).toMatch(/name\s+Ok Person/);
  });

  it('prints progress every 5,000 rows when stderr is not a terminal', () => {
    const lines = [HEADER];
    for (let i = 0; i < 6000; i++) lines.push(`P${i},Person ${i},person${i}@dmschools.example,staff,,,,,,en`);
    const r = cli('people', 'import', file('big.csv', ...lines));
    expect(r.stderr.trim().split('\n')).toEqual(['read 5000 rows: 5000 imported, 0 rejected', 'read 6000 rows: 6000 imported, 0 rejected']);
    expect(r.status).toBe(0);
  });

  it('refuses a file with missing columns with exit 1 and imports nothing', () => {
    const r = cli('people', 'import', file('short.csv', 'employee_id,name,email', '77,Nope,nope@dmschools.example'));
    expect(r.stderr.trim()).toMatch(/^error: the file is missing columns roles, .*nothing was imported/);
    expect(r.status).toBe(1);
    noStackTrace(r.stderr);
    expect(cli('people', 'show', '77').status).toBe(1);
  });

  it('shows a person, and lists people by role and building as a table', () => {
    const maria = cli('people', 'show', 'Maria.Hernandez@dmschools.example');
    expect(maria.stdout).toMatch(/roles\s+admin, hr, staff/);
    expect(maria.stdout).toMatch(/hire date\s+2015-07-01/);

    const hr = cli('people', 'list', '--role', 'HR');
    expect(hr.stdout.split('\n')[0]).toMatch(/^EMPLOYEE ID\s+NAME\s+EMAIL\s+ROLES\s+BUILDING\s+LANGUAGE\s+CHAT$/);
    expect(hr.stdout).toContain('Maria Hernandez');
    expect(hr.stdout).not.toContain('Tom Becker');
    expect(hr.stdout).toContain('2 people');

    const roosevelt = cli('people', 'list', '--building', 'roosevelt high', '--role', 'staff');
    expect(roosevelt.stdout).toContain('3 people');
    expect(roosevelt.status).toBe(0);
  });

  it('answers --help for the CLI, a group and a command', () => {
    const all = cli('--help');
    expect(all.stdout).toContain('people import <file.csv>');
    expect(all.status).toBe(0);
    expect(cli('people', '--help').stdout).toContain('people list [--role <role>] [--building <building>]');
    const importHelp = cli('people', 'import', '--help');
    expect(importHelp.stdout).toContain('employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language');
    expect(importHelp.status).toBe(0);
  });

  it('answers mistakes with one clear line and exit 1, never a stack trace', () => {
    const cases: [string[], string][] = [
      [['people', 'import', '/nonexistent/staff.csv'], 'error: no file at /nonexistent/staff.csv'],
      [['people', 'import'], 'error: missing <file.csv> (usage: people import <file.csv>)'],
      [['people', 'list', '--role', 'wizard'], 'error: --role takes one of staff, hiring_manager, communications, hr, leader, admin (got "wizard")'],
      [['people', 'list', '--color', 'red'], "error: Unknown option '--color' (usage: people list [--role <role>] [--building <building>])"],
      [['people', 'show', 'nobody@dmschools.example'], 'error: nobody in the directory with email or employee id nobody@dmschools.example'],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.stderr.trim()).toBe(message);
      expect(r.status).toBe(1);
    }
    const unknown = cli('teleport');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown command "teleport"');
    const badCron = cli('schedules', 'set', 'story', '61 * * * *', 'story');
    expect(badCron.status).toBe(1);
    expect(badCron.stderr).toContain('is not a valid cron expression');
    noStackTrace(badCron.stderr);
  });
});

describe('npm run cli -- deliveries', () => {
  it('reports a campaign’s deliveries', () => {
    const r = cli('deliveries');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No campaigns yet.');
    const none = cli('deliveries', 'no-such-campaign');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no campaign no-such-campaign');
  });
});
