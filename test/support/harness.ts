// Starts the real service exactly as `npm start` does, against local stand-ins that speak the
// platforms' HTTP protocols: a Bot Connector (and, when asked, a Bot Framework token issuer)
// for Teams, and the Slack Web API. Each harness has its own fresh database.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { loadConfig } from '../../core/config.ts';
import type { Role } from '../../core/db.ts';
import type { Logger } from '../../core/log.ts';
import { createLogger } from '../../core/log.ts';
import { type RunningService, startService } from '../../service/service.ts';
import { BotConnectorStandin } from '../standins/bot-connector.ts';
import { LocalCredentialsFactory } from '../standins/local-credentials.ts';
import { OpenIdIssuer, teamsAuthEnv } from '../standins/openid-issuer.ts';
import { DEFAULT_SLACK_TOKEN, SlackApiStandin } from '../standins/slack-api.ts';
import { type TeamsIdentity, teamsIdentity } from '../standins/teams-activity.ts';
import { createTestDatabase } from './test-database.ts';

export const TENANT_ID = '7d1c0e36-0000-4000-8000-00000000d0e5';
export const SLACK_TEAM = 'T0DMPS0001';
export const SLACK_SECRET = 'test-signing-secret-0123456789';
export const APP_ID = '11111111-2222-4333-8444-555555555555';

export interface TestPerson {
  id: string;
  employeeId: string;
  name: string;
  email: string;
  roles: Role[];
  language: string;
  building: string | null;
  region: string | null;
  teams: TeamsIdentity;
  slackId: string;
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** `clock`: the service's clock (default: the system clock), for tests that move time; with
 *  one, delivery sends only in `drain()` and schedules fire only when the test fires them.
 *  `log`: the service's logger (default: silent), for tests that read what it logs.
 *  `serviceDatabaseUrl`: the address the service reaches the database by (e.g. through a proxy
 *  that can make it stop answering); the test itself keeps the direct one. */
export async function startHarness(
  opts: {
    teamsAuth?: boolean;
    clock?: Clock;
    log?: Logger;
    serviceDatabaseUrl?: (url: string) => string;
    /** More settings for the service, given the token issuer (when teamsAuth) e.g. the tab's. */
    env?: (issuer: OpenIdIssuer | undefined) => Record<string, string>;
  } = {},
) {
  const database = await createTestDatabase();
  const connector = new BotConnectorStandin({ limits: false });
  const slackApi = new SlackApiStandin({ limits: false });
  await connector.start();
  await slackApi.start();
  const issuer = opts.teamsAuth ? new OpenIdIssuer() : undefined;
  if (issuer) await issuer.start();

  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: opts.serviceDatabaseUrl ? opts.serviceDatabaseUrl(database.url) : database.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: DEFAULT_SLACK_TOKEN,
    SLACK_API_URL: slackApi.apiUrl,
    TEAMS_SERVICE_URL: connector.url,
    // The district's own tenant and workspace: the only ones whose traffic reaches the router.
    TEAMS_TENANT_IDS: TENANT_ID,
    SLACK_TEAM_IDS: SLACK_TEAM,
    ...(issuer ? { ...teamsAuthEnv(issuer.url, APP_ID), MicrosoftAppPassword: 'unused-locally' } : {}),
    ...opts.env?.(issuer),
  };
  const service: RunningService = await startService(loadConfig(env), {
    log: opts.log ?? createLogger({ level: 'silent' }),
    ...(opts.clock ? { clock: opts.clock, manualBackground: true } : {}),
    teamsCredentials: issuer ? new LocalCredentialsFactory({ appId: APP_ID, signer: issuer }) : undefined,
  });

  let seq = 0;
  async function addPerson(p: Partial<Omit<TestPerson, 'teams' | 'slackId' | 'id'>> & { name: string }): Promise<TestPerson> {
    seq += 1;
    const employeeId = p.employeeId ?? `E${String(seq).padStart(5, '0')}`;
    const email = p.email ?? `${p.name.toLowerCase().replace(/[^a-z]+/g, '.')}@dmschools.example`;
    const roles = p.roles ?? ['staff'];
    const person = await database.db.person.create({
      data: {
        employeeId,
        name: p.name,
        email,
        language: p.language ?? 'en',
        building: p.building ?? null,
        region: p.region ?? null,
        roles: { create: roles.map((role) => ({ role })) },
      },
    });
    const teams = teamsIdentity({ aadObjectId: randomUUID(), name: p.name });
    const slackId = `U${String(1000 + seq).padStart(9, '0')}`;
    connector.addMember({ id: teams.id, aadObjectId: teams.aadObjectId, name: p.name, email, userPrincipalName: email, tenantId: TENANT_ID });
    slackApi.addUser({ id: slackId, teamId: SLACK_TEAM, name: p.name, email });
    // The person has a DM with the app (as when they write to it): it exists on Slack's side.
    slackApi.addChannel(slackApi.dmIdFor(slackId));
    return {
      id: person.id,
      employeeId,
      name: p.name,
      email,
      roles,
      language: person.language,
      building: person.building,
      region: person.region,
      teams,
      slackId,
    };
  }

  /** Someone the platforms know but the district directory does not. */
  function addStranger(name: string): TestPerson {
    seq += 1;
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@elsewhere.example`;
    const teams = teamsIdentity({ aadObjectId: randomUUID(), name });
    const slackId = `U${String(1000 + seq).padStart(9, '0')}`;
    connector.addMember({ id: teams.id, aadObjectId: teams.aadObjectId, name, email, tenantId: TENANT_ID });
    slackApi.addUser({ id: slackId, teamId: SLACK_TEAM, name, email });
    slackApi.addChannel(slackApi.dmIdFor(slackId));
    return { id: '', employeeId: '', name, email, roles: [], language: 'en', building: null, region: null, teams, slackId };
  }

  return {
    service,
    db: database.db,
    /** The database's address, for another process (the CLI) working beside the service. */
    databaseUrl: database.url,
    connector,
    slackApi,
    issuer,
    addPerson,
    addStranger,
    async close() {
      await service.close();
      await Promise.all([connector.close(), slackApi.close(), issuer?.close()]);
      await database.close();
    },
  };
}
