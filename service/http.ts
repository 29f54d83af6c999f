// One HTTP server for both platforms and the health check.
import express, { type ErrorRequestHandler, type Router as ExpressRouter, type RequestHandler } from 'express';
import type { Db } from '../core/db.ts';
import { databaseAnswers } from '../core/db.ts';
import type { Logger } from '../core/log.ts';

export interface HttpParts {
  db: Db;
  log: Logger;
  teams: RequestHandler;
  slack?: ExpressRouter;
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
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', db: ok ? 'ok' : 'unavailable' });
  });
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
  app.use((_req, res) => void res.status(404).json({ error: 'not found' }));
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) parts.log.error({ code: 'internal', message: String(err?.message ?? err) }, 'request failed');
    if (!res.headersSent) res.status(status).json({ error: status === 400 ? 'malformed request body' : status < 500 ? 'bad request' : 'internal error' });
  };
  app.use(onError);
  return app;
}
