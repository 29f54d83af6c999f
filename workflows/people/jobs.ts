// The nightly directory sync from Microsoft Entra ID: the same run as `people sync graph`
// (directory/graph-run.ts), only where Graph's credentials are set on the service; otherwise
// the job logs one line saying so and does nothing. A half-set configuration fails the fire
// (recorded by the scheduler) with what is missing.
import { z } from 'zod';
import { graphConfigFrom } from '../../directory/graph.ts';
import { runGraphSync, syncChanged } from '../../directory/graph-run.ts';
import { type DefaultSchedule, defineJob, type JobContext } from '../../kernel/module.ts';

export const PEOPLE_GRAPH_SYNC_JOB = 'people.graphSync';
export const PEOPLE_GRAPH_SYNC_SCHEDULE = 'people:graph-sync';

async function graphSyncJob(ctx: JobContext): Promise<void> {
  const config = graphConfigFrom(process.env);
  const log = ctx.log.child({ job: PEOPLE_GRAPH_SYNC_JOB, schedule: ctx.scheduleName });
  if (!config) {
    log.info('Microsoft Graph is not configured (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET), so the directory was not synced');
    return;
  }
  const { sync, install } = await runGraphSync({ ...ctx, log }, config, {
    onThrottle: (seconds) => log.info({ seconds }, 'Graph asked to wait (429 Retry-After)'),
  });
  // syncGraph logs its own counts; this line says what the night's run led to.
  log.info({ changed: syncChanged(sync), install: install ?? null }, 'nightly Graph sync done');
}

export const peopleJobs = [defineJob({ name: PEOPLE_GRAPH_SYNC_JOB, params: z.object({}), run: (ctx) => graphSyncJob(ctx) })];

/** Nightly at 02:30 in the district's time zone (HR may change or turn it off: `schedules`). */
export const peopleSchedules: readonly DefaultSchedule[] = [{ name: PEOPLE_GRAPH_SYNC_SCHEDULE, cron: '30 2 * * *', job: PEOPLE_GRAPH_SYNC_JOB }];
