// The composition root: configuration → database → router with its workflows → platform
// adapters → one HTTP server. Tests start it exactly like `npm start` does, with stand-ins.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TeamsCredentialsFactory } from '../bots/index.ts';
import type { Config } from '../core/config.ts';
import { openDatabase, type Database_ } from '../core/db.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { createRouter } from '../kernel/router.ts';
import { coreWorkflows } from '../workflows/core/index.ts';
import { createSurveyChat } from '../workflows/surveys-chat/index.ts';
import { renderCatalogCard } from '../cards/catalog.ts';
import type { OutboundPort } from '../kernel/ports.ts';
import { createSlackBot, createSlackOutbound, createTeamsBot, createTeamsFanoutAdapter, createTeamsOutbound, dbFormStore } from '../bots/index.ts';
import { startDeliveryWorker, type DeliveryWorker } from '../delivery/index.ts';
import { startScheduler, type Job, type Scheduler } from '../scheduler/index.ts';
import { createHttpApp, SLACK_PATH, TEAMS_PATH } from './http.ts';
import { teamsServiceUrlFor } from './teams-service-url.ts';

export interface ServiceOverrides {
  log?: Logger;
  clock?: Clock;
  /** Outbound Bot Framework credentials (tests inject a local factory; MSAL cannot run offline). */
  teamsCredentials?: TeamsCredentialsFactory;
  /** Turn off the delivery worker and scheduler (e.g. a read-only tool). */
  background?: boolean;
}

export interface RunningService {
  url: string;
  database: Database_;
  log: Logger;
  ports: { teams: OutboundPort; slack?: OutboundPort };
  endpoints: { teams: string; slack?: string; health: string };
  delivery?: DeliveryWorker;
  scheduler?: Scheduler;
  close(): Promise<void>;
}

export async function startService(config: Config, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const log = overrides.log ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const database = await openDatabase(config.databaseUrl);
  const { db } = database;
  const services = { db, log, clock, defaultLocale: config.defaultLocale, renderCard: renderCatalogCard };
  // Pulse surveys: ports are built after the router, so the survey module reads them lazily.
  let outbound: Partial<Record<'teams' | 'slack', OutboundPort>> = {};
  const surveys = createSurveyChat({ ...services, ports: () => outbound });
  const router = createRouter(services, [...coreWorkflows(), surveys.workflow]);
  const forms = dbFormStore(db);

  const teams = createTeamsBot({ env: config.teams.env, credentialsFactory: overrides.teamsCredentials, tenantIds: config.teams.tenantIds }, { router, log, clock });
  const slack = config.slack ? createSlackBot(config.slack, { router, log, clock, forms }) : undefined;
  const ports = {
    // Fan-out uses its own adapter without the connector client's hidden retries: the
    // delivery engine paces and retries (see bots/teams/no-retry-http.ts).
    teams: createTeamsOutbound({
      adapter: createTeamsFanoutAdapter({ env: config.teams.env, credentialsFactory: overrides.teamsCredentials }),
      appId: teams.appId,
      serviceUrlFor: teamsServiceUrlFor(db, config.teams.env),
    }),
    slack: config.slack ? createSlackOutbound({ ...config.slack, log, forms }) : undefined,
  };

  outbound = ports;

  const jobs: Record<string, Job> = { ...surveys.jobs };
  await surveys.prepare();
  const background = overrides.background !== false;
  const delivery = background
    ? await startDeliveryWorker({ db, kind: database.kind, ports, render: renderCatalogCard, clock, log: log.child({ part: 'delivery' }), defaultLocale: config.defaultLocale })
    : undefined;
  const scheduler = background ? await startScheduler({ db, clock, log: log.child({ part: 'scheduler' }), jobs }) : undefined;
  if (scheduler) surveys.onSchedulesChanged(() => scheduler.reload());

  const app = createHttpApp({ db, log, teams: (req, res) => teams.handle(req, res), slack: slack?.router });
  const server: Server = createServer(app);
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    database,
    log,
    ports,
    endpoints: { teams: `${url}${TEAMS_PATH}`, slack: slack ? `${url}${SLACK_PATH}` : undefined, health: `${url}/healthz` },
    delivery,
    scheduler,
    async close() {
      await scheduler?.stop();
      await delivery?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await database.close();
    },
  };
}
