// Several instances, one set of limits (PostgreSQL). A tenant's or workspace's allowance (and
// Slack's conversations.open) is shared through the PaceShare table: each instance with rows
// queued for such a key holds a row for it, renewed every `renewMs`; with N live holders each
// sends at 1/N of the limit, so together they keep to the one limit without anyone dividing it
// by hand. Each window's allowance is split in whole sends (50 among 3: 17, 17 and 16, by the
// holders' order), so the parts add up to the limit exactly.
//
// Safety when instances come and go rests on a handshake, not on timing guesses:
// - every holder writes into its row the holders it read (`view`): from then on it paces by
//   them, its own part already lowered;
// - a newcomer sends nothing on a key until every other live holder's view includes it, and then
//   one more window (plus `marginMs` for a request still on its way), so that what the others
//   sent with their larger parts has left every window the platform counts. A holder that stalls
//   and renews no more holds the newcomer back only until its row lapses;
// - an instance already sending lowers its part as soon as it reads a newcomer (always safe);
// - parts grow only when a holder's row is gone: one that stops keeps its row for one window past
//   its last send (`release`), a dead one's lapses `ttlMs` after its last renewal (at least a
//   window past its last possible send), and its claimed deliveries come back when their lease
//   (renewed by the same cycle while it lives) ends;
// - an instance whose own row lapsed (it stalled longer than `ttlMs`) is a newcomer again.
// A conversation's own limits stay local: a conversation's rows are few and one instance sends
// each row. SQLite is one process (the embedded default): every share is whole.
import { randomUUID } from 'node:crypto';
import { type DatabaseKind, type Db, Prisma } from '../core/db.ts';
import type { DeliveryLimits, Window } from './limits.ts';

/** This instance's place among a key's `of` holders (0-based `rank`). */
export interface Portion {
  rank: number;
  of: number;
}

const WHOLE: Portion = { rank: 0, of: 1 };

/** This instance's part of a window's `max` sends: the parts of all holders add up to `max`. */
export const allot = (max: number, p: Portion): number => Math.floor(max / p.of) + (p.rank < max % p.of ? 1 : 0);

export interface PaceShares {
  /** This instance's portion of a key's allowance: whole for a local key, undefined while it may not send yet. */
  portionOf(key: string): Portion | undefined;
  /** True when `key` is shared and this instance has not asked about it yet. */
  unknown(key: string): boolean;
  /** Holds rows for the shared keys seen lately, drops the others, and reads the holders. */
  renew(keys: Iterable<string>, now: Date): Promise<void>;
  /** Gives up every share after the last send at `now`: each row stays one window longer. */
  release(now: Date): Promise<void>;
}

/** The limits whose allowance is one for the whole district (all instances together), by key. */
function sharedWindows(limits: DeliveryLimits, key: string): Window[] | undefined {
  if (key.startsWith('teams:tenant:')) return limits.teams.perTenant;
  if (key.startsWith('slack:ws:')) return limits.slack.perWorkspace;
  if (key.startsWith('slack:open:')) return limits.slack.conversationsOpen;
  return undefined;
}

const sole: PaceShares = { portionOf: () => WHOLE, unknown: () => false, renew: async () => undefined, release: async () => undefined };

export interface ShareTiming {
  renewMs: number;
  /** A live holder's row lasts this long past its last renewal (at least its key's longest window, `renewMs` and `marginMs`). */
  ttlMs: number;
  /** A key stays held this long after its last queued row (so a short gap does not make it a newcomer again). */
  keepMs: number;
  /** How long a request may still be on its way to the platform after it was started. */
  marginMs: number;
}

export const DEFAULT_SHARE_TIMING: ShareTiming = { renewMs: 1_000, ttlMs: 4_000, keepMs: 5_000, marginMs: 500 };

export function paceShares(db: Db, kind: DatabaseKind, limits: DeliveryLimits, timing: ShareTiming = DEFAULT_SHARE_TIMING): PaceShares {
  if (kind !== 'postgresql') return sole;
  const instanceId = randomUUID();
  const isShared = (key: string) => sharedWindows(limits, key) !== undefined;
  const windowMs = (key: string) => Math.max(0, ...(sharedWindows(limits, key) ?? []).map((w) => w.ms));
  const ttlMs = (key: string) => Math.max(timing.ttlMs, windowMs(key) + timing.renewMs + timing.marginMs);
  const shares = new Map<string, Portion | undefined>();
  const lastSeen = new Map<string, number>();
  /** When this newcomer first saw every other holder of a key pace by a view that includes it. */
  const seenByAll = new Map<string, number>();
  /** The view last written into this instance's row, per key. */
  const written = new Map<string, string>();
  return {
    portionOf: (key) => (isShared(key) ? shares.get(key) : WHOLE),
    unknown: (key) => isShared(key) && !shares.has(key),
    async renew(keys, now) {
      const t = now.getTime();
      for (const k of keys) if (isShared(k)) lastSeen.set(k, t);
      for (const [k, at] of lastSeen) if (t - at > timing.keepMs) lastSeen.delete(k);
      const held = [...lastSeen.keys()];
      const kept = held.length
        ? await db.$queryRaw<{ key: string; since: Date }[]>`
            INSERT INTO "PaceShare" ("key", "instanceId", "since", "expiresAt")
            VALUES ${Prisma.join(held.map((k) => Prisma.sql`(${k}, ${instanceId}, ${now}, ${new Date(t + ttlMs(k))})`))}
            ON CONFLICT ("key", "instanceId") DO UPDATE SET
              "expiresAt" = EXCLUDED."expiresAt",
              -- A row that had lapsed (still there, not yet cleared) starts again as new.
              "since" = CASE WHEN "PaceShare"."expiresAt" <= EXCLUDED."since" THEN EXCLUDED."since" ELSE "PaceShare"."since" END,
              "view" = CASE WHEN "PaceShare"."expiresAt" <= EXCLUDED."since" THEN '' ELSE "PaceShare"."view" END
            RETURNING "key", "since"`
        : [];
      // A row just written anew (this instance's had lapsed, or it never held the key): a newcomer.
      const fresh = new Set(kept.filter((r) => r.since.getTime() === t).map((r) => r.key));
      // Own rows no longer needed, and anyone's long lapsed.
      await db.$executeRaw`
        DELETE FROM "PaceShare"
         WHERE ("instanceId" = ${instanceId} ${held.length ? Prisma.sql`AND "key" NOT IN (${Prisma.join(held)})` : Prisma.empty})
            OR "expiresAt" < ${new Date(t - 60_000)}`;
      const sending = new Set([...shares].filter(([k, p]) => p !== undefined && !fresh.has(k)).map(([k]) => k));
      shares.clear();
      for (const k of [...written.keys()]) if (!lastSeen.has(k) || fresh.has(k)) written.delete(k);
      for (const k of [...seenByAll.keys()]) if (!lastSeen.has(k)) seenByAll.delete(k);
      if (!held.length) return;
      const rows = await db.$queryRaw<{ key: string; instanceId: string; view: string }[]>`
        SELECT "key", "instanceId", "view" FROM "PaceShare"
         WHERE "key" IN (${Prisma.join(held)}) AND "expiresAt" > ${now}
         ORDER BY "key", "instanceId"`;
      const views = new Map<string, string[]>();
      for (const r of rows) views.set(r.key, [...(views.get(r.key) ?? []), r.instanceId]);
      const viewOf = new Map(rows.map((r) => [`${r.key}\n${r.instanceId}`, r.view.split(',')]));
      const toWrite: [string, string][] = [];
      for (const key of held) {
        const holders = views.get(key) ?? [];
        const rank = holders.indexOf(instanceId);
        if (rank < 0) {
          shares.set(key, undefined);
          continue;
        }
        const seen = holders.every((h) => h === instanceId || viewOf.get(`${key}\n${h}`)?.includes(instanceId));
        if (seen) seenByAll.set(key, seenByAll.get(key) ?? t);
        else seenByAll.delete(key);
        const settled = seen && t - (seenByAll.get(key) ?? t) >= windowMs(key) + timing.marginMs;
        const may = sending.has(key) || holders.length === 1 || settled;
        shares.set(key, may ? { rank, of: holders.length } : undefined);
        const view = holders.join(',');
        if (written.get(key) !== view) toWrite.push([key, view]);
      }
      // Said after the parts above were taken up: whoever reads this view may count on them.
      for (const [key, view] of toWrite) {
        await db.$executeRaw`UPDATE "PaceShare" SET "view" = ${view} WHERE "key" = ${key} AND "instanceId" = ${instanceId}`;
        written.set(key, view);
      }
    },
    async release(now) {
      const keys = [...lastSeen.keys()];
      lastSeen.clear();
      shares.clear();
      written.clear();
      seenByAll.clear();
      // What this instance sent last still counts in the platform's windows for one window more.
      for (const key of keys)
        await db.$executeRaw`UPDATE "PaceShare" SET "expiresAt" = ${new Date(now.getTime() + windowMs(key) + timing.marginMs)}
                              WHERE "key" = ${key} AND "instanceId" = ${instanceId}`;
      await db.$executeRaw`DELETE FROM "PaceShare" WHERE "instanceId" = ${instanceId} ${keys.length ? Prisma.sql`AND "key" NOT IN (${Prisma.join(keys)})` : Prisma.empty}`;
    },
  };
}
