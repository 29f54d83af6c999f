// The training job: the reminder round, every 30 minutes. It does nothing outside school hours
// or on a non-school day, and each step is claimed once, so running it often (and on several
// instances) only makes reminders prompt, never doubled.
import { z } from 'zod';
import { type DefaultSchedule, defineJob } from '../../kernel/module.ts';
import { runRound } from './operations.ts';

const JOB_ROUND = 'training.round';

export const trainingJobs = [defineJob({ name: JOB_ROUND, params: z.object({}), run: async (ctx) => void (await runRound(ctx)) })];

export const trainingSchedules: readonly DefaultSchedule[] = [{ name: 'training:round', cron: '*/30 * * * *', job: JOB_ROUND }];
