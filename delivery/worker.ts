// The delivery worker: claims due rows, paces them under each platform's limits, sends them
// through the platform ports and records what happened.
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
import { randomInt } from 'node:crypto';
import { DATA_CARD } from '../cards/ids.ts';
import type { AdaptiveCard } from '../cards/types.ts';
import type { Clock } from '../core/clock.ts';
import type { DatabaseKind, Db } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import { reportError } from '../core/log.ts';
import type { PlatformName } from '../kernel/events.ts';
import type { ChannelAddress, OutboundPort, PersonAddress } from '../kernel/ports.ts';
import { claimDue, openCount } from './claim.ts';
import { DEFAULT_LIMITS, type DeliveryLimits } from './limits.ts';
import { applyOutcome, classify, DEFAULT_RETRY, markSent, type RetryPolicy } from './outcome.ts';
import { paceKeysFor, rateLimitKey } from './pace-keys.ts';
import { Pacer } from './pacer.ts';

export type RenderFn = (template: string, data: object, locale: string) => AdaptiveCard;

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
  leaseMs?: number;
  pollMs?: number;
  random?: () => number;
  /** Extra milliseconds on every pacing window, so jitter between here and the platform
   *  never makes a window look over its limit there. */
  headroomMs?: number;
  /** false: send only while drain() runs (tests that move an injected clock themselves). */
  auto?: boolean;
}

export interface DeliveryWorker {
  /** Resolves when nothing is pending or in flight (future rows included). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const cardInstanceOf = (card: AdaptiveCard): string | undefined => {
  for (const a of card.actions ?? []) if (typeof a.data?.[DATA_CARD] === 'string') return a.data[DATA_CARD] as string;
  return undefined;
};

export async function startDeliveryWorker(o: WorkerOptions): Promise<DeliveryWorker> {
  const { db, clock, log } = o;
  const limits = o.limits ?? DEFAULT_LIMITS;
  const retry = o.retry ?? DEFAULT_RETRY;
  const maxInFlight = o.maxInFlight ?? 64;
  const leaseMs = o.leaseMs ?? 5 * 60_000;
  const pollMs = o.pollMs ?? 500;
  const random = o.random ?? (() => randomInt(0, 1_000_000) / 1_000_000);
  const pacer = new Pacer(o.headroomMs ?? 10);
  const rateLimited = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  let running = true;
  let sentSinceLog = 0;
  let lastLog = clock.now().getTime();

  if (o.kind === 'sqlite') {
    const { count } = await db.delivery.updateMany({ where: { status: 'sending' }, data: { status: 'pending', leaseUntil: null } });
    if (count) log.warn({ rows: count }, 'deliveries in flight at the last stop will be sent again (at-least-once)');
  }

  type Claimed = Awaited<ReturnType<typeof loadClaimed>>[number];
  async function loadClaimed(ids: string[]) {
    const rows = await db.delivery.findMany({ where: { id: { in: ids }, status: 'sending' }, include: { campaign: true } });
    const accountIds = rows.flatMap((r) => (r.accountId ? [r.accountId] : []));
    const accounts = new Map(
      (accountIds.length ? await db.platformAccount.findMany({ where: { id: { in: accountIds } }, include: { person: true } }) : []).map((a) => [a.id, a]),
    );
    return rows.map((row) => ({ row, account: row.accountId ? (accounts.get(row.accountId) ?? null) : null }));
  }

  async function deliver({ row, account }: Claimed): Promise<void> {
    const id = row.id;
    const platform = (row.platform ?? account?.platform) as PlatformName | undefined;
    const port = platform ? o.ports[platform] : undefined;
    if (!platform || !port || (row.personId && !account) || (!row.channelKey && !account)) {
      await applyOutcome(db, id, { kind: 'failed', reason: !port && platform ? `platform_disabled:${platform}` : 'no_account' }, clock.now());
      return;
    }
    const channel = row.channelKey ? (row.address as unknown as ChannelAddress) : undefined;
    const keys = paceKeysFor(platform, limits, account, channel);
    for (;;) {
      const wait = pacer.waitFor(keys, clock.now().getTime());
      if (wait === 0) break;
      await clock.sleep(wait);
    }
    pacer.record(keys, clock.now().getTime());
    const locale = account?.person?.language ?? o.defaultLocale ?? 'en';
    let card: AdaptiveCard;
    try {
      card = o.render(row.campaign.template, (row.campaign.data ?? {}) as object, locale);
    } catch (e) {
      reportError(log, e, { stage: 'render', campaignId: row.campaignId });
      await applyOutcome(db, id, { kind: 'failed', reason: 'render_failed' }, clock.now());
      return;
    }
    try {
      const sent = channel
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
      if (!sent) throw new Error('a delivery with neither a channel nor an account');
      await markSent(db, id, sent, cardInstanceOf(card), clock.now());
      rateLimited.delete(id);
      if (account && sent.learned)
        await db.platformAccount.update({
          where: { id: account.id },
          data: {
            ...(sent.learned.conversationRef ? { conversationRef: sent.learned.conversationRef as object } : {}),
            ...(sent.learned.dmChannelId ? { dmChannelId: sent.learned.dmChannelId } : {}),
          },
        });
      sentSinceLog++;
    } catch (e) {
      const outcome = classify(e, row.attempts, rateLimited.get(id) ?? 0, retry, random);
      if (outcome.kind === 'rate_limited') {
        rateLimited.set(id, (rateLimited.get(id) ?? 0) + 1);
        pacer.block(rateLimitKey(platform, account, channel), clock.now().getTime() + outcome.retryAfterMs);
      } else rateLimited.delete(id);
      await applyOutcome(db, id, outcome, clock.now());
    }
  }

  function logProgress() {
    const now = clock.now().getTime();
    if (now - lastLog < 5_000) return;
    if (sentSinceLog) log.info({ sent: sentSinceLog, seconds: (now - lastLog) / 1000, inFlight: inFlight.size }, 'delivery progress');
    sentSinceLog = 0;
    lastLog = now;
  }

  /** Claims what is due and starts sending it, then waits for room or for the next poll. */
  async function step(): Promise<void> {
    try {
      const room = maxInFlight - inFlight.size;
      const ids = room > 0 ? await claimDue(db, o.kind, clock.now(), leaseMs, room) : [];
      for (const claimed of ids.length ? await loadClaimed(ids) : []) {
        const p: Promise<void> = deliver(claimed)
          .catch((e) => void reportError(log, e, { stage: 'deliver' }))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      logProgress();
      if (ids.length === 0) {
        if (inFlight.size > 0) await Promise.race([...inFlight, clock.sleep(pollMs)]);
        else await clock.sleep(pollMs);
      } else if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    } catch (e) {
      reportError(log, e, { stage: 'claim' });
      await clock.sleep(pollMs);
    }
  }

  const auto = o.auto !== false;
  const loop = (async () => {
    while (running && auto) await step();
  })();

  return {
    async drain() {
      while ((await openCount(db)) > 0 || inFlight.size > 0) await (auto ? clock.sleep(pollMs) : step());
    },
    async stop() {
      running = false;
      await loop;
      await Promise.allSettled([...inFlight]);
    },
  };
}
