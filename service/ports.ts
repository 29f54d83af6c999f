// The outbound ports (send a card to a person or a channel, update a sent card) for the
// platforms the configuration enables, built the same way for the service and the CLI.
// Fan-out uses its own Teams adapter without the connector client's hidden retries: the
// delivery engine paces and retries (see bots/teams/outbound.ts).
import { createSlackOutbound, createTeamsOutbound, dbFormStore, type TeamsCredentialsFactory } from '../bots/index.ts';
import type { Config } from '../core/config.ts';
import { type Db, Prisma } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import type { Ports } from '../kernel/turn.ts';

/** Teams' Bot Connector for a tenant: the serviceUrl seen on any stored conversation of that
 *  tenant, else TEAMS_SERVICE_URL (Microsoft's public default for the Americas). */
function teamsServiceUrlFor(db: Db, env: Record<string, string | undefined>) {
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

export function createOutboundPorts(config: Config, db: Db, log: Logger, teamsCredentials?: TeamsCredentialsFactory): Ports {
  return {
    teams: createTeamsOutbound({ env: config.teams.env, credentialsFactory: teamsCredentials, serviceUrlFor: teamsServiceUrlFor(db, config.teams.env) }),
    ...(config.slack ? { slack: createSlackOutbound({ ...config.slack, log, forms: dbFormStore(db) }) } : {}),
  };
}
