// The CLI as an admin runs it: a separate process, its own database created on first use.
// On PostgreSQL (TEST_DATABASE_URL or DATABASE_URL) it gets a fresh database on that server.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testServerUrl } from '../support/test-database.ts';

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

/** Runs the CLI as its own process; async, so a slow machine never stalls the test worker. */
const cli = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, DEFAULT_LOCALE: 'en', LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
const file = (name: string, ...lines: string[]) => {
  const f = join(dir, name);
  writeFileSync(f, lines.join('\n'));
  return f;
};
const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

// Each command is a process of its own (tsx start-up included), so on a busy machine a test of
// several commands takes longer than the suite's default 30 s.
const SLOW = { timeout: 120_000 };

describe('npm run cli -- people', SLOW, () => {
  it('imports the directory into a database it creates, shows progress, and says what it did', async () => {
    const r = await cli('people', 'import', staff);
    expect(r.stderr).toContain('read 15 rows: 15 imported, 0 rejected');
    expect(r.stdout).toContain('Imported staff.csv: 15 rows read, 15 created, 0 updated, 0 unchanged, 0 rejected.');
    expect(r.status).toBe(0);

    const again = await cli('people', 'import', staff);
    expect(again.stdout).toContain('15 rows read, 0 created, 0 updated, 15 unchanged, 0 rejected.');
    expect(again.status).toBe(0);
  });

  it('exits 2 and lists the rejected rows by line when some rows are bad, having imported the rest', async () => {
    const r = await cli(
      'people',
      'import',
      file(
        'bad.csv',
        HEADER,
        '9,Ok Person,ok.person@dmschools.example,staff,,,,,,en',
        '10,Bad,bad,staff,,,,,,en',
        '11,Late,late@dmschools.example,staff,,,,2024-02-30,,en',
      ),
    );
    expect(r.stdout).toContain('3 rows read, 1 created, 0 updated, 0 unchanged, 2 rejected.');
    expect(r.stdout).toContain('15 people in the directory are not in this file and kept as before');
    expect(r.stdout).toContain('  line 3 (10): email "bad" is not an email address');
    expect(r.stdout).toContain('  line 4 (11): hire_date "2024-02-30" is not a real date in the form YYYY-MM-DD');
    expect(r.status).toBe(2);
    expect((await cli('people', 'show', '9')).stdout).toMatch(/name\s+Ok Person/);
  });

  it('prints progress every 5,000 rows when stderr is not a terminal', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 6000; i++) lines.push(`P${i},Person ${i},person${i}@dmschools.example,staff,,,,,,en`);
    const r = await cli('people', 'import', file('big.csv', ...lines));
    expect(r.stderr.trim().split('\n')).toEqual(['read 5000 rows: 5000 imported, 0 rejected', 'read 6000 rows: 6000 imported, 0 rejected']);
    expect(r.status).toBe(0);
  });

  it('refuses a file with missing columns with exit 1 and imports nothing', async () => {
    const r = await cli('people', 'import', file('short.csv', 'employee_id,name,email', '77,Nope,nope@dmschools.example'));
    expect(r.stderr.trim()).toMatch(/^error: the file is missing columns roles, .*nothing was imported/);
    expect(r.status).toBe(1);
    noStackTrace(r.stderr);
    expect((await cli('people', 'show', '77')).status).toBe(1);
  });

  it('shows a person, and lists people by role and building as a table', async () => {
    const maria = await cli('people', 'show', 'Maria.Hernandez@dmschools.example');
    expect(maria.stdout).toMatch(/roles\s+admin, hr, staff/);
    expect(maria.stdout).toMatch(/hire date\s+2015-07-01/);

    const hr = await cli('people', 'list', '--role', 'HR');
    expect(hr.stdout.split('\n')[0]).toMatch(/^EMPLOYEE ID\s+NAME\s+EMAIL\s+ROLES\s+BUILDING\s+LANGUAGE\s+CHAT$/);
    expect(hr.stdout).toContain('Maria Hernandez');
    expect(hr.stdout).not.toContain('Tom Becker');
    expect(hr.stdout).toContain('2 people');

    const roosevelt = await cli('people', 'list', '--building', 'roosevelt high', '--role', 'staff');
    expect(roosevelt.stdout).toContain('3 people');
    expect(roosevelt.status).toBe(0);
  });

  it('answers --help for the CLI, a group and a command', async () => {
    const all = await cli('--help');
    expect(all.stdout).toContain('people import <file.csv>');
    expect(all.status).toBe(0);
    expect((await cli('people', '--help')).stdout).toContain('people list [--role <role>] [--building <building>]');
    const importHelp = await cli('people', 'import', '--help');
    expect(importHelp.stdout).toContain('employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language');
    expect(importHelp.status).toBe(0);
  });

  it('answers mistakes with one clear line and exit 1, never a stack trace', async () => {
    const cases: [string[], string][] = [
      [['people', 'import', '/nonexistent/staff.csv'], 'error: no file at /nonexistent/staff.csv'],
      [
        ['people', 'import'],
        'error: missing <file.csv> (usage: people import <file.csv> (or a roster folder or .zip) [--hr hr.csv] [--role-map map.csv] [--full] [--dry-run] [--encoding utf-8|windows-1252|latin1])',
      ],
      [['people', 'import', staff, '--encoding', 'ebcdic'], 'error: --encoding takes utf-8, windows-1252 or latin1 (got "ebcdic")'],
      [['people', 'list', '--role', 'wizard'], 'error: --role takes one of staff, hiring_manager, communications, hr, leader, admin (got "wizard")'],
      [['people', 'list', '--color', 'red'], "error: Unknown option '--color' (usage: people list [--role <role>] [--building <building>])"],
      [['people', 'show', 'nobody@dmschools.example'], 'error: nobody in the directory with email or employee id nobody@dmschools.example'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.stderr.trim()).toBe(message);
      expect(r.status).toBe(1);
    }
    const unknown = await cli('teleport');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown command "teleport"');
    const badCron = await cli('schedules', 'set', 'story', '61 * * * *', 'story');
    expect(badCron.status).toBe(1);
    expect(badCron.stderr).toContain('is not a valid cron expression');
    noStackTrace(badCron.stderr);
  });
});

describe('npm run cli -- people import, with broken lines and other encodings', SLOW, () => {
  const rows = (prefix: string, count: number, line: number, broken: string) =>
    Array.from({ length: count }, (_, k) => (k + 2 === line ? broken : `${prefix}${k + 2},Person ${k + 2},${prefix}${k + 2}@dmschools.example,staff,,,,,,en`));

  it('exits 2 for a stray quote on line 351 of 451 rows, names the line, and imports the 450 others', async () => {
    const r = await cli('people', 'import', file('stray.csv', HEADER, ...rows('S', 451, 351, 'S351,"Lee,lee@dmschools.example,staff,,,,,,en')));
    expect(r.stdout).toContain('Imported stray.csv: 451 rows read, 450 created, 0 updated, 0 unchanged, 1 rejected.');
    expect(r.stdout).toContain('  line 351: a quote opened on this line is never closed');
    expect(r.status).toBe(2);
    expect((await cli('people', 'show', 'S452')).stdout).toMatch(/name\s+Person 452/);
  });

  it('imports the 8,000 good rows of 8,001 with a stray quote on line 6,001, with progress', async () => {
    const r = await cli(
      'people',
      'import',
      file('stray-big.csv', HEADER, ...rows('B', 8001, 6001, 'B6001,Kevin "Kev" Obrien,kev@dmschools.example,staff,,,,,,en')),
    );
    expect(r.stderr.trim().split('\n')).toEqual(['read 5000 rows: 5000 imported, 0 rejected', 'read 8001 rows: 8000 imported, 1 rejected']);
    expect(r.stdout).toContain('8001 rows read, 8000 created, 0 updated, 0 unchanged, 1 rejected.');
    expect(r.stdout).toContain('  line 6001: a quote appears inside a value that is not quoted');
    expect(r.status).toBe(2);
  });

  it('refuses a Latin-1 file with exit 1, naming the line and the --encoding to pass, then reads it with --encoding latin1', async () => {
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(
      latin1,
      Buffer.concat([
        Buffer.from(`${HEADER}\nL1,Ana,l1@dmschools.example,staff,,,,,,en\nL2,Jos`),
        Buffer.from([0xe9]),
        Buffer.from(',l2@dmschools.example,staff,,,,,,es\n'),
      ]),
    );
    const refused = await cli('people', 'import', latin1);
    expect(refused.stderr.trim()).toMatch(
      /^error: line 3 is not valid UTF-8 \(byte 0xE9, which is "é" in Windows-1252\): the file looks like Latin-1 or Windows-1252.*nothing was imported.*--encoding windows-1252 \(or --encoding latin1\)$/,
    );
    expect(refused.status).toBe(1);
    noStackTrace(refused.stderr);
    expect((await cli('people', 'show', 'L1')).status).toBe(1);

    const read = await cli('people', 'import', latin1, '--encoding', 'latin1');
    expect(read.stdout).toContain('2 rows read, 2 created, 0 updated, 0 unchanged, 0 rejected.');
    expect(read.status).toBe(0);
    expect((await cli('people', 'show', 'L2')).stdout).toMatch(/name\s+José/);
  });

  it('exits 1 when every row is rejected, since nothing was imported', async () => {
    const r = await cli('people', 'import', file('all-bad.csv', HEADER, 'X1,"Unclosed,x1@dmschools.example,staff,,,,,,en', 'X2,Bad,bad,staff,,,,,,en'));
    expect(r.stdout).toContain('2 rows read, 0 created, 0 updated, 0 unchanged, 2 rejected.');
    expect(r.stdout).toContain('Rejected rows (every row was rejected, so nothing was imported; fix them and import the file again):');
    expect(r.stdout).toContain('  line 2: a quote opened on this line is never closed');
    expect(r.stdout).toContain('  line 3 (X2): email "bad" is not an email address');
    expect(r.status).toBe(1);
  });

  it('says in --help how a stray quote is recovered from and which encodings it reads', async () => {
    const help = (await cli('people', 'import', '--help')).stdout;
    expect(help).toContain('A stray quote costs only its own line');
    expect(help).toContain('--encoding: utf-8, windows-1252 or latin1');
  });
});

describe('npm run cli -- deliveries', SLOW, () => {
  it('reports a campaign’s deliveries', async () => {
    const r = await cli('deliveries');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No campaigns yet.');
    const none = await cli('deliveries', 'no-such-campaign');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no campaign no-such-campaign');
  });
});
