// PostgreSQL black-holed (connections accepted, never answered), as a hung server or a half-open
// network partition does it: /healthz says 503 instead of hanging, a chat turn answers "the
// service is busy, try again shortly" in time for the platform (Slack retries after 3 s), the
// platform's retry of that same event is processed once the database answers again (the failed
// turn is not recorded as done), and the service recovers without a restart.
//
// The service reaches PostgreSQL through a local TCP proxy the test switches to "black hole";
// the test itself keeps a direct connection. Connect and statement timeouts are set to 1 s here
// (the defaults are 2 s and 1 s): real network timeouts are the behaviour under test, but what is
// asserted is the outcome (503, the notice, the retry, recovery), not how long it took.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BlackholeProxy } from '../standins/blackhole-proxy.ts';
import { translate } from '../support/catalog.ts';
import { type Harness, startHarness, type TestPerson } from '../support/harness.ts';
import { testServerUrl } from '../support/test-database.ts';
import { type ChatDriver, slackDriver, teamsDriver } from './drivers.ts';

const server = testServerUrl();
const BUSY = translate('en', 'notice.serviceBusy');

describe.skipIf(!server)('PostgreSQL that accepts connections and never answers (PostgreSQL only: an SQLite file cannot be black-holed)', () => {
  let proxy: BlackholeProxy;
  let h: Harness;
  const drivers: Record<'teams' | 'slack', ChatDriver> = {} as Record<'teams' | 'slack', ChatDriver>;

  beforeAll(async () => {
    process.env.DATABASE_CONNECT_TIMEOUT_MS = '1000';
    process.env.DATABASE_STATEMENT_TIMEOUT_MS = '1000';
    const direct = new URL(server!);
    proxy = new BlackholeProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const via = await proxy.start();
    h = await startHarness({
      serviceDatabaseUrl: (url) => {
        const u = new URL(url);
        u.hostname = via.host;
        u.port = String(via.port);
        return u.toString();
      },
    });
    drivers.teams = teamsDriver(h);
    drivers.slack = slackDriver(h);
  });
  afterAll(async () => {
    proxy?.restore();
    await h?.close();
    await proxy?.close();
  });

  const health = async () => {
    const r = await fetch(h.service.endpoints.health);
    return { status: r.status, body: (await r.json()) as unknown };
  };
  /** Once the database answers again, the service notices by itself (no restart). */
  const recovered = () => vi.waitFor(async () => expect((await health()).status).toBe(200), { timeout: 15_000, interval: 200 });

  it('/healthz answers 503 while the database does not answer, and 200 again once it does', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', db: 'ok' } });
    proxy.blackhole();
    try {
      expect(await health()).toEqual({ status: 503, body: { status: 'degraded', db: 'unavailable' } });
      expect((await health()).status).toBe(503);
    } finally {
      proxy.restore();
    }
    await recovered();
  }, 30_000);

  describe.each(['teams', 'slack'] as const)('through %s', (platform) => {
    let p: TestPerson;
    const chat = () => drivers[platform];
    const last = () => chat().seen(p).at(-1)?.text ?? '';

    beforeAll(async () => {
      p = await h.addPerson({ name: platform === 'teams' ? 'Tara Quinn' : 'Sean Quinn', language: 'en' });
      await chat().say(p, 'help'); // linked while the database answers
    });

    it('a message answers "the service is busy, try again shortly" instead of hanging, and works again after', async () => {
      proxy.blackhole();
      try {
        await chat().say(p, 'help');
        expect(last()).toContain(BUSY);
      } finally {
        proxy.restore();
      }
      await recovered();
      await chat().say(p, 'help');
      expect(last()).toContain(translate('en', 'help.commands.help.description'));
    }, 30_000);

    it("the platform's retry of an event that failed for the outage is processed once the database answers", async () => {
      await chat().say(p, 'language');
      const picker = chat().seen(p).at(-1)!;
      proxy.blackhole();
      try {
        await chat().submit(p, picker.form, { language: 'es' });
        expect(
          chat()
            .seen(p)
            .some((s) => s.text.includes(BUSY)),
        ).toBe(true);
      } finally {
        proxy.restore();
      }
      await recovered();
      expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('en');
      await chat().redeliverLastSubmit();
      expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('es');
      await h.db.person.update({ where: { id: p.id }, data: { language: 'en' } });
    }, 40_000);
  });
});
