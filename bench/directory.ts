// `npm run bench:directory`: writes a OneRoster 1.1 extract as Infinite Campus exports it
// (manifest.csv, orgs.csv of 60 schools in 5 regions, users.csv of BENCH_STAFF staff, default
// 6,000, plus BENCH_STUDENTS students to skip, default 30,000), imports it into a throwaway
// SQLite database through `people import`'s own code (directory/import.ts), then imports it
// again with 2% of the staff changed (building, name or role) and times both. Prints one JSON
// line. Goals on this machine: the first import under 20 s, the repeat under 5 s.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../core/db.ts';
import { importDirectory } from '../directory/import.ts';

const STAFF = Number(process.env.BENCH_STAFF ?? 6000);
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 30_000);
const ROLES = ['teacher', 'teacher', 'teacher', 'aide', 'paraprofessional', 'counselor', 'principal', 'administrator'];

const root = mkdtempSync(join(tmpdir(), 'bench-directory-'));

function writeExtract(name: string, changed: (i: number) => boolean): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'manifest.csv'),
    [
      '"propertyName","value"',
      '"manifest.version","1.0"',
      '"oneroster.version","1.1"',
      '"file.orgs","bulk"',
      '"file.users","bulk"',
      '"source.systemName","Infinite Campus"',
    ].join('\r\n'),
  );
  const orgs = ['sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId', 'D,active,2026-11-01,Des Moines Public Schools,district,DMPS,'];
  for (let r = 0; r < 5; r++) orgs.push(`R${r},active,2026-11-01,Region ${r},local,R${r},D`);
  for (let s = 0; s < 60; s++) orgs.push(`S${s},active,2026-11-01,"School ${s}, Des Moines",school,${1000 + s},R${s % 5}`);
  writeFileSync(join(dir, 'orgs.csv'), `\uFEFF${orgs.join('\r\n')}`);
  const users = [
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
  ];
  const total = STAFF + STUDENTS;
  let staff = 0;
  for (let i = 0; i < total; i++) {
    // Students and staff interleaved, as a SIS lists them.
    const isStaff = staff < STAFF && (i % Math.ceil(total / STAFF) === 0 || total - i <= STAFF - staff);
    if (isStaff) {
      const n = staff++;
      const c = changed(n);
      const role = ROLES[(n + (c ? 1 : 0)) % ROLES.length];
      const school = (n + (c ? 7 : 0)) % 60;
      users.push(
        `u${n},active,2026-11-01,true,"S${school},S${(school + 1) % 60}",${role},staff${n},,Given${n},${c ? 'Changed' : 'Family'}${n},,${100000 + n},staff${n}@dmschools.example,,,,,`,
      );
    } else
      users.push(
        `s${i},active,2026-11-01,true,S${i % 60},student,stu${i},,Kid${i},Family${i},,${900000 + i},stu${i}@students.dmschools.example,,,,${String(i % 12).padStart(2, '0')},`,
      );
  }
  writeFileSync(join(dir, 'users.csv'), users.join('\r\n'));
  return dir;
}

async function main() {
  const first = writeExtract('first', () => false);
  const second = writeExtract('second', (i) => i % 50 === 0);
  const { db, close } = await openDatabase(`file:${join(root, 'bench.db')}`);
  try {
    const t0 = performance.now();
    const a = await importDirectory(db, first, { defaultLocale: 'en', batchSize: 1000 });
    const firstMs = performance.now() - t0;
    const t1 = performance.now();
    const b = await importDirectory(db, second, { defaultLocale: 'en', batchSize: 1000 });
    const repeatMs = performance.now() - t1;
    const ok = a.created === STAFF && a.rejected.length === 0 && b.updated === STAFF / 50 && b.created === 0;
    console.log(
      JSON.stringify({
        bench: 'directory',
        format: a.format,
        staff: STAFF,
        students: STUDENTS,
        first: { ms: Math.round(firstMs), created: a.created, skipped: a.skipped, rejected: a.rejected.length },
        repeat: { ms: Math.round(repeatMs), updated: b.updated, unchanged: b.unchanged },
        goals: { firstMs: 20_000, repeatMs: 5_000, met: firstMs < 20_000 && repeatMs < 5_000 },
        ok,
      }),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await close();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
