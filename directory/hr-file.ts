// The supplemental HR file: what roster formats lack (hire date, manager, job category,
// preferred language, and the roles a roster never says: hr, communications, admin, ...),
// keyed by employee_id or, where that is empty, email. Its headers are read as in our own CSV
// ("Employee ID" is employee_id). A row's non-empty values go over the roster's; its roles are
// added to the roster's. A row with a bad value, or whose key is doubled, is refused by its
// line; a row that matches nobody in the roster is reported too (the HR file adds no people).
import { basename } from 'node:path';
import { AppError, ErrorCode } from '../core/errors.ts';
import { type DirectoryColumn, normalizeColumnName, rowSchema } from './csv-row.ts';
import { readTable } from './csv-table.ts';
import type { DirectoryEncoding } from './text-encoding.ts';

const HR_COLUMNS = ['hire_date', 'manager_email', 'job_category', 'language', 'roles'] as const satisfies readonly DirectoryColumn[];

interface HrRow {
  line: number;
  values: Partial<Record<DirectoryColumn, string>>;
  used: boolean;
}

export interface HrFile {
  name: string;
  /** The HR row for a person (by employee id, then email), marked used. */
  take(employeeId: string, email: string): HrRow['values'] | undefined;
  /** Rows refused on reading, by line. */
  refused: { line: number; reason: string }[];
  /** Lines of rows that matched nobody in the import. */
  unmatched(): number[];
}

export async function readHrFile(file: string, defaultLocale: string, encoding?: DirectoryEncoding): Promise<HrFile> {
  const name = basename(file);
  const schema = rowSchema(defaultLocale);
  const byId = new Map<string, HrRow>();
  const byEmail = new Map<string, HrRow>();
  const all: HrRow[] = [];
  const refused: HrFile['refused'] = [];
  let sawKey = false;
  for await (const item of readTable(file, { required: [], normalise: normalizeColumnName, ...(encoding ? { encoding } : {}) })) {
    if (item.kind === 'malformed') {
      refused.push({ line: item.line, reason: item.reason });
      continue;
    }
    const employeeId = item.get('employee_id');
    const email = item.get('email').toLowerCase();
    if (!employeeId && !email) {
      refused.push({ line: item.line, reason: 'needs an employee_id or an email to match the roster' });
      continue;
    }
    sawKey = true;
    const values: HrRow['values'] = {};
    for (const c of HR_COLUMNS) if (item.get(c)) values[c] = item.get(c);
    // The same checks as every directory row, on the HR file's own values only.
    const parsed = schema.safeParse({
      employee_id: 'x',
      name: 'x',
      email: 'x@x.example',
      roles: '',
      building: '',
      region: '',
      job_category: '',
      hire_date: '',
      manager_email: '',
      language: '',
      ...values,
    });
    if (!parsed.success) {
      refused.push({ line: item.line, reason: parsed.error.issues.map((i) => i.message).join('; ') });
      continue;
    }
    const row: HrRow = { line: item.line, values, used: false };
    const doubled = (employeeId && byId.get(employeeId)) || (!employeeId && byEmail.get(email));
    if (doubled) {
      refused.push({ line: item.line, reason: `${employeeId ? `employee_id ${employeeId}` : `email ${email}`} already appears on line ${doubled.line}` });
      continue;
    }
    if (employeeId) byId.set(employeeId, row);
    else byEmail.set(email, row);
    all.push(row);
  }
  if (!sawKey && !refused.length) throw new AppError(ErrorCode.InvalidInput, `${name} has no rows; the HR file needs a column employee_id or email`);
  return {
    name,
    refused,
    take(employeeId, email) {
      const row = byId.get(employeeId) ?? byEmail.get(email.trim().toLowerCase());
      if (!row) return undefined;
      row.used = true;
      return row.values;
    },
    unmatched: () => all.filter((r) => !r.used).map((r) => r.line),
  };
}
