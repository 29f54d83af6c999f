// Imports the staff directory (HR's CSV export). Idempotent: people are matched by
// employee_id, so a re-import updates and never duplicates; each person's roles become the
// file's. Bad rows are rejected with their line number while the good ones are imported (a
// malformed CSV record costs only its own line); a file that is not valid text in its encoding
// is refused before anything is written.
// Nothing is deleted: people missing from the file are only counted. Logs counts, never people.
import type { Db } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import { rowSchema } from './csv-row.ts';
import { readDirectoryCsv } from './csv-source.ts';
import type { DirectoryEncoding } from './text-encoding.ts';
import { type EmailClaims, type ValidRow, writeBatch } from './write-batch.ts';

export interface RejectedRow {
  /** Line in the file where the row starts (1 is the header). */
  line: number;
  employeeId?: string;
  reasons: string[];
}

export interface ImportSummary {
  /** Data rows in the file (the header and blank lines not counted). */
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Sorted by line. */
  rejected: RejectedRow[];
  /** People in the directory whose employee_id the file does not mention (kept as they are). */
  notInFile: number;
  /** Columns of the file that are not directory columns (ignored). */
  ignoredColumns: string[];
}

export interface ImportProgress {
  read: number;
  imported: number;
  rejected: number;
}

export interface ImportOptions {
  /** Language of people whose row leaves `language` empty. */
  defaultLocale: string;
  /** Called after each batch is written, and once at the end. */
  onProgress?: (p: ImportProgress) => void;
  log?: Logger;
  /** Rows per transaction. */
  batchSize?: number;
  /** The file's text encoding; UTF-8 unless the user says otherwise (text-encoding.ts). */
  encoding?: DirectoryEncoding;
}

export async function importDirectory(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  const schema = rowSchema(opts.defaultLocale);
  const batchSize = opts.batchSize ?? 500;
  const summary: ImportSummary = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: [], notInFile: 0, ignoredColumns: [] };
  /** First line of each employee_id in the file, rejected rows' included. */
  const idLines = new Map<string, number>();
  const emailClaims: EmailClaims = new Map();
  let batch: ValidRow[] = [];

  const progress = () =>
    opts.onProgress?.({ read: summary.read, imported: summary.created + summary.updated + summary.unchanged, rejected: summary.rejected.length });
  const flush = async () => {
    const outcome = await writeBatch(db, batch, emailClaims);
    summary.created += outcome.created;
    summary.updated += outcome.updated;
    summary.unchanged += outcome.unchanged;
    summary.rejected.push(...outcome.rejected);
    batch = [];
    progress();
  };

  for await (const item of readDirectoryCsv(file, opts.encoding)) {
    if (item.kind === 'header') {
      summary.ignoredColumns = item.ignoredColumns;
      continue;
    }
    summary.read++;
    if (item.kind === 'malformed') {
      summary.rejected.push({ line: item.line, reasons: [item.reason] });
      continue;
    }
    const { line, values } = item;
    const employeeId = values.employee_id.trim();
    const reasons: string[] = [];
    const firstLine = employeeId ? idLines.get(employeeId) : undefined;
    if (firstLine) reasons.push(`employee_id ${employeeId} already appears on line ${firstLine}`);
    else if (employeeId) idLines.set(employeeId, line);

    const parsed = schema.safeParse(values);
    if (!parsed.success) reasons.push(...parsed.error.issues.map((i) => i.message));
    if (reasons.length || !parsed.success) {
      summary.rejected.push({ line, ...(employeeId ? { employeeId } : {}), reasons });
      continue;
    }
    batch.push({ line, row: parsed.data });
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length) await flush();
  else progress();

  summary.rejected.sort((a, b) => a.line - b.line);
  const everyone = await db.person.findMany({ select: { employeeId: true } });
  summary.notInFile = everyone.filter((p) => !idLines.has(p.employeeId)).length;
  const { rejected, ignoredColumns, ...counts } = summary;
  opts.log?.info({ ...counts, rejected: rejected.length, ignoredColumns: ignoredColumns.length }, 'directory imported');
  return summary;
}
