// One row of the staff directory CSV, parsed once with zod. Every problem is a reason a person
// can read and fix in the file.
import { z } from 'zod';

export const REQUIRED_COLUMNS = ['employee_id', 'name', 'email', 'roles', 'building', 'region', 'job_category', 'hire_date', 'manager_email', 'language'] as const;
export const ROLES = ['staff', 'hiring_manager', 'communications', 'hr', 'leader', 'admin'] as const;
export type DirectoryRole = (typeof ROLES)[number];

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : null));

const isoDate = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const s = v?.trim();
    if (!s) return null;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
    if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
      ctx.addIssue({ code: 'custom', message: `hire_date "${s}" is not a real date in the form YYYY-MM-DD` });
      return z.NEVER;
    }
    return d;
  });

export function rowSchema(defaultLocale: string) {
  return z.object({
    employee_id: z.string().trim().min(1, 'employee_id is required').max(64, 'employee_id is longer than 64 characters'),
    name: z.string().trim().min(1, 'name is required').max(200, 'name is longer than 200 characters'),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ message: 'email is not a valid address' })),
    roles: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const parts = (v ?? '').split(';').map((r) => r.trim().toLowerCase().replace(/[\s-]+/g, '_')).filter(Boolean);
        const bad = parts.filter((r) => !(ROLES as readonly string[]).includes(r));
        if (bad.length) {
          ctx.addIssue({ code: 'custom', message: `unknown role${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')} (use ${ROLES.join(', ')})` });
          return z.NEVER;
        }
        return [...new Set(parts.length ? parts : ['staff'])] as DirectoryRole[];
      }),
    building: optional,
    region: optional,
    job_category: optional,
    hire_date: isoDate,
    manager_email: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const s = v?.trim().toLowerCase();
        if (!s) return null;
        if (!z.email().safeParse(s).success) {
          ctx.addIssue({ code: 'custom', message: 'manager_email is not a valid address' });
          return z.NEVER;
        }
        return s;
      }),
    language: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const s = v?.trim().toLowerCase();
        if (!s) return defaultLocale;
        const primary = s.split(/[-_]/)[0]!;
        if (!/^[a-z]{2,3}$/.test(primary)) {
          ctx.addIssue({ code: 'custom', message: `language "${v}" is not a language code such as en or es` });
          return z.NEVER;
        }
        return primary;
      }),
  });
}

export type DirectoryRow = z.output<ReturnType<typeof rowSchema>>;
