// Rate limiters for the stand-ins. Check every limiter first, then record in all, so a
// request refused by one limit does not use up another.

export interface Denial {
  /** Which limit refused, e.g. "7/1000ms". */
  limit: string;
  /** Whole seconds until the request would be accepted, at least 1 (what Retry-After carries). */
  retryAfterSec: number;
}

export interface Limiter {
  check(key: string, now: number): Denial | undefined;
  record(key: string, now: number): void;
  reset(): void;
}

export interface WindowLimit {
  max: number;
  windowMs: number;
}

/** Several sliding windows over the same key, e.g. 7/1s + 60/30s + 1800/1h. */
export class SlidingWindowLimiter implements Limiter {
  private readonly keys = new Map<string, { times: number[]; start: number }>();
  private readonly longest: number;

  constructor(private readonly limits: readonly WindowLimit[]) {
    this.longest = Math.max(0, ...limits.map((l) => l.windowMs));
  }

  check(key: string, now: number): Denial | undefined {
    const entry = this.keys.get(key);
    if (!entry) return undefined;
    this.prune(entry, now);
    for (const { max, windowMs } of this.limits) {
      const first = lowerBound(entry.times, entry.start, now - windowMs);
      const count = entry.times.length - first;
      if (count >= max) {
        const freeing = entry.times[first + count - max] ?? now;
        return {
          limit: `${max}/${windowMs}ms`,
          retryAfterSec: Math.max(1, Math.ceil((freeing + windowMs - now) / 1000)),
        };
      }
    }
    return undefined;
  }

  record(key: string, now: number): void {
    let entry = this.keys.get(key);
    if (!entry) {
      entry = { times: [], start: 0 };
      this.keys.set(key, entry);
    }
    entry.times.push(now);
  }

  reset(): void {
    this.keys.clear();
  }

  private prune(entry: { times: number[]; start: number }, now: number): void {
    const cutoff = now - this.longest;
    while (entry.start < entry.times.length && (entry.times[entry.start] ?? Infinity) <= cutoff) entry.start++;
    if (entry.start > 1024 && entry.start * 2 > entry.times.length) {
      entry.times = entry.times.slice(entry.start);
      entry.start = 0;
    }
  }
}

/** First index >= start whose time is > after (times are ascending). */
function lowerBound(times: number[], start: number, after: number): number {
  let lo = start;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] ?? Infinity) > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface BucketLimit {
  /** Requests that may arrive back to back before the rate applies. */
  burst: number;
  /** Sustained requests per second. */
  perSecond: number;
}

/** A token bucket per key: a steady rate that tolerates short bursts. */
export class TokenBucketLimiter implements Limiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: BucketLimit) {}

  check(key: string, now: number): Denial | undefined {
    const tokens = this.tokens(key, now);
    if (tokens >= 1) return undefined;
    return {
      limit: `${this.limit.perSecond}/s burst ${this.limit.burst}`,
      retryAfterSec: Math.max(1, Math.ceil((1 - tokens) / this.limit.perSecond)),
    };
  }

  record(key: string, now: number): void {
    this.buckets.set(key, { tokens: this.tokens(key, now) - 1, at: now });
  }

  reset(): void {
    this.buckets.clear();
  }

  private tokens(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.limit.burst;
    return Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
  }
}
