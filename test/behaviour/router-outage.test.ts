// When the database stops answering in the middle of a turn (after the router claimed the
// event, before the workflow finished), the person gets "the service is busy, try again
// shortly", and the claim is released once the database answers again, so the platform's retry
// of that same event is processed rather than ignored as a duplicate. Runs on SQLite and
// PostgreSQL; the outage is an injected fault on the database handle, the backoff runs on the
// injected clock.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../core/db.ts';
import type { InboundEvent } from '../../kernel/events.ts';
import { createRouter, type HandleResult } from '../../kernel/router.ts';
import { testServices, translate } from '../support/catalog.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.person.create({ data: { employeeId: 'R1', name: 'Rita Vance', email: 'rita@dmschools.example', roles: { create: [{ role: 'staff' }] } } });
});
afterAll(async () => t?.close());

const pgTimeout = () => Object.assign(new Error('Query read timeout'), { name: 'DriverAdapterError' });

/** The test database, except that deleting dedupe claims fails while `down` says so. */
function flakyDeletes(db: Db, down: () => boolean): Db {
  const processedEvent = new Proxy(db.processedEvent, {
    get(target, prop, receiver) {
      if (prop === 'deleteMany' && down()) return async () => Promise.reject(pgTimeout());
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return new Proxy(db, { get: (target, prop, receiver) => (prop === 'processedEvent' ? processedEvent : (Reflect.get(target, prop, receiver) as unknown)) });
}

const event = (key: string): InboundEvent => ({
  kind: 'message',
  text: 'ping',
  dedupeKey: key,
  actor: { platform: 'slack', workspaceId: 'T1', userId: 'U1' },
  conversation: { id: 'D1', kind: 'personal', ref: {} },
  receivedAt: new Date('2026-11-23T15:00:00Z'),
});

/** A clock whose sleeps end only when the test says time has passed. */
class SteppedClock extends ManualClock {
  private waiting: (() => void)[] = [];
  override async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.advance(ms);
  }
  /** Ends every sleep begun so far; returns how many there were. */
  step(): number {
    const w = this.waiting.splice(0);
    for (const resolve of w) resolve();
    return w.length;
  }
}

const textOf = (r: HandleResult) => (r.status === 'handled' ? JSON.stringify(r.reply) : 'duplicate');

describe('a turn whose database stops answering half way', () => {
  it('answers "try again shortly", and the retry of the same event is processed once the database answers', async () => {
    let databaseDown = false;
    let runs = 0;
    const clock = new SteppedClock();
    const router = createRouter(
      testServices(
        flakyDeletes(t.db, () => databaseDown),
        { clock },
      ),
      [
        {
          name: 'test',
          cards: [],
          locales: {},
          commands: [
            {
              name: 'ping',
              helpIds: [],
              run: async () => {
                runs += 1;
                if (databaseDown) throw pgTimeout();
                return { messages: [{ text: 'pong' }] };
              },
            },
          ],
        },
      ],
    );
    const lookup = async () => 'rita@dmschools.example';

    databaseDown = true;
    const first = await router.handle(event('slack:evt-1'), lookup);
    expect(textOf(first)).toContain(translate('en', 'notice.serviceBusy'));
    // Still down: the release failed and waits to try again, so the claim is still there...
    await vi.waitFor(() => expect(clock.step()).toBe(1));
    await vi.waitFor(() => expect(clock.step()).toBe(1));
    expect(await t.db.processedEvent.count({ where: { key: 'slack:evt-1' } })).toBe(1);

    // ...and goes once the database answers (the release retries with backoff on the clock).
    databaseDown = false;
    await vi.waitFor(() => expect(clock.step()).toBe(1));
    await vi.waitFor(async () => expect(await t.db.processedEvent.count({ where: { key: 'slack:evt-1' } })).toBe(0));

    const retry = await router.handle(event('slack:evt-1'), lookup);
    expect(textOf(retry)).toContain('pong');
    expect(runs).toBe(2);
    // Done now: a further retry is a duplicate.
    expect((await router.handle(event('slack:evt-1'), lookup)).status).toBe('duplicate');
  });

  it('keeps answering other failures as before: the claim is released at once', async () => {
    const router = createRouter(testServices(t.db, { clock: new ManualClock() }), [
      { name: 'test', cards: [], locales: {}, commands: [{ name: 'ping', helpIds: [], run: async () => Promise.reject(new Error('a bug')) }] },
    ]);
    const r = await router.handle(event('slack:evt-2'), async () => 'rita@dmschools.example');
    expect(textOf(r)).toContain(translate('en', 'notice.internalError'));
    expect(await t.db.processedEvent.count({ where: { key: 'slack:evt-2' } })).toBe(0);
  });
});
