// The composition root: configuration → database → router with its workflows → platform
// adapters → one HTTP server. Tests start it exactly like `npm start` does, with stand-ins.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TeamsCredentialsFactory } from '../bots/index.ts';
import { createSlackBot, createTeamsBot, dbFormStore } from '../bots/index.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { type Database_, openDatabase } from '../core/db.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { type DeliveryWorker, startDeliveryWorker } from '../delivery/index.ts';
import { assemble } from '../kernel/assemble.ts';
import { createHome } from '../kernel/home.ts';
import { directoryIsEmpty, IMPORT_COMMAND } from '../kernel/identity.ts';
import { createRouter } from '../kernel/router.ts';
import type { Ports, Services } from '../kernel/turn.ts';
import { type Scheduler, startScheduler } from '../scheduler/index.ts';
import { WORKFLOWS } from '../workflows/index.ts';
import { createHttpApp, SLACK_PATH, TEAMS_PATH } from './http.ts';
import { createMetrics } from './metrics.ts';
import { createOutboundPorts } from './ports.ts';
import { createTab, TAB_PATH } from './tab/api.ts';
import { tabConfig } from './tab/config.ts';

export interface ServiceOverrides {
  log?: Logger;
  clock?: Clock;
  /** Outbound Bot Framework credentials (tests inject a local factory; MSAL cannot run offline). */
  teamsCredentials?: TeamsCredentialsFactory;
  /** Turn off the delivery worker and scheduler (e.g. a read-only tool). */
  background?: boolean;
  /** Tests that move the clock themselves: delivery sends only in drain(), the scheduler fires
   *  only when asked (no timers of their own). */
  manualBackground?: boolean;
}

export interface RunningService {
  url: string;
  database: Database_;
  log: Logger;
  ports: Ports;
  endpoints: { teams: string; slack?: string; health: string; ready: string; tab: string };
  delivery?: DeliveryWorker;
  scheduler?: Scheduler;
  /** Graceful stop (SIGTERM): /readyz says 503, the scheduler and the delivery worker stop
   *  (queued rows go back, sends under way finish within the shutdown timeout), the HTTP server
   *  finishes the requests it has, then the database closes. */
  close(): Promise<void>;
}

export async function startService(config: Config, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const log = overrides.log ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const tab = tabConfig(config); // a bad tab setting stops the start before anything opens
  const database = await openDatabase(config.databaseUrl);
  const { db } = database;
  const workflows = assemble(WORKFLOWS);
  const ports = createOutboundPorts(config, db, log, overrides.teamsCredentials);
  let scheduler: Scheduler | undefined;
  const services: Services = {
    db,
    kind: database.kind,
    log,
    clock,
    defaultLocale: config.defaultLocale,
    timeZone: config.timeZone,
    catalog: workflows.catalog,
    ports,
    schedulesChanged: async () => scheduler?.reload(),
    directoryChanged: async () => workflows.directoryChanged(services),
    retention: config.retention,
  };
  await workflows.prepare(services);
  if (await directoryIsEmpty(db))
    log.warn({ importWith: IMPORT_COMMAND }, `the staff directory is empty: nobody can use the bot until it is imported with ${IMPORT_COMMAND}`);
  const metrics = config.metrics ? createMetrics() : undefined;
  const plainRouter = createRouter(services, workflows.modules);
  const router = metrics ? metrics.router(plainRouter) : plainRouter;

  const teams = createTeamsBot(
    { env: config.teams.env, credentialsFactory: overrides.teamsCredentials, tenantIds: config.teams.tenantIds },
    { router, log, clock },
  );
  const home = createHome(services, workflows.modules);
  const slack = config.slack
    ? createSlackBot(config.slack, { router, log, clock, forms: dbFormStore(db), home: { home, timeZone: config.timeZone } })
    : undefined;

  const background = overrides.background !== false;
  const delivery = background
    ? await startDeliveryWorker({
        db,
        kind: database.kind,
        ports,
        render: workflows.catalog.render,
        clock,
        log: log.child({ part: 'delivery' }),
        defaultLocale: config.defaultLocale,
        auto: overrides.manualBackground !== true,
        observe: metrics?.delivery,
      })
    : undefined;
  scheduler = background
    ? await startScheduler({
        db,
        clock,
        log: log.child({ part: 'scheduler' }),
        jobs: workflows.jobs(services),
        tick: overrides.manualBackground !== true,
        observe: metrics?.scheduleFire,
      })
    : undefined;

  let draining = false;
  const app = createHttpApp({
    db,
    log,
    teams: (req, res) => teams.handle(req, res),
    slack: slack?.router,
    routes: { routes: workflows.routes, services },
    tab: createTab({ services, home, router, config: tab }),
    draining: () => draining,
    metrics,
  });
  metrics?.watch(db, () => delivery);
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
    endpoints: {
      teams: `${url}${TEAMS_PATH}`,
      slack: slack ? `${url}${SLACK_PATH}` : undefined,
      health: `${url}/healthz`,
      ready: `${url}/readyz`,
      tab: `${url}${TAB_PATH}`,
    },
    delivery,
    scheduler,
    async close() {
      draining = true;
      await scheduler?.stop();
      // Most of the timeout goes to sends under way; the rest to open requests and the database.
      await delivery?.stop({ withinMs: Math.round(config.shutdownTimeoutMs * 0.6) });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, Math.round(config.shutdownTimeoutMs * 0.2)).unref())]);
      server.closeAllConnections();
      await database.close();
    },
  };
}
