// Reads the directory CSV as a stream: checks the header, then yields each row with the line it
// starts on in the file (1 = the header), or the line of a malformed record and why. csv-parse
// counts lines itself, but miscounts after a CRLF inside quotes; so the lines here come from
// the byte offsets of the file's own line breaks. A malformed line is reported and skipped;
// after a broken quoted value reading stops there (see RESUMES).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import { AppError, ErrorCode } from '../core/errors.ts';
import { normalizeColumnName, REQUIRED_COLUMNS, type DirectoryColumn } from './csv-row.ts';

export type CsvItem =
  /** First, once: the columns the file has beyond the directory's (they are ignored). */
  | { kind: 'header'; ignoredColumns: string[] }
  | { kind: 'row'; line: number; values: Record<DirectoryColumn, string> }
  | { kind: 'malformed'; line: number; reason: string };

type Skipped = { line: number; error: CsvError };

/** Byte offsets of every "\n" seen so far, to turn csv-parse's byte counts into line numbers. */
class LineBreaks extends Transform {
  private readonly offsets: number[] = [];
  private seen = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.offsets.push(this.seen + i);
    this.seen += chunk.length;
    done(null, chunk);
  }

  /** The line holding the last byte before `end` (a record's end, its line break included). */
  lineEndingAt(end: number): number {
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid]! < end - 1) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }
}

const newlines = (fields: string[]) => fields.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);

/**
 * After these, csv-parse drops the record and goes on at the next line. After any other error
 * (a broken quoted value) it resumes in the middle of a record, so reading stops at that line
 * rather than guess at the rest: the rows before it are imported and the line is reported.
 */
const RESUMES = new Set<string>(['CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', 'INVALID_OPENING_QUOTE']);
const stopsReading = (e: CsvError) => !RESUMES.has(e.code);

function malformedReason(e: CsvError, columns: number): string {
  const stopped = stopsReading(e) ? '; reading stopped here, so the rows after it were not imported (fix this line and import the file again)' : '';
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const got = Array.isArray(e.record) ? e.record.length : undefined;
      return `has ${got ?? 'a different number of'} fields but the header has ${columns} (put quotes around a value that contains a comma)`;
    }
    case 'INVALID_OPENING_QUOTE':
      return 'a quote appears inside a value that is not quoted (quote the whole value and write "" for the quote)';
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quote opened on this line is never closed${stopped}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `a quoted value is followed by more text before the next comma (write "" for a quote inside a quoted value)${stopped}`;
    default:
      return `is not valid CSV (${e.message})${stopped}`;
  }
}

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

export async function* readDirectoryCsv(file: string): AsyncGenerator<CsvItem> {
  const info = await stat(file).catch((cause: NodeJS.ErrnoException) => {
    throw new AppError(ErrorCode.NotFound, cause.code === 'ENOENT' ? `no file at ${file}` : `cannot read ${file}: ${cause.message}`, { cause });
  });
  if (!info.isFile()) throw new AppError(ErrorCode.InvalidInput, `${file} is not a file`);

  const breaks = new LineBreaks();
  // csv-parse reports a skipped record as soon as it meets it, before earlier records reach
  // the loop below; those wait here and are explained once the header is known.
  const skipped: Skipped[] = [];
  let header: ReturnType<typeof readHeader> | undefined;
  let headerFields = 0;
  /** The line where reading stopped at a quote csv-parse cannot recover from. */
  let stopAt: number | undefined;
  const parser = parse({
    bom: true,
    trim: true,
    relax_quotes: false,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (e) => {
      if (!e || stopAt !== undefined) return undefined;
      const end = typeof e.bytes === 'number' ? e.bytes : 0;
      const line = breaks.lineEndingAt(end) - (Array.isArray(e.record) ? newlines(e.record as string[]) : 0);
      // A record with several stray quotes is reported once.
      if (skipped.at(-1)?.line !== line) skipped.push({ line, error: e });
      if (stopsReading(e)) stopAt = line;
      return undefined;
    },
  });
  const records = pipeline(createReadStream(file), breaks, parser, () => undefined) as AsyncIterable<{ record: string[]; info: Info }>;

  try {
    for await (const { record, info: at } of records) {
      const lastLine = breaks.lineEndingAt(at.bytes);
      if (stopAt !== undefined && lastLine >= stopAt) break;
      if (!header) {
        header = readHeader(record);
        headerFields = record.length;
        yield { kind: 'header', ignoredColumns: header.ignoredColumns };
      } else {
        const values = {} as Record<DirectoryColumn, string>;
        for (const [column, i] of header.index) values[column] = record[i] ?? '';
        yield { kind: 'row', line: lastLine - newlines(record), values };
      }
      for (const { line, error } of skipped.splice(0)) yield { kind: 'malformed', line, reason: malformedReason(error, headerFields) };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(ErrorCode.InvalidInput, `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (!header) {
    const first = skipped[0];
    throw new AppError(
      ErrorCode.InvalidInput,
      first
        ? `the header (line 1) is not valid CSV: ${malformedReason(first.error, 0)}; nothing was imported`
        : `the file is empty: line 1 must be the header ${REQUIRED_COLUMNS.join(',')}`,
    );
  }
  for (const { line, error } of skipped) yield { kind: 'malformed', line, reason: malformedReason(error, headerFields) };
}
