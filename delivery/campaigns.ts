// Campaigns: a workflow asks to send a card to an audience, now or at a time. Expansion writes
// one durable Delivery row per recipient (unique per campaign and person or channel), so a
// repeated expansion never adds a second row.
import { z } from 'zod';
import type { Db } from '../core/db.ts';
import { AppError, ErrorCode } from '../core/errors.ts';
import { type Audience, audienceSchema, expandPeople } from './audience.ts';

export const NO_ACCOUNT = 'no_account';

const campaignInput = z.object({
  name: z.string().trim().min(1).max(200),
  template: z.string().min(1),
  data: z.record(z.string(), z.unknown()).default({}),
  audience: audienceSchema,
  sendAt: z.date().optional(),
  createdBy: z.string().optional(),
  purpose: z.string().optional(),
});
export type CampaignInput = z.input<typeof campaignInput>;

export async function createCampaign(db: Db, input: CampaignInput, now: Date): Promise<{ id: string; recipients: number; noAccount: number }> {
  const parsed = campaignInput.safeParse(input);
  if (!parsed.success)
    throw new AppError(ErrorCode.InvalidInput, `campaign refused: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const c = parsed.data;
  const campaign = await db.campaign.create({
    data: {
      name: c.name,
      template: c.template,
      data: c.data as object,
      audience: c.audience as object,
      sendAt: c.sendAt ?? now,
      createdBy: c.createdBy,
      purpose: c.purpose,
    },
  });
  const counts = await expandCampaign(db, campaign.id, c.audience, c.sendAt ?? now);
  return { id: campaign.id, ...counts };
}

const CHUNK = 500;

/** Writes the Delivery rows; safe to run again (rows already there are kept as they are). */
export async function expandCampaign(db: Db, campaignId: string, audience: Audience, dueAt: Date): Promise<{ recipients: number; noAccount: number }> {
  let rows: {
    campaignId: string;
    personId?: string;
    channelKey?: string;
    platform?: 'teams' | 'slack';
    accountId?: string;
    dueAt: Date;
    status?: 'failed';
    reason?: string;
    address?: object;
  }[];
  if ('channels' in audience) {
    rows = audience.channels.map((ch) => ({
      campaignId,
      channelKey: `${ch.platform}:${ch.workspaceId}:${ch.channelId}`,
      platform: ch.platform,
      dueAt,
      address: { ...ch },
    }));
  } else {
    const people = await expandPeople(db, audience);
    rows = people.map((r) =>
      r.platform
        ? { campaignId, personId: r.personId, platform: r.platform, accountId: r.accountId, dueAt }
        : { campaignId, personId: r.personId, dueAt, status: 'failed' as const, reason: r.unreachable ?? NO_ACCOUNT },
    );
  }
  const existing = new Set(
    (await db.delivery.findMany({ where: { campaignId }, select: { personId: true, channelKey: true } })).map((d) => d.personId ?? d.channelKey),
  );
  const fresh = rows.filter((r) => !existing.has(r.personId ?? r.channelKey ?? ''));
  for (let i = 0; i < fresh.length; i += CHUNK) await db.delivery.createMany({ data: fresh.slice(i, i + CHUNK) });
  await db.campaign.update({ where: { id: campaignId }, data: { expandedAt: new Date() } });
  return { recipients: rows.length, noAccount: rows.filter((r) => r.reason === NO_ACCOUNT).length };
}

export interface CampaignStatus {
  id: string;
  name: string;
  total: number;
  pending: number;
  sending: number;
  sent: number;
  failed: Record<string, number>;
  noAccount: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  seconds: number | null;
  perSecond: number | null;
}

export async function campaignStatus(db: Db, campaignId: string): Promise<CampaignStatus> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) throw new AppError(ErrorCode.NotFound, `no campaign ${campaignId}`);
  const groups = await db.delivery.groupBy({ by: ['status', 'reason'], where: { campaignId }, _count: { _all: true } });
  const s: CampaignStatus = {
    id: campaign.id,
    name: campaign.name,
    total: 0,
    pending: 0,
    sending: 0,
    sent: 0,
    failed: {},
    noAccount: 0,
    startedAt: null,
    finishedAt: null,
    seconds: null,
    perSecond: null,
  };
  for (const g of groups) {
    const n = g._count._all;
    s.total += n;
    if (g.status === 'failed') {
      s.failed[g.reason ?? 'unknown'] = (s.failed[g.reason ?? 'unknown'] ?? 0) + n;
      if (g.reason === NO_ACCOUNT) s.noAccount += n;
    } else s[g.status] += n;
  }
  const times = await db.delivery.aggregate({ where: { campaignId, status: 'sent' }, _min: { firstTriedAt: true }, _max: { sentAt: true } });
  s.startedAt = times._min.firstTriedAt;
  if (s.pending === 0 && s.sending === 0) s.finishedAt = times._max.sentAt;
  if (s.startedAt && times._max.sentAt) {
    s.seconds = (times._max.sentAt.getTime() - s.startedAt.getTime()) / 1000;
    s.perSecond = s.seconds > 0 ? Math.round((s.sent / s.seconds) * 100) / 100 : null;
  }
  return s;
}
