// `survey list|new|launch|close|results|export`: the chat commands' operations for scripting.
// The CLI has no chat connection: `launch` queues the cards for the running service's delivery
// worker, and `close` ends the run's window now, so the service's sweep (every 5 minutes)
// closes it and turns every sent card to "closed"; answers are refused from that moment.
import { readFileSync } from 'node:fs';
import { AppError, ErrorCode } from '../../core/errors.ts';
import { systemClock } from '../../core/clock.ts';
import { renderCatalogCard } from '../../cards/catalog.ts';
import { saveSchedule } from '../../scheduler/index.ts';
import { launchSurvey, JOB_LAUNCH } from '../../workflows/surveys-chat/index.ts';
import {
  BREAKDOWNS,
  createSurvey,
  exportResultsCsv,
  getSurvey,
  listSurveys,
  seedItemBank,
  surveyResults,
  type BreakdownBy,
  type ResultsTarget,
} from '../../workflows/surveys/domain/index.ts';
import { dateIn } from '../../workflows/surveys/domain/model.ts';
import { registerGroup, type CliContext } from '../registry.ts';

const deps = (ctx: CliContext) => ({ db: ctx.db, log: ctx.log, clock: systemClock, defaultLocale: ctx.defaultLocale, renderCard: renderCatalogCard, ports: () => ({}) });
/** The CLI reads everything, as HR does. */
const ALL = { kind: 'all', breakdowns: true, comments: true } as const;

function byOption(args: string[]): { rest: string[]; by?: BreakdownBy } {
  const i = args.indexOf('--by');
  if (i === -1) return { rest: args };
  const raw = args[i + 1] ?? '';
  const by = (raw === 'job' ? 'jobCategory' : raw) as BreakdownBy;
  if (!BREAKDOWNS.includes(by)) throw new AppError(ErrorCode.InvalidInput, `--by takes one of: building, region, role, jobCategory (got "${raw}")`);
  return { rest: [...args.slice(0, i), ...args.slice(i + 2)], by };
}

async function target(ctx: CliContext, id: string | undefined, usage: string): Promise<ResultsTarget> {
  if (!id) throw new AppError(ErrorCode.InvalidInput, `usage: survey ${usage}`);
  if (await ctx.db.surveyRun.findUnique({ where: { id }, select: { id: true } })) return { runId: id };
  await getSurvey(ctx, id);
  return { surveyId: id };
}

registerGroup('survey', {
  summary: 'pulse surveys',
  commands: {
    list: {
      usage: 'list',
      summary: 'surveys with their latest run',
      run: async (ctx) => {
        for (const s of await listSurveys(ctx)) {
          const run = await ctx.db.surveyRun.findFirst({ where: { surveyId: s.id }, orderBy: { seq: 'desc' } });
          const sched = s.schedule.kind === 'cron' ? `cron ${s.schedule.cron}` : 'once';
          const r = run ? `run #${run.seq} ${run.id} ${run.status} sent ${run.sentCount} closes ${dateIn(s.timeZone, run.closesAt)}` : 'not launched';
          ctx.out(`${s.id}\t${s.title.en}\t${sched}\t${r}`);
        }
        return 0;
      },
    },
    new: {
      usage: 'new <survey.json>',
      summary: 'create a survey from a JSON definition (title {en,es}, questions [{itemKey}], audience, schedule, windowDays, reminderDays)',
      run: async (ctx, [file]) => {
        if (!file) throw new AppError(ErrorCode.InvalidInput, 'usage: survey new <survey.json>');
        let input: unknown;
        try {
          input = JSON.parse(readFileSync(file, 'utf8'));
        } catch (e) {
          throw new AppError(ErrorCode.InvalidInput, `${file} is not readable JSON: ${(e as Error).message}`);
        }
        await seedItemBank(ctx);
        const s = await createSurvey({ db: ctx.db, clock: systemClock, log: ctx.log }, input as Parameters<typeof createSurvey>[1]).catch((e: unknown) => {
          const err = e as AppError;
          const issues = (err.details?.issues ?? undefined) as unknown;
          if (issues) ctx.err(JSON.stringify(issues));
          throw e;
        });
        if (s.schedule.kind === 'cron') {
          await saveSchedule(ctx.db, { name: `survey:${s.id}`, cron: s.schedule.cron, timeZone: s.timeZone, job: JOB_LAUNCH, params: { surveyId: s.id } });
          ctx.out(`created ${s.id}; launches on "${s.schedule.cron}" (${s.timeZone}); restart or reload the service to pick up the schedule`);
        } else ctx.out(`created ${s.id}; launch it with: npm run cli -- survey launch ${s.id}`);
        return 0;
      },
    },
    launch: {
      usage: 'launch <survey id>',
      summary: 'open a run now and queue the card for everyone in the audience',
      run: async (ctx, [id]) => {
        if (!id) throw new AppError(ErrorCode.InvalidInput, 'usage: survey launch <survey id>');
        const { run, recipients, campaignId } = await launchSurvey(deps(ctx), id);
        ctx.out(`launched run ${run.id} (#${run.seq}) to ${recipients} people; closes ${run.closesAt.toISOString()}; campaign ${campaignId}`);
        return 0;
      },
    },
    close: {
      usage: 'close <run or survey id>',
      summary: 'end the run now (the service sweep turns sent cards to "closed")',
      run: async (ctx, [id]) => {
        const t = await target(ctx, id, 'close <run or survey id>');
        const run = 'runId' in t ? await ctx.db.surveyRun.findUnique({ where: { id: t.runId } }) : await ctx.db.surveyRun.findFirst({ where: { surveyId: t.surveyId }, orderBy: { seq: 'desc' } });
        if (!run) throw new AppError(ErrorCode.NotFound, 'that survey was never launched');
        const now = systemClock.now();
        const { count } = await ctx.db.surveyRun.updateMany({ where: { id: run.id, status: 'open', closesAt: { gt: now } }, data: { closesAt: now } });
        ctx.out(count ? `run ${run.id} closes now; sent cards turn to "closed" at the service's next sweep` : `run ${run.id} was already closed or past its window`);
        return 0;
      },
    },
    results: {
      usage: 'results <run or survey id> [--by building|region|role|jobCategory]',
      summary: 'results as JSON (small groups suppressed)',
      run: async (ctx, args) => {
        const { rest, by } = byOption(args);
        const r = await surveyResults({ db: ctx.db, clock: systemClock }, await target(ctx, rest[0], 'results <id>'), ALL, by ? { breakdownBy: by } : {});
        ctx.out(JSON.stringify(r, null, 2));
        return 0;
      },
    },
    export: {
      usage: 'export <run or survey id> [--by building|region|role|jobCategory]',
      summary: 'results as CSV on stdout',
      run: async (ctx, args) => {
        const { rest, by } = byOption(args);
        const csv = await exportResultsCsv({ db: ctx.db, clock: systemClock }, await target(ctx, rest[0], 'export <id>'), ALL, by ? { breakdownBy: by } : {});
        ctx.out(csv.trimEnd());
        return 0;
      },
    },
  },
});
