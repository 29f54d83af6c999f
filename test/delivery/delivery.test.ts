// Proactive delivery: a campaign reaches each person once, in their language, on one platform,
// within the platforms' limits, through faults and crashes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log.ts';
import { claimDue } from '../../delivery/claim.ts';
import { campaignStatus, createCampaign, DEFAULT_LIMITS, updateCampaignCards } from '../../delivery/index.ts';
import { backoffMs } from '../../delivery/outcome.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { recordingLog } from '../support/recording-log.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { addPerson, render, setup } from './fixtures.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestDb;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.close());

const at = new Date('2026-11-23T15:00:00Z');
const countBy = (xs: string[]) => {
  const counts: Record<string, number> = {};
  for (const x of xs) counts[x] = (counts[x] ?? 0) + 1;
  return counts;
};

describe('campaign audiences', () => {
  it('reaches the people a filter names, each once, on the platform they used last unless the district chose one', async () => {
    const teamsLast = await addPerson(t.db, { slack: true, lastTeams: new Date('2026-11-10'), lastSlack: new Date('2026-11-01') });
    const slackLast = await addPerson(t.db, { slack: true, lastTeams: new Date('2026-10-01'), lastSlack: new Date('2026-11-15') });
    const chosen = await addPerson(t.db, { slack: true, primary: 'slack', lastTeams: new Date('2026-11-20') });
    await addPerson(t.db, { building: 'Hoover High' });
    const c = await createCampaign(t.db, { name: 'story', template: 'story', audience: { buildings: ['Roosevelt High'] } }, at);
    expect(c.recipients).toBe(3);
    const rows = await t.db.delivery.findMany({ where: { campaignId: c.id } });
    const platformOf = (id: string) => rows.find((r) => r.personId === id)?.platform;
    expect(platformOf(teamsLast.id)).toBe('teams');
    expect(platformOf(slackLast.id)).toBe('slack');
    expect(platformOf(chosen.id)).toBe('slack');
  });

  it('counts people with no platform account instead of trying them', async () => {
    await addPerson(t.db, { teams: false });
    await addPerson(t.db, {});
    const c = await createCampaign(t.db, { name: 'n', template: 'x', audience: { everyone: true } }, at);
    expect(c.noAccount).toBe(1);
    expect((await campaignStatus(t.db, c.id)).failed).toEqual({ no_account: 1 });
  });

  it('refuses an audience that names nobody', async () => {
    await expect(createCampaign(t.db, { name: 'n', template: 'x', audience: {} }, at)).rejects.toThrow(/audience/);
    expect(await t.db.campaign.count()).toBe(0);
  });
});

describe('sending', () => {
  it('sends every card once, rendered in each recipient’s language, and records the message ids', async () => {
    const en = await addPerson(t.db, { language: 'en' });
    const es = await addPerson(t.db, { language: 'es' });
    const s = setup(t.db, t.kind);
    const c = await createCampaign(t.db, { name: 'pulse', template: 'survey', audience: { everyone: true } }, s.clock.now());
    const w = await s.start();
    await w.drain();
    await w.stop();
    expect(s.teams.sends.map((x) => x.to).sort()).toEqual([en.teamsUser, es.teamsUser].sort());
    expect(s.teams.sends.find((x) => x.to === es.teamsUser)!.card.lang).toBe('es');
    const rows = await t.db.delivery.findMany({ where: { campaignId: c.id } });
    expect(rows.every((r) => r.status === 'sent' && r.messageId && r.cardInstanceId)).toBe(true);
    expect(await campaignStatus(t.db, c.id)).toMatchObject({ sent: 2, pending: 0, failed: {} });
  });

  it('a card that cannot be rendered fails every recipient as render_failed, sends nothing, and logs it once', async () => {
    for (let i = 0; i < 5; i++) await addPerson(t.db, {});
    const rec = recordingLog();
    const broken = () => {
      throw new Error('the template needs data this campaign lacks');
    };
    const s = setup(t.db, t.kind, { render: broken, log: rec.log });
    const c = await createCampaign(t.db, { name: 'broken', template: 'x', audience: { everyone: true } }, s.clock.now());
    const w = await s.start();
    await w.drain();
    await w.stop();
    expect(s.teams.attempts).toHaveLength(0);
    expect(await campaignStatus(t.db, c.id)).toMatchObject({ sent: 0, pending: 0, failed: { render_failed: 5 } });
    expect(rec.lines.filter((l) => l.stage === 'render')).toHaveLength(1);
  });

  it('recipients whose language cannot be rendered do not hold up the rest of the tenant', async () => {
    // More failures than the tenant allows in a second: each must give its pacing place back.
    for (let i = 0; i < 60; i++) await addPerson(t.db, { language: 'es' });
    const en = await Promise.all(Array.from({ length: 5 }, () => addPerson(t.db, { language: 'en' })));
    const onlyEnglish = (template: string, data: object, locale: string) => {
      if (locale === 'es') throw new Error('no Spanish version yet');
      return render(template, data, locale);
    };
    const s = setup(t.db, t.kind, { render: onlyEnglish });
    const c = await createCampaign(t.db, { name: 'pulse', template: 'survey', audience: { everyone: true } }, s.clock.now());
    const w = await s.start();
    await w.drain();
    await w.stop();
    expect(s.teams.sends.map((x) => x.to).sort()).toEqual(en.map((p) => p.teamsUser).sort());
    expect(await campaignStatus(t.db, c.id)).toMatchObject({ sent: 5, pending: 0, failed: { render_failed: 60 } });
  });

  it('marks a recipient the platform refuses with the reason, and does not retry it', async () => {
    const blocked = await addPerson(t.db, {});
    await addPerson(t.db, {});
    const s = setup(t.db, t.kind);
    s.teams.script(blocked.teamsUser, { refused: 'MessageWritesBlocked' });
    const c = await createCampaign(t.db, { name: 'n', template: 'x', audience: { everyone: true } }, s.clock.now());
    const w = await s.start();
    await w.drain();
    await w.stop();
    expect(s.teams.attempts.filter((a) => a.to === blocked.teamsUser)).toHaveLength(1);
    expect(await campaignStatus(t.db, c.id)).toMatchObject({ sent: 1, failed: { MessageWritesBlocked: 1 } });
  });

  it('retries outages with growing backoff, then gives up with the reason after the bound', async () => {
    const flaky = await addPerson(t.db, {});
    const down = await addPerson(t.db, {});
    const s = setup(t.db, t.kind);
    s.teams.script(flaky.teamsUser, 'unavailable', 'unavailable');
    s.teams.script(down.teamsUser, ...Array(10).fill('unavailable'));
    const c = await createCampaign(t.db, { name: 'n', template: 'x', audience: { everyone: true } }, s.clock.now());
    const w = await s.start({ retry: { maxAttempts: 4, baseMs: 1_000, capMs: 60_000, maxRateLimited: 50 } });
    await w.drain();
    await w.stop();
    const tries = s.teams.attempts.filter((a) => a.to === down.teamsUser).map((a) => a.at);
    expect(tries).toHaveLength(4);
    // random() is 0.5 here: the three waits are at least 500, 1,000 and 2,000 ms.
    expect(tries[3]! - tries[0]!).toBeGreaterThanOrEqual(3_500);
    expect(await campaignStatus(t.db, c.id)).toMatchObject({ sent: 1, failed: { 'retries_exhausted:http_503': 1 } });
  });

  it('honours Retry-After for the conversation a 429 names, without slowing anyone else', async () => {
    const limited = await addPerson(t.db, {});
    const others = await Promise.all([1, 2, 3, 4].map(() => addPerson(t.db, {})));
    const s = setup(t.db, t.kind);
    s.teams.script(limited.teamsUser, { rateLimited: 30 });
    const start = s.clock.now().getTime();
    await createCampaign(t.db, { name: 'n', template: 'x', audience: { everyone: true } }, s.clock.now());
    const w = await s.start();
    await w.drain();
    await w.stop();
    const first = s.teams.attempts.find((a) => a.to === limited.teamsUser)!.at;
    const resent = s.teams.sends.find((x) => x.to === limited.teamsUser)!.at;
    expect(resent - first).toBeGreaterThanOrEqual(30_000);
    for (const o of others) expect(s.teams.sends.find((x) => x.to === o.teamsUser)!.at - start).toBeLessThan(5_000);
  });

  it('never exceeds the per-tenant and per-conversation limits', async () => {
    const people: Awaited<ReturnType<typeof addPerson>>[] = [];
    for (let i = 0; i < 120; i++) people.push(await addPerson(t.db, {}));
    const s = setup(t.db, t.kind);
    await createCampaign(t.db, { name: 'all', template: 'x', audience: { everyone: true } }, s.clock.now());
    for (let i = 0; i < 10; i++) await createCampaign(t.db, { name: `again ${i}`, template: 'x', audience: { personIds: [people[0]!.id] } }, s.clock.now());
    const w = await s.start();
    await w.drain();
    await w.stop();
    expect(s.teams.sends).toHaveLength(130);
    const within = (times: number[], ms: number) => Math.max(...times.map((x) => times.filter((y) => y >= x && y < x + ms).length));
    const all = s.teams.sends.map((x) => x.at);
    expect(within(all, 1_000)).toBeLessThanOrEqual(DEFAULT_LIMITS.teams.perTenant[0]!.max);
    const one = s.teams.sends.filter((x) => x.to === people[0]!.teamsUser).map((x) => x.at);
    expect(one).toHaveLength(11);
    expect(within(one, 1_000)).toBeLessThanOrEqual(7);
    expect(within(one, 2_000)).toBeLessThanOrEqual(8);
  });

  it('updates every sent card later, in each person’s language', async () => {
    await addPerson(t.db, { language: 'es' });
    await addPerson(t.db, { language: 'en' });
    const s = setup(t.db, t.kind);
    const c = await createCampaign(t.db, { name: 'n', template: 'x', audience: { everyone: true } }, s.clock.now());
    const w = await s.start();
    await w.drain();
    await w.stop();
    const r = await updateCampaignCards(t.db, c.id, { teams: s.teams }, (locale) => render('closed', {}, locale), createLogger({ level: 'silent' }));
    expect(r).toEqual({ updated: 2, failed: 0 });
    expect(s.teams.updates.map((u) => u.card.lang).sort()).toEqual(['en', 'es']);
  });
});

describe('backoff', () => {
  it('grows exponentially with full jitter and stops growing at the cap', () => {
    const p = { maxAttempts: 10, baseMs: 1_000, capMs: 8_000, maxRateLimited: 50 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, p, () => 0.999))).toEqual([999, 1998, 3996, 7992, 7992, 7992]);
    expect(backoffMs(3, p, () => 0)).toBe(0);
  });
});

describe('a crash mid-send', () => {
  it('loses nothing: rows in flight when the process died are sent after restart, and only those can be doubled', async () => {
    for (let i = 0; i < 30; i++) await addPerson(t.db, {});
    const clock = new ManualClock();
    const first = setup(t.db, t.kind, { clock });
    const c = await createCampaign(t.db, { name: 'n', template: 'x', audience: { everyone: true } }, clock.now());
    // The process dies with 5 rows claimed: 2 of them already reached the platform.
    const claimed = await claimDue(t.db, t.kind, clock.now(), 60_000, 5);
    expect(claimed).toHaveLength(5);
    const rows = await t.db.delivery.findMany({ where: { id: { in: claimed.slice(0, 2) } }, include: { campaign: true } });
    for (const r of rows) {
      const acc = await t.db.platformAccount.findUniqueOrThrow({ where: { id: r.accountId! } });
      await first.teams.sendToPerson({ platform: 'teams', workspaceId: acc.workspaceId, userId: acc.userId }, render('x', {}, 'en'));
    }
    clock.advance(61_000);
    const restarted = setup(t.db, t.kind, { clock });
    const w = await restarted.start();
    await w.drain();
    await w.stop();
    const reached = [...first.teams.sends, ...restarted.teams.sends].map((x) => x.to);
    expect(new Set(reached).size).toBe(30);
    const doubled = Object.values(countBy(reached)).filter((n) => n > 1).length;
    expect(doubled).toBe(2);
    expect(await campaignStatus(t.db, c.id)).toMatchObject({ sent: 30, pending: 0, sending: 0 });
  });
});

describe.runIf(process.env.DATABASE_URL?.startsWith('postgres'))('several instances on PostgreSQL', () => {
  it('two workers share a campaign and never send a row twice', async () => {
    for (let i = 0; i < 80; i++) await addPerson(t.db, {});
    const clock = new ManualClock();
    const a = setup(t.db, t.kind, { clock });
    const b = setup(t.db, t.kind, { clock });
    await createCampaign(t.db, { name: 'n', template: 'x', audience: { everyone: true } }, clock.now());
    const [wa, wb] = await Promise.all([a.start({ maxInFlight: 8 }), b.start({ maxInFlight: 8 })]);
    await Promise.all([wa.drain(), wb.drain()]);
    await Promise.all([wa.stop(), wb.stop()]);
    const all = [...a.teams.sends, ...b.teams.sends].map((x) => x.to);
    expect(all).toHaveLength(80);
    expect(new Set(all).size).toBe(80);
    expect(a.teams.sends.length).toBeGreaterThan(0);
    expect(b.teams.sends.length).toBeGreaterThan(0);
  });
});
