// Seeded randomness and fault injection shared by the stand-ins, so a benchmark run repeats exactly.

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultOptions {
  /** Share of requests (0..1) answered 429 with Retry-After. */
  rate429?: number;
  /** Share of requests (0..1) answered with a 5xx status. */
  rate5xx?: number;
  /** PRNG seed; the same seed and request order give the same faults. Default 1. */
  seed?: number;
  /** Retry-After seconds on injected 429s. Default 1. */
  retryAfterSec?: number;
  /** 5xx statuses to pick from. Default [500, 502, 503, 504]. */
  statuses5xx?: number[];
}

export type InjectedFault = { kind: '429'; status: 429; retryAfterSec: number } | { kind: '5xx'; status: number };

/** Decides, request by request, whether to inject a fault. One PRNG draw per decision. */
export class FaultInjector {
  private random: () => number;
  private readonly options: Required<FaultOptions>;

  constructor(options: FaultOptions = {}) {
    this.options = {
      rate429: options.rate429 ?? 0,
      rate5xx: options.rate5xx ?? 0,
      seed: options.seed ?? 1,
      retryAfterSec: options.retryAfterSec ?? 1,
      statuses5xx: options.statuses5xx ?? [500, 502, 503, 504],
    };
    this.random = seededRandom(this.options.seed);
  }

  /** Restarts the PRNG from the seed. */
  reset(): void {
    this.random = seededRandom(this.options.seed);
  }

  next(): InjectedFault | undefined {
    const { rate429, rate5xx, retryAfterSec, statuses5xx } = this.options;
    if (rate429 === 0 && rate5xx === 0) return undefined;
    const r = this.random();
    if (r < rate429) return { kind: '429', status: 429, retryAfterSec };
    if (r < rate429 + rate5xx) {
      const pick = Math.floor(((r - rate429) / rate5xx) * statuses5xx.length);
      return { kind: '5xx', status: statuses5xx[Math.min(pick, statuses5xx.length - 1)] ?? 500 };
    }
    return undefined;
  }
}
