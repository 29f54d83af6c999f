// `npm run bench:fanout [-- --platform slack] [--recipients N] [--crash] [--instances N] [--beside-interactive] [--cpu-prof DIR]`
//
// Sends N direct messages (default 10,000) through the real Teams adapter (or Slack's Web API
// client) to a local platform stand-in that enforces the published limits and injects 5% 429s
// (with Retry-After) and 1% 5xx. The sender runs in its own process; with --crash it is killed
// with SIGKILL mid-run and started again. Prints one JSON line, with the sender's CPU time per
// delivered message (`cpuMsPerMessage`: user + system time of the sender process from the
// moment its worker starts, so start-up is reported apart as `senderStartupCpuMs`) and how long
// its event loop was held (`senderLoopDelayMs`: what a turn in the same process would wait).
// With --instances N (PostgreSQL only), N sender processes share the campaign and the one
// tenant limit through the database; one of them is SIGKILLed at 40% and not started again.
// With --beside-interactive, `npm run bench:interactive` (its service, its bare app and its load
// of 100 turns per second, every turn in turn) runs beside it on the same machine: the sender
// starts once that load has begun, and that benchmark is stopped when the fan-out is done. Its
// lines (the turns it finished meanwhile) are in `besideInteractive`.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../core/db.ts';
import { allowedPerSecond, campaignStatus, createCampaign, DEFAULT_LIMITS } from '../delivery/index.ts';
import { BotConnectorStandin } from '../test/standins/bot-connector.ts';
import { DEFAULT_SLACK_TOKEN, SlackApiStandin } from '../test/standins/slack-api.ts';
import { personalConversationId } from '../test/standins/teams-activity.ts';

const { values: args } = parseArgs({
  options: {
    platform: { type: 'string', default: 'teams' },
    recipients: { type: 'string', default: '10000' },
    crash: { type: 'boolean', default: false },
    instances: { type: 'string', default: '1' },
    'beside-interactive': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const platform = args.platform === 'slack' ? 'slack' : 'teams';
const n = Number(args.recipients);
const faults = { rate429: 0.05, rate5xx: 0.01, seed: 42, retryAfterSec: 1 };
const tenant = 'tenant-bench';
const team = 'TBENCH';

const file = join(tmpdir(), `dmps-bench-${randomBytes(4).toString('hex')}.db`);
const url = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : `file:${file}`;
const instances = Number(args.instances);
if (!Number.isInteger(instances) || instances < 1) throw new Error('--instances must be a whole number of sender processes, 1 or more');
if (instances > 1 && url.startsWith('file:'))
  throw new Error('--instances needs PostgreSQL (DATABASE_URL=postgresql://...): SQLite is one process, so it runs one instance');
await migrateDatabase(url);
const { db, close } = await openDatabase(url, { migrate: false });

const connector = platform === 'teams' ? new BotConnectorStandin({ faults }) : undefined;
const slack = platform === 'slack' ? new SlackApiStandin({ faults }) : undefined;
await connector?.start();
await slack?.start();

// The directory: N people who have used the bot before (so the 1:1 conversation is known).
const CHUNK = 1000;
for (let i = 0; i < n; i += CHUNK) {
  const people = Array.from({ length: Math.min(CHUNK, n - i) }, (_, k) => {
    const j = i + k;
    return { id: `p${j}`, employeeId: `B${j}`, name: `Bench ${j}`, email: `bench${j}@dmschools.example`, language: j % 3 === 0 ? 'es' : 'en' };
  });
  await db.person.createMany({ data: people });
  await db.platformAccount.createMany({
    data: people.map((p, k) => {
      const j = i + k;
      if (platform === 'teams') {
        const user = `29:bench${j}`;
        const conversationRef = {
          serviceUrl: connector!.url,
          channelId: 'msteams',
          conversation: { id: personalConversationId(user, tenant), conversationType: 'personal', tenantId: tenant },
          bot: { id: '28:bench' },
          user: { id: user },
        };
        return { platform: 'teams' as const, workspaceId: tenant, userId: `aad-${j}`, channelUserId: user, personId: p.id, conversationRef };
      }
      const user = `UB${String(j).padStart(8, '0')}`;
      slack!.addUser({ id: user, teamId: team, name: p.name, email: p.email });
      slack!.addChannel(slack!.dmIdFor(user));
      return { platform: 'slack' as const, workspaceId: team, userId: user, personId: p.id, dmChannelId: slack!.dmIdFor(user) };
    }),
  });
}
const campaign = await createCampaign(
  db,
  { name: 'bench', template: 'help', data: { mode: 'help', name: 'colleague', commands: [{ id: 'help' }], buttons: [] }, audience: { everyone: true } },
  new Date(),
);

const accepted = () => (connector ? [...connector.deliveredCountByConversation.values()].reduce((a, b) => a + b, 0) : slack!.messages.length);
/** Every request the platform received (what its rate limit counts), and when. */
const requestTimes = () => (connector ? connector.requests.map((r) => r.at) : slack!.calls.filter((c) => c.method !== 'auth.test').map((c) => c.at));

/** CPU milliseconds (user + system) of one sender process: what it reports over IPC when its
 *  worker starts and when it is done, and what /proc says meanwhile (for a sender killed by --crash). */
interface SenderCpu {
  readyMs?: number;
  doneMs?: number;
  lastSeenMs: number;
  /** Event loop delay while sending (ms), from a sender that ran to the end. */
  loop?: { p50: number; p99: number; max: number };
}
const senders: SenderCpu[] = [];
const cpuMsOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
/** utime + stime from /proc/<pid>/stat, in clock ticks of 10 ms (Linux USER_HZ). */
function procCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function startSender(): ChildProcess {
  const cpu: SenderCpu = { lastSeenMs: 0 };
  senders.push(cpu);
  // --cpu-prof DIR: the sender writes a V8 CPU profile there (open it in Chrome's DevTools).
  const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(import.meta.dirname, 'fanout-sender.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      DATABASE_URL: url,
      BENCH_PLATFORM: platform,
      BENCH_CONNECTOR_URL: connector?.url ?? '',
      BENCH_SLACK_API_URL: slack?.apiUrl ?? '',
      BENCH_SLACK_TOKEN: DEFAULT_SLACK_TOKEN,
    },
  });
  child.on('message', (m: { kind: 'ready' | 'done'; cpu: NodeJS.CpuUsage; loop?: SenderCpu['loop'] }) => {
    if (m.kind === 'ready') cpu.readyMs = cpuMsOf(m.cpu);
    else {
      cpu.doneMs = cpuMsOf(m.cpu);
      cpu.loop = m.loop;
    }
  });
  const poll = setInterval(() => {
    cpu.lastSeenMs = procCpuMs(child.pid!) ?? cpu.lastSeenMs;
  }, 100);
  child.once('exit', () => clearInterval(poll));
  return child;
}
/** Starts bench:interactive (all turns, 30 s each) and resolves once its load has begun; stop()
 *  ends it and gives the lines of the turns it finished. */
async function startInteractiveLoad(): Promise<{ stop(): Promise<Record<string, unknown>[]> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'interactive.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
      process.stderr.write(`[beside] ${line}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench:interactive exited with ${code} before its load began`)));
    child.stderr!.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      process.stderr.write(text);
      if (text.includes(': warm-up')) resolve();
    });
  });
  return {
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
      return lines.map(({ turn, sent, errors, over3s, p99, ratio, loadAvg }) => ({ turn, sent, errors, over3s, p99, ratio, loadAvg }));
    },
  };
}
const exited = (c: ChildProcess) => new Promise<void>((resolve) => c.once('exit', () => resolve()));

const beside = args['beside-interactive'] ? await startInteractiveLoad() : undefined;
let running = Array.from({ length: instances }, () => startSender());
let crashed = false;
/** Rows claimed by any instance just after the kill: the killed one's in-flight rows (the only ones that may reach a person twice) are among them. */
let claimedAtKill = 0;
let killedAt: number | undefined;
if (args.crash || instances > 1) {
  while (accepted() < n * 0.4) await new Promise((r) => setTimeout(r, 50));
  const victim = running[running.length - 1]!;
  killedAt = Date.now();
  victim.kill('SIGKILL');
  await exited(victim);
  crashed = true;
  claimedAtKill = await db.delivery.count({ where: { status: 'sending' } });
  running = running.slice(0, -1);
  // One instance killed and started again; several: the others carry on without it.
  if (instances === 1) running.push(startSender());
}
await Promise.all(running.map(exited));
const besideInteractive = beside ? await beside.stop() : undefined;

const perRecipient = connector
  ? [...connector.deliveredCountByConversation.values()]
  : [...slack!.messages.reduce((m, x) => m.set(x.channel, (m.get(x.channel) ?? 0) + 1), new Map<string, number>()).values()];
const reached = perRecipient.filter((c) => c > 0).length;
const duplicates = perRecipient.reduce((s, c) => s + Math.max(0, c - 1), 0);
const times = requestTimes().sort((a, b) => a - b);
const seconds = (times.at(-1)! - times[0]!) / 1000;
const allowed = platform === 'teams' ? allowedPerSecond(DEFAULT_LIMITS.teams.perTenant) : allowedPerSecond(DEFAULT_LIMITS.slack.perWorkspace);
// The limit counts requests, and injected 429s/5xx are requests too (then sent again), so the
// pacer's use of the limit is requests per second; messages per second is also reported.
const achieved = times.length / seconds;
const status = await campaignStatus(db, campaign.id);
const delivered = perRecipient.reduce((a, b) => a + b, 0);
const sendingCpuMs = senders.reduce((sum, c) => sum + Math.max(0, (c.doneMs ?? c.lastSeenMs) - (c.readyMs ?? 0)), 0);
const round2 = (x: number) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify({
    platform,
    recipients: n,
    instances,
    crashed,
    claimedAtKill,
    seconds: Math.round(seconds * 10) / 10,
    allowedPerSecond: allowed,
    requests: times.length,
    achievedPerSecond: Math.round(achieved * 100) / 100,
    ratio: Math.round((achieved / allowed) * 1000) / 1000,
    messagesPerSecond: Math.round((n / seconds) * 100) / 100,
    duplicates,
    lost: n - reached,
    failed: status.failed,
    limitViolations: (connector?.violations ?? slack!.violations).length,
    cpuMsPerMessage: round2(sendingCpuMs / delivered),
    senderCpuPercent: Math.round((sendingCpuMs / 10 / seconds) * 10) / 10,
    senderStartupCpuMs: Math.round(senders[0]?.readyMs ?? 0),
    senderLoopDelayMs: senders.at(-1)?.loop,
    injected: faults,
    ...(besideInteractive ? { besideInteractive } : {}),
    database: url.startsWith('file:') ? 'sqlite' : 'postgresql',
  }),
);
// BENCH_DEBUG=1: when each limit violation happened, in seconds from the first request (and the kill).
if (process.env.BENCH_DEBUG) {
  const since = (at: number) => Math.round((at - times[0]!) / 10) / 100;
  const at = (connector?.violations ?? slack!.violations).map((v) => since(v.at));
  console.error(JSON.stringify({ killedAt: killedAt === undefined ? undefined : since(killedAt), violationsAt: at }));
}
// A message lost, or sent twice other than in flight at a kill, is a failed run, whatever the
// speed (the line above says which).
if (n - reached > 0 || duplicates > (crashed ? claimedAtKill : 0)) process.exitCode = 1;
await close();
await connector?.close();
await slack?.close();
if (url.startsWith('file:')) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
