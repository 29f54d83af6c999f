// A directory CSV with a broken line or in the wrong encoding, as HR's exports arrive: a stray
// quote costs exactly its own line (reported by line, every other row imported), and text that
// is not UTF-8 is refused with its line and what to do, or read in the encoding the user names.
// Runs on SQLite, or on PostgreSQL when TEST_DATABASE_URL (or DATABASE_URL) is a postgres:// URL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ImportOptions, type ImportSummary, importDirectory } from '../../directory/import.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.close());

const dir = mkdtempSync(join(tmpdir(), 'dmps-broken-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language';
let files = 0;
const write = (content: string | Buffer) => {
  const file = join(dir, `f${++files}.csv`);
  writeFileSync(file, content);
  return file;
};
const csv = (...lines: string[]) => write(lines.join('\n'));
const run = (file: string, opts: Partial<ImportOptions> = {}) => importDirectory(t.db, file, { defaultLocale: 'en', ...opts });
const person = (employeeId: string) => t.db.person.findUnique({ where: { employeeId } });
const row = (i: number) => `${i},Person ${i},p${i}@dmschools.example,staff,Roosevelt High,West,Teacher,,,en`;
/** A file of the header and `count` rows, row i on line i + 1, with `broken` in place of the row on line `line`. */
const withBrokenLine = (count: number, line: number, broken: string) =>
  csv(HEADER, ...Array.from({ length: count }, (_, k) => (k + 2 === line ? broken : row(k + 2))));
const lines = (s: ImportSummary) => s.rejected.map((r) => r.line);
const imported = (s: ImportSummary) => s.created + s.updated + s.unchanged;

/** Each way one line of an export gets a stray quote or a stray comma, and what the import says. */
const STRAY: [string, string, RegExp][] = [
  ['an unclosed quote', 'x,"Lee,lee@dmschools.example,staff,,,,,,en', /a quote opened on this line is never closed/],
  ['an unclosed quote in the last value', 'x,Lee,lee@dmschools.example,staff,,,,,,"en', /a quote opened on this line is never closed/],
  ['a quote inside an unquoted value', 'x,Kevin "Kev" Obrien,kev@dmschools.example,staff,,,,,,en', /a quote appears inside a value that is not quoted/],
  ['text after a closing quote', 'x,"Lee" Jr,lee@dmschools.example,staff,,,,,,en', /a quoted value is followed by more text/],
  ['a comma outside quotes', 'x,Smith, Jo,jo@dmschools.example,staff,,,,,,en', /has 11 fields but the header has 10/],
];

describe('a broken line in the directory CSV', () => {
  it.each(STRAY)('costs only its own line: %s on line 351 of 451 rows', async (_, broken, reason) => {
    const s = await run(withBrokenLine(451, 351, broken));
    expect(s.rejected).toEqual([{ line: 351, reasons: [expect.stringMatching(reason)] }]);
    expect(s).toMatchObject({ read: 451, created: 450 });
    expect(await t.db.person.count()).toBe(450);
    expect(await person('350')).not.toBeNull();
    expect(await person('351')).toBeNull();
    expect(await person('352')).not.toBeNull();
    expect(await person('452')).not.toBeNull();
  });

  it('reads every row after a stray quote on line 6,001 of 8,001 rows (past the first chunks of the file)', async () => {
    const s = await run(withBrokenLine(8001, 6001, 'x,"O\'Brien, Pat,pat@dmschools.example,staff,,,,,,en'));
    expect(lines(s)).toEqual([6001]);
    expect(s).toMatchObject({ read: 8001, created: 8000 });
    expect(await t.db.person.count()).toBe(8000);
    expect(await person('8002')).not.toBeNull();
  });

  it('reports an unclosed quote on the last line, or the one before it, and keeps the rest', async () => {
    const last = await run(csv(HEADER, row(2), row(3), 'x,"Never closed,nc@dmschools.example,staff,,,,,,en'));
    expect(last.rejected).toEqual([{ line: 4, reasons: [expect.stringMatching(/a quote opened on this line is never closed/)] }]);
    expect(imported(last)).toBe(2);

    const beforeLast = await run(csv(HEADER, row(12), 'x,"Never closed,nc@dmschools.example,staff,,,,,,en', row(14), ''));
    expect(lines(beforeLast)).toEqual([3]);
    expect(await person('14')).not.toBeNull();
  });

  it('still reads quoted line breaks, also right after a broken line and in a Windows (CRLF) file', async () => {
    const multiLine = '5,"Ana\nTorres",ana@dmschools.example,staff,"Hubbell\nElementary",West,Teacher,,,en';
    const s = await run(csv(HEADER, row(2), 'x,"Unclosed,un@dmschools.example,staff,,,,,,en', multiLine, row(6)));
    expect(lines(s)).toEqual([3]);
    expect(await person('5')).toMatchObject({ name: 'Ana\nTorres', building: 'Hubbell\nElementary' });
    expect(await person('6')).not.toBeNull();

    const crlf = await run(
      write([HEADER, 'x,"Unclosed,u@dmschools.example,staff,,,,,,en', '7,"Cy\r\nNg",cy@dmschools.example,staff,,,,,,en', row(9), ''].join('\r\n')),
    );
    expect(lines(crlf)).toEqual([2]);
    expect(await person('7')).toMatchObject({ name: 'Cy\nNg' });
    expect(await person('9')).not.toBeNull();
  });

  it('does not let a quoted value swallow lines that are rows by themselves, or run past 20 lines', async () => {
    // The lines after the quote hold no row of their own, but the quote never closes.
    const s = await run(csv(HEADER, 'x,"Note,n@dmschools.example,staff,,,,,,en', ...Array.from({ length: 30 }, () => 'free text'), row(33)));
    expect(lines(s)).toEqual([2, ...Array.from({ length: 30 }, (_, k) => k + 3)]);
    expect(await person('33')).not.toBeNull();
  });

  it('reports a quoted line break in a row with the wrong number of fields', async () => {
    const s = await run(csv(HEADER, '2,"Ana\nTorres",ana@dmschools.example,staff,,,,,en', row(4)));
    expect(s.rejected[0]).toEqual({ line: 2, reasons: [expect.stringMatching(/runs onto the next line, but the row then has 9 fields, not the header's 10/)] });
    expect(await person('4')).not.toBeNull();
  });

  it('reads a file with old Mac line endings (a lone CR) and numbers its lines', async () => {
    const s = await run(write([HEADER, row(2), '3,Bad,bad,staff,,,,,,en', row(4)].join('\r')));
    expect(lines(s)).toEqual([3]);
    expect(imported(s)).toBe(2);
  });

  it('reports a line too long to be a row and reads on', async () => {
    const s = await run(csv(HEADER, row(2), `3,${'x'.repeat(100_000)},x@dmschools.example,staff,,,,,,en`, row(4)));
    expect(s.rejected).toEqual([{ line: 3, reasons: ['the line is longer than 65,536 characters'] }]);
    expect(imported(s)).toBe(2);
  });
});

describe('the text encoding of the directory CSV', () => {
  const latin1 = () =>
    write(Buffer.concat([Buffer.from(`${HEADER}\n${row(2)}\n3,Jos`), Buffer.from([0xe9]), Buffer.from(' Nunez,jose@dmschools.example,staff,,,,,,es\n')]));

  it('refuses a Latin-1 file, naming the line and what to do, and imports nothing', async () => {
    await expect(run(latin1())).rejects.toThrow(
      'line 3 is not valid UTF-8 (byte 0xE9, which is "é" in Windows-1252): the file looks like Latin-1 or Windows-1252, as Excel\'s plain "CSV (Comma delimited)" saves it; nothing was imported. Save it again as "CSV UTF-8 (Comma delimited) (*.csv)", or import it as it is with --encoding windows-1252 (or --encoding latin1)',
    );
    expect(await t.db.person.count()).toBe(0);
  });

  it('reads a Latin-1 file when told its encoding', async () => {
    const s = await run(latin1(), { encoding: 'windows-1252' });
    expect(s).toMatchObject({ created: 2, rejected: [] });
    expect((await person('3'))?.name).toBe('José Nunez');
  });

  it('reads Windows-1252 smart quotes, apostrophes, dashes and the euro sign', async () => {
    // “Kev” O’Brien – €: the bytes Excel on Windows writes, which Latin-1 would read as controls.
    const name = Buffer.from([0x93, ...Buffer.from('Kev'), 0x94, ...Buffer.from(' O'), 0x92, ...Buffer.from('Brien '), 0x96, 0x20, 0x80]);
    const file = write(Buffer.concat([Buffer.from(`${HEADER}\n2,`), name, Buffer.from(',kev@dmschools.example,staff,,,,,,en\n')]));
    await expect(run(file)).rejects.toThrow(/^line 2 is not valid UTF-8 \(byte 0x93, which is "“" in Windows-1252\)/);
    await run(file, { encoding: 'windows-1252' });
    expect((await person('2'))?.name).toBe('“Kev” O’Brien – €');
  });

  it('reads UTF-8 with or without a byte-order mark, and refuses to read UTF-8 as Windows-1252', async () => {
    const utf8 = `${HEADER}\n2,José Núñez,jose@dmschools.example,staff,,,,,,es\n`;
    expect(await run(write(`\uFEFF${utf8}`))).toMatchObject({ created: 1, rejected: [] });
    expect((await person('2'))?.name).toBe('José Núñez');
    expect(await run(write(utf8))).toMatchObject({ unchanged: 1 });
    await expect(run(write(utf8), { encoding: 'windows-1252' })).rejects.toThrow(
      'the file is UTF-8 (line 2 has a UTF-8 character), so reading it as Windows-1252 would garble its accents; nothing was imported. Import it without --encoding',
    );
  });

  it('refuses a file mixing UTF-8 and Latin-1 lines in either encoding, since neither reads it right', async () => {
    const mixed = write(
      Buffer.concat([
        Buffer.from(`${HEADER}\n2,Núñez,n@dmschools.example,staff,,,,,,es\n3,Jos`),
        Buffer.from([0xe9]),
        Buffer.from(',j@dmschools.example,staff,,,,,,es\n'),
      ]),
    );
    const message =
      /^line 3 is not valid UTF-8 \(byte 0xE9\), but line 2 is: the file mixes two encodings, so no single one reads it right; nothing was imported/;
    await expect(run(mixed)).rejects.toThrow(message);
    await expect(run(mixed, { encoding: 'windows-1252' })).rejects.toThrow(message);
    expect(await t.db.person.count()).toBe(0);
  });

  it('refuses a header whose quote never closes, and imports nothing', async () => {
    await expect(run(csv('employee_id,"name,email', '1,A,a@dmschools.example'))).rejects.toThrow(
      'the header (line 1) is not valid CSV: a quote opened on this line is never closed (write "" for a quote inside a quoted value); nothing was imported',
    );
  });

  it('refuses invalid UTF-8 deep in a big file before importing any of it', async () => {
    const body = Array.from({ length: 3000 }, (_, k) => row(k + 2)).join('\n');
    const file = write(
      Buffer.concat([Buffer.from(`${HEADER}\n${body}\n9999,Bad `), Buffer.from([0xc3, 0x28]), Buffer.from(',bad@dmschools.example,staff,,,,,,en\n')]),
    );
    await expect(run(file)).rejects.toThrow(/^line 3002 is not valid UTF-8 \(byte 0xC3/);
    expect(await t.db.person.count()).toBe(0);
  });

  it('refuses UTF-16 (with its byte-order mark), a NUL byte and an Excel workbook, importing nothing', async () => {
    const utf16 = write(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n${row(2)}\n`, 'utf16le')]));
    await expect(run(utf16)).rejects.toThrow(/^the file is UTF-16 text \(what Excel saves as "Unicode Text"\), not a UTF-8 CSV; nothing was imported/);
    await expect(run(write(`${HEADER}\n${row(2)}\n3,A\0B,a@dmschools.example,staff,,,,,,en\n`))).rejects.toThrow(/^line 3 holds a NUL byte/);
    await expect(run(write(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])))).rejects.toThrow(/^the file is an Excel workbook, not a CSV file/);
    expect(await t.db.person.count()).toBe(0);
  });
});

/** A value as HR data holds it: words, with commas, quotes and line breaks inside (never at the ends). */
const word = fc.stringMatching(/^[A-Za-zÀ-ÿ]{1,8}$/);
const value = fc
  .tuple(word, fc.array(fc.tuple(fc.constantFrom(' ', ', ', ' "', '" ', '\n', '\r\n', '-', "'"), word), { maxLength: 3 }))
  .map(([first, rest]) => first + rest.map(([sep, w]) => sep + w).join(''));
const plainValue = word;
const quoted = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

type Person = { name: string; building: string; job: string };
const aPerson = fc.record({ name: value, building: value, job: value });
const aLine = (id: string, p: Person) =>
  [id, quoted(p.name), `${id}@dmschools.example`, 'staff', quoted(p.building), 'West', quoted(p.job), '', '', 'en'].join(',');

/** Ways to break one line that has no line break of its own. */
const aBreak = fc.oneof(
  fc.record({ kind: fc.constant('unclosed' as const), field: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('quote inside' as const), field: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('text after quote' as const), field: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('fields' as const), field: fc.integer({ min: 0, max: 9 }), extra: fc.boolean() }),
);
const breakLine = (fields: string[], b: { kind: string; field: number; extra?: boolean }) => {
  const f = [...fields];
  const v = f[b.field] ?? '';
  if (b.kind === 'unclosed') f[b.field] = `"${v}`;
  else if (b.kind === 'quote inside') f[b.field] = `${v}x"y`;
  else if (b.kind === 'text after quote') f[b.field] = `"${v}"z`;
  else if (b.extra) f.splice(b.field, 0, 'extra');
  else f.splice(b.field, 1);
  return f.join(',');
};

describe('a property: one randomly broken line among random valid rows', () => {
  it('is the one line reported, and every other row is imported as written', async () => {
    let run_ = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(aPerson, { minLength: 1, maxLength: 25 }),
        fc.nat(),
        fc.record({ name: plainValue, building: plainValue, job: plainValue }),
        aBreak,
        async (people, at, victim, b) => {
          const prefix = `r${++run_}-`;
          const position = at % (people.length + 1);
          const brokenFields = aLine(`${prefix}broken`, victim).split(',');
          const out: string[] = [HEADER];
          let brokenLine = 0;
          people.forEach((p, k) => {
            if (k === position) brokenLine = out.join('\n').split(/\r\n|\n/).length + 1;
            if (k === position) out.push(breakLine(brokenFields, b));
            out.push(aLine(`${prefix}${k}`, p));
          });
          if (position === people.length) {
            brokenLine = out.join('\n').split(/\r\n|\n/).length + 1;
            out.push(breakLine(brokenFields, b));
          }
          const s = await run(csv(...out));
          expect(lines(s)).toEqual([brokenLine]);
          expect(s.created).toBe(people.length);
          const stored = await t.db.person.findMany({ where: { employeeId: { startsWith: prefix } } });
          const byId = new Map(stored.map((p) => [p.employeeId, p]));
          people.forEach((p, k) => {
            const got = byId.get(`${prefix}${k}`);
            // A CRLF inside quotes is stored as a plain line break.
            const nl = (x: string) => x.replaceAll('\r\n', '\n');
            expect(got).toMatchObject({ name: nl(p.name), building: nl(p.building), jobCategory: nl(p.job) });
          });
          expect(byId.has(`${prefix}broken`)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});
