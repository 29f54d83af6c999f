// Imports the staff directory from any of its sources, recognised by their files and headers:
// our own CSV (csv-source.ts), or a roster extract, OneRoster 1.1 (Infinite Campus), OneRoster
// 1.2 or School Data Sync v2.1, as a folder or zip (roster.ts), with an optional HR file merged
// in (hr-file.ts). Idempotent: people are matched by employee_id, so a re-import updates and
// never duplicates; each person's roles become the source's. Bad records are refused with their
// file and line while the good ones are imported; a file that is not valid text in its encoding
// is refused before anything is written. Students, guardians and parents are skipped, counted.
//
// People who leave: a record deleted or ended in the roster makes its person inactive, and with
// `full` every active person the source does not mention becomes inactive too (only when every
// record of the source could be read: a broken line might be anyone). A later import that has
// them again reactivates them. Nobody is ever deleted. `dryRun` reads and compares everything
// and writes nothing. Logs counts, never people.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../core/db.ts';
import { AppError, ErrorCode } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import { rowSchema } from './csv-row.ts';
import { readDirectoryCsv } from './csv-source.ts';
import { readHeaderNames } from './csv-table.ts';
import { type HrFile, readHrFile } from './hr-file.ts';
import { defaultRoleMap, loadRoleMap } from './role-map.ts';
import { openRoster, readRoster } from './roster.ts';
import type { SourceFormat, SourceItem } from './source.ts';
import type { DirectoryEncoding } from './text-encoding.ts';
import { type EmailClaims, type ValidRow, writeBatch } from './write-batch.ts';

export interface RejectedRow {
  /** The file the record is in (a roster's users.csv, the HR file); absent for our CSV's own rows. */
  file?: string;
  /** Line in the file where the record starts (1 is the header). */
  line: number;
  employeeId?: string;
  reasons: string[];
}

export interface ImportSummary {
  format: SourceFormat;
  /** Data records of people read, skipped ones included (the header, blank lines, orgs and roles not counted). */
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Active people made inactive (ended in the source, or absent from a full import). */
  deactivated: number;
  /** Inactive people the source has again. */
  reactivated: number;
  /** Records not imported because they are not staff, by source role (student, guardian, ...). */
  skipped: Record<string, number>;
  /** Sorted by file, then line. */
  rejected: RejectedRow[];
  /** People in the directory whose employee_id the source does not mention (kept, or made inactive with `full`). */
  notInFile: number;
  /** With `full`, why nobody was made inactive although people were missing (else undefined). */
  fullRefused?: string;
  /** Columns of our CSV that are not directory columns (ignored). */
  ignoredColumns: string[];
  /** HR file rows merged into a person. */
  hrMerged: number;
  dryRun: boolean;
}

export interface ImportProgress {
  /** What `read` counts: our CSV's rows or a roster's records. */
  unit: 'rows' | 'records';
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
  /** The files' text encoding; UTF-8 unless the user says otherwise (text-encoding.ts). */
  encoding?: DirectoryEncoding;
  /** A supplemental HR file merged by employee_id or email. */
  hrFile?: string;
  /** A role map file over the default table (role-map.ts). */
  roleMapFile?: string;
  /** The source is everyone: people it does not mention become inactive. */
  full?: boolean;
  /** Compare and count, write nothing. */
  dryRun?: boolean;
  now?: Date;
}

/** Opens whatever is at `path`: a roster folder or zip, or our CSV. */
async function openSource(path: string, opts: ImportOptions, now: Date) {
  const info = await stat(path).catch((cause: NodeJS.ErrnoException) => {
    throw new AppError(ErrorCode.NotFound, cause.code === 'ENOENT' ? `no file at ${path}` : `cannot read ${path}: ${cause.message}`, { cause });
  });
  if (info.isDirectory() || path.toLowerCase().endsWith('.zip')) {
    const roster = await openRoster(path);
    if (roster.delta && opts.full) {
      await roster.close();
      throw new AppError(
        ErrorCode.InvalidInput,
        'manifest.csv says users.csv is a delta (only changes), so --full would make everyone else inactive; import the bulk extract with --full',
      );
    }
    const roleMap = opts.roleMapFile ? await loadRoleMap(opts.roleMapFile) : defaultRoleMap();
    return { format: roster.format as SourceFormat, name: 'users.csv', items: readRoster(roster, { roleMap, now }), close: roster.close };
  }
  if (info.isFile() && (await readHeaderNames(path)).includes('sourcedId'))
    throw new AppError(ErrorCode.InvalidInput, `${path} is one file of a roster extract; import its folder or zip (with manifest.csv, orgs.csv, users.csv)`);
  const file = basename(path);
  async function* ours(): AsyncGenerator<SourceItem> {
    for await (const item of readDirectoryCsv(path, opts.encoding)) {
      if (item.kind === 'header') yield { kind: 'ignored-columns', columns: item.ignoredColumns };
      else if (item.kind === 'malformed') yield { kind: 'malformed', file, line: item.line, reason: item.reason };
      else yield { kind: 'row', file, line: item.line, values: item.values, inactive: false };
    }
  }
  return { format: 'csv' as SourceFormat, name: file, items: ours(), close: async () => {} };
}

export async function importDirectory(db: Db, path: string, opts: ImportOptions): Promise<ImportSummary> {
  const now = opts.now ?? new Date();
  const dryRun = opts.dryRun === true;
  const schema = rowSchema(opts.defaultLocale);
  const batchSize = opts.batchSize ?? 500;
  const hr: HrFile | undefined = opts.hrFile ? await readHrFile(opts.hrFile, opts.defaultLocale, opts.encoding) : undefined;
  const source = await openSource(path, opts, now);
  const summary: ImportSummary = {
    format: source.format,
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deactivated: 0,
    reactivated: 0,
    skipped: {},
    rejected: [],
    notInFile: 0,
    ignoredColumns: [],
    hrMerged: 0,
    dryRun,
  };
  /** First line of each employee_id in the source, rejected rows' included. */
  const idLines = new Map<string, number>();
  const emailClaims: EmailClaims = new Map();
  let broken = 0;
  let batch: ValidRow[] = [];

  const progress = () =>
    opts.onProgress?.({
      unit: source.format === 'csv' ? 'rows' : 'records',
      read: summary.read,
      imported: summary.created + summary.updated + summary.unchanged,
      rejected: summary.rejected.length,
    });
  const flush = async () => {
    const outcome = await writeBatch(db, batch, emailClaims, now, !dryRun);
    summary.created += outcome.created;
    summary.updated += outcome.updated;
    summary.unchanged += outcome.unchanged;
    summary.deactivated += outcome.deactivated;
    summary.reactivated += outcome.reactivated;
    summary.rejected.push(...outcome.rejected);
    batch = [];
    progress();
  };

  try {
    for await (const item of source.items) {
      if (item.kind === 'ignored-columns') {
        summary.ignoredColumns = item.columns;
        continue;
      }
      if (item.kind === 'skipped') {
        summary.read++;
        summary.skipped[item.role] = (summary.skipped[item.role] ?? 0) + 1;
        continue;
      }
      if (item.file === 'users.csv' || source.format === 'csv') summary.read++;
      if (item.kind === 'malformed') {
        broken++;
        if (item.employeeId) idLines.set(item.employeeId, idLines.get(item.employeeId) ?? item.line);
        summary.rejected.push({ file: item.file, line: item.line, ...(item.employeeId ? { employeeId: item.employeeId } : {}), reasons: [item.reason] });
        continue;
      }
      const { file, line } = item;
      const values = { ...item.values };
      const employeeId = values.employee_id.trim();
      const reasons: string[] = [];
      const firstLine = employeeId ? idLines.get(employeeId) : undefined;
      if (firstLine) reasons.push(`employee_id ${employeeId} already appears on line ${firstLine}`);
      else if (employeeId) idLines.set(employeeId, line);

      const extra = hr?.take(employeeId, values.email);
      if (extra) {
        const { roles, ...rest } = extra;
        Object.assign(values, rest);
        if (roles) values.roles = [values.roles, roles].filter(Boolean).join(';');
        summary.hrMerged++;
      }
      const parsed = schema.safeParse(values);
      if (!parsed.success) reasons.push(...parsed.error.issues.map((i) => i.message));
      if (reasons.length || !parsed.success) {
        summary.rejected.push({ file, line, ...(employeeId ? { employeeId } : {}), reasons });
        continue;
      }
      batch.push({ file, line, row: parsed.data, inactive: item.inactive });
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length) await flush();
    else progress();
  } finally {
    await source.close();
  }

  if (hr) {
    for (const r of hr.refused) summary.rejected.push({ file: hr.name, line: r.line, reasons: [r.reason] });
    for (const line of hr.unmatched())
      summary.rejected.push({ file: hr.name, line, reasons: ['matches nobody in the import by employee_id or email (the HR file adds no people)'] });
  }
  if (source.format === 'csv') for (const r of summary.rejected) if (r.file === source.name) delete r.file;
  summary.rejected.sort((a, b) => (a.file === b.file ? a.line - b.line : (a.file ?? '') < (b.file ?? '') ? -1 : 1));

  const everyone = await db.person.findMany({ select: { id: true, employeeId: true, inactiveAt: true } });
  const missing = everyone.filter((p) => !idLines.has(p.employeeId));
  summary.notInFile = missing.length;
  const leaving = missing.filter((p) => p.inactiveAt === null);
  if (opts.full && leaving.length) {
    if (broken) summary.fullRefused = `${broken} record${broken === 1 ? '' : 's'} could not be read, and any of them might be someone who is missing`;
    else if (summary.created + summary.updated + summary.unchanged === 0) summary.fullRefused = 'the source has nobody in it';
    else {
      summary.deactivated += leaving.length;
      if (!dryRun)
        for (let i = 0; i < leaving.length; i += 500)
          await db.person.updateMany({ where: { id: { in: leaving.slice(i, i + 500).map((p) => p.id) }, inactiveAt: null }, data: { inactiveAt: now } });
    }
  }
  const { rejected, ignoredColumns, skipped, ...counts } = summary;
  opts.log?.info(
    { ...counts, rejected: rejected.length, skipped, ignoredColumns: ignoredColumns.length },
    dryRun ? 'directory import dry run' : 'directory imported',
  );
  return summary;
}
