// Sliding-window pacing per key (a tenant, a conversation, a workspace's conversations.open),
// on an injected clock. A send reserves a slot in every window of every key it touches; a 429
// blocks only the key it names, until its Retry-After has passed.
//
// A send counts in every window from the moment it is started until its answer comes back,
// and from then on as made at its answer's time (`answered`): the platform received it somewhere
// in between, so no window the platform counts can hold more than the limit, however late a
// request leaves a busy process or however long it takes on the way. Counting it only from its
// start (with a fixed headroom) lost that promise whenever a request took longer than the
// headroom; counting a send still on its way at its start time lost it whenever the platform
// read requests more than a window late (a stalled receiver reads them all at once).
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

  /** Answered sends' times per key, oldest first (pruned to the longest window). */
  private readonly history = new Map<string, number[]>();
  /** Start times of sends not answered yet, per key: each counts in every window until then. */
  private readonly onTheirWay = new Map<string, number[]>();
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
    const pending = this.onTheirWay.get(key)?.length ?? 0;
    for (const w of windows) {
      const ms = w.ms + this.headroomMs;
      // This instance's part of the window (all of it when alone).
      const max = allot(w.max, portion);
      // Sends inside the window that ends at now: the answered ones in it, and every one still on its way.
      let answeredInWindow = 0;
      for (let i = times.length - 1; i >= 0 && (times[i] ?? 0) > now - ms; i--) answeredInWindow++;
      const leave = answeredInWindow + pending - max + 1;
      if (leave <= 0) continue;
      // The oldest answered sends leave first; one still on its way counts until a window after
      // its answer, which is a window from now at the soonest.
      const freed = leave <= answeredInWindow ? (times[times.length - answeredInWindow + leave - 1] ?? now) + ms - now : ms;
      wait = Math.max(wait, freed);
    }
    this.waits.set(key, wait);
    return wait;
  }

  /** Records a send at `now` for every key. Call only when waitFor(keys, now) is 0. */
  record(keys: PaceKey[], now: number): void {
    for (const { key, windows } of keys) {
      this.waits.delete(key);
      this.bucket(key, windows, now, this.portionOf(key) ?? { rank: 0, of: 1 }).tokens -= 1;
      const pending = this.onTheirWay.get(key);
      if (pending) pending.push(now);
      else this.onTheirWay.set(key, [now]);
    }
  }

  /** A send recorded at `sentAt` was answered (or failed, or never left) at `now`: from now on
   *  it counts as made at `now`, the latest moment the platform can have received it. */
  answered(keys: PaceKey[], sentAt: number, now: number): void {
    const at = Math.max(now, sentAt);
    for (const { key, windows } of keys) {
      this.waits.delete(key);
      const pending = this.onTheirWay.get(key);
      const i = pending?.lastIndexOf(sentAt) ?? -1;
      if (!pending || i < 0) continue;
      pending.splice(i, 1);
      if (pending.length === 0) this.onTheirWay.delete(key);
      const times = this.history.get(key) ?? [];
      let j = times.length;
      while (j > 0 && (times[j - 1] ?? 0) > at) j--;
      times.splice(j, 0, at);
      const longest = Math.max(...windows.map((w) => w.ms)) + this.headroomMs;
      let drop = 0;
      while (drop < times.length && (times[drop] ?? at) <= at - longest) drop++;
      if (drop > 0) times.splice(0, drop);
      this.history.set(key, times);
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
