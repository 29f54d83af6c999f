// Two instances of the service behind one load balancer, on one PostgreSQL database, each its
// own process as `npm start` runs it: a schedule fires once between them, a Slack retry that
// lands on the other instance is answered once, and an instance stopped with SIGTERM while it
// sends gives its rows back and the other finishes the campaign, each person reached once.
// PostgreSQL only: SQLite is one process (the embedded default), so it runs one instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SLACK_TOKEN, SlackApiStandin } from '../standins/slack-api.ts';
import { eventCallback, imMessageEvent, signedSlackRequest } from '../standins/slack-request.ts';
import { createTestDatabase, type TestDatabase, testServerUrl } from '../support/test-database.ts';
import { campaignHeldAtConnector, HoldingConnector, type ServiceProcess, seedTeamsStaff, startServiceProcess, until } from './processes.ts';

const TEAM = 'T0DMPS0001';
const SECRET = 'test-signing-secret-0123456789';
const STAFF = 10;
const SCHEDULE = 'ops-every-minute';

describe.skipIf(!testServerUrl())('two instances on one PostgreSQL database', () => {
  let t: TestDatabase;
  let connector: HoldingConnector;
  let slack: SlackApiStandin;
  let a: ServiceProcess;
  let b: ServiceProcess;

  beforeAll(async () => {
    t = await createTestDatabase();
    connector = new HoldingConnector();
    slack = new SlackApiStandin({ limits: false });
    await connector.start();
    await slack.start();
    await seedTeamsStaff(t.db, STAFF, connector.url);
    // A schedule whose fire came due while no instance ran: both catch it up as they start.
    await t.db.schedule.create({
      data: { name: SCHEDULE, cron: '* * * * *', job: 'housekeeping.prune', params: {}, createdAt: new Date(Date.now() - 150_000) },
    });
    const env = {
      DATABASE_URL: t.url,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: DEFAULT_SLACK_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      SLACK_TEAM_IDS: TEAM,
    };
    [a, b] = await Promise.all([startServiceProcess(env), startServiceProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    for (const s of [a, b]) s?.child.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    await connector?.close();
    await slack?.close();
    await t?.close();
  });

  it('runs a scheduled fire once, whichever instance wins it', async () => {
    const fires = await t.db.scheduleFire.findMany({ where: { schedule: { name: SCHEDULE } } });
    expect(fires.length).toBeGreaterThan(0);
    // Each instance logs the fires it ran: every fire time appears once across both.
    const ran = `${a.output(Infinity)}\n${b.output(Infinity)}`
      .split('\n')
      .filter((l) => l.includes('"schedule fired"') && l.includes(`"schedule":"${SCHEDULE}"`))
      .map((l) => (JSON.parse(l) as { fireAt: string }).fireAt);
    expect(ran.length).toBe(new Set(ran).size);
    expect(new Set(ran)).toEqual(new Set(fires.filter((f) => f.status === 'fired').map((f) => f.fireAt.toISOString())));
  });

  it('answers a Slack event once when its retry lands on the other instance', async () => {
    await t.db.person.create({
      data: {
        employeeId: 'OPSS1',
        name: 'Slack Person',
        email: 'slack.person@dmschools.example',
        roles: { create: [{ role: 'staff' }] },
      },
    });
    const user = 'U0OPS00001';
    slack.addUser({ id: user, teamId: TEAM, name: 'Slack Person', email: 'slack.person@dmschools.example' });
    slack.addChannel(slack.dmIdFor(user));
    const body = eventCallback(imMessageEvent({ user, channel: slack.dmIdFor(user), text: 'help', teamId: TEAM }), { teamId: TEAM, eventId: 'EvOPSRETRY1' });
    expect((await signedSlackRequest(`${a.url}/slack/events`, body, { secret: SECRET })).status).toBe(200);
    const retry = await signedSlackRequest(`${b.url}/slack/events`, body, { secret: SECRET, retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    expect(slack.messages.filter((m) => m.channel === slack.dmIdFor(user))).toHaveLength(1);
  });

  it('on SIGTERM one instance returns what it had not sent and the other finishes: everyone reached once', { timeout: 90_000 }, async () => {
    await campaignHeldAtConnector(t.db, connector, a.output);
    a.child.kill('SIGTERM');
    await until(
      'a not ready',
      () => fetch(`${a.url}/readyz`).then((r) => r.status),
      (s) => s === 503,
      a.output,
    );
    expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
    connector.release();
    expect(await a.exited).toBe(0);
    // (The Slack person of the test above is in the audience too.)
    await until(
      'campaign sent',
      () => t.db.delivery.count({ where: { status: { not: 'sent' } } }),
      (n) => n === 0,
      b.output,
    );
    expect(connector.answered).toHaveLength(STAFF);
    expect(new Set(connector.answered).size).toBe(STAFF);
  });
});
