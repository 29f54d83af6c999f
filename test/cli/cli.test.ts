// The CLI as an admin runs it: a separate process, its own database created on first use.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-database.ts';

const root = join(import.meta.dirname, '..', '..');
type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestDb;
let url: string;
beforeAll(async () => {
  // On PostgreSQL use a fresh database on that server; on SQLite let the CLI create the file.
  t = await createTestDatabase();
  url = t.kind === 'postgresql' ? t.url : `file:${join(mkdtempSync(join(tmpdir(), 'dmps-cli-')), 'fresh', 'cli.db')}`;
});
afterAll(async () => t.close());

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });

describe('npm run cli', () => {
  it('imports the directory into a database it creates, and says what it did', () => {
    const r = cli('people', 'import', join(root, 'test', 'fixtures', 'staff.csv'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('15 rows read, 15 created, 0 updated, 0 unchanged, 0 rejected');
    const again = cli('people', 'import', join(root, 'test', 'fixtures', 'staff.csv'));
    expect(again.stdout).toContain('15 unchanged');
  });

  it('exits 2 and lists rejected rows by line when some rows are bad', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'dmps-cli-')), 'bad.csv');
    writeFileSync(f, 'employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language\n9,Ok,ok@dmschools.example,staff,,,,,,en\n10,Bad,bad,staff,,,,,,en\n');
    const r = cli('people', 'import', f);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/line 3 \(10\): email is not a valid address/);
  });

  it('shows a person and lists people by role', () => {
    expect(cli('people', 'show', 'maria.hernandez@dmschools.example').stdout).toMatch(/roles\s+.*admin/);
    const hr = cli('people', 'list', '--role', 'hr');
    expect(hr.stdout).toContain('Maria Hernandez');
    expect(hr.stdout).not.toContain('Tom Becker');
  });

  it('answers mistakes with one clear line and exit 1, never a stack trace', () => {
    const missing = cli('people', 'import', '/nonexistent/staff.csv');
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('error: no file at /nonexistent/staff.csv');
    const unknown = cli('teleport');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown command "teleport"');
    const badCron = cli('schedules', 'set', 'story', '61 * * * *', 'story');
    expect(badCron.status).toBe(1);
    expect(badCron.stderr).toContain('is not a valid cron expression');
    expect(badCron.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a campaign’s deliveries', () => {
    const r = cli('deliveries');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No campaigns yet.');
    const none = cli('deliveries', 'no-such-campaign');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no campaign no-such-campaign');
  });
});
