// The survey jobs: launching a run of a recurring survey when its schedule fires, and the sweep
// that closes runs whose window ended and sends due reminders.
import { z } from 'zod';
import { type DefaultSchedule, defineJob } from '../../kernel/module.ts';
import { JOB_LAUNCH, launchSurvey, sweepSurveys } from './operations.ts';

const JOB_SWEEP = 'survey.sweep';

export const surveyJobs = [
  defineJob({
    name: JOB_LAUNCH,
    params: z.object({ surveyId: z.string().min(1) }),
    run: async (ctx, { surveyId }) => void (await launchSurvey(ctx, surveyId)),
  }),
  defineJob({ name: JOB_SWEEP, params: z.object({}), run: async (ctx) => void (await sweepSurveys(ctx)) }),
];

export const surveySchedules: readonly DefaultSchedule[] = [{ name: 'survey:sweep', cron: '*/5 * * * *', job: JOB_SWEEP }];
