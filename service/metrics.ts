// What an operator watches, for Prometheus (GET /metrics, text format, prom-client). Labels are
// codes only (platform, event kind, outcome, a failure's reason code, a job's name): never a
// person, an answer, a conversation or a token, so nothing personal reaches the monitoring.
// Each service has its own registry (several can run in one test process).
import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../core/db.ts';
import type { DeliveryObserver, DeliveryWorker } from '../delivery/index.ts';
import type { Router } from '../kernel/router.ts';

/** A reason code as a label: codes look like `retries_exhausted:timeout`; anything else is `other`. */
const code = (reason: string | undefined) => (reason === undefined ? 'none' : /^[a-z0-9_.:-]{1,64}$/i.test(reason) ? reason : 'other');

export interface ServiceMetrics {
  registry: Registry;
  /** Counts and times every HTTP request to the platform endpoints. */
  http(platform: 'teams' | 'slack'): RequestHandler;
  /** The router, counting and timing every event by platform, kind and outcome. */
  router(router: Router): Router;
  delivery: DeliveryObserver;
  scheduleFire(job: string, outcome: 'fired' | 'failed' | 'missed'): void;
  /** Where the queue depth comes from at each scrape. */
  watch(db: Db, worker: () => DeliveryWorker | undefined): void;
}

export function createMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dmps_' });
  const httpRequests = new Counter({
    name: 'dmps_http_requests_total',
    help: 'Requests to the platform endpoints, by platform and status code',
    labelNames: ['platform', 'status'],
    registers: [registry],
  });
  const httpSeconds = new Histogram({
    name: 'dmps_http_request_duration_seconds',
    help: 'Time to answer a platform request (Slack retries after 3 s)',
    labelNames: ['platform'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers: [registry],
  });
  const events = new Counter({
    name: 'dmps_inbound_events_total',
    help: 'Inbound events (message, submit, install) by platform, kind and outcome (handled, duplicate, error)',
    labelNames: ['platform', 'kind', 'outcome'],
    registers: [registry],
  });
  const eventSeconds = new Histogram({
    name: 'dmps_inbound_event_duration_seconds',
    help: 'Time to handle an inbound event, by platform and kind',
    labelNames: ['platform', 'kind'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'dmps_deliveries_total',
    help: 'Send attempts by platform, outcome (sent, failed, retried, rate_limited) and reason code',
    labelNames: ['platform', 'outcome', 'reason'],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'dmps_platform_rate_limited_total',
    help: 'HTTP 429 answers from a platform to a send',
    labelNames: ['platform'],
    registers: [registry],
  });
  const fires = new Counter({
    name: 'dmps_schedule_fires_total',
    help: 'Schedule fires this instance recorded, by job and outcome (fired, failed, missed)',
    labelNames: ['job', 'outcome'],
    registers: [registry],
  });
  let db: Db | undefined;
  let worker: () => DeliveryWorker | undefined = () => undefined;
  new Gauge({
    name: 'dmps_delivery_rows',
    help: 'Deliveries due or in flight across all instances, by status (pending is the queue depth)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      if (!db) return;
      // A database that does not answer leaves this gauge out of the scrape, never the scrape itself.
      const rows = await db.delivery.groupBy({ by: ['status'], where: { status: { in: ['pending', 'sending'] } }, _count: true }).catch(() => undefined);
      this.reset();
      if (rows) for (const status of ['pending', 'sending']) this.set({ status }, rows.find((r) => r.status === status)?._count ?? 0);
    },
  });
  new Gauge({
    name: 'dmps_delivery_held',
    help: 'Deliveries this instance holds: claimed and waiting for a pacing slot (queued), and being sent (in_flight)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const held = worker()?.held() ?? { queued: 0, inFlight: 0 };
      this.set({ state: 'queued' }, held.queued);
      this.set({ state: 'in_flight' }, held.inFlight);
    },
  });

  return {
    registry,
    http: (platform) => (_req, res, next) => {
      const end = httpSeconds.startTimer({ platform });
      res.once('finish', () => {
        end();
        httpRequests.inc({ platform, status: String(res.statusCode) });
      });
      next();
    },
    router: (inner) => ({
      // Every argument passes through (the tab's signed-in person included).
      async handle(event, lookupEmail, signedIn) {
        const labels = { platform: event.actor.platform, kind: event.kind };
        const end = eventSeconds.startTimer(labels);
        try {
          const result = await inner.handle(event, lookupEmail, signedIn);
          events.inc({ ...labels, outcome: result.status });
          return result;
        } catch (e) {
          events.inc({ ...labels, outcome: 'error' });
          throw e;
        } finally {
          end();
        }
      },
    }),
    delivery: (platform, outcome, reason) => {
      deliveries.inc({ platform, outcome, reason: code(reason) });
      if (outcome === 'rate_limited') rateLimited.inc({ platform });
    },
    scheduleFire: (job, outcome) => fires.inc({ job: code(job), outcome }),
    watch(database, w) {
      db = database;
      worker = w;
    },
  };
}
