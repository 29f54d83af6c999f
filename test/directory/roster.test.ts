// Importing the district's roster extracts: OneRoster 1.1 (what Infinite Campus exports, as a
// folder and as its zip), OneRoster 1.2 and School Data Sync v2.1, built from the published
// headers with a byte-order mark, quoted values, a broken row and students to skip; the HR file
// merged in; people who leave becoming inactive and coming back. Runs on SQLite, or on
// PostgreSQL when DATABASE_URL is a postgres:// URL.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ImportOptions, type ImportSummary, importDirectory } from '../../directory/import.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.close());

const root = mkdtempSync(join(tmpdir(), 'dmps-roster-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const BOM = '\uFEFF';
/** Writes the files (name → lines) in a new folder, each with a BOM, and returns the folder. */
const extract = (files: Record<string, string[]>) => {
  const dir = join(root, `x${++folders}`);
  mkdirSync(dir);
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), BOM + lines.join('\r\n'));
  return dir;
};
const file = (name: string, ...lines: string[]) => {
  const dir = join(root, `f${++folders}`);
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
};

const NOW = new Date('2026-12-01T12:00:00Z');
const run = (path: string, opts: Partial<ImportOptions> = {}) => importDirectory(t.db, path, { defaultLocale: 'en', now: NOW, ...opts });
const person = (employeeId: string) => t.db.person.findUnique({ where: { employeeId }, include: { roles: true } });
const rolesOf = async (employeeId: string) => (await person(employeeId))?.roles.map((r) => r.role).sort();
const refusals = (s: ImportSummary) => s.rejected.map((r) => `${r.file} ${r.line}: ${r.reasons.join(' | ')}`);

const MANIFEST_11 = [
  '"propertyName","value"',
  '"manifest.version","1.0"',
  '"oneroster.version","1.1"',
  '"file.academicSessions","absent"',
  '"file.orgs","bulk"',
  '"file.users","bulk"',
  '"source.systemName","Infinite Campus"',
];
const ORGS_11 = [
  'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
  'D1,active,2026-11-01T00:00:00.000Z,Des Moines Public Schools,district,DMPS,',
  'R1,active,2026-11-01T00:00:00.000Z,West Region,local,W,D1',
  'S1,active,2026-11-01T00:00:00.000Z,Roosevelt High,school,0101,R1',
  'S2,active,2026-11-01T00:00:00.000Z,"Hubbell Elementary, West",school,0102,R1',
  'S3,active,2026-11-01T00:00:00.000Z,Central Academy,school,0103,D1',
];
const USERS_11_HEADER =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password';
const USERS_11 = [
  USERS_11_HEADER,
  'u-1,active,2026-11-01,true,"S1,S2",teacher,atorres,,Ana,Torres,,100001,Ana.Torres@DMSchools.example,,,,,',
  'u-2,active,2026-11-01,true,S2,principal,cly,,Cam,"Ly, Jr.",,100002,cam.ly@dmschools.example,,,,,',
  'u-3,active,2026-11-01,true,S3,aide,bruiz,,Ben,Ruiz,,100003,ben.ruiz@dmschools.example,,,,,',
  's-1,active,2026-11-01,true,S1,student,kid1,,Kid,One,,900001,kid1@students.dmschools.example,,,,09,',
  's-2,active,2026-11-01,true,S1,student,kid2,,Kid,Two,,900002,,,,,10,',
  'g-1,active,2026-11-01,true,S1,guardian,mom,,Pat,Parent,,,pat@home.example,,,s-1,,',
  'u-4,active,2026-11-01,true,S1,teacher,broken,,"Unclosed,Quote,,100004,broken@dmschools.example,,,,,',
  'u-5,active,2026-11-01,true,S1,wizard,merlin,,Mer,Lin,,100005,merlin@dmschools.example,,,,,',
  'u-6,tobedeleted,2026-11-01,true,S1,teacher,gone,,Long,Gone,,100006,gone@dmschools.example,,,,,',
];

describe('importing a OneRoster 1.1 extract (Infinite Campus)', () => {
  it('imports the staff with buildings, regions and mapped roles, skips and counts students and guardians, refuses the broken and unmapped rows by line', async () => {
    const s = await run(extract({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS_11, 'users.csv': USERS_11 }));
    expect(s).toMatchObject({ format: 'oneroster-1.1', created: 3, updated: 0, deactivated: 0, skipped: { student: 2, guardian: 1 } });
    expect(refusals(s)).toEqual([
      'users.csv 8: a quote opened on this line is never closed (write "" for a quote inside a quoted value); the next line was read as a new row',
      'users.csv 9: role "wizard" is not in the role map (add it with --role-map; see people import --help)',
    ]);
    expect(await person('100001')).toMatchObject({
      name: 'Ana Torres',
      email: 'ana.torres@dmschools.example',
      building: 'Roosevelt High',
      region: 'West Region',
      jobCategory: 'teacher',
      inactiveAt: null,
    });
    expect(await person('100002')).toMatchObject({ name: 'Cam Ly, Jr.', building: 'Hubbell Elementary, West', region: 'West Region' });
    expect(await rolesOf('100002')).toEqual(['hiring_manager', 'leader', 'staff']);
    // A school right under the district has no region.
    expect(await person('100003')).toMatchObject({ building: 'Central Academy', region: null });
    // A student never becomes a person, nor someone deleted before we ever had them.
    expect(await t.db.person.count()).toBe(3);
  });

  it('reads the same extract from its zip, and a second import changes nothing', async () => {
    const dir = extract({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS_11, 'users.csv': USERS_11 });
    const zip = new AdmZip();
    for (const name of ['manifest.csv', 'orgs.csv', 'users.csv']) zip.addLocalFile(join(dir, name), 'oneroster');
    const zipFile = join(root, 'campus.zip');
    zip.writeZip(zipFile);
    expect(await run(zipFile)).toMatchObject({ format: 'oneroster-1.1', created: 3 });
    expect(await run(zipFile)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('makes a person deleted in the roster inactive, keeps them, and a later extract that has them makes them active again', async () => {
    const dir = extract({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS_11, 'users.csv': USERS_11 });
    await run(dir);
    const leaving = USERS_11.map((l) => (l.startsWith('u-3,') ? l.replace('u-3,active', 'u-3,tobedeleted') : l));
    const s = await run(extract({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS_11, 'users.csv': leaving }));
    expect(s).toMatchObject({ deactivated: 1, reactivated: 0 });
    expect((await person('100003'))?.inactiveAt).toEqual(NOW);
    const back = await run(dir, { now: new Date('2027-01-05T00:00:00Z') });
    expect(back).toMatchObject({ deactivated: 0, reactivated: 1 });
    expect((await person('100003'))?.inactiveAt).toBeNull();
  });

  it('refuses --full on a delta extract, which lists only changes', async () => {
    const manifest = MANIFEST_11.map((l) => (l.startsWith('"file.users"') ? '"file.users","delta"' : l));
    await expect(run(extract({ 'manifest.csv': manifest, 'orgs.csv': ORGS_11, 'users.csv': USERS_11 }), { full: true })).rejects.toThrow('is a delta');
    expect(await t.db.person.count()).toBe(0);
  });

  it('refuses a folder that is no known extract, and a roster file given on its own', async () => {
    await expect(run(extract({ 'orgs.csv': ORGS_11, 'users.csv': ['sourcedId,name', 'x,y'] }))).rejects.toThrow('is not a OneRoster extract');
    await expect(run(join(extract({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS_11, 'users.csv': USERS_11 }), 'users.csv'))).rejects.toThrow(
      'is one file of a roster extract; import its folder or zip',
    );
    await expect(
      run(extract({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS_11, 'users.csv': ['sourcedId,status,role', 'u,active,teacher'] })),
    ).rejects.toThrow('users.csv is missing columns orgSourcedIds, givenName, familyName, email (headers are case-sensitive); nothing was imported');
    expect(await t.db.person.count()).toBe(0);
  });

  it('takes a district role map: paraprofessional is ours, and a mapped role becomes importable', async () => {
    const map = file('roles.csv', 'source_role,roles', 'wizard,staff;communications', 'aide,skip');
    const s = await run(extract({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS_11, 'users.csv': USERS_11 }), { roleMapFile: map });
    expect(s).toMatchObject({ created: 3, skipped: { student: 2, guardian: 1, aide: 1 } });
    expect(await rolesOf('100005')).toEqual(['communications', 'staff']);
    await expect(
      run(extract({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS_11, 'users.csv': USERS_11 }), {
        roleMapFile: file('bad.csv', 'source_role,roles', 'wizard,sorcerer'),
      }),
    ).rejects.toThrow('line 2: roles must be');
  });
});

const MANIFEST_12 = ['propertyName,value', 'manifest.version,1.0', 'oneroster.version,1.2', 'file.orgs,bulk', 'file.users,bulk', 'file.roles,bulk'];
const USERS_12 = [
  'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrg,pronouns',
  'u-1,active,2026-11-01,true,atorres,,Ana,Torres,,100001,ana.torres@dmschools.example,,,,,,,,Annie,,,,she/her',
  'u-2,active,2026-11-01,true,mgomez,,Maria,Gomez,,100002,maria.gomez@dmschools.example,,,,,,,,,,,,',
  'u-3,active,2026-11-01,true,kid,,Kid,One,,900001,kid@students.dmschools.example,,,,09,,,,,,,,',
  'u-4,active,2026-11-01,true,norole,,No,Role,,100004,no.role@dmschools.example,,,,,,,,,,,,',
  'u-5,active,2026-11-01,true,broken,,Too,Many,,100005,x@dmschools.example,,,,,,,,,,,,,extra',
];
const ROLES_12_HEADER = 'sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId,userProfileSourcedId,beginDate,endDate';

describe('importing a OneRoster 1.2 extract (roles in roles.csv)', () => {
  it('reads roles from roles.csv: the primary org is the building, secondary roles add ours, ended roles make the person inactive', async () => {
    const roles = (mariaEnd: string) => [
      ROLES_12_HEADER,
      'r1,active,2026-11-01,u-1,primary,teacher,S1,,2020-08-01,',
      'r2,active,2026-11-01,u-1,secondary,siteAdministrator,S2,,2024-08-01,',
      `r3,active,2026-11-01,u-2,primary,districtAdministrator,D1,,2019-07-01,${mariaEnd}`,
      'r4,active,2026-11-01,u-3,primary,student,S1,,2025-08-20,',
    ];
    const first = await run(extract({ 'manifest.csv': MANIFEST_12, 'orgs.csv': ORGS_11, 'users.csv': USERS_12, 'roles.csv': roles('') }));
    expect(first).toMatchObject({ format: 'oneroster-1.2', created: 2, skipped: { student: 1 } });
    expect(refusals(first)).toEqual([
      'users.csv 5: user u-4 has no role in roles.csv',
      expect.stringMatching(/^users\.csv 6: has 24 fields but the header has 23/),
    ]);
    expect(await person('100001')).toMatchObject({ name: 'Annie Torres', building: 'Roosevelt High', region: 'West Region', jobCategory: 'teacher' });
    expect(await rolesOf('100001')).toEqual(['leader', 'staff']);
    expect(await person('100002')).toMatchObject({ building: 'Des Moines Public Schools', region: null });

    const ended = await run(extract({ 'manifest.csv': MANIFEST_12, 'orgs.csv': ORGS_11, 'users.csv': USERS_12, 'roles.csv': roles('2026-06-30') }));
    expect(ended).toMatchObject({ deactivated: 1 });
    expect((await person('100002'))?.inactiveAt).toEqual(NOW);
  });

  it('is recognised without a manifest by its roles.csv', async () => {
    const s = await run(
      extract({ 'orgs.csv': ORGS_11, 'users.csv': USERS_12, 'roles.csv': [ROLES_12_HEADER, 'r1,active,2026-11-01,u-1,primary,teacher,S1,,,'] }),
    );
    expect(s).toMatchObject({ format: 'oneroster-1.2', created: 1 });
  });
});

describe('importing a School Data Sync v2.1 folder', () => {
  const ORGS = ['sourcedId,name,type,parentSourcedId', 'd,Des Moines Public Schools,district,', 'n,North Region,region,d', 'h,"Hoover High",school,n'];
  const USERS = [
    'sourcedId,username,givenName,familyName,password,activeDirectoryMatchId,email,phone,sms',
    'sds-1,ben.ruiz@dmschools.example,Ben,Ruiz,,,,,',
    'sds-2,lee,Lee,"Nguyen ""Coach""",,,lee.nguyen@dmschools.example,,',
    'sds-3,kid@students.dmschools.example,Kid,Three,,,,,',
  ];
  const ROLES = [
    'userSourcedId,orgSourcedId,role,sessionSourcedIds,isPrimary,roleStartDate,roleEndDate',
    'sds-1,h,teacher,,true,2023-08-01,',
    'sds-2,h,aide,,true,2023-08-01,',
    'sds-2,h,counselor,,false,2023-08-01,',
    'sds-3,h,student,,true,2025-08-01,',
  ];
  it('imports staff by sourcedId, takes the username when there is no email, and skips students', async () => {
    const s = await run(extract({ 'orgs.csv': ORGS, 'users.csv': USERS, 'roles.csv': ROLES }));
    expect(s).toMatchObject({ format: 'sds-2.1', created: 2, rejected: [], skipped: { student: 1 } });
    expect(await person('sds-1')).toMatchObject({ email: 'ben.ruiz@dmschools.example', building: 'Hoover High', region: 'North Region' });
    expect(await person('sds-2')).toMatchObject({ name: 'Lee Nguyen "Coach"', jobCategory: 'aide' });
  });
});

describe('merging the HR file', () => {
  it('adds hire date, manager, job category, language and roles by employee id or email, and reports the rows it could not use by line', async () => {
    const hr = file(
      'hr.csv',
      'Employee ID,Email,Hire Date,Manager Email,Job Category,Language,Roles',
      '100001,,2020-08-01,cam.ly@dmschools.example,Science Teacher,es,',
      ',BEN.RUIZ@dmschools.example,2024-02-29,,,ar,communications',
      '100002,,2024-02-30,,,,',
      '999999,,2021-01-01,,,,',
      '100001,,2022-01-01,,,,',
    );
    const s = await run(extract({ 'manifest.csv': MANIFEST_11, 'orgs.csv': ORGS_11, 'users.csv': USERS_11 }), { hrFile: hr });
    expect(s).toMatchObject({ created: 3, hrMerged: 2 });
    expect(refusals(s).filter((r) => r.startsWith('hr.csv'))).toEqual([
      'hr.csv 4: hire_date "2024-02-30" is not a real date in the form YYYY-MM-DD',
      'hr.csv 5: matches nobody in the import by employee_id or email (the HR file adds no people)',
      'hr.csv 6: employee_id 100001 already appears on line 2',
    ]);
    const ana = await person('100001');
    expect(ana).toMatchObject({ jobCategory: 'Science Teacher', managerEmail: 'cam.ly@dmschools.example', language: 'es', building: 'Roosevelt High' });
    expect(ana?.hireDate?.toISOString().slice(0, 10)).toBe('2020-08-01');
    expect(await person('100003')).toMatchObject({ language: 'ar', jobCategory: 'aide' });
    expect(await rolesOf('100003')).toEqual(['communications', 'staff']);
    // Cam's bad HR row cost only that row: Cam is in, as the roster has them.
    expect(await person('100002')).toMatchObject({ hireDate: null });
  });
});

const HEADER = 'employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language';
const ROWS = ['1,Ana Torres,ana@dmschools.example,staff,,,,,,', '2,Ben Ruiz,ben@dmschools.example,staff,,,,,,', '3,Cam Ly,cam@dmschools.example,staff,,,,,,'];

describe('people who leave: --full and --dry-run', () => {
  it('a dry run counts what a full import would change and writes nothing', async () => {
    await run(file('all.csv', HEADER, ...ROWS));
    const s = await run(
      file('two.csv', HEADER, ROWS[0] as string, '2,Ben Ruiz,ben.ruiz@dmschools.example,staff,,,,,,', '4,Dee New,dee@dmschools.example,staff,,,,,,'),
      {
        full: true,
        dryRun: true,
      },
    );
    expect(s).toMatchObject({ dryRun: true, created: 1, updated: 1, unchanged: 1, deactivated: 1 });
    expect(await t.db.person.count()).toBe(3);
    expect(await t.db.person.count({ where: { inactiveAt: { not: null } } })).toBe(0);
    expect((await person('2'))?.email).toBe('ben@dmschools.example');
  });

  it('a full import makes whoever it does not mention inactive, keeps them, and the next import that has them brings them back', async () => {
    await run(file('all.csv', HEADER, ...ROWS));
    const s = await run(file('two.csv', HEADER, ...ROWS.slice(0, 2)), { full: true });
    expect(s).toMatchObject({ deactivated: 1, notInFile: 1 });
    expect((await person('3'))?.inactiveAt).toEqual(NOW);
    // Without --full, missing people are only counted.
    expect(await run(file('one.csv', HEADER, ROWS[0] as string))).toMatchObject({ deactivated: 0, notInFile: 2 });
    expect(await run(file('all.csv', HEADER, ...ROWS))).toMatchObject({ reactivated: 1 });
    expect(await t.db.person.count({ where: { inactiveAt: null } })).toBe(3);
  });

  it('a full import with a line it could not read makes nobody inactive, since that line might be anyone', async () => {
    await run(file('all.csv', HEADER, ...ROWS));
    const s = await run(file('broken.csv', HEADER, ROWS[0] as string, '"2,Ben Ruiz,ben@dmschools.example,staff,,,,,,'), { full: true });
    expect(s).toMatchObject({ deactivated: 0, fullRefused: '1 record could not be read, and any of them might be someone who is missing' });
    expect(await t.db.person.count({ where: { inactiveAt: null } })).toBe(3);
  });
});
