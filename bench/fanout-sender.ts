// The sending half of the fan-out benchmark: a separate process (so `--crash` can kill -9 it)
// that runs the real delivery worker through the real platform adapter until nothing is due.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createSlackOutbound, createTeamsOutbound, dbFormStore } from '../bots/index.ts';
import { systemClock } from '../core/clock.ts';
import { openDatabase } from '../core/db.ts';
import { createLogger } from '../core/log.ts';
import { startDeliveryWorker } from '../delivery/index.ts';
import { assemble } from '../kernel/assemble.ts';
import { WORKFLOWS } from '../workflows/index.ts';

// How long the event loop was held while sending: what a chat turn answered by the same
// process would wait behind the delivery worker.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
const ms = (ns: number) => Math.round(ns / 10_000) / 100;
const loop = () => ({ p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) });

/** Tells the benchmark how much CPU this process has used so far, and at the end how long its
 *  event loop was held (nothing when run alone). */
const report = (kind: 'ready' | 'done') =>
  new Promise<void>((resolve) =>
    process.send ? process.send({ kind, cpu: process.cpuUsage(), ...(kind === 'done' ? { loop: loop() } : {}) }, () => resolve()) : resolve(),
  );

const url = process.env.DATABASE_URL!;
const platform = process.env.BENCH_PLATFORM === 'slack' ? 'slack' : 'teams';
const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const { db, kind, close } = await openDatabase(url, { migrate: false });

const port =
  platform === 'teams'
    ? createTeamsOutbound({ env: {}, serviceUrlFor: async () => process.env.BENCH_CONNECTOR_URL })
    : createSlackOutbound({ botToken: process.env.BENCH_SLACK_TOKEN!, apiUrl: process.env.BENCH_SLACK_API_URL, log, forms: dbFormStore(db) });

await report('ready');
loopDelay.enable();
const worker = await startDeliveryWorker({
  db,
  kind,
  ports: { [platform]: port },
  render: assemble(WORKFLOWS).catalog.render,
  clock: systemClock,
  log,
  maxInFlight: 64,
  pollMs: 50,
});
await worker.drain();
await worker.stop();
// The parent counts the CPU time between these two reports as the cost of sending.
await report('done');
await close();
process.exit(0);
