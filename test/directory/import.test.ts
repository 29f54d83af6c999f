// Importing HR's directory export: good rows in, bad rows reported by the line they start on,
// idempotent by employee_id, nothing deleted. Runs on SQLite, or on PostgreSQL when
// TEST_DATABASE_URL (or DATABASE_URL) is a postgres:// URL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log.ts';
import { type ImportOptions, type ImportProgress, importDirectory } from '../../directory/import.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.close());

const dir = mkdtempSync(join(tmpdir(), 'dmps-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language';
let files = 0;
/** Writes the lines as a CSV file (line 1 is the first argument) and returns its path. */
const csv = (...lines: string[]) => {
  const file = join(dir, `f${++files}.csv`);
  writeFileSync(file, lines.join('\n'));
  return file;
};
const run = (file: string, opts: Partial<ImportOptions> = {}) => importDirectory(t.db, file, { defaultLocale: 'en', ...opts });
const person = (employeeId: string) => t.db.person.findUnique({ where: { employeeId }, include: { roles: true } });
const rolesOf = async (employeeId: string) => (await person(employeeId))?.roles.map((r) => r.role).sort();
const reasonsByLine = (s: { rejected: { line: number; reasons: string[] }[] }) => Object.fromEntries(s.rejected.map((r) => [r.line, r.reasons.join(' | ')]));

describe('importing the staff directory', () => {
  it('imports the demo directory', async () => {
    const s = await run(join(import.meta.dirname, '..', 'fixtures', 'staff.csv'));
    expect(s).toMatchObject({ read: 15, created: 15, updated: 0, unchanged: 0, rejected: [], notInFile: 0, ignoredColumns: [] });
    const maria = await person('100002');
    expect(maria?.roles.map((r) => r.role).sort()).toEqual(['admin', 'hr', 'staff']);
    expect(maria?.language).toBe('es');
    expect(maria?.hireDate?.toISOString().slice(0, 10)).toBe('2015-07-01');
  });

  it('imports the good rows and rejects each bad one with its line number and the reason', async () => {
    const s = await run(
      csv(
        HEADER,
        '1,Ana Torres,ANA.Torres@DMSchools.example,staff,Roosevelt High,West,Teacher,2020-08-01,,es-MX',
        '2,Bad Date,bad.date@dmschools.example,staff,,,,2024-02-30,,en',
        '3,Bad Role,bad.role@dmschools.example,staff;wizard,,,,,,en',
        '4,Bad Email,not-an-email,staff,,,,,,en',
        ',No Id,no.id@dmschools.example,staff,,,,,,en',
        '6,Ben Ruiz,ben.ruiz@dmschools.example,,Hoover High,North,Teacher,,,',
        '7,US Date,us.date@dmschools.example,staff,,,,08/01/2020,,en',
        '8,,no.name@dmschools.example,staff,,,,,,en',
        '9,Bad Manager,bad.manager@dmschools.example,staff,,,,,boss,english',
        '10,Cam Ly,cam.ly@dmschools.example, Hiring Manager ; HR ;staff,Hubbell Elementary,West,Principal,2024-02-29,ana.torres@dmschools.example,VI',
      ),
    );
    expect(s).toMatchObject({ read: 10, created: 3, updated: 0, unchanged: 0 });
    expect(reasonsByLine(s)).toEqual({
      3: 'hire_date "2024-02-30" is not a real date in the form YYYY-MM-DD',
      4: 'unknown role "wizard" (roles are staff, hiring_manager, communications, hr, leader, admin, separated by ;)',
      5: 'email "not-an-email" is not an email address',
      6: 'employee_id is required',
      8: 'hire_date "08/01/2020" is not a real date in the form YYYY-MM-DD',
      9: 'name is required',
      10: 'manager_email "boss" is not an email address | language "english" is not a language code such as en, es or ar',
    });
    expect(s.rejected.find((r) => r.line === 3)?.employeeId).toBe('2');

    const ana = await person('1');
    expect(ana).toMatchObject({ name: 'Ana Torres', email: 'ana.torres@dmschools.example', building: 'Roosevelt High', language: 'es' });
    expect(ana?.hireDate?.toISOString()).toBe('2020-08-01T00:00:00.000Z');
    // Empty roles mean staff; an empty language is the district's default.
    expect(await person('6')).toMatchObject({ language: 'en', hireDate: null, managerEmail: null });
    expect(await rolesOf('6')).toEqual(['staff']);
    // Roles forgive case and spaces; 29 February exists in 2024.
    expect(await rolesOf('10')).toEqual(['hiring_manager', 'hr', 'staff']);
    expect(await person('10')).toMatchObject({ language: 'vi', managerEmail: 'ana.torres@dmschools.example' });
    expect(await t.db.person.count()).toBe(3);
  });

  it('gives people without a language the default language it is given', async () => {
    await run(csv(HEADER, '1,Ana Torres,ana@dmschools.example,staff,,,,,,'), { defaultLocale: 'es' });
    expect((await person('1'))?.language).toBe('es');
  });

  it('updates on re-import instead of duplicating, replaces roles, and keeps people not in the file', async () => {
    const first = await run(
      csv(
        HEADER,
        '1,Ana Torres,ana@dmschools.example,staff;hr,Roosevelt High,West,Teacher,,,en',
        '2,Ben Ruiz,ben@dmschools.example,staff,,,,,,en',
        '3,Cy Ng,cy@dmschools.example,leader,,,,,,en',
      ),
    );
    expect(first).toMatchObject({ created: 3, notInFile: 0 });

    const second = await run(
      csv(
        HEADER,
        '1,Ana Torres-Lee,ana.lee@dmschools.example,staff;leader,Roosevelt High,West,Teacher,2019-08-01,,es',
        '3,Cy Ng,cy@dmschools.example,leader,,,,,,en',
      ),
    );
    expect(second).toMatchObject({ read: 2, created: 0, updated: 1, unchanged: 1, rejected: [], notInFile: 1 });
    expect(await t.db.person.count()).toBe(3);
    expect(await person('1')).toMatchObject({ name: 'Ana Torres-Lee', email: 'ana.lee@dmschools.example', language: 'es' });
    expect(await rolesOf('1')).toEqual(['leader', 'staff']);
    expect(await person('2')).toMatchObject({ name: 'Ben Ruiz' });

    // Only the roles change: still an update, and the old roles are gone.
    const third = await run(csv(HEADER, '1,Ana Torres-Lee,ana.lee@dmschools.example,hr,Roosevelt High,West,Teacher,2019-08-01,,es'));
    expect(third).toMatchObject({ updated: 1, unchanged: 0, notInFile: 2 });
    expect(await rolesOf('1')).toEqual(['hr']);
    expect(await t.db.personRole.count({ where: { person: { employeeId: '1' } } })).toBe(1);
  });

  it('rejects an email that belongs to someone else, in the directory or earlier in the file, and a repeated employee_id', async () => {
    await run(csv(HEADER, '1,Ana Torres,ana@dmschools.example,staff,,,,,,en'));
    const s = await run(
      csv(
        HEADER,
        '2,Impostor,ANA@dmschools.example,staff,,,,,,en',
        '3,Cy Ng,cy@dmschools.example,staff,,,,,,en',
        '4,Cy Twin,cy@dmschools.example,staff,,,,,,en',
        '3,Cy Again,cy.again@dmschools.example,staff,,,,,,en',
        '1,Ana Torres,ana@dmschools.example,staff;hr,,,,,,en',
      ),
    );
    expect(reasonsByLine(s)).toEqual({
      2: 'email ana@dmschools.example already belongs to employee 1',
      4: 'email cy@dmschools.example is already used by employee 3 on line 3',
      5: 'employee_id 3 already appears on line 3',
    });
    expect(s).toMatchObject({ created: 1, updated: 1 });
    expect(await t.db.person.count()).toBe(2);
    expect(await person('3')).toMatchObject({ name: 'Cy Ng', email: 'cy@dmschools.example' });
  });

  it('reads a byte-order mark, any column order, header spelling, quoted commas and line breaks, and ignores extra columns', async () => {
    const file = csv(
      '\uFEFFName,Employee ID,EMAIL,roles,building,region,job_category,hire_date,manager_email,language,badge_color,',
      '"Smith, Jo",7,jo.smith@dmschools.example,staff,"Hubbell Elementary",West,"Teacher,',
      'Art",,,en,blue,',
      '',
      ' "Núñez, José" , 8 ,jose.nunez@dmschools.example,staff,Lincoln High,South,"He said ""hi""",,,es,,',
      'Bad,9,bad,staff,,,,,,en,,',
    );
    const s = await run(file);
    expect(s).toMatchObject({ read: 3, created: 2, ignoredColumns: ['badge_color', '(unnamed column 12)'] });
    // Lines as an editor shows them: the row after a two-line row and a blank line is line 6.
    expect(s.rejected).toEqual([{ line: 6, employeeId: '9', reasons: ['email "bad" is not an email address'] }]);
    expect(await person('7')).toMatchObject({ name: 'Smith, Jo', jobCategory: 'Teacher,\nArt' });
    expect(await person('8')).toMatchObject({ name: 'Núñez, José', jobCategory: 'He said "hi"' });
  });

  it('counts lines right in a Windows (CRLF) file with line breaks inside quotes', async () => {
    const file = join(dir, 'windows.csv');
    writeFileSync(
      file,
      [HEADER, '1,"Ana\r\nTorres",ana@dmschools.example,staff,,,,,,en', '2,Ben,ben@dmschools.example,staff,,,,2024-13-01,,en', ''].join('\r\n'),
    );
    const s = await run(file);
    expect(s.rejected.map((r) => r.line)).toEqual([4]);
  });

  it('refuses a file with missing or doubled columns, an empty file, and a missing file, and imports nothing', async () => {
    await expect(run(csv('employee_id,name,email', '1,A,a@dmschools.example'))).rejects.toThrow(
      'the file is missing columns roles, building, region, job_category, hire_date, manager_email, language; nothing was imported',
    );
    await expect(run(csv(`${HEADER},Email`, '1,A,a@dmschools.example,staff,,,,,,en,b@dmschools.example'))).rejects.toThrow('names the column email twice');
    await expect(run(csv(''))).rejects.toThrow(/the file is empty/);
    await expect(run(csv('', '', ''))).rejects.toThrow(/the file is empty/);
    await expect(run(join(dir, 'nope.csv'))).rejects.toThrow(`no file at ${join(dir, 'nope.csv')}`);
    // A folder is read as a roster extract, and this one is not.
    await expect(run(dir)).rejects.toThrow('has no orgs.csv: expected a OneRoster extract');
    expect(await t.db.person.count()).toBe(0);
  });

  it('accepts a file with only the header, and skips blank rows of commas', async () => {
    expect(await run(csv(HEADER))).toMatchObject({ read: 0, created: 0, rejected: [] });
    expect(await run(csv(HEADER, ',,,,,,,,,', '1,Ana,ana@dmschools.example,staff,,,,,,en', ',,,,,,,,,'))).toMatchObject({ read: 1, created: 1, rejected: [] });
  });

  it('reports malformed CSV lines with their line numbers and still imports the rest', async () => {
    const s = await run(
      csv(
        HEADER,
        '1,Ana,ana@dmschools.example,staff,,,,,,en',
        '2,Smith, Jo,jo@dmschools.example,staff,,,,,,en',
        '3,Kevin "Kev" Obrien,kev@dmschools.example,staff,,,,,,en',
        '4,Short,short@dmschools.example',
        '5,Ben,ben@dmschools.example,staff,,,,,,en',
      ),
    );
    expect(reasonsByLine(s)).toEqual({
      3: 'has 11 fields but the header has 10 (put quotes around a value that contains a comma)',
      4: 'a quote appears inside a value that is not quoted (quote the whole value and write "" for the quote)',
      5: 'has 3 fields but the header has 10 (put quotes around a value that contains a comma)',
    });
    expect(s).toMatchObject({ read: 5, created: 2 });
    expect((await t.db.person.findMany({ orderBy: { employeeId: 'asc' } })).map((p) => p.employeeId)).toEqual(['1', '5']);
  });

  it('refuses a file whose header is not valid CSV', async () => {
    await expect(run(csv('employee_id,"name,email', '1,A,a@dmschools.example'))).rejects.toThrow(/the header \(line 1\) is not valid CSV/);
  });

  it('reports progress and logs counts, never people', async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 1200; i++) lines.push(`${i},Person ${i},person${i}@dmschools.example,staff,,,,,,en`);
    lines.push('x,Broken Row,broken,staff,,,,,,en');
    const seen: ImportProgress[] = [];
    let logged = '';
    const log = createLogger({
      level: 'info',
      destination: new Writable({
        write: (c, _e, done) => {
          logged += String(c);
          done();
        },
      }),
    });
    await run(csv(...lines), { onProgress: (p) => seen.push(p), log });
    expect(seen).toEqual([
      { unit: 'rows', read: 500, imported: 500, rejected: 0 },
      { unit: 'rows', read: 1000, imported: 1000, rejected: 0 },
      { unit: 'rows', read: 1201, imported: 1200, rejected: 1 },
    ]);
    expect(logged).toContain('"created":1200');
    expect(logged).not.toMatch(/dmschools|Person|broken/);
  });

  it('imports 20,000 people, and a re-import updates only the changed ones', async () => {
    const people = (changed: (i: number) => boolean) => {
      const lines = [HEADER];
      for (let i = 0; i < 20_000; i++)
        lines.push(
          `E${i},Person ${i},p${i}@dmschools.example,staff${changed(i) ? ';leader' : ''},School ${changed(i) ? 'B' : 'A'}${i % 60},Region ${i % 4},Teacher,2020-01-01,,${i % 3 ? 'en' : 'es'}`,
        );
      return csv(...lines);
    };
    const first = await run(people(() => false));
    expect(first).toMatchObject({ read: 20_000, created: 20_000, updated: 0, rejected: [] });
    expect(await t.db.person.count()).toBe(20_000);
    expect(await t.db.personRole.count()).toBe(20_000);

    const second = await run(people((i) => i % 10 === 0));
    expect(second).toMatchObject({ read: 20_000, created: 0, updated: 2_000, unchanged: 18_000, rejected: [], notInFile: 0 });
    expect(await t.db.person.count()).toBe(20_000);
    expect(await t.db.personRole.count({ where: { role: 'leader' } })).toBe(2_000);
    expect(await person('E10')).toMatchObject({ building: 'School B10', language: 'en' });
    expect(await person('E11')).toMatchObject({ building: 'School A11' });
  });
});
