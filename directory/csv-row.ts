// One row of the staff directory CSV, parsed once with zod. Every problem is a reason a person
// can read and fix in the file.
import { z } from 'zod';
import { isRole, ROLES } from '../core/db.ts';

export const REQUIRED_COLUMNS = [
  'employee_id',
  'name',
  'email',
  'roles',
  'building',
  'region',
  'job_category',
  'hire_date',
  'manager_email',
  'language',
] as const;
export type DirectoryColumn = (typeof REQUIRED_COLUMNS)[number];
export type DirectoryRole = (typeof ROLES)[number];

/** "Employee ID", " EMAIL " and "job-category" name the columns employee_id, email, job_category. */
export const normalizeColumnName = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** "Hiring Manager", "HR " and "hiring-manager" are roles hiring_manager, hr, hiring_manager. */
export const normalizeRole = (role: string) =>
  role
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const anEmail = z.email();
const isEmail = (s: string) => anEmail.safeParse(s).success;

const optional = z.string().transform((v) => v.trim() || null);

/** Lower-cased; `column is required` when empty, unless `optional` (then null). */
function emailCheck(column: string, v: string, ctx: z.RefinementCtx): string {
  const s = v.trim().toLowerCase();
  if (!s) ctx.addIssue({ code: 'custom', message: `${column} is required` });
  else if (!isEmail(s)) ctx.addIssue({ code: 'custom', message: `${column} "${v.trim()}" is not an email address` });
  return s;
}
const email = z.string().transform((v, ctx) => emailCheck('email', v, ctx));
const managerEmail = z.string().transform((v, ctx) => (v.trim() ? emailCheck('manager_email', v, ctx) : null));

const isoDate = z.string().transform((v, ctx) => {
  const s = v.trim();
  if (!s) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (!m || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    ctx.addIssue({ code: 'custom', message: `hire_date "${s}" is not a real date in the form YYYY-MM-DD` });
    return z.NEVER;
  }
  return date;
});

const roles = z.string().transform((v, ctx) => {
  const parts = v.split(';').map(normalizeRole).filter(Boolean);
  const unknown = parts.filter((r) => !isRole(r));
  if (unknown.length) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown role${unknown.length > 1 ? 's' : ''} ${unknown.map((b) => `"${b}"`).join(', ')} (roles are ${ROLES.join(', ')}, separated by ;)`,
    });
    return z.NEVER;
  }
  return [...new Set(parts.length ? parts : ['staff'])].sort() as DirectoryRole[];
});

const language = (defaultLocale: string) =>
  z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase();
    if (!s) return defaultLocale;
    const primary = s.split(/[-_]/)[0] ?? '';
    if (!/^[a-z]{2,3}$/.test(primary)) {
      ctx.addIssue({ code: 'custom', message: `language "${v.trim()}" is not a language code such as en, es or ar` });
      return z.NEVER;
    }
    return primary;
  });

/** The schema of one row; values are the CSV fields by (normalized) column name. */
export function rowSchema(defaultLocale: string) {
  return z.object({
    employee_id: z.string().trim().min(1, 'employee_id is required').max(64, 'employee_id is longer than 64 characters'),
    name: z.string().trim().min(1, 'name is required').max(200, 'name is longer than 200 characters'),
    email,
    roles,
    building: optional,
    region: optional,
    job_category: optional,
    hire_date: isoDate,
    manager_email: managerEmail,
    language: language(defaultLocale),
  });
}

export type DirectoryRow = z.output<ReturnType<typeof rowSchema>>;
