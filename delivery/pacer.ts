// Sliding-window pacing per key (a tenant, a conversation, a workspace's conversations.open),
// on an injected clock. A send reserves a slot in every window of every key it touches; a 429
// blocks only the key it names, until its Retry-After has passed.
import type { Window } from './limits.ts';

export interface PaceKey {
  key: string;
  windows: Window[];
}

export class Pacer {
  constructor(private readonly headroomMs = 0) {}

  /** Send times per key, oldest first (pruned to the longest window). */
  private readonly history = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  /** Each key's windows plus a tenth-size copy of its tightest one (50/1 s → 5/100 ms), so
   *  sends flow steadily instead of in bursts that network jitter could squeeze into one
   *  window, while a send that went out late can still be caught up. */
  private static withSpacing(windows: Window[]): Window[] {
    const tight = windows.reduce((a, w) => (w.ms / w.max < a.ms / a.max ? w : a));
    const max = Math.max(1, Math.round(tight.max / 10));
    return [...windows, { max, ms: Math.floor((tight.ms * max) / tight.max), spacing: true } as Window];
  }

  /** Milliseconds to wait before a send touching these keys may go (0 = now). */
  waitFor(keys: PaceKey[], now: number): number {
    let wait = 0;
    for (const { key, windows: declared } of keys) {
      const windows = Pacer.withSpacing(declared);
      wait = Math.max(wait, (this.blockedUntil.get(key) ?? 0) - now);
      const times = this.history.get(key);
      if (!times) continue;
      for (const w of windows) {
        const ms = (w as Window & { spacing?: boolean }).spacing ? w.ms : w.ms + this.headroomMs;
        // Number of sends inside the window that ends at now.
        let inWindow = 0;
        for (let i = times.length - 1; i >= 0 && (times[i] ?? 0) > now - ms; i--) inWindow++;
        if (inWindow >= w.max) {
          const oldestThatCounts = times[times.length - w.max] ?? now;
          wait = Math.max(wait, oldestThatCounts + ms - now);
        }
      }
    }
    return Math.max(0, Math.ceil(wait));
  }

  /** Records a send at `now` for every key. Call only when waitFor(keys, now) is 0. */
  record(keys: PaceKey[], now: number): void {
    for (const { key, windows } of keys) {
      const longest = Math.max(...windows.map((w) => w.ms)) + this.headroomMs;
      const times = this.history.get(key) ?? [];
      times.push(now);
      let drop = 0;
      while (drop < times.length && (times[drop] ?? now) <= now - longest) drop++;
      if (drop > 0) times.splice(0, drop);
      this.history.set(key, times);
    }
  }

  /** The platform said 429 for this key: nothing touching it goes before `until`. */
  block(key: string, until: number): void {
    this.blockedUntil.set(key, Math.max(until, this.blockedUntil.get(key) ?? 0));
  }
}
