// The nightly purge (housekeeping.prune, RETENTION_* settings): what the service keeps only for
// itself goes when its period ends; what people answered and HR's records stay, whatever their
// age. Checked from the insider's side: every table but the four the purge may touch is
// row-for-row the same after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import type { Db } from '../../core/db.ts';
import { createCampaign } from '../../delivery/index.ts';
import { purgeExpired } from '../../kernel/housekeeping.ts';
import { closeRun, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { addPeople, goodValues, launchedSurvey, TestClock } from '../surveys/support.ts';

const DAY = 86_400_000;
const CREATED = new Date('2026-09-01T15:00:00Z');
const PURGED_TABLES = ['ProcessedEvent', 'FormSnapshot', 'Delivery', 'Campaign'];

async function tableCounts(t: TestDatabase): Promise<Record<string, number>> {
  const tables =
    t.kind === 'postgresql'
      ? await t.db.$queryRawUnsafe<{ name: string }[]>(`SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema()`)
      : await t.db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  const out: Record<string, number> = {};
  for (const { name } of tables.filter((x) => !x.name.startsWith('_prisma'))) {
    const [row] = await t.db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "${name}"`);
    out[name] = Number(row?.n ?? 0);
  }
  return out;
}

const helpCampaign = (db: Db, purpose?: string) =>
  createCampaign(
    db,
    { name: 'notice', template: 'help', data: { mode: 'help', name: 'colleague', commands: [], buttons: [] }, audience: { everyone: true }, purpose },
    CREATED,
  );
const markSent = (db: Db, campaignId: string) =>
  db.delivery.updateMany({
    where: { campaignId },
    data: { status: 'sent', sentAt: CREATED, conversationId: 'a:1conv', messageId: 'act-1', cardInstanceId: 'ci-1', address: { conversationId: 'a:1conv' } },
  });

describe('the nightly purge', () => {
  let t: TestDatabase;
  let kept: Record<string, number>;
  let after: Record<string, number>;
  let ids: { unowned: string; owned: string; open: string };
  let purged: Awaited<ReturnType<typeof purgeExpired>>;
  const now = new Date(CREATED.getTime() + 100 * DAY);

  beforeAll(async () => {
    t = await createTestDatabase();
    const deps = { db: t.db, clock: new TestClock(CREATED) };
    const people = await addPeople(
      t.db,
      Array.from({ length: 6 }, () => ({ building: 'East High' })),
    );
    for (const personId of people)
      await t.db.platformAccount.create({
        data: { platform: 'teams', workspaceId: 'tenant', userId: `aad-${personId}`, personId, conversationRef: { serviceUrl: 'http://127.0.0.1:1/' } },
      });
    // A survey answered by everyone and closed: its responses, answers and tallies are HR's.
    const { run } = await launchedSurvey(deps, { audience: {} });
    for (const personId of people) await submitResponse(deps, { runId: run.id, personId, values: goodValues() });
    await closeRun(deps, { runId: run.id });
    // Campaigns 100 days old: one nobody owns and one a survey run owns, both finished; one still sending.
    ids = {
      unowned: (await helpCampaign(t.db)).id,
      owned: (await helpCampaign(t.db, `survey-run:${run.id}`)).id,
      open: (await helpCampaign(t.db)).id,
    };
    await markSent(t.db, ids.unowned);
    await markSent(t.db, ids.owned);
    await t.db.campaign.updateMany({ data: { createdAt: CREATED } });
    await t.db.delivery.updateMany({ data: { updatedAt: CREATED } });
    await t.db.processedEvent.createMany({
      data: [
        { key: 'old', createdAt: new Date(now.getTime() - 31 * DAY) },
        { key: 'recent', createdAt: new Date(now.getTime() - 29 * DAY) },
      ],
    });
    await t.db.formSnapshot.createMany({
      data: [
        { cardInstanceId: 'old-form', card: {}, createdAt: new Date(now.getTime() - 31 * DAY) },
        { cardInstanceId: 'recent-form', card: {}, createdAt: new Date(now.getTime() - DAY) },
      ],
    });
    kept = await tableCounts(t);
    purged = await purgeExpired(t.db, now, loadConfig({}).retention);
    after = await tableCounts(t);
  });
  afterAll(async () => t?.close());

  it('keeps every survey response, answer, tally and every other record HR or the directory holds', () => {
    expect(kept.SurveyResponse).toBeGreaterThan(0);
    const others = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([name]) => !PURGED_TABLES.includes(name)));
    expect(others(after)).toEqual(others(kept));
  });

  it('forgets dedupe keys and Slack form snapshots older than 30 days, not newer ones', async () => {
    expect((await t.db.processedEvent.findMany()).map((e) => e.key)).toEqual(['recent']);
    expect((await t.db.formSnapshot.findMany()).map((f) => f.cardInstanceId)).toEqual(['recent-form']);
  });

  it('deletes a finished campaign nobody owns with its rows, keeps one still sending', async () => {
    expect(await t.db.campaign.findUnique({ where: { id: ids.unowned } })).toBeNull();
    expect(await t.db.delivery.count({ where: { campaignId: ids.unowned } })).toBe(0);
    expect(await t.db.delivery.count({ where: { campaignId: ids.open, status: 'pending' } })).toBe(6);
    expect(purged).toMatchObject({ campaignsDeleted: 1, deliveriesDeleted: 6, deliveriesScrubbed: 6, processedEvents: 1, formSnapshots: 1 });
  });

  it("keeps a workflow's finished campaign's rows and their status, without where or which message they went as", async () => {
    const rows = await t.db.delivery.findMany({ where: { campaignId: ids.owned } });
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'sent' && r.messageId === null && r.conversationId === null && r.cardInstanceId === null && r.address === null)).toBe(
      true,
    );
  });

  it('is safe to run again', async () => {
    expect(await purgeExpired(t.db, now)).toEqual({ processedEvents: 0, campaignsDeleted: 0, deliveriesDeleted: 0, deliveriesScrubbed: 0, formSnapshots: 0 });
  });

  it('defaults: 30 days for dedupe keys and form snapshots, 90 for finished campaigns; each configurable', () => {
    expect(loadConfig({}).retention).toEqual({ processedEventsDays: 30, deliveriesDays: 90, formSnapshotsDays: 30 });
    expect(loadConfig({ RETENTION_DELIVERIES_DAYS: '400' }).retention.deliveriesDays).toBe(400);
    expect(() => loadConfig({ RETENTION_FORM_SNAPSHOTS_DAYS: '0' })).toThrow(/RETENTION_FORM_SNAPSHOTS_DAYS/);
  });
});
