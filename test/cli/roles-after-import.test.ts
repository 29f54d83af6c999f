// HR removes a role in the directory export and imports it with the CLI, in another process,
// while the service runs: the very next turn of that person is answered with the roles the
// directory has now (refused the removed role's command), and a role given back works at once.
// Whatever the service keeps between turns, it never serves a role the directory took away.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatDriver, PLATFORMS } from '../behaviour/drivers.ts';
import { translate } from '../support/catalog.ts';
import { type Harness, startHarness, type TestPerson } from '../support/harness.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'dmps-roles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(databaseUrl: string, ...args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, DEFAULT_LOCALE: 'en', LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

const HEADER = 'employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language';

describe.each(PLATFORMS)('roles right after a directory import, through %s', (_name, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  let hr: TestPerson;
  let files = 0;
  const importRoles = async (roles: string) => {
    const file = join(dir, `directory-${++files}.csv`);
    writeFileSync(file, [HEADER, `${hr.employeeId},${hr.name},${hr.email},${roles},Hoover High,North,Counselor,,,en`].join('\n'));
    const r = await cli(h.databaseUrl, 'people', 'import', file);
    expect(r.stderr).toContain('0 rejected');
    expect(r.status).toBe(0);
  };
  /** What the person is shown when they ask for the survey list now. */
  const surveyList = async () => {
    const before = chat.seen(hr).length;
    await chat.say(hr, 'survey list');
    return chat
      .seen(hr)
      .slice(before)
      .map((s) => s.text)
      .join('\n');
  };
  const forbidden = translate('en', 'notice.forbidden');

  beforeAll(async () => {
    h = await startHarness();
    chat = makeDriver(h);
    hr = await h.addPerson({ name: 'Hana Reyes', roles: ['staff', 'hr'], building: 'Hoover High', region: 'North' });
  });
  afterAll(async () => h?.close());

  it('refuses the removed role on the next turn, and serves a restored role on the next one', async () => {
    expect(await surveyList()).not.toContain(forbidden);
    // Turns in a row that change nothing (the state a service would keep between them).
    expect(await surveyList()).not.toContain(forbidden);

    await importRoles('staff');
    expect(await surveyList()).toContain(forbidden);

    await importRoles('staff;hr');
    expect(await surveyList()).not.toContain(forbidden);
  });
});
