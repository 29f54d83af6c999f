// Importing the HR directory export: good rows in, bad rows reported by line, idempotent.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../workflows/directory/import.ts';
import { createTestDatabase } from '../support/test-database.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestDb;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.close());

const HEADER = 'employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language';
const dir = mkdtempSync(join(tmpdir(), 'dmps-import-'));
let n = 0;
const csv = (...lines: string[]) => {
  const f = join(dir, `f${++n}.csv`);
  writeFileSync(f, lines.join('\n'));
  return f;
};
const run = (file: string) => importDirectory(t.db, file, { defaultLocale: 'en' });

describe('importing the staff directory', () => {
  it('imports the demo directory', async () => {
    const s = await run(join(import.meta.dirname, '..', 'fixtures', 'staff.csv'));
    expect(s).toMatchObject({ read: 15, created: 15, rejected: [] });
    const maria = await t.db.person.findUniqueOrThrow({ where: { employeeId: '100002' }, include: { roles: true } });
    expect(maria.roles.map((r) => r.role).sort()).toEqual(['admin', 'hr', 'staff']);
    expect(maria.language).toBe('es');
    expect(maria.hireDate?.toISOString().slice(0, 10)).toBe('2015-07-01');
  });

  it('imports the good rows and reports each bad one with its line number and reason', async () => {
    const s = await run(
      csv(
        HEADER,
        '1,Ana Torres,ANA@dmschools.example,staff,Roosevelt High,West,Teacher,2020-08-01,,es',
        '2,Bad Date,bad.date@dmschools.example,staff,,,,2024-02-30,,en',
        '3,Bad Role,bad.role@dmschools.example,staff;wizard,,,,,,en',
        '4,Bad Email,not-an-email,staff,,,,,,en',
        ',No Id,no.id@dmschools.example,staff,,,,,,en',
        '6,Ben Ruiz,ben@dmschools.example,,Hoover High,North,Teacher,,,',
      ),
    );
    expect(s.created).toBe(2);
    expect(s.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    expect(s.rejected[0]!.reasons.join()).toMatch(/2024-02-30.*not a real date/);
    expect(s.rejected[1]!.reasons.join()).toMatch(/unknown role "wizard"/);
    expect(s.rejected[2]!.reasons.join()).toMatch(/email/);
    expect(s.rejected[3]!.reasons.join()).toMatch(/employee_id is required/);
    const ana = await t.db.person.findUniqueOrThrow({ where: { employeeId: '1' } });
    expect(ana.email).toBe('ana@dmschools.example');
    const ben = await t.db.person.findUniqueOrThrow({ where: { employeeId: '6' }, include: { roles: true } });
    expect(ben.roles.map((r) => r.role)).toEqual(['staff']);
    expect(ben.language).toBe('en');
  });

  it('updates on re-import instead of duplicating, replacing roles, and keeps people not in the file', async () => {
    await run(csv(HEADER, '1,Ana Torres,ana@dmschools.example,staff;hr,Roosevelt High,West,Teacher,,,en', '2,Ben Ruiz,ben@dmschools.example,staff,,,,,,en'));
    const s = await run(csv(HEADER, '1,Ana Torres-Lee,ana@dmschools.example,staff;leader,Roosevelt High,West,Teacher,,,es'));
    expect(s).toMatchObject({ created: 0, updated: 1, notInFile: 1 });
    expect(await t.db.person.count()).toBe(2);
    const ana = await t.db.person.findUniqueOrThrow({ where: { employeeId: '1' }, include: { roles: true } });
    expect(ana.name).toBe('Ana Torres-Lee');
    expect(ana.roles.map((r) => r.role).sort()).toEqual(['leader', 'staff']);
    const again = await run(csv(HEADER, '1,Ana Torres-Lee,ana@dmschools.example,staff;leader,Roosevelt High,West,Teacher,,,es'));
    expect(again).toMatchObject({ unchanged: 1, updated: 0, created: 0 });
  });

  it('rejects an email that belongs to someone else, in the directory or earlier in the file', async () => {
    await run(csv(HEADER, '1,Ana Torres,ana@dmschools.example,staff,,,,,,en'));
    const s = await run(csv(HEADER, '2,Impostor,ana@dmschools.example,staff,,,,,,en', '3,Cy,cy@dmschools.example,staff,,,,,,en', '4,Cy Twin,cy@dmschools.example,staff,,,,,,en', '3,Cy Again,cy2@dmschools.example,staff,,,,,,en'));
    expect(s.rejected.map((r) => [r.line, r.reasons[0]])).toEqual([
      [2, 'email ana@dmschools.example already belongs to employee 1'],
      [4, 'email cy@dmschools.example already used by employee 3 in this file'],
      [5, 'employee_id 3 already appears on line 3'],
    ]);
    expect(await t.db.person.count()).toBe(2);
  });

  it('handles a byte-order mark, quoted commas and line breaks, and column order', async () => {
    const f = csv(
      '\uFEFFname,employee_id,email,roles,building,region,job_category,hire_date,manager_email,language,badge_color',
      '"Smith, Jo",7,jo@dmschools.example,staff,"Hubbell Elementary",West,"Teacher,\nArt",,,en,blue',
    );
    const s = await run(f);
    expect(s).toMatchObject({ created: 1, rejected: [], ignoredColumns: ['badge_color'] });
    const jo = await t.db.person.findUniqueOrThrow({ where: { employeeId: '7' } });
    expect(jo.name).toBe('Smith, Jo');
    expect(jo.jobCategory).toBe('Teacher,\nArt');
  });

  it('refuses a file missing columns, an empty file, or a missing file, and imports nothing', async () => {
    await expect(run(csv('employee_id,name,email', '1,A,a@dmschools.example'))).rejects.toThrow(/missing columns: roles, building/);
    await expect(run(csv(''))).rejects.toThrow(/empty/);
    await expect(run(join(dir, 'nope.csv'))).rejects.toThrow(/no file/);
    expect(await t.db.person.count()).toBe(0);
  });

  it('reports malformed CSV with the line it broke on', async () => {
    await expect(run(csv(HEADER, '1,"Unclosed,a@dmschools.example,staff,,,,,,en'))).rejects.toThrow(/malformed/);
  });

  it('imports 20,000 people in one go', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 20_000; i++) lines.push(`${i},Person ${i},p${i}@dmschools.example,staff,School ${i % 60},Region ${i % 4},Teacher,2020-01-01,,${i % 3 ? 'en' : 'es'}`);
    const s = await run(csv(...lines));
    expect(s).toMatchObject({ read: 20_000, created: 20_000, rejected: [] });
    expect(await t.db.person.count()).toBe(20_000);
  });
});
