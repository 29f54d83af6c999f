// The open-loop half of `npm run bench:interactive`: requests leave on a fixed schedule (rate
// per second) whatever the answers do, over keep-alive HTTP, each with a 10 s timeout; and the
// CPU time (utime + stime from /proc/<pid>/stat) a measured process spends on them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export const TIMEOUT_MS = 10_000;
export const SLOW_MS = 3_000;

export interface Prepared {
  path: string;
  headers: () => Record<string, string>;
  body: string;
}

export interface Outcome {
  i: number;
  /** Date.now() when it left. */
  sentAt: number;
  ms: number;
  status: number;
  body: string;
  /** Transport failure or timeout. */
  failure?: string;
  /** How late it left against its schedule, ms (the load process's own lag). */
  late: number;
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU milliseconds (user + system, all threads) a process has used so far. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state = field 3.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) * TICK_MS;
}

/** CPU ms per second a process uses over `ms` (e.g. its background work before a turn). */
export async function cpuRate(pid: number, ms = 1000): Promise<number> {
  const c0 = cpuMs(pid);
  await new Promise((r) => setTimeout(r, ms));
  return ((cpuMs(pid) - c0) * 1000) / ms;
}

/** Waits until the process is back to its background CPU use (a backlog of requests it kept
 *  working on after the load stopped, or after their senders gave up, is done); returns its CPU
 *  time at that moment, and the moment (Date.now()). At most `capMs`. */
export async function cpuWhenSettled(pid: number, backgroundPerSecond: number, capMs = 30_000): Promise<{ cpu: number; at: number }> {
  const STEP = 500;
  const until = Date.now() + capMs;
  for (;;) {
    const at = Date.now();
    const c0 = cpuMs(pid);
    await new Promise((r) => setTimeout(r, STEP));
    const used = cpuMs(pid) - c0;
    if (used <= (backgroundPerSecond * STEP) / 1000 + 0.05 * STEP || Date.now() > until) return { cpu: c0, at };
  }
}

export class Client {
  // Idle sockets are dropped before the server's 5 s keep-alive timeout closes them under us.
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4_000 });
  constructor(private readonly base: URL) {}

  send(p: Prepared, i: number, late = 0): Promise<Outcome> {
    const sentAt = Date.now();
    const start = performance.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (status: number, body: string, failure?: string) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ i, sentAt, ms: performance.now() - start, status, body, failure, late });
      };
      const req = request(
        {
          host: this.base.hostname,
          port: this.base.port,
          path: p.path,
          method: 'POST',
          agent: this.agent,
          headers: { ...p.headers(), 'content-length': Buffer.byteLength(p.body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          res.on('error', (e) => finish(0, '', e.message));
        },
      );
      const timer = setTimeout(() => {
        finish(0, '', 'timeout');
        req.destroy();
      }, TIMEOUT_MS);
      req.on('error', (e) => finish(0, '', e.message));
      req.end(p.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Stream {
  client: Client;
  prepared: Prepared[];
  /** Milliseconds this stream's schedule is shifted by (so two streams do not send in lockstep). */
  phaseMs: number;
}

/** Sends every stream's requests [from, to) at `rate` per second on a fixed schedule; once all
 *  are sent, resolves with one promise per stream of its outcomes (each answered or timed out). */
export async function openLoop(streams: Stream[], from: number, to: number, rate: number): Promise<Promise<Outcome[]>[]> {
  const interval = 1000 / rate;
  const t0 = performance.now() + 20;
  const pending: Promise<Outcome>[][] = streams.map(() => []);
  const next = streams.map(() => from);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  while (next.some((n) => n < to)) {
    const now = performance.now();
    let wake = Infinity;
    streams.forEach((s, k) => {
      while (next[k]! < to && t0 + s.phaseMs + (next[k]! - from) * interval <= now) {
        const i = next[k]!++;
        pending[k]!.push(s.client.send(s.prepared[i]!, i, now - (t0 + s.phaseMs + (i - from) * interval)));
      }
      if (next[k]! < to) wake = Math.min(wake, t0 + s.phaseMs + (next[k]! - from) * interval);
    });
    if (wake < Infinity) await sleep(Math.max(0, wake - performance.now()));
  }
  return pending.map((p) => Promise.all(p));
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
