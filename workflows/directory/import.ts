// Imports the staff directory (HR's CSV export). Idempotent: people are matched by
// employee_id, so a re-import updates and never duplicates; each person's roles become the
// file's. Bad rows are rejected with their line number while the good ones are imported.
// Nothing is deleted: people missing from the file are only counted.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { Db } from '../../core/db.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import { REQUIRED_COLUMNS, rowSchema, type DirectoryRow } from './csv-row.ts';

export interface RejectedRow {
  line: number;
  employeeId?: string;
  reasons: string[];
}

export interface ImportSummary {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  /** People already in the directory whom this file does not mention (kept as they are). */
  notInFile: number;
  ignoredColumns: string[];
}

export interface ImportProgress {
  read: number;
  imported: number;
  rejected: number;
}

/** Rows per transaction; keeps each query under SQLite's 999-parameter limit. */
const BATCH = 200;

type Parsed = { line: number; row: DirectoryRow };

function sameRoles(a: string[], b: string[]) {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

async function writeBatch(db: Db, batch: Parsed[], summary: ImportSummary): Promise<void> {
  const ids = batch.map((b) => b.row.employee_id);
  const emails = batch.map((b) => b.row.email);
  const existing = await db.person.findMany({ where: { OR: [{ employeeId: { in: ids } }, { email: { in: emails } }] }, include: { roles: true } });
  const byId = new Map(existing.map((p) => [p.employeeId, p]));
  const byEmail = new Map(existing.map((p) => [p.email, p]));
  const writes: Parsed[] = [];
  for (const b of batch) {
    const owner = byEmail.get(b.row.email);
    if (owner && owner.employeeId !== b.row.employee_id) {
      summary.rejected.push({ line: b.line, employeeId: b.row.employee_id, reasons: [`email ${b.row.email} already belongs to employee ${owner.employeeId}`] });
      continue;
    }
    writes.push(b);
  }
  await db.$transaction(async (tx) => {
    // New people go in two statements (ids made here so their roles can follow in one more).
    const fresh = writes.filter(({ row }) => !byId.has(row.employee_id)).map(({ row }) => ({ id: randomUUID(), row }));
    if (fresh.length) {
      await tx.person.createMany({
        data: fresh.map(({ id, row }) => ({
          id,
          employeeId: row.employee_id,
          name: row.name,
          email: row.email,
          building: row.building,
          region: row.region,
          jobCategory: row.job_category,
          hireDate: row.hire_date,
          managerEmail: row.manager_email,
          language: row.language,
        })),
      });
      await tx.personRole.createMany({ data: fresh.flatMap(({ id, row }) => row.roles.map((role) => ({ personId: id, role }))) });
      summary.created += fresh.length;
    }
    for (const { row } of writes) {
      const data = {
        name: row.name,
        email: row.email,
        building: row.building,
        region: row.region,
        jobCategory: row.job_category,
        hireDate: row.hire_date,
        managerEmail: row.manager_email,
        language: row.language,
      };
      const before = byId.get(row.employee_id);
      if (!before) continue;
      const changed =
        Object.entries(data).some(([k, v]) => {
          const old = (before as Record<string, unknown>)[k];
          return v instanceof Date ? !(old instanceof Date) || old.getTime() !== v.getTime() : (old ?? null) !== v;
        }) || !sameRoles(before.roles.map((r) => r.role), row.roles);
      if (!changed) {
        summary.unchanged++;
        continue;
      }
      await tx.person.update({ where: { id: before.id }, data });
      await tx.personRole.deleteMany({ where: { personId: before.id } });
      await tx.personRole.createMany({ data: row.roles.map((role) => ({ personId: before.id, role })) });
      summary.updated++;
    }
  }, { timeout: 60_000 });
}

export async function importDirectory(
  db: Db,
  file: string,
  opts: { defaultLocale: string; onProgress?: (p: ImportProgress) => void },
): Promise<ImportSummary> {
  const schema = rowSchema(opts.defaultLocale);
  const summary: ImportSummary = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: [], notInFile: 0, ignoredColumns: [] };
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, string>();
  let batch: Parsed[] = [];
  const progress = () => opts.onProgress?.({ read: summary.read, imported: summary.created + summary.updated + summary.unchanged, rejected: summary.rejected.length });

  await access(file).catch((cause) => {
    throw new AppError(ErrorCode.NotFound, `no file at ${file}`, { cause });
  });
  let header: string[] | undefined;
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (names: string[]) => {
        header = names.map((n) => n.trim().toLowerCase());
        return header;
      },
    }),
  );
  const checkHeader = () => {
    if (!header) throw new AppError(ErrorCode.InvalidInput, 'the file is empty: expected a header line with the directory columns');
    const missing = REQUIRED_COLUMNS.filter((c) => !header!.includes(c));
    if (missing.length) throw new AppError(ErrorCode.InvalidInput, `the file is missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
    summary.ignoredColumns = header.filter((c) => !(REQUIRED_COLUMNS as readonly string[]).includes(c));
  };
  try {
    for await (const record of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (summary.read === 0) checkHeader();
      summary.read++;
      const line = record.info.lines;
      const parsed = schema.safeParse(record.record);
      if (!parsed.success) {
        summary.rejected.push({ line, employeeId: record.record.employee_id || undefined, reasons: parsed.error.issues.map((i) => i.message) });
        continue;
      }
      const row = parsed.data;
      const firstLine = seenIds.get(row.employee_id);
      if (firstLine) {
        summary.rejected.push({ line, employeeId: row.employee_id, reasons: [`employee_id ${row.employee_id} already appears on line ${firstLine}`] });
        continue;
      }
      const emailOwner = seenEmails.get(row.email);
      if (emailOwner) {
        summary.rejected.push({ line, employeeId: row.employee_id, reasons: [`email ${row.email} already used by employee ${emailOwner} in this file`] });
        continue;
      }
      seenIds.set(row.employee_id, line);
      seenEmails.set(row.email, row.employee_id);
      batch.push({ line, row });
      if (batch.length >= BATCH) {
        await writeBatch(db, batch, summary);
        batch = [];
        progress();
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const err = e as { code?: string; lines?: number; message?: string };
    if (!err.code?.startsWith('CSV_')) throw e;
    throw new AppError(ErrorCode.InvalidInput, `the CSV is malformed${err.lines ? ` near line ${err.lines}` : ''}: ${err.message ?? e}`, { cause: e });
  }
  if (summary.read === 0) checkHeader();
  if (batch.length) await writeBatch(db, batch, summary);
  progress();
  summary.rejected.sort((a, b) => a.line - b.line);
  // Every row imported is one person; everyone else in the directory was not in the file.
  summary.notInFile = (await db.person.count()) - (summary.created + summary.updated + summary.unchanged);
  return summary;
}
