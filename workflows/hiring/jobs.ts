// The hiring sweep: every five minutes, the checklist reminders that are due (school hours only).
import { z } from 'zod';
import { type DefaultSchedule, defineJob } from '../../kernel/module.ts';
import { JOB_SWEEP, sweepReminders } from './operations.ts';

export const hiringJobs = [defineJob({ name: JOB_SWEEP, params: z.object({}), run: async (ctx) => void (await sweepReminders(ctx)) })];

export const hiringSchedules: readonly DefaultSchedule[] = [{ name: 'hiring:sweep', cron: '*/5 * * * *', job: JOB_SWEEP }];
