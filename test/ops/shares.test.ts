// Several instances, one limit: how instances split a tenant's allowance through the database,
// and that their parts together never exceed the one limit (instances simulated on one
// injected timeline; the database part on PostgreSQL, where several instances run).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../delivery/limits.ts';
import { type PaceKey, Pacer } from '../../delivery/pacer.ts';
import { allot, type PaceShares, paceShares } from '../../delivery/shares.ts';
import { createTestDatabase, type TestDatabase, testServerUrl } from '../support/test-database.ts';

const TENANT = 'teams:tenant:7d1c0e36';
const at = (ms: number) => new Date(Date.parse('2026-12-01T15:00:00Z') + ms);

describe('splitting a window among holders', () => {
  it('gives whole sends that add up to the limit exactly', () => {
    for (const max of [1, 7, 8, 50, 60, 1800])
      for (let of = 1; of <= 7; of++) {
        const parts = Array.from({ length: of }, (_, rank) => allot(max, { rank, of }));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(max);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }
  });

  it('three pacers with their portions never exceed the tenant limit together, and use nearly all of it', () => {
    const keys: PaceKey[] = [{ key: TENANT, windows: DEFAULT_LIMITS.teams.perTenant }];
    const pacers = [0, 1, 2].map((rank) => new Pacer(10, () => ({ rank, of: 3 })));
    const sends: number[] = [];
    // Each instance wakes at its own rhythm and sends whatever its pacer allows.
    for (let now = 0; now < 20_000; now++)
      pacers.forEach((p, i) => {
        if (now % (3 + i) !== 0) return;
        while (p.waitFor(keys, now) === 0) {
          p.record(keys, now);
          sends.push(now);
        }
      });
    for (let i = 0; i < sends.length; i++) {
      const inWindow = sends.filter((t) => t > (sends[i] ?? 0) - 1000 && t <= (sends[i] ?? 0)).length;
      expect(inWindow).toBeLessThanOrEqual(50);
    }
    expect(sends.length / 20).toBeGreaterThan(0.95 * 50);
  });
});

describe.skipIf(!testServerUrl())('shares through PostgreSQL', () => {
  let t: TestDatabase;
  let a: PaceShares;
  let b: PaceShares;
  beforeEach(async () => {
    t = await createTestDatabase();
    a = paceShares(t.db, t.kind);
    b = paceShares(t.db, t.kind);
  });
  afterEach(async () => t.close());

  it('an instance alone has the whole allowance at once', async () => {
    await a.renew([TENANT], at(0));
    expect(a.portionOf(TENANT)).toEqual({ rank: 0, of: 1 });
    expect(a.portionOf('teams:conv:29:x')).toEqual({ rank: 0, of: 1 });
  });

  it('a newcomer waits until the holder has seen it, then they split the allowance', async () => {
    await a.renew([TENANT], at(0));
    await b.renew([TENANT], at(100));
    expect(b.portionOf(TENANT)).toBeUndefined();
    await a.renew([TENANT], at(1000));
    const pa = a.portionOf(TENANT);
    expect(pa?.of).toBe(2);
    await b.renew([TENANT], at(3000));
    const pb = b.portionOf(TENANT);
    expect(pb?.of).toBe(2);
    expect(new Set([pa?.rank, pb?.rank])).toEqual(new Set([0, 1]));
  });

  it('a stopped instance gives its part back at once; a dead one when its lease lapses', async () => {
    await a.renew([TENANT], at(0));
    await b.renew([TENANT], at(0));
    await a.renew([TENANT], at(3000));
    await b.renew([TENANT], at(3000));
    expect(a.portionOf(TENANT)?.of).toBe(2);
    await b.release();
    await a.renew([TENANT], at(3100));
    expect(a.portionOf(TENANT)).toEqual({ rank: 0, of: 1 });

    const c = paceShares(t.db, t.kind);
    await c.renew([TENANT], at(3200));
    await a.renew([TENANT], at(4000));
    await c.renew([TENANT], at(6000));
    await a.renew([TENANT], at(6000));
    expect(a.portionOf(TENANT)?.of).toBe(2);
    // c dies: it renews no more; its row lapses 4 s after its last renewal.
    await a.renew([TENANT], at(9000));
    expect(a.portionOf(TENANT)?.of).toBe(2);
    await a.renew([TENANT], at(10_100));
    expect(a.portionOf(TENANT)).toEqual({ rank: 0, of: 1 });
  });
});
