// `npm run cli -- hiring report|export|rules|rule|items|item`: the quarterly review and the
// district's rules and checklist, for scripting and the data management system. The CLI reads
// everything, as HR does.
import { parseCommand } from '../../cli/args.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { CliGroup } from '../../kernel/cli.ts';
import { auditCsv, auditTrail } from './domain/audit.ts';
import { exportCsv, hiringExport } from './domain/export.ts';
import { type Actor, parseQuarter, type Quarter } from './domain/model.ts';
import { findProcess } from './domain/processes.ts';
import { hiringReport, REPORT_BY, type ReportBy } from './domain/report.ts';
import { changeRule } from './domain/rules.ts';

const HR_VIEW: Actor = { id: 'cli', roles: ['admin'], building: null, region: null };
const BY: Record<string, ReportBy> = { job: 'jobCategory' };

function quarterArg(text: string): Quarter {
  const q = parseQuarter(text);
  if (!q) throw new AppError(ErrorCode.InvalidInput, `"${text}" is not a quarter (e.g. 2026-Q3)`);
  return q;
}

function onOff(value: string, usage: string): { enabled?: boolean; min?: number } {
  if (value === 'on' || value === 'off') return { enabled: value === 'on' };
  if (/^\d{1,2}$/.test(value)) return { min: Number(value) };
  throw new AppError(ErrorCode.InvalidInput, `usage: ${usage}`);
}

export const hiringCli: CliGroup = {
  summary: 'structured hiring: the quarterly review, the export, the rules and checklist',
  commands: {
    report: {
      usage: 'report <2026-Q3> [--by building|region|job]',
      summary: 'the quarterly report as JSON (every figure, as HR sees it)',
      run: async (ctx, args) => {
        const { positionals, values } = parseCommand(args, {
          usage: 'hiring report <quarter>',
          positionals: ['<quarter>'],
          options: { by: { type: 'string' } },
        });
        const raw = values.by;
        const by = raw === undefined ? undefined : (BY[raw] ?? (raw as ReportBy));
        if (by !== undefined && !REPORT_BY.includes(by)) throw new AppError(ErrorCode.InvalidInput, `--by takes building, region or job (got "${raw}")`);
        ctx.out(JSON.stringify(await hiringReport(ctx, HR_VIEW, quarterArg(positionals[0] as string), by), null, 2));
        return 0;
      },
    },
    export: {
      usage: 'export <2026-Q3> [--format csv|json]',
      summary: 'one row per process of the quarter (CSV), or the report and rows (JSON)',
      run: async (ctx, args) => {
        const { positionals, values } = parseCommand(args, {
          usage: 'hiring export <quarter>',
          positionals: ['<quarter>'],
          options: { format: { type: 'string' } },
        });
        const format = values.format ?? 'csv';
        if (format !== 'csv' && format !== 'json') throw new AppError(ErrorCode.InvalidInput, `--format takes csv or json (got "${format}")`);
        const x = await hiringExport(ctx, HR_VIEW, quarterArg(positionals[0] as string));
        ctx.out(format === 'json' ? JSON.stringify(x, null, 2) : exportCsv(x).trimEnd());
        return 0;
      },
    },
    audit: {
      usage: 'audit <ref>',
      summary: "a process's audit trail as CSV: when, who, what",
      run: async (ctx, args) => {
        const [ref] = parseCommand(args, { usage: 'hiring audit <ref>', positionals: ['<ref>'] }).positionals as [string];
        const process = await findProcess(ctx, ref);
        for (const line of auditCsv(await auditTrail(ctx.db, process.id))) ctx.out(line);
        return 0;
      },
    },
    rules: {
      usage: 'rules',
      summary: 'the selection-team parameters',
      run: async (ctx) => {
        for (const r of await ctx.db.hiringRule.findMany({ orderBy: { sortOrder: 'asc' } }))
          ctx.out(`${r.key}\t${r.enabled ? 'on' : 'off'}\t${r.kind}\t${JSON.stringify(r.params)}\t${r.labelEn}`);
        return 0;
      },
    },
    rule: {
      usage: 'rule <key> [on|off|<number>] [--en <label>] [--es <label>]',
      summary: 'turn a parameter on or off, set its number, or change its label in English and Spanish',
      run: async (ctx, args) => {
        const usage = 'hiring rule <key> [on|off|number] [--en <label>] [--es <label>]';
        const { positionals, values } = parseCommand(args, {
          usage,
          positionals: ['<key>', '<value>?'],
          options: { en: { type: 'string' }, es: { type: 'string' } },
        });
        const [key, value] = positionals as [string, string | undefined];
        if (value === undefined && values.en === undefined && values.es === undefined) throw new AppError(ErrorCode.InvalidInput, `usage: ${usage}`);
        const change = {
          ...(value === undefined ? {} : onOff(value, usage)),
          ...(values.en === undefined ? {} : { labelEn: values.en }),
          ...(values.es === undefined ? {} : { labelEs: values.es }),
        };
        const r = await changeRule(ctx.db, HR_VIEW.id, key, change, ctx.clock.now());
        ctx.out(`${r.key}\t${r.enabled ? 'on' : 'off'}\t${JSON.stringify(r.params)}\t${r.labelEn}\t${r.labelEs}`);
        return 0;
      },
    },
    items: {
      usage: 'items',
      summary: 'the interview checklist',
      run: async (ctx) => {
        for (const i of await ctx.db.hiringChecklistItem.findMany({ orderBy: { sortOrder: 'asc' } }))
          ctx.out(`${i.key}\t${i.enabled ? 'on' : 'off'}\t${i.textEn}\t${i.textEs}`);
        return 0;
      },
    },
    item: {
      usage: 'item <key> [on|off] [--en <text>] [--es <text>]',
      summary: 'turn a checklist item on or off or change its text; a new key with both texts adds an item at the end',
      run: async (ctx, args) => {
        const usage = 'hiring item <key> [on|off] [--en <text>] [--es <text>]';
        const { positionals, values } = parseCommand(args, {
          usage,
          positionals: ['<key>', '<on|off>?'],
          options: { en: { type: 'string' }, es: { type: 'string' } },
        });
        const [key, state] = positionals as [string, string | undefined];
        if (state !== undefined && state !== 'on' && state !== 'off') throw new AppError(ErrorCode.InvalidInput, `usage: ${usage}`);
        const text = (t: string | undefined) => (t === undefined ? undefined : t.trim());
        const [en, es] = [text(values.en), text(values.es)];
        if ([en, es].some((t) => t !== undefined && (t.length === 0 || t.length > 300)))
          throw new AppError(ErrorCode.InvalidInput, 'item texts are 1 to 300 characters');
        const change = { ...(state ? { enabled: state === 'on' } : {}), ...(en ? { textEn: en } : {}), ...(es ? { textEs: es } : {}), updatedBy: HR_VIEW.id };
        const existing = await ctx.db.hiringChecklistItem.findUnique({ where: { key } });
        if (!existing) {
          if (!/^[a-z][a-z0-9_]{1,40}$/.test(key) || !en || !es)
            throw new AppError(ErrorCode.NotFound, `no checklist item ${key}; to add one give a key (a-z, 0-9, _) with --en and --es`);
          const last = await ctx.db.hiringChecklistItem.aggregate({ _max: { sortOrder: true } });
          await ctx.db.hiringChecklistItem.create({
            data: { key, textEn: en, textEs: es, enabled: state !== 'off', sortOrder: (last._max.sortOrder ?? 0) + 1, updatedBy: HR_VIEW.id },
          });
        } else await ctx.db.hiringChecklistItem.update({ where: { key }, data: change });
        await ctx.db.hiringAudit.create({
          data: {
            actorId: HR_VIEW.id,
            action: 'item.changed',
            detail: { key, added: !existing, ...(state ? { enabled: state === 'on' } : {}) },
            at: ctx.clock.now(),
          },
        });
        const item = await ctx.db.hiringChecklistItem.findUniqueOrThrow({ where: { key } });
        ctx.out(`${item.key}\t${item.enabled ? 'on' : 'off'}\t${item.textEn}\t${item.textEs}`);
        return 0;
      },
    },
  },
};
