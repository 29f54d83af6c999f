// The story jobs: the weekly digest (default Friday 9:00 in the district's time zone; a
// deployment may add one schedule per region with `region` in its parameters), the daily
// check that warns communications the day before a digest with nothing approved, and the
// batch that tells communications of new submissions.
import { type DefaultSchedule, defineJob } from '../../kernel/module.ts';
import {
  DIGEST_SCHEDULE,
  DigestParams,
  JOB_DIGEST,
  JOB_NOTIFY,
  JOB_WARN,
  NotifyParams,
  notifyNewSubmissions,
  runDigest,
  warnIfNothingApproved,
} from './operations.ts';

export const storyJobs = [
  defineJob({ name: JOB_DIGEST, params: DigestParams, run: async (ctx, params) => void (await runDigest(ctx, ctx, params)) }),
  defineJob({ name: JOB_WARN, params: NotifyParams, run: async (ctx) => void (await warnIfNothingApproved(ctx)) }),
  defineJob({ name: JOB_NOTIFY, params: NotifyParams, run: async (ctx, params) => void (await notifyNewSubmissions(ctx, params.channels)) }),
];

export const storySchedules: readonly DefaultSchedule[] = [
  { name: DIGEST_SCHEDULE, cron: '0 9 * * 5', job: JOB_DIGEST },
  { name: 'stories:warning', cron: '0 9 * * *', job: JOB_WARN },
  { name: 'stories:notify', cron: '*/15 * * * *', job: JOB_NOTIFY },
];
