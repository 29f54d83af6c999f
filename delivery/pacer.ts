// Sliding-window pacing per key (a tenant, a conversation, a workspace's conversations.open),
// on an injected clock. A send reserves a slot in every window of every key it touches; a 429
// blocks only the key it names, until its Retry-After has passed.
//
// A send counts in its windows from the moment it is started until its answer comes back
// (`answered` moves it to that time): the platform received it somewhere in between, so no
// window the platform counts can hold more than the limit, however late a request leaves a
// busy process or however long it takes on the way. Counting it only from its start (with a
// fixed headroom) lost that promise whenever a request took longer than the headroom.
import type { Window } from './limits.ts';
import { allot, type Portion } from './shares.ts';

export interface PaceKey {
  key: string;
  windows: Window[];
}

/** Sends spread evenly at each key's tightest rate (50/1 s → one every 20 ms) from a bucket of
 *  a tenth of that window (5), so they flow steadily instead of in bursts that network jitter
 *  could squeeze into one window. A bucket keeps what a late send did not use (up to its size),
 *  so a send that went out late is caught up; a sliding window would lose the lateness for good
 *  (2 ms late per wake-up cost 1% of the rate, 5 ms 4%). */
interface Bucket {
  perMs: number;
  size: number;
  tokens: number;
  at: number;
  portion: Portion;
}

/** How long a key this instance has no share of yet waits before asking again. */
const NO_SHARE_WAIT_MS = 100;

export class Pacer {
  /** `portionOf`: this instance's part of a key's limits (several instances share a tenant's;
   *  see shares.ts), undefined while it may not send on the key; whole when it is alone. */
  constructor(
    private readonly headroomMs = 0,
    private readonly portionOf: (key: string) => Portion | undefined = () => ({ rank: 0, of: 1 }),
  ) {}

  /** Send times per key, oldest first (pruned to the longest window). */
  private readonly history = new Map<string, number[]>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly blockedUntil = new Map<string, number>();

  private bucket(key: string, windows: Window[], now: number, portion: Portion): Bucket {
    let b = this.buckets.get(key);
    if (!b || b.portion.rank !== portion.rank || b.portion.of !== portion.of) {
      const tight = windows.reduce((a, w) => (w.ms / w.max < a.ms / a.max ? w : a));
      const mine = allot(tight.max, portion);
      const size = Math.max(1, Math.round(mine / 10));
      const perMs = mine / (tight.ms + this.headroomMs);
      // A portion that changes keeps the tokens it has (up to the new size), never more.
      b = b ? { ...b, perMs, size, portion, tokens: Math.min(b.tokens, size) } : { perMs, size, tokens: size, at: now, portion };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(b.size, b.tokens + (now - b.at) * b.perMs);
    b.at = now;
    return b;
  }

  /** Milliseconds to wait before a send touching these keys may go (0 = now). */
  waitFor(keys: PaceKey[], now: number): number {
    let wait = 0;
    for (const { key, windows } of keys) wait = Math.max(wait, this.keyWait(key, windows, now));
    return Math.max(0, Math.ceil(wait));
  }

  /** Each key's wait, kept until time moves or that key's sends or block change: the worker
   *  asks for every queued row, and most of them share their tenant's key. */
  private readonly waits = new Map<string, number>();
  private waitsAt = Number.NaN;

  private keyWait(key: string, windows: Window[], now: number): number {
    if (now !== this.waitsAt) {
      this.waits.clear();
      this.waitsAt = now;
    }
    const known = this.waits.get(key);
    if (known !== undefined) return known;
    const portion = this.portionOf(key);
    if (!portion || windows.some((w) => allot(w.max, portion) < 1)) {
      this.waits.set(key, NO_SHARE_WAIT_MS);
      return NO_SHARE_WAIT_MS;
    }
    let wait = (this.blockedUntil.get(key) ?? 0) - now;
    const b = this.bucket(key, windows, now, portion);
    if (b.tokens < 1) wait = Math.max(wait, (1 - b.tokens) / b.perMs);
    const times = this.history.get(key) ?? [];
    for (const w of windows) {
      const ms = w.ms + this.headroomMs;
      // Number of sends inside the window that ends at now.
      // This instance's part of the window (all of it when alone).
      const max = allot(w.max, portion);
      let inWindow = 0;
      for (let i = times.length - 1; i >= 0 && (times[i] ?? 0) > now - ms; i--) inWindow++;
      if (inWindow >= max) {
        const oldestThatCounts = times[times.length - max] ?? now;
        wait = Math.max(wait, oldestThatCounts + ms - now);
      }
    }
    this.waits.set(key, wait);
    return wait;
  }

  /** Records a send at `now` for every key. Call only when waitFor(keys, now) is 0. */
  record(keys: PaceKey[], now: number): void {
    for (const { key, windows } of keys) {
      this.waits.delete(key);
      this.bucket(key, windows, now, this.portionOf(key) ?? { rank: 0, of: 1 }).tokens -= 1;
      const longest = Math.max(...windows.map((w) => w.ms)) + this.headroomMs;
      const times = this.history.get(key) ?? [];
      times.push(now);
      let drop = 0;
      while (drop < times.length && (times[drop] ?? now) <= now - longest) drop++;
      if (drop > 0) times.splice(0, drop);
      this.history.set(key, times);
    }
  }

  /** A send recorded at `sentAt` was answered (or failed) at `now`: from now on it counts as
   *  made at `now`, the latest moment the platform can have received it. */
  answered(keys: PaceKey[], sentAt: number, now: number): void {
    if (now <= sentAt) return;
    for (const { key } of keys) {
      this.waits.delete(key);
      const times = this.history.get(key);
      if (!times) continue;
      const at = times.lastIndexOf(sentAt);
      // Pruned already (the answer took longer than the longest window): it counts again from now.
      if (at >= 0) times.splice(at, 1);
      let i = times.length;
      while (i > 0 && (times[i - 1] ?? 0) > now) i--;
      times.splice(i, 0, now);
    }
  }

  /** Shares were renewed: waits computed before are stale. */
  sharesChanged(): void {
    this.waits.clear();
  }

  /** The platform said 429 for this key: nothing touching it goes before `until`. */
  block(key: string, until: number): void {
    this.waits.delete(key);
    this.blockedUntil.set(key, Math.max(until, this.blockedUntil.get(key) ?? 0));
  }
}
