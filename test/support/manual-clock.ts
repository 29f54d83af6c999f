// A clock tests drive: sleeping advances time at once, so pacing and backoff run in
// milliseconds of real time while every timestamp stays exact.
import type { Clock } from '../../core/clock.ts';

export class ManualClock implements Clock {
  private t: number;
  constructor(start = Date.parse('2026-11-23T15:00:00Z')) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  async sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
    await new Promise((r) => setImmediate(r));
  }
}
