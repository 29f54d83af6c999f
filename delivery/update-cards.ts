// Replaces every card a campaign sent (e.g. "this survey is closed"), in each person's language.
import type { Db } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import { reportError } from '../core/log.ts';
import type { PlatformName } from '../kernel/events.ts';
import type { OutboundPort } from '../kernel/ports.ts';
import type { RenderFn } from './campaign-cards.ts';

export async function updateCampaignCards(
  db: Db,
  campaignId: string,
  ports: Partial<Record<PlatformName, OutboundPort>>,
  render: (locale: string) => ReturnType<RenderFn>,
  log: Logger,
): Promise<{ updated: number; failed: number }> {
  const rows = await db.delivery.findMany({
    where: { campaignId, status: 'sent' },
    select: { id: true, platform: true, conversationId: true, messageId: true, address: true, accountId: true },
  });
  const accounts = new Map(
    (await db.platformAccount.findMany({ where: { id: { in: rows.flatMap((r) => (r.accountId ? [r.accountId] : [])) } }, include: { person: true } })).map(
      (a) => [a.id, a],
    ),
  );
  let updated = 0;
  let failed = 0;
  for (const r of rows) {
    const port = r.platform ? ports[r.platform] : undefined;
    if (!port || !r.conversationId || !r.messageId) continue;
    const locale = (r.accountId && accounts.get(r.accountId)?.person?.language) || 'en';
    try {
      await port.updateCard(
        {
          platform: port.platform,
          conversationId: r.conversationId,
          messageId: r.messageId,
          address: (r.address ?? undefined) as Record<string, unknown> | undefined,
        },
        render(locale),
      );
      updated++;
    } catch (e) {
      failed++;
      reportError(log, e, { stage: 'update-card', campaignId });
    }
  }
  return { updated, failed };
}
