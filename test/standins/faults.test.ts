import { describe, expect, it } from 'vitest';
import { FaultInjector, seededRandom } from './faults.ts';
import { SlidingWindowLimiter, TokenBucketLimiter } from './rate-limit.ts';

describe('seeded faults', () => {
  it('repeats the same decisions for the same seed', () => {
    const run = () => {
      const f = new FaultInjector({ rate429: 0.1, rate5xx: 0.1, seed: 42 });
      return Array.from({ length: 200 }, () => f.next()?.status ?? 0);
    };
    expect(run()).toEqual(run());
    const statuses = run();
    const share429 = statuses.filter((s) => s === 429).length / statuses.length;
    const share5xx = statuses.filter((s) => s >= 500).length / statuses.length;
    expect(share429).toBeGreaterThan(0.04);
    expect(share429).toBeLessThan(0.2);
    expect(share5xx).toBeGreaterThan(0.04);
    expect(share5xx).toBeLessThan(0.2);
  });

  it('differs between seeds and injects nothing at rate 0', () => {
    expect(seededRandom(1)()).not.toEqual(seededRandom(2)());
    const none = new FaultInjector({ seed: 3 });
    expect(Array.from({ length: 50 }, () => none.next())).toEqual(Array(50).fill(undefined));
  });
});

describe('rate limiters', () => {
  it('sliding windows refuse past each limit and say when to retry', () => {
    const l = new SlidingWindowLimiter([
      { max: 2, windowMs: 1000 },
      { max: 3, windowMs: 10_000 },
    ]);
    let t = 0;
    const take = () => {
      const d = l.check('k', t);
      if (!d) l.record('k', t);
      return d;
    };
    expect(take()).toBeUndefined();
    expect(take()).toBeUndefined();
    expect(take()).toEqual({ limit: '2/1000ms', retryAfterSec: 1 });
    t = 1000;
    expect(take()).toBeUndefined();
    t = 2500;
    expect(take()).toEqual({ limit: '3/10000ms', retryAfterSec: 8 });
    expect(l.check('other', t)).toBeUndefined();
  });

  it('token bucket tolerates a burst then holds the rate', () => {
    const l = new TokenBucketLimiter({ burst: 3, perSecond: 1 });
    const results = [0, 0, 0, 0].map(() => {
      const d = l.check('c', 0);
      if (!d) l.record('c', 0);
      return d === undefined;
    });
    expect(results).toEqual([true, true, true, false]);
    expect(l.check('c', 999)?.retryAfterSec).toBe(1);
    expect(l.check('c', 1000)).toBeUndefined();
  });
});
