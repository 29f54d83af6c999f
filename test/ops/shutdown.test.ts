// Stopping an instance (a deploy, a scale-in): on SIGTERM it stops taking traffic (/readyz 503,
// /healthz still truthful), stops claiming deliveries, gives back the rows it had not started,
// finishes the sends under way, and exits on its own; if a send hangs, it exits anyway when the
// shutdown timeout ends and that row comes back when its lease ends. The service runs as its
// own process and gets a real signal; what is in flight is held by the test's connector.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { campaignHeldAtConnector, HoldingConnector, type ServiceProcess, seedTeamsStaff, startServiceProcess, until } from './processes.ts';

const STAFF = 12;
let t: TestDatabase;
let connector: HoldingConnector;
let service: ServiceProcess | undefined;

beforeEach(async () => {
  t = await createTestDatabase();
  connector = new HoldingConnector();
  await connector.start();
  await seedTeamsStaff(t.db, STAFF, connector.url);
});
afterEach(async () => {
  service?.child.kill('SIGKILL');
  await service?.exited;
  service = undefined;
  await connector.close();
  await t.close();
});

const json = async (url: string) => {
  const r = await fetch(url);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const byStatus = async () => {
  const rows = await t.db.delivery.groupBy({ by: ['status'], _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count]));
};

async function campaignInFlight(): Promise<string> {
  service = await startServiceProcess({ DATABASE_URL: t.url });
  return campaignHeldAtConnector(t.db, connector, service.output);
}

describe('SIGTERM', () => {
  it('says not ready, finishes the sends under way, returns the rest, and exits 0', { timeout: 60_000 }, async () => {
    await campaignInFlight();
    const s = service!;
    s.child.kill('SIGTERM');

    const ready = await until(
      '/readyz 503',
      () => json(`${s.url}/readyz`),
      (r) => r.status === 503,
      s.output,
    );
    expect(ready.body).toEqual({ status: 'draining' });
    // Alive and telling the truth: the database answers, and the instance is stopping.
    expect(await json(`${s.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok', db: 'ok', draining: true } });

    connector.release();
    expect(await s.exited).toBe(0);

    const rows = await byStatus();
    // Nothing is left claimed by the stopped instance; every answered send is recorded as sent,
    // once; every row it had not started is pending again, for the next instance.
    expect(rows.sending).toBeUndefined();
    expect(rows.sent).toBe(connector.answered.length);
    expect(new Set(connector.answered).size).toBe(connector.answered.length);
    expect((rows.sent ?? 0) + (rows.pending ?? 0)).toBe(STAFF);
    const returned = await t.db.delivery.findMany({ where: { status: 'pending' } });
    expect(returned.every((r) => r.attempts === 0 && r.leaseUntil === null)).toBe(true);
  });

  it('exits anyway when a send hangs past SHUTDOWN_TIMEOUT_MS; that row stays leased, to be sent again', { timeout: 60_000 }, async () => {
    service = await startServiceProcess({ DATABASE_URL: t.url, SHUTDOWN_TIMEOUT_MS: '1500' });
    await campaignHeldAtConnector(t.db, connector, service.output);
    const held = connector.holding;
    service.child.kill('SIGTERM');
    // The connector never answers.
    expect(await service.exited).toBe(0);

    const rows = await byStatus();
    expect(rows.sent).toBeUndefined();
    expect(rows.sending).toBeGreaterThanOrEqual(held);
    expect((rows.sending ?? 0) + (rows.pending ?? 0)).toBe(STAFF);
    const leased = await t.db.delivery.findMany({ where: { status: 'sending' } });
    expect(leased.every((r) => r.leaseUntil !== null)).toBe(true);
  });
});
