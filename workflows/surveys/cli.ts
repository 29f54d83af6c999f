// `npm run cli -- survey list|new|launch|close|results|export`: the chat commands' operations
// for scripting, with the same meanings. `launch` queues the cards for delivery (the running
// service's worker sends them); `close` closes the run now and turns every sent card to
// "closed" through the platforms this process is configured for.
import { readFileSync } from 'node:fs';
import { localDateTime } from '../../cards/dates.ts';
import { parseCommand } from '../../cli/args.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { CliContext, CliGroup } from '../../kernel/cli.ts';
import { BREAKDOWNS, type BreakdownBy, type CreateSurveyInput, exportResultsCsv, type ResultsTarget, seedItemBank, surveyResults } from './domain/index.ts';
import { closeSurveyRun, createSurveyWithSchedule, launchSurvey, runDeliveries, surveyOverview, targetOf } from './operations.ts';

/** The CLI reads everything, as HR does. */
const ALL = { kind: 'all', breakdowns: true, comments: true } as const;
const BY_WORDS: Record<string, BreakdownBy> = { job: 'jobCategory' };

function parseTarget(ctx: CliContext, args: string[], usage: string): Promise<ResultsTarget> {
  const [id] = parseCommand(args, { usage: `survey ${usage}`, positionals: ['<id>'] }).positionals as [string];
  return targetOf(ctx, id);
}

async function parseResultsArgs(ctx: CliContext, args: string[], usage: string): Promise<{ target: ResultsTarget; by?: BreakdownBy }> {
  const { positionals, values } = parseCommand(args, { usage: `survey ${usage}`, positionals: ['<id>'], options: { by: { type: 'string' } } });
  const raw = values.by;
  const by = raw === undefined ? undefined : (BY_WORDS[raw] ?? (raw as BreakdownBy));
  if (by !== undefined && !BREAKDOWNS.includes(by))
    throw new AppError(ErrorCode.InvalidInput, `--by takes one of: building, region, role, jobCategory (got "${raw}")`);
  return { target: await targetOf(ctx, positionals[0] as string), ...(by ? { by } : {}) };
}

const RESULTS_USAGE = 'results <run or survey id> [--by building|region|role|jobCategory]';
const EXPORT_USAGE = 'export <run or survey id> [--by building|region|role|jobCategory]';

export const surveyCli: CliGroup = {
  summary: 'pulse surveys',
  commands: {
    list: {
      usage: 'list',
      summary: 'surveys with their latest run',
      run: async (ctx) => {
        const overview = await surveyOverview(ctx);
        if (overview.length === 0) ctx.out('No surveys yet. Create one with: npm run cli -- survey new <survey.json>');
        const reach = await runDeliveries(
          ctx,
          overview.flatMap((o) => o.runs),
        );
        for (const { survey: s, runs } of overview) {
          const sched = s.schedule.kind === 'cron' ? `cron ${s.schedule.cron}` : 'once';
          const r = runs.length
            ? runs
                .map((run) => {
                  const d = reach.get(run.id);
                  const sent = d
                    ? `sent ${d.sent}/${d.audience} (no account ${d.noAccount}, failed ${d.failed}, pending ${d.pending})`
                    : `audience ${run.sentCount}`;
                  return `run #${run.seq} ${run.id} ${run.status} ${sent} closes ${localDateTime(s.timeZone, run.closesAt).replace('T', ' ')}`;
                })
                .join('; ')
            : 'not launched';
          ctx.out(`${s.id}\t${s.title.en}\t${sched}\t${r}`);
        }
        return 0;
      },
    },
    new: {
      usage: 'new <survey.json>',
      summary: 'create a survey from a JSON definition (title {en,es}, questions [{itemKey}], audience, schedule, windowDays, reminderDays)',
      run: async (ctx, args) => {
        const [file] = parseCommand(args, { usage: 'survey new <survey.json>', positionals: ['<survey.json>'] }).positionals as [string];
        let input: unknown;
        try {
          input = JSON.parse(readFileSync(file, 'utf8'));
        } catch (e) {
          throw new AppError(ErrorCode.InvalidInput, `${file} is not readable JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
        await seedItemBank(ctx);
        // createSurvey parses the definition with its own schema and names what is wrong.
        const s = await createSurveyWithSchedule(ctx, input as CreateSurveyInput);
        if (s.schedule.kind === 'cron')
          ctx.out(`created ${s.id}; launches on "${s.schedule.cron}" (${s.timeZone}); restart or reload the service to pick up the schedule`);
        else ctx.out(`created ${s.id}; launch it with: npm run cli -- survey launch ${s.id}`);
        return 0;
      },
    },
    launch: {
      usage: 'launch <survey id>',
      summary: 'open a run now and queue the card for everyone in the audience',
      run: async (ctx, args) => {
        const [id] = parseCommand(args, { usage: 'survey launch <survey id>', positionals: ['<survey id>'] }).positionals as [string];
        const { run, recipients, reach, campaignId } = await launchSurvey(ctx, id);
        ctx.out(`launched run ${run.id} (#${run.seq}) to ${recipients} people; closes ${run.closesAt.toISOString()}; campaign ${campaignId}`);
        ctx.out(
          `reach now: ${reach.teams} on Teams, ${reach.slack} on Slack, ${reach.unreachable} not reachable (no linked Teams or Slack account yet: they will not get this run)`,
        );
        return 0;
      },
    },
    close: {
      usage: 'close <run or survey id>',
      summary: 'close the run now: answers are refused from this moment and sent cards turn to "closed"',
      run: async (ctx, args) => {
        const closed = await closeSurveyRun(ctx, await parseTarget(ctx, args, 'close <run or survey id>'));
        if (closed.alreadyClosed) ctx.out(`run ${closed.run.id} was already closed`);
        else
          ctx.out(
            `run ${closed.run.id} closed now; ${closed.cards.updated} sent cards show "closed"${closed.cards.failed ? `, ${closed.cards.failed} could not be updated` : ''}`,
          );
        return 0;
      },
    },
    results: {
      usage: RESULTS_USAGE,
      summary: 'results as JSON (small groups suppressed)',
      run: async (ctx, args) => {
        const { target, by } = await parseResultsArgs(ctx, args, RESULTS_USAGE);
        ctx.out(JSON.stringify(await surveyResults(ctx, target, ALL, by ? { breakdownBy: by } : {}), null, 2));
        return 0;
      },
    },
    export: {
      usage: EXPORT_USAGE,
      summary: 'results as CSV on stdout',
      run: async (ctx, args) => {
        const { target, by } = await parseResultsArgs(ctx, args, EXPORT_USAGE);
        ctx.out((await exportResultsCsv(ctx, target, ALL, by ? { breakdownBy: by } : {})).trimEnd());
        return 0;
      },
    },
  },
};
