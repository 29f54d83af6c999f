// What the kernel itself runs on a schedule, declared like a workflow's jobs: forgetting what
// the service keeps only for itself once it has served its purpose (RETENTION_* settings):
// - dedupe keys (platform retries stop within minutes; kept 30 days by default);
// - the sends of finished campaigns (no row pending or in flight, none touched for 90 days):
//   a campaign no workflow owns is deleted with its rows; a workflow's campaign (a survey run's
//   invitations) keeps each row's status, which the workflow counts, and loses where and which
//   message it was sent as (address, conversation, message and card ids);
// - Slack form snapshots (30 days: a button on an older card then says the form is gone).
// Survey responses, answers and tallies, and training and hiring records are never purged
// here: they are kept until HR archives them.
import { z } from 'zod';
import type { Retention } from '../core/config.ts';
import { type Db, Prisma } from '../core/db.ts';
import { pruneProcessedEvents } from './dedupe.ts';
import { defineJob, defineWorkflow } from './module.ts';

const JOB_PRUNE = 'housekeeping.prune';
const DAY_MS = 86_400_000;

const DEFAULT_RETENTION: Retention = { processedEventsDays: 30, deliveriesDays: 90, formSnapshotsDays: 30 };

interface Purged {
  processedEvents: number;
  campaignsDeleted: number;
  deliveriesDeleted: number;
  deliveriesScrubbed: number;
  formSnapshots: number;
}

/** Purges what is past its retention period at `now`; safe to run again. */
export async function purgeExpired(db: Db, now: Date, retention: Retention = DEFAULT_RETENTION): Promise<Purged> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const processedEvents = await pruneProcessedEvents(db, now, retention.processedEventsDays);
  const { count: formSnapshots } = await db.formSnapshot.deleteMany({ where: { createdAt: { lt: before(retention.formSnapshotsDays) } } });

  const cutoff = before(retention.deliveriesDays);
  let campaignsDeleted = 0;
  let deliveriesDeleted = 0;
  let deliveriesScrubbed = 0;
  // A page of old campaigns at a time (SQLite takes at most 999 values in one statement).
  for (let cursor: string | undefined; ; ) {
    const old = await db.campaign.findMany({
      where: { createdAt: { lt: cutoff }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: 400,
      select: { id: true, purpose: true },
    });
    if (!old.length) break;
    cursor = old.at(-1)?.id;
    const busy = new Set(
      (
        await db.delivery.groupBy({
          by: ['campaignId'],
          where: { campaignId: { in: old.map((c) => c.id) }, OR: [{ status: { in: ['pending', 'sending'] } }, { updatedAt: { gte: cutoff } }] },
        })
      ).map((g) => g.campaignId),
    );
    const finished = old.filter((c) => !busy.has(c.id));
    const unowned = finished.filter((c) => !c.purpose).map((c) => c.id);
    const owned = finished.filter((c) => c.purpose).map((c) => c.id);
    if (unowned.length) {
      deliveriesDeleted += (await db.delivery.deleteMany({ where: { campaignId: { in: unowned } } })).count;
      campaignsDeleted += (await db.campaign.deleteMany({ where: { id: { in: unowned } } })).count;
    }
    if (owned.length)
      deliveriesScrubbed += (
        await db.delivery.updateMany({
          where: { campaignId: { in: owned }, OR: [{ messageId: { not: null } }, { conversationId: { not: null } }, { address: { not: Prisma.DbNull } }] },
          data: { address: Prisma.DbNull, conversationId: null, messageId: null, cardInstanceId: null },
        })
      ).count;
  }
  return { processedEvents, campaignsDeleted, deliveriesDeleted, deliveriesScrubbed, formSnapshots };
}

export const housekeeping = defineWorkflow({
  name: 'housekeeping',
  cards: [],
  locales: {},
  jobs: [
    defineJob({
      name: JOB_PRUNE,
      params: z.object({ maxAgeDays: z.number().int().min(1).optional() }),
      run: async (ctx, { maxAgeDays }) => {
        const retention = ctx.retention ?? DEFAULT_RETENTION;
        // A schedule's own maxAgeDays (set before retention was configurable) still names the dedupe keys' period.
        const purged = await purgeExpired(ctx.db, ctx.clock.now(), { ...retention, processedEventsDays: maxAgeDays ?? retention.processedEventsDays });
        ctx.log.info(purged, 'expired records purged');
      },
    }),
  ],
  schedules: [{ name: 'housekeeping:prune', cron: '17 3 * * *', job: JOB_PRUNE }],
});
