// One HTTP server for both platforms and the health check.
import express, { type ErrorRequestHandler, type Router as ExpressRouter, type RequestHandler } from 'express';
import type { Db } from '../core/db.ts';
import { databaseAnswers } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import type { HttpRequest, HttpRoute } from '../kernel/module.ts';
import type { Services } from '../kernel/turn.ts';
import type { ServiceMetrics } from './metrics.ts';

export interface HttpParts {
  db: Db;
  log: Logger;
  teams: RequestHandler;
  slack?: ExpressRouter;
  /** The workflows' own endpoints, and the services their handlers get. */
  routes?: { routes: readonly HttpRoute[]; services: Services };
  /** The Teams personal tab: its page and API (service/tab). */
  tab?: ExpressRouter;
  /** True once the instance is stopping (SIGTERM): /readyz says 503 so the load balancer sends no more. */
  draining?: () => boolean;
  /** GET /metrics, and the platform endpoints counted and timed. */
  metrics?: ServiceMetrics;
}

/** Mounts the workflows' endpoints: the body is read raw (at most 1 MB) and handed over as bytes. */
function mountRoutes(app: express.Express, { routes, services }: NonNullable<HttpParts['routes']>): void {
  const byPath = new Map<string, HttpRoute[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  for (const [path, forPath] of byPath) {
    app.all(path, express.raw({ limit: '1mb', type: () => true }), (req, res, next) => {
      const route = forPath.find((r) => r.method === req.method || (r.method === 'GET' && req.method === 'HEAD'));
      if (!route) {
        res
          .status(405)
          .set('allow', forPath.map((r) => r.method).join(', '))
          .json({ error: 'method not allowed' });
        return;
      }
      const request: HttpRequest = {
        method: route.method,
        path,
        query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : undefined])),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      };
      route
        .handle(services, request)
        .then(
          (answer) =>
            void res
              .status(answer.status)
              .set(answer.headers ?? {})
              .send(answer.body),
        )
        .catch(next);
    });
  }
}

export const TEAMS_PATH = '/api/messages';
export const SLACK_PATH = '/slack/events';
/** /healthz says 503 rather than wait longer than this for the database (it promises an answer within 2 s). */
export const HEALTH_DEADLINE_MS = 1500;

export function createHttpApp(parts: HttpParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    // Answers within HEALTH_DEADLINE_MS whatever the database does (a hung one counts as down).
    const ok = await databaseAnswers(parts.db, HEALTH_DEADLINE_MS);
    // Alive is alive: a stopping instance still says so, and that it is stopping.
    const draining = parts.draining?.() === true;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', db: ok ? 'ok' : 'unavailable', ...(draining ? { draining } : {}) });
  });
  app.get('/readyz', async (_req, res) => {
    // Ready to take traffic: not stopping, and the database answers.
    if (parts.draining?.()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const ok = await databaseAnswers(parts.db, HEALTH_DEADLINE_MS);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'degraded', db: ok ? 'ok' : 'unavailable' });
  });
  const { metrics } = parts;
  if (metrics) {
    app.get('/metrics', async (_req, res, next) => {
      try {
        const text = await metrics.registry.metrics();
        res.set('content-type', metrics.registry.contentType).send(text);
      } catch (e) {
        next(e);
      }
    });
    app.use(TEAMS_PATH, metrics.http('teams'));
    app.use(SLACK_PATH, metrics.http('slack'));
  }
  app.post(TEAMS_PATH, express.json({ limit: '1mb', type: () => true }), (req, res, next) => {
    // Shape only (the adapter verifies the token and the turn parses the rest): a body that
    // is not an activity at all is answered 400 and changes nothing.
    const b = req.body as Record<string, unknown> | undefined;
    const isActivity =
      b &&
      typeof b === 'object' &&
      !Array.isArray(b) &&
      typeof b.type === 'string' &&
      typeof b.serviceUrl === 'string' &&
      typeof (b.conversation as { id?: unknown } | undefined)?.id === 'string' &&
      typeof (b.from as { id?: unknown } | undefined)?.id === 'string';
    if (!isActivity) {
      res.status(400).json({ error: 'the body must be a Bot Framework activity (type, serviceUrl, from, conversation)' });
      return;
    }
    Promise.resolve(parts.teams(req, res, next)).catch(next);
  });
  if (parts.slack) app.use(parts.slack);
  if (parts.routes) mountRoutes(app, parts.routes);
  if (parts.tab) app.use(parts.tab);
  app.use((_req, res) => void res.status(404).json({ error: 'not found' }));
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) parts.log.error({ code: 'internal', message: String(err?.message ?? err) }, 'request failed');
    if (!res.headersSent) res.status(status).json({ error: status === 400 ? 'malformed request body' : status < 500 ? 'bad request' : 'internal error' });
  };
  app.use(onError);
  return app;
}
