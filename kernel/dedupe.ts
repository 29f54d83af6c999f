// The one place that makes "a click, a submit or a retried event is processed once" true for
// every workflow. The key is claimed in the database before the handler runs, so retries that
// arrive together, or on another instance, see it taken. If the handler fails, the claim is
// released so the platform's own retry can still succeed.
import type { Db } from '../core/db.ts';
import { isUniqueViolation } from '../core/db.ts';

export type Claim = { fresh: true; release(): Promise<void> } | { fresh: false };

export async function claimEvent(db: Db, key: string): Promise<Claim> {
  try {
    await db.processedEvent.create({ data: { key } });
  } catch (e) {
    if (isUniqueViolation(e)) return { fresh: false };
    throw e;
  }
  return { fresh: true, release: async () => void (await db.processedEvent.deleteMany({ where: { key } })) };
}

/** Forgets keys older than `maxAgeDays` (platform retries stop within minutes; card submits
 *  stay deduplicated far longer because each card instance id is also checked by workflows). */
export async function pruneProcessedEvents(db: Db, now: Date, maxAgeDays = 30): Promise<number> {
  const cutoff = new Date(now.getTime() - maxAgeDays * 86_400_000);
  const { count } = await db.processedEvent.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return count;
}
