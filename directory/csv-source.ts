// Reads the directory CSV as a stream: checks the file's encoding (text-encoding.ts), then the
// header, then yields each row with the line it starts on in the file (1 = the header, lines
// as an editor numbers them), or the line of a malformed record and why. A malformed record is
// reported and skipped and every other row is still read: a stray quote costs only its own
// line, by the recovery rule in csv-records.ts (a quoted value may hold line breaks only if it
// closes within 20 lines, before any line that is a complete row on its own, and the row then
// ends properly; otherwise its line is reported and reading goes on at the next line).
import { stat } from 'node:fs/promises';
import { AppError, ErrorCode } from '../core/errors.ts';
import { problemText, readRecords } from './csv-records.ts';
import { type DirectoryColumn, normalizeColumnName, REQUIRED_COLUMNS } from './csv-row.ts';
import { checkEncoding, type DirectoryEncoding, readLines } from './text-encoding.ts';

export type CsvItem =
  /** First, once: the columns the file has beyond the directory's (they are ignored). */
  | { kind: 'header'; ignoredColumns: string[] }
  | { kind: 'row'; line: number; values: Record<DirectoryColumn, string> }
  | { kind: 'malformed'; line: number; reason: string };

/** Maps the header to the directory's columns; refuses the file when one is missing or doubled. */
function readHeader(fields: string[]): { index: Map<DirectoryColumn, number>; ignoredColumns: string[] } {
  const index = new Map<DirectoryColumn, number>();
  const ignoredColumns: string[] = [];
  fields.forEach((raw, i) => {
    const name = normalizeColumnName(raw);
    const known = (REQUIRED_COLUMNS as readonly string[]).includes(name) ? (name as DirectoryColumn) : undefined;
    if (!known) ignoredColumns.push(name || `(unnamed column ${i + 1})`);
    else if (index.has(known)) throw new AppError(ErrorCode.InvalidInput, `the header names the column ${known} twice; nothing was imported`);
    else index.set(known, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length)
    throw new AppError(
      ErrorCode.InvalidInput,
      `the file is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; nothing was imported (line 1 must be the header: ${REQUIRED_COLUMNS.join(',')})`,
    );
  return { index, ignoredColumns };
}

export async function* readDirectoryCsv(file: string, encoding: DirectoryEncoding = 'utf-8'): AsyncGenerator<CsvItem> {
  const info = await stat(file).catch((cause: NodeJS.ErrnoException) => {
    throw new AppError(ErrorCode.NotFound, cause.code === 'ENOENT' ? `no file at ${file}` : `cannot read ${file}: ${cause.message}`, { cause });
  });
  if (!info.isFile()) throw new AppError(ErrorCode.InvalidInput, `${file} is not a file`);

  let header: (ReturnType<typeof readHeader> & { fields: number }) | undefined;
  try {
    await checkEncoding(file, encoding);
    for await (const record of readRecords(readLines(file, encoding), () => header?.fields)) {
      if (!header) {
        if (record.kind === 'broken')
          throw new AppError(
            ErrorCode.InvalidInput,
            `the header (line ${record.line}) is not valid CSV: ${problemText(record.problem, record.fields, 0)}; nothing was imported`,
          );
        header = { ...readHeader(record.fields), fields: record.fields.length };
        yield { kind: 'header', ignoredColumns: header.ignoredColumns };
      } else if (record.kind === 'broken') {
        yield { kind: 'malformed', line: record.line, reason: problemText(record.problem, record.fields, header.fields) };
      } else {
        const values = {} as Record<DirectoryColumn, string>;
        for (const [column, i] of header.index) values[column] = record.fields[i] ?? '';
        yield { kind: 'row', line: record.line, values };
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(ErrorCode.InvalidInput, `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (!header) throw new AppError(ErrorCode.InvalidInput, `the file is empty: line 1 must be the header ${REQUIRED_COLUMNS.join(',')}`);
}
