// What the kernel itself runs on a schedule, declared like a workflow's jobs: forgetting
// dedupe keys long after any platform could retry (they would otherwise grow without end).
import { z } from 'zod';
import { pruneProcessedEvents } from './dedupe.ts';
import { defineJob, defineWorkflow } from './module.ts';

const JOB_PRUNE = 'housekeeping.prune';

export const housekeeping = defineWorkflow({
  name: 'housekeeping',
  cards: [],
  locales: {},
  jobs: [
    defineJob({
      name: JOB_PRUNE,
      params: z.object({ maxAgeDays: z.number().int().min(1).optional() }),
      run: async (ctx, { maxAgeDays }) => {
        const removed = await pruneProcessedEvents(ctx.db, ctx.clock.now(), maxAgeDays);
        ctx.log.info({ removed }, 'old dedupe keys forgotten');
      },
    }),
  ],
  schedules: [{ name: 'housekeeping:prune', cron: '17 3 * * *', job: JOB_PRUNE }],
});
