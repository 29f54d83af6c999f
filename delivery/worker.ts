// The delivery worker: claims due rows in batches, paces them under each platform's limits,
// sends them through the platform ports and records what happened.
//
// Crash safety (kill -9 at any moment): a row is pending → sending (with a lease) → sent or
// failed, and each step is one committed write. A row that was `sending` when the process died
// is resolved deterministically: when its lease expires it is claimed again and re-sent. This
// is at-least-once: only rows that were in flight at the moment of the crash (at most the
// worker's `maxInFlight`) can reach a person twice, because the platform may have accepted the
// message before the process could record it; no row is ever lost. The other choice (marking
// in-flight rows failed) would silently drop messages that never left, which for survey
// invitations and training reminders is worse than a rare duplicate. On SQLite (one process)
// orphaned `sending` rows are reclaimed at start without waiting for the lease.
//
// Cost: one claim statement and two reads per batch (half of maxInFlight at a time), one write
// per sent message; one loop paces every claimed row (no timer per row), and a campaign's card
// is rendered once per language.
import { randomInt } from 'node:crypto';
import type { AdaptiveCard } from '../cards/types.ts';
import type { Clock } from '../core/clock.ts';
import { type DatabaseKind, type Db, Prisma } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import { reportError } from '../core/log.ts';
import type { PlatformName } from '../kernel/events.ts';
import { APP_BLOCKED_REASON, type ChannelAddress, type OutboundPort, type PersonAddress } from '../kernel/ports.ts';
import { campaignCards, cardInstanceOf, type RenderFn } from './campaign-cards.ts';
import { claimDue, openCount } from './claim.ts';
import { DEFAULT_LIMITS, type DeliveryLimits } from './limits.ts';
import { type Claimed, loadClaimed } from './load.ts';
import { applyOutcome, classify, DEFAULT_RETRY, markBlocked, markSent, type RetryPolicy, rememberReach } from './outcome.ts';
import { paceKeysFor, rateLimitKey } from './pace-keys.ts';
import { type PaceKey, Pacer } from './pacer.ts';
import { DEFAULT_SHARE_TIMING, type PaceShares, paceShares } from './shares.ts';
import { statusSql } from './sql.ts';

export interface WorkerOptions {
  db: Db;
  kind: DatabaseKind;
  ports: Partial<Record<PlatformName, OutboundPort>>;
  render: RenderFn;
  clock: Clock;
  log: Logger;
  defaultLocale?: string;
  limits?: DeliveryLimits;
  retry?: RetryPolicy;
  maxInFlight?: number;
  /** How long a claimed row stays this instance's. PostgreSQL: 15 s, renewed every second while
   *  the instance holds it, so a dead instance's rows come back soon; SQLite: 5 min (one process,
   *  its rows are taken back at start). */
  leaseMs?: number;
  /** How the tenant- and workspace-wide limits are shared with other instances (default: through
   *  the database on PostgreSQL, whole on SQLite). */
  shares?: PaceShares;
  pollMs?: number;
  random?: () => number;
  /** Extra milliseconds on every pacing window (default 1, for a platform that counts both
   *  ends of its window). Requests late on their way need none: a send counts until its answer
   *  (pacer.ts). */
  headroomMs?: number;
  /** false: send only while drain() runs (tests that move an injected clock themselves). */
  auto?: boolean;
  /** Told what became of each send (for metrics: codes only, never a person). */
  observe?: DeliveryObserver;
}

/** What became of one send attempt; `reason` is a code (e.g. no_account, retries_exhausted:timeout). */
export type DeliveryObserver = (platform: PlatformName | 'unknown', outcome: 'sent' | 'failed' | 'retried' | 'rate_limited', reason?: string) => void;

export interface DeliveryWorker {
  /** Resolves when nothing is pending or in flight (future rows included). */
  drain(): Promise<void>;
  /** Stops claiming, returns queued rows to pending at once, then waits for the sends under way
   *  (at most `withinMs`: a row still in flight after that is sent again when its lease ends). */
  stop(o?: { withinMs?: number }): Promise<void>;
  /** Rows this instance holds: claimed and waiting for their pacing slot, and being sent. */
  held(): { queued: number; inFlight: number };
}

export async function startDeliveryWorker(o: WorkerOptions): Promise<DeliveryWorker> {
  const { db, clock, log } = o;
  const limits = o.limits ?? DEFAULT_LIMITS;
  const retry = o.retry ?? DEFAULT_RETRY;
  const maxInFlight = o.maxInFlight ?? 64;
  const leaseMs = o.leaseMs ?? (o.kind === 'postgresql' ? 15_000 : 5 * 60_000);
  const shares = o.shares ?? paceShares(db, o.kind, limits);
  const renewMs = DEFAULT_SHARE_TIMING.renewMs;
  let lastRenew = Number.NEGATIVE_INFINITY;
  /** Ids of the rows this instance has claimed and not yet recorded (their leases are renewed). */
  const held = new Set<string>();
  const pollMs = o.pollMs ?? 500;
  const random = o.random ?? (() => randomInt(0, 1_000_000) / 1_000_000);
  const pacer = new Pacer(o.headroomMs ?? 1, shares.portionOf);
  const cards = campaignCards(o.render);
  const renderFailuresLogged = new Set<string>();
  const rateLimited = new Map<string, number>();
  /** Claimed rows waiting for their pacing slot, oldest first. */
  const queue: Ready[] = [];
  /** Sends under way, and rows being recorded. */
  const inFlight = new Set<Promise<void>>();
  /** Wakes the loop when a send ends and there is room to claim more. */
  let wake: (() => void) | undefined;
  /** drain() callers, told each time the loop finds nothing claimed, queued or in flight. */
  const idleWaiters: (() => void)[] = [];
  const tellIdle = () => {
    for (const resolve of idleWaiters.splice(0)) resolve();
  };
  let running = true;
  let sentSinceLog = 0;
  let lastLog = clock.now().getTime();
  const roomToClaim = () => queue.length + inFlight.size <= maxInFlight / 2;
  const observe: DeliveryObserver = o.observe ?? (() => undefined);

  if (o.kind === 'sqlite') {
    const { count } = await db.delivery.updateMany({ where: { status: 'sending' }, data: { status: 'pending', leaseUntil: null } });
    if (count) log.warn({ rows: count }, 'deliveries in flight at the last stop will be sent again (at-least-once)');
  }

  /** A claimed row that can be sent: its platform, port, address and pacing keys. */
  interface Ready extends Claimed {
    platform: PlatformName;
    port: OutboundPort;
    channel: ChannelAddress | undefined;
    keys: PaceKey[];
  }

  function track(p: Promise<void>): void {
    const tracked: Promise<void> = p
      .catch((e) => void reportError(log, e, { stage: 'deliver' }))
      .finally(() => {
        inFlight.delete(tracked);
        if (roomToClaim()) wake?.();
      });
    inFlight.add(tracked);
  }

  /** Queues what can be sent; fails at once what cannot (no account, platform not enabled). */
  function accept({ row, account }: Claimed): void {
    const platform = (row.platform ?? account?.platform) as PlatformName | undefined;
    const port = platform ? o.ports[platform] : undefined;
    if (!platform || !port || (row.personId && !account) || (!row.channelKey && !account)) {
      const reason = !port && platform ? `platform_disabled:${platform}` : 'no_account';
      observe(platform ?? 'unknown', 'failed', reason);
      track(applyOutcome(db, row.id, { kind: 'failed', reason }, clock.now()));
      return;
    }
    const channel = row.channelKey ? (row.address as unknown as ChannelAddress) : undefined;
    held.add(row.id);
    queue.push({ row, account, platform, port, channel, keys: paceKeysFor(platform, limits, account, channel) });
  }

  async function send({ row, account, platform, port, channel, keys }: Ready, sentAt: number): Promise<void> {
    const id = row.id;
    const locale = account?.language ?? o.defaultLocale ?? 'en';
    let card: AdaptiveCard;
    try {
      card = cards.cardFor(row.campaign, locale);
    } catch (e) {
      // Every recipient of a card that cannot be rendered fails the same way: one log line per
      // campaign and language, not one per person (10,000 at 9:00), each row marked.
      const failure = `${row.campaignId}:${locale}`;
      if (!renderFailuresLogged.has(failure)) {
        renderFailuresLogged.add(failure);
        reportError(log, e, { stage: 'render', campaignId: row.campaignId, locale });
      }
      // It never left: it counts as answered now.
      pacer.answered(keys, sentAt, clock.now().getTime());
      observe(platform, 'failed', 'render_failed');
      await applyOutcome(db, id, { kind: 'failed', reason: 'render_failed' }, clock.now());
      return;
    }
    const toPlatform = async () => {
      try {
        return channel
          ? await port.sendToChannel(channel, card)
          : account
            ? await port.sendToPerson(
                {
                  platform,
                  workspaceId: account.workspaceId,
                  userId: account.userId,
                  channelUserId: account.channelUserId,
                  conversationRef: account.conversationRef as Record<string, unknown> | null,
                  dmChannelId: account.dmChannelId,
                } satisfies PersonAddress,
                card,
              )
            : undefined;
      } finally {
        pacer.answered(keys, sentAt, clock.now().getTime());
      }
    };
    try {
      const sent = await toPlatform();
      if (!sent) throw new Error('a delivery with neither a channel nor an account');
      await markSent(db, id, sent, cardInstanceOf(card), clock.now());
      rateLimited.delete(id);
      observe(platform, 'sent');
      if (account && sent.learned) await rememberReach(db, account.id, sent.learned, clock.now());
      sentSinceLog++;
    } catch (e) {
      const outcome = classify(e, row.attempts, rateLimited.get(id) ?? 0, retry, random);
      if (outcome.kind === 'rate_limited') {
        rateLimited.set(id, (rateLimited.get(id) ?? 0) + 1);
        pacer.block(rateLimitKey(platform, account, channel), clock.now().getTime() + outcome.retryAfterMs);
      } else rateLimited.delete(id);
      observe(platform, outcome.kind === 'retry' ? 'retried' : outcome.kind, outcome.kind === 'rate_limited' ? undefined : outcome.reason);
      await applyOutcome(db, id, outcome, clock.now());
      // A person who blocked the app is not tried again by later campaigns, and is reported.
      if (outcome.kind === 'failed' && outcome.reason === APP_BLOCKED_REASON && account) await markBlocked(db, account.id, clock.now());
    }
  }

  /** Starts every queued row whose pacing slot is free now; returns the milliseconds until the
   *  next one's is (Infinity when the queue is empty). */
  function dispatch(): number {
    const now = clock.now().getTime();
    let next = Number.POSITIVE_INFINITY;
    const waiting: Ready[] = [];
    for (const ready of queue) {
      const wait = pacer.waitFor(ready.keys, now);
      if (wait > 0) {
        next = Math.min(next, wait);
        waiting.push(ready);
        continue;
      }
      pacer.record(ready.keys, now);
      track(send(ready, now).finally(() => held.delete(ready.row.id)));
    }
    queue.splice(0, queue.length, ...waiting);
    return next;
  }

  function logProgress() {
    const now = clock.now().getTime();
    if (now - lastLog < 5_000) return;
    if (sentSinceLog) log.info({ sent: sentSinceLog, seconds: (now - lastLog) / 1000, queued: queue.length, inFlight: inFlight.size }, 'delivery progress');
    sentSinceLog = 0;
    lastLog = now;
  }

  /** Renews this instance's shares of the keys it has rows for and the leases of the rows it
   *  holds (PostgreSQL); at once when a queued row touches a key not asked about yet. */
  async function renew(): Promise<void> {
    const now = clock.now();
    if (now.getTime() - lastRenew < renewMs && !queue.some((r) => r.keys.some((k) => shares.unknown(k.key)))) return;
    lastRenew = now.getTime();
    await shares.renew(new Set(queue.flatMap((r) => r.keys.map((k) => k.key))), now);
    pacer.sharesChanged();
    if (o.kind === 'postgresql' && held.size)
      await db.$executeRaw`UPDATE "Delivery" SET "leaseUntil" = ${new Date(now.getTime() + leaseMs)}
                            WHERE "id" IN (${Prisma.join([...held])}) AND "status" = ${statusSql(o.kind, 'sending')}`;
  }

  /** Claims a batch when there is room, starts what its pacing allows, then waits for the next
   *  pacing slot, for room to claim, or for the next poll. */
  async function step(): Promise<void> {
    try {
      let claimed = 0;
      if (roomToClaim()) {
        const ids = await claimDue(db, o.kind, clock.now(), leaseMs, maxInFlight - queue.length - inFlight.size);
        claimed = ids.length;
        if (claimed) for (const c of await loadClaimed(db, o.kind, ids)) accept(c);
      }
      await renew();
      const next = dispatch();
      logProgress();
      if (claimed === 0 && queue.length === 0 && inFlight.size === 0) tellIdle();
      // Rows came and there is room for more: claim again at once. Otherwise wait for the next
      // pacing slot or the poll, and, with no room, for sends to end.
      const full = !roomToClaim();
      const wait = claimed > 0 && !full ? 0 : Math.min(next, pollMs);
      if (wait > 0) {
        const roomMade = full ? new Promise<void>((resolve) => (wake = resolve)) : undefined;
        await Promise.race([clock.sleep(wait), ...(roomMade ? [roomMade] : [])]);
        wake = undefined;
      }
    } catch (e) {
      reportError(log, e, { stage: 'claim' });
      await clock.sleep(pollMs);
    }
  }

  /** Claimed rows not sent when the worker stops go back to pending, untried. */
  async function release(): Promise<void> {
    const ids = queue.splice(0).map((r) => r.row.id);
    for (const id of ids) held.delete(id);
    if (ids.length)
      await db.delivery.updateMany({
        where: { id: { in: ids }, status: 'sending' },
        data: { status: 'pending', leaseUntil: null, attempts: { decrement: 1 } },
      });
  }

  const auto = o.auto !== false;
  const loop = (async () => {
    while (running && auto) await step();
  })();

  return {
    async drain() {
      const busy = async () => queue.length > 0 || inFlight.size > 0 || (await openCount(db)) > 0;
      if (!auto) while (await busy()) await step();
      // The loop says when it has nothing in hand; only then is the database asked (an injected
      // clock moves only when the worker waits, so drain must not wait on it by itself).
      else while (running && (await busy())) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    held: () => ({ queued: queue.length, inFlight: inFlight.size }),
    async stop({ withinMs } = {}) {
      running = false;
      wake?.();
      tellIdle();
      await loop;
      await release();
      const settled = Promise.allSettled([...inFlight]).then(() => true);
      const done = withinMs === undefined ? await settled : await Promise.race([settled, clock.sleep(withinMs).then(() => false)]);
      if (!done) log.warn({ inFlight: inFlight.size }, 'stopped with sends in flight: they are sent again when their lease ends (at-least-once)');
      // The others may use this instance's share once what it sent last has left the platform's windows.
      await shares.release(clock.now()).catch((e: unknown) => void reportError(log, e, { stage: 'release shares' }));
    },
  };
}
