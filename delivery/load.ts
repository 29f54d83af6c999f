// The rows a claimed batch is sent from: each delivery with the account it goes to and that
// person's language, and the batch's campaigns. Two statements straight on the driver (core/hot.ts
// `query`). Through Prisma (two findMany with their includes, and the claim's raw SQL) these
// were about a sixth of the sender's busy time; bench:fanout printed 3.42 ms of CPU per message
// before, 2.63 after, in one hour.
import { type DatabaseKind, type Db, hotStatements } from '../core/db.ts';
import { sqlText } from '../core/hot.ts';
import type { PlatformName } from '../kernel/events.ts';

export interface ClaimedDelivery {
  id: string;
  campaignId: string;
  personId: string | null;
  channelKey: string | null;
  platform: PlatformName | null;
  attempts: number;
  /** A channel delivery's address (ChannelAddress), as stored. */
  address: unknown;
  campaign: { id: string; template: string; data: unknown };
}

/** The account a person's delivery goes to (what sending and pacing need of it). */
export interface ClaimedAccount {
  id: string;
  platform: PlatformName;
  workspaceId: string;
  userId: string;
  channelUserId: string | null;
  conversationRef: unknown;
  dmChannelId: string | null;
  /** The linked person's language; null when the account is linked to nobody. */
  language: string | null;
}

export interface Claimed {
  row: ClaimedDelivery;
  account: ClaimedAccount | null;
}

/** A row as the statement gives it: the delivery's columns, then the account's (null when none). */
type LoadedRow = Omit<ClaimedDelivery, 'attempts' | 'campaign'> &
  Omit<ClaimedAccount, 'id' | 'platform'> & { attempts: number | bigint; accountId: string | null; accountPlatform: PlatformName };

interface CampaignRow {
  id: string;
  template: string;
  data: unknown;
}

/** A Json column: text on SQLite (as Prisma writes it), already parsed on PostgreSQL. */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : (v ?? null));

// Which rows: one value holding the ids (an array on PostgreSQL, its JSON on SQLite).
const idsIn: Record<DatabaseKind, string> = { postgresql: '= ANY(?::text[])', sqlite: 'IN (SELECT "value" FROM json_each(?))' };
const idsValue = (kind: DatabaseKind, ids: readonly string[]) => (kind === 'postgresql' ? [...ids] : JSON.stringify(ids));
const byKind = (text: (ids: string) => string) => ({ sqlite: sqlText(text(idsIn.sqlite)), postgresql: sqlText(text(idsIn.postgresql)) });
const DELIVERIES = byKind(
  (ids) => `SELECT d."id", d."campaignId", d."personId", d."channelKey", d."platform", d."attempts", d."address",
                   a."id" AS "accountId", a."platform" AS "accountPlatform", a."workspaceId", a."userId", a."channelUserId",
                   a."conversationRef", a."dmChannelId", p."language"
              FROM "Delivery" d LEFT JOIN "PlatformAccount" a ON a."id" = d."accountId" LEFT JOIN "Person" p ON p."id" = a."personId"
             WHERE d."id" ${ids} AND d."status" = 'sending'
             ORDER BY d."dueAt"`,
);
const CAMPAIGNS = byKind((ids) => `SELECT "id", "template", "data" FROM "Campaign" WHERE "id" ${ids}`);

/** The claimed rows still `sending` (another instance may have taken one back since), oldest due first. */
export async function loadClaimed(db: Db, kind: DatabaseKind, ids: readonly string[]): Promise<Claimed[]> {
  if (!ids.length) return [];
  const hot = hotStatements(db);
  const rows = await hot.query<LoadedRow>(DELIVERIES[kind], idsValue(kind, ids));
  const campaignIds = [...new Set(rows.map((r) => r.campaignId))];
  const campaigns = new Map(
    (campaignIds.length ? await hot.query<CampaignRow>(CAMPAIGNS[kind], idsValue(kind, campaignIds)) : []).map((c) => [
      c.id,
      { id: c.id, template: c.template, data: json(c.data) },
    ]),
  );
  return rows.flatMap((r) => {
    // A delivery's campaign cannot go while it exists (the rows go with it, on cascade).
    const campaign = campaigns.get(r.campaignId);
    if (!campaign) return [];
    const row: ClaimedDelivery = {
      id: r.id,
      campaignId: r.campaignId,
      personId: r.personId,
      channelKey: r.channelKey,
      platform: r.platform,
      attempts: Number(r.attempts),
      address: json(r.address),
      campaign,
    };
    const account: ClaimedAccount | null = r.accountId
      ? {
          id: r.accountId,
          platform: r.accountPlatform,
          workspaceId: r.workspaceId,
          userId: r.userId,
          channelUserId: r.channelUserId,
          conversationRef: json(r.conversationRef),
          dmChannelId: r.dmChannelId,
          language: r.language,
        }
      : null;
    return [{ row, account }];
  });
}
