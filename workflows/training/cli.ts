// `npm run cli -- training new|list|status|export|import|calendar|round`: the chat commands'
// operations for scripting, with the same meanings (the CLI reads everything, as HR does).
import { readFileSync } from 'node:fs';
import { parseCommand } from '../../cli/args.ts';
import { progressLine } from '../../cli/progress.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { CliContext, CliGroup } from '../../kernel/cli.ts';
import { importCalendar, parseCalendar } from '../../scheduler/school-days.ts';
import { GROUP_BYS, type GroupBy, reportCsv } from './domain/compliance.ts';
import { importCompletions } from './domain/csv-import.ts';
import { courseOverview, createTrainingCourse, runRound, trainingStatus } from './operations.ts';

const HR = { roles: ['hr'] as const, building: null, region: null };
const BY_WORDS: Record<string, GroupBy> = { job: 'jobCategory' };

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError(ErrorCode.InvalidInput, `${file} cannot be read: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function byOf(raw: string | undefined): GroupBy | undefined {
  if (raw === undefined) return undefined;
  const by = BY_WORDS[raw] ?? (raw as GroupBy);
  if (!GROUP_BYS.includes(by)) throw new AppError(ErrorCode.InvalidInput, `--by takes one of: building, region, role, job (got "${raw}")`);
  return by;
}

const STATUS_USAGE = 'status [--course <key>] [--by building|region|role|job]';
const statusOpts = (args: string[], usage: string) => {
  const { values } = parseCommand(args, { usage: `training ${usage}`, positionals: [], options: { course: { type: 'string' }, by: { type: 'string' } } });
  const by = byOf(values.by);
  return { ...(values.course ? { courseRef: values.course } : {}), ...(by ? { by } : {}) };
};

const IMPORT_USAGE = 'import <completions.csv> --person-column <name> --course-column <name> --date-column <name>';

export const trainingCli: CliGroup = {
  summary: 'required training',
  commands: {
    new: {
      usage: 'new <course.json>',
      summary: 'require a course from a JSON definition (key, title {en,es}, url, audience, due {kind,...}, reminderDays, escalateAfterDays, verifiedOnly)',
      run: async (ctx, args) => {
        const [file] = parseCommand(args, { usage: 'training new <course.json>', positionals: ['<course.json>'] }).positionals as [string];
        let input: unknown;
        try {
          input = JSON.parse(readText(file));
        } catch (e) {
          if (e instanceof AppError) throw e;
          throw new AppError(ErrorCode.InvalidInput, `${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
        const { course, assigned } = await createTrainingCourse(ctx, input);
        ctx.out(`created ${course.key} (${course.id}); assigned to ${assigned} people now`);
        return 0;
      },
    },
    list: {
      usage: 'list',
      summary: 'required courses with their totals',
      run: async (ctx) => {
        const overview = await courseOverview(ctx, HR);
        if (overview.length === 0) ctx.out('No required courses yet. Create one with: npm run cli -- training new <course.json>');
        for (const { course: c, totals } of overview)
          ctx.out(`${c.key}\t${c.title.en}\t${c.dueKind}\tassigned ${totals.assigned}, completed ${totals.completed}, overdue ${totals.overdue}`);
        return 0;
      },
    },
    status: {
      usage: STATUS_USAGE,
      summary: 'compliance as JSON (per course and group, and the new-hire figure)',
      run: async (ctx, args) => {
        ctx.out(JSON.stringify(await trainingStatus(ctx, HR, statusOpts(args, STATUS_USAGE)), null, 2));
        return 0;
      },
    },
    export: {
      usage: 'export [--course <key>] [--by building|region|role|job]',
      summary: 'compliance as CSV on stdout',
      run: async (ctx, args) => {
        ctx.out(reportCsv(await trainingStatus(ctx, HR, statusOpts(args, 'export [--course <key>] [--by ...]'))).trimEnd());
        return 0;
      },
    },
    import: {
      usage: IMPORT_USAGE,
      summary: 'completions from a learning system CSV (people by employee id or email, courses by key); bad rows reported by line',
      run: async (ctx, args) => importCsv(ctx, args),
    },
    calendar: {
      usage: 'calendar import <file.ics|file.csv>',
      summary: 'non-school days (winter break, holidays) from iCalendar or CSV (date[,end],name): no reminders go out on them',
      run: async (ctx, args) => {
        const [verb, file] = parseCommand(args, { usage: 'training calendar import <file>', positionals: ['import', '<file>'] }).positionals as [
          string,
          string,
        ];
        if (verb !== 'import') throw new AppError(ErrorCode.InvalidInput, 'usage: training calendar import <file.ics|file.csv>');
        const days = parseCalendar(readText(file), ctx.timeZone);
        const { days: n } = await importCalendar(ctx.db, days);
        ctx.out(`stored ${n} non-school days${days.length ? ` (${days[0]?.date} to ${days.at(-1)?.date})` : ''}`);
        return 0;
      },
    },
    round: {
      usage: 'round',
      summary: 'run the reminder round now (only in school hours; each step goes once)',
      run: async (ctx) => {
        const r = await runRound(ctx);
        ctx.out(
          r.ran
            ? `queued ${r.cards} reminder cards and ${r.digests} manager digests (${r.noManager} overdue without a manager in the directory)`
            : 'outside school hours or not a school day: nothing sent',
        );
        return 0;
      },
    },
  },
};

async function importCsv(ctx: CliContext, args: string[]): Promise<number> {
  const { positionals, values } = parseCommand(args, {
    usage: `training ${IMPORT_USAGE}`,
    positionals: ['<completions.csv>'],
    options: { 'person-column': { type: 'string' }, 'course-column': { type: 'string' }, 'date-column': { type: 'string' } },
  });
  const person = values['person-column'];
  const course = values['course-column'];
  const date = values['date-column'];
  if (!person || !course || !date) throw new AppError(ErrorCode.InvalidInput, `name the three columns (usage: training ${IMPORT_USAGE})`);
  const progress = progressLine(ctx.stderr, ctx.err, 1000);
  const r = await importCompletions(ctx, readText(positionals[0] as string), { person, course, date }, (done, total) =>
    progress.update(done, `completions: ${done}/${total}`),
  );
  progress.done();
  ctx.out(`read ${r.read} rows: ${r.imported} imported, ${r.already} already imported, ${r.rejected.length} not imported`);
  for (const x of r.rejected) ctx.out(`line ${x.line}: ${x.reason}`);
  return r.rejected.length ? 2 : 0;
}
