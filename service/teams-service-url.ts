import { Prisma, type Db } from '../core/db.ts';

/** Teams' Bot Connector for a tenant: the serviceUrl seen on any stored conversation of that
 *  tenant, else TEAMS_SERVICE_URL (Microsoft's public default for the Americas). */
export function teamsServiceUrlFor(db: Db, env: Record<string, string | undefined>) {
  const fallback = env.TEAMS_SERVICE_URL || 'https://smba.trafficmanager.net/amer/';
  return async (tenantId: string): Promise<string | undefined> => {
    const account = await db.platformAccount.findFirst({
      where: { platform: 'teams', workspaceId: tenantId, conversationRef: { not: Prisma.DbNull } },
      orderBy: { lastSeenAt: 'desc' },
      select: { conversationRef: true },
    });
    const ref = account?.conversationRef as { serviceUrl?: unknown } | null | undefined;
    return typeof ref?.serviceUrl === 'string' ? ref.serviceUrl : fallback;
  };
}
