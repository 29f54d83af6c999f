// What every directory source yields, in the file's order: a person as the directory's columns
// (the same zod schema checks them all), a record refused with its file and line, or a record
// skipped because it is not staff (students, guardians, parents: counted, never stored).
import type { DirectoryColumn } from './csv-row.ts';

export type SourceItem =
  | {
      kind: 'row';
      file: string;
      line: number;
      values: Record<DirectoryColumn, string>;
      /** Deleted or ended in the source: the person becomes inactive (never deleted). */
      inactive: boolean;
    }
  | { kind: 'malformed'; file: string; line: number; reason: string; employeeId?: string }
  | { kind: 'skipped'; role: string }
  /** Columns of our own CSV beyond the directory's (they are ignored). */
  | { kind: 'ignored-columns'; columns: string[] };

export type SourceFormat = 'csv' | 'oneroster-1.1' | 'oneroster-1.2' | 'sds-2.1';

export const FORMAT_NAMES: Record<SourceFormat, string> = {
  csv: 'directory CSV',
  'oneroster-1.1': 'OneRoster 1.1',
  'oneroster-1.2': 'OneRoster 1.2',
  'sds-2.1': 'School Data Sync v2.1',
};
