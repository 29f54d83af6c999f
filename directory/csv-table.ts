// One CSV file of a roster extract (OneRoster, School Data Sync) or the HR file, read with the
// same reader as the directory CSV (UTF-8 checked first, a BOM is fine, quoted values, a broken
// record costs only its own line): yields each record as its values by column name, with the
// line it starts on, or the line of a broken record and why. Column names are matched as given
// (roster formats' headers are case-sensitive), or normalised when `normalise` is given.
import { basename } from 'node:path';
import { AppError, ErrorCode } from '../core/errors.ts';
import { problemText, readRecords } from './csv-records.ts';
import { checkEncoding, type DirectoryEncoding, readLines } from './text-encoding.ts';

export type TableItem = { kind: 'row'; line: number; get: (column: string) => string } | { kind: 'malformed'; line: number; reason: string };

export interface TableOptions {
  /** Columns that must be in the header; the file is refused otherwise. */
  required: readonly string[];
  encoding?: DirectoryEncoding;
  /** Maps a header name before matching (the HR file's "Employee ID" is employee_id). */
  normalise?: (name: string) => string;
  /** Name of the file in messages (default: its base name). */
  name?: string;
}

/** The header's names (after `normalise`), for telling formats apart. */
export async function readHeaderNames(file: string, normalise: (s: string) => string = (s) => s.trim()): Promise<string[]> {
  for await (const record of readRecords(readLines(file, 'utf-8'), () => undefined)) {
    return record.kind === 'record' ? record.fields.map(normalise) : [];
  }
  return [];
}

export async function* readTable(file: string, opts: TableOptions): AsyncGenerator<TableItem> {
  const name = opts.name ?? basename(file);
  const encoding = opts.encoding ?? 'utf-8';
  const normalise = opts.normalise ?? ((s: string) => s.trim());
  let header: { index: Map<string, number>; fields: number } | undefined;
  try {
    await checkEncoding(file, encoding);
  } catch (e) {
    if (e instanceof AppError) throw new AppError(e.code, `${name}: ${e.message}`, { cause: e });
    throw e;
  }
  for await (const record of readRecords(readLines(file, encoding), () => header?.fields)) {
    if (!header) {
      if (record.kind === 'broken')
        throw new AppError(
          ErrorCode.InvalidInput,
          `${name}: the header (line ${record.line}) is not valid CSV: ${problemText(record.problem, record.fields, 0)}; nothing was imported`,
        );
      const index = new Map<string, number>();
      record.fields.forEach((f, i) => {
        const n = normalise(f);
        if (!index.has(n)) index.set(n, i);
      });
      const missing = opts.required.filter((c) => !index.has(c));
      if (missing.length)
        throw new AppError(
          ErrorCode.InvalidInput,
          `${name} is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (headers are case-sensitive); nothing was imported`,
        );
      header = { index, fields: record.fields.length };
      continue;
    }
    if (record.kind === 'broken') {
      yield { kind: 'malformed', line: record.line, reason: problemText(record.problem, record.fields, header.fields) };
      continue;
    }
    const { index } = header;
    const fields = record.fields;
    yield {
      kind: 'row',
      line: record.line,
      get: (column) => {
        const i = index.get(column);
        return i === undefined ? '' : (fields[i] ?? '').trim();
      },
    };
  }
  if (!header) throw new AppError(ErrorCode.InvalidInput, `${name} is empty: line 1 must be its header; nothing was imported`);
}
