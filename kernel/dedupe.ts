// The one place that makes "a click, a submit or a retried event is processed once" true for
// every workflow. The key is claimed in the database before the handler runs, so retries that
// arrive together, or on another instance, see it taken. If the handler fails, the claim is
// released so the platform's own retry can still succeed.

import type { Clock } from '../core/clock.ts';
import { type Db, hotStatements } from '../core/db.ts';
import type { Logger } from '../core/log.ts';

export type Claim = { fresh: true; release(): Promise<void> } | { fresh: false };

/** One statement, insert-or-nothing: the key is fresh when a row was inserted. Straight on the
 *  driver (core/hot.ts) because it runs on every turn, and a taken key costs no thrown
 *  unique-violation error. */
export async function claimEvent(db: Db, key: string, at = new Date()): Promise<Claim> {
  const inserted = await hotStatements(db).claim(key, at);
  return inserted ? { fresh: true, release: () => forgetEvent(db, key) } : { fresh: false };
}

/**
 * A claim that lapses: a key claimed less than `windowMs` before `now` is taken; an older claim is
 * replaced by a fresh one. For events that come as a burst and may come again much later as a
 * new occurrence (an install: Teams sends two events for it, and a reinstall months later, whose
 * removal the bot may never have seen, is a new install).
 */
export async function claimWithin(db: Db, key: string, now: Date, windowMs: number): Promise<Claim> {
  await db.processedEvent.deleteMany({ where: { key, createdAt: { lt: new Date(now.getTime() - windowMs) } } });
  return claimEvent(db, key, now);
}

/** Removes a key's claim (also when claiming it failed half way: the insert may have landed). */
export async function forgetEvent(db: Db, key: string): Promise<void> {
  await db.processedEvent.deleteMany({ where: { key } });
}

/**
 * For a turn that failed because the database did not answer: releases its claim as soon as the
 * database answers again, without holding up the "try again shortly" answer, so the platform's
 * retry is processed rather than ignored as a duplicate. Retries with backoff on the clock.
 */
export function releaseWhenDatabaseAnswers(release: () => Promise<void>, clock: Clock, log: Logger, attempts = 12): void {
  void (async () => {
    for (let i = 0; i < attempts; i++) {
      try {
        await release();
        return;
      } catch {
        await clock.sleep(Math.min(60_000, 1000 * 2 ** i));
      }
    }
    log.warn({ attempts }, 'a dedupe claim could not be released; a platform retry of that event will be ignored');
  })();
}

/** Forgets keys older than `maxAgeDays` (platform retries stop within minutes; card submits
 *  stay deduplicated far longer because each card instance id is also checked by workflows). */
export async function pruneProcessedEvents(db: Db, now: Date, maxAgeDays = 30): Promise<number> {
  const cutoff = new Date(now.getTime() - maxAgeDays * 86_400_000);
  const { count } = await db.processedEvent.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return count;
}
