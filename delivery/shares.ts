// Several instances, one set of limits (PostgreSQL). A tenant's or workspace's allowance (and
// Slack's conversations.open) is shared through the PaceShare table: each instance with rows
// queued for such a key holds a row for it, renewed every `renewMs`; with N live holders each
// sends at 1/N of the limit, so together they keep to the one limit without anyone dividing it
// by hand. Each window's allowance is split in whole sends (50 among 3: 17, 17 and 16, by the
// holders' order), so the parts add up to the limit exactly. Safety when instances come and go:
// - a newcomer sends nothing on a key until its row is older than `settleMs` (> renewMs), by
//   when every other holder has renewed, seen it, and lowered its own share (unless it is the
//   only holder, or was already sending on the key: nobody else was sending then, and a later
//   newcomer waits for it instead);
// - an instance that stops deletes its rows after its last send, so the others' shares grow;
//   a dead one's rows lapse at expiresAt (`ttlMs`), and its claimed deliveries come back when
//   their lease (renewed by the same cycle while it lives) ends.
// A conversation's own limits stay local: a conversation's rows are few and one instance sends
// each row. SQLite is one process (the embedded default): every share is whole.
import { randomUUID } from 'node:crypto';
import { type DatabaseKind, type Db, Prisma } from '../core/db.ts';

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
  /** Gives up every share (after the last send). */
  release(): Promise<void>;
}

/** Keys whose limit is one allowance for the whole district (all instances together). */
export const isSharedKey = (key: string) => key.startsWith('teams:tenant:') || key.startsWith('slack:ws:') || key.startsWith('slack:open:');

const sole: PaceShares = { portionOf: () => WHOLE, unknown: () => false, renew: async () => undefined, release: async () => undefined };

export interface ShareTiming {
  renewMs: number;
  settleMs: number;
  ttlMs: number;
  /** A key stays held this long after its last queued row (so a short gap does not make it settle again). */
  keepMs: number;
}

export const DEFAULT_SHARE_TIMING: ShareTiming = { renewMs: 1_000, settleMs: 2_500, ttlMs: 4_000, keepMs: 5_000 };

export function paceShares(db: Db, kind: DatabaseKind, timing: ShareTiming = DEFAULT_SHARE_TIMING): PaceShares {
  if (kind !== 'postgresql') return sole;
  const instanceId = randomUUID();
  const shares = new Map<string, Portion | undefined>();
  const lastSeen = new Map<string, number>();
  return {
    portionOf: (key) => (isSharedKey(key) ? shares.get(key) : WHOLE),
    unknown: (key) => isSharedKey(key) && !shares.has(key),
    async renew(keys, now) {
      const t = now.getTime();
      for (const k of keys) if (isSharedKey(k)) lastSeen.set(k, t);
      for (const [k, at] of lastSeen) if (t - at > timing.keepMs) lastSeen.delete(k);
      const held = [...lastSeen.keys()];
      const expiresAt = new Date(t + timing.ttlMs);
      if (held.length)
        await db.$executeRaw`
          INSERT INTO "PaceShare" ("key", "instanceId", "since", "expiresAt")
          VALUES ${Prisma.join(held.map((k) => Prisma.sql`(${k}, ${instanceId}, ${now}, ${expiresAt})`))}
          ON CONFLICT ("key", "instanceId") DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"`;
      // Own rows no longer needed, and anyone's long lapsed.
      await db.$executeRaw`
        DELETE FROM "PaceShare"
         WHERE ("instanceId" = ${instanceId} ${held.length ? Prisma.sql`AND "key" NOT IN (${Prisma.join(held)})` : Prisma.empty})
            OR "expiresAt" < ${new Date(t - 60_000)}`;
      const sending = new Set([...shares].filter(([, p]) => p !== undefined).map(([k]) => k));
      shares.clear();
      if (!held.length) return;
      const rows = await db.$queryRaw<{ key: string; holders: string[]; settled: boolean }[]>`
        SELECT "key", ARRAY_AGG("instanceId" ORDER BY "instanceId") AS "holders",
               BOOL_OR("instanceId" = ${instanceId} AND "since" <= ${new Date(t - timing.settleMs)}) AS "settled"
          FROM "PaceShare"
         WHERE "key" IN (${Prisma.join(held)}) AND "expiresAt" > ${now}
         GROUP BY "key"`;
      for (const r of rows) {
        const rank = r.holders.indexOf(instanceId);
        const may = rank >= 0 && (r.settled || r.holders.length === 1 || sending.has(r.key));
        shares.set(r.key, may ? { rank, of: r.holders.length } : undefined);
      }
    },
    async release() {
      lastSeen.clear();
      shares.clear();
      await db.$executeRaw`DELETE FROM "PaceShare" WHERE "instanceId" = ${instanceId}`;
    },
  };
}
