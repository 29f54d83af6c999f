// `npm run bench:interactive [-- --rate 100] [--seconds 30] [--warmup 5] [--turn <name>]… [--campaign] [--cpu-prof DIR]`
//
// Interactive turns at a fixed rate against the real service, beside a bare SDK baseline doing
// the same platform work, in the same run. Processes: this one (the load, the platform
// stand-ins, seeding and checks), the service exactly as `npm start` runs it (service/main.ts;
// SQLite in a temp dir; Slack enabled against the Slack Web API stand-in; Teams unauthenticated,
// replies to the Bot Connector stand-in), and the bare Bolt + botbuilder app
// (test/standins/bare-sdk-child.ts), each with its own stand-ins.
//
// Per turn: a warm-up (the same load, not counted; then its answers are awaited), then
// `--seconds` of open-loop load: requests leave on schedule at `--rate` per second to the
// service and, shifted by half an interval, to the bare app, whatever the answers do. One JSON
// line per turn on stdout (progress on stderr):
//   turn, campaign, rate, seconds, sent (requests in the window, to the service), ok, errors
//   (sent - ok: transport failures, 10 s timeouts, non-2xx, Slack/Teams error bodies, an
//   unexpected card, or platform work missing from the stand-in), errorKinds, over3s,
//   p50/p99/max (ms, every request of the window; a timeout counts as 10,000),
//   cpuMsPerTurn / bareCpuMsPerTurn (utime+stime of that process from the window's first send
//   until it is done with the window's requests, i.e. its last answer is in and its CPU use is
//   back to its background level (at most 20 s more), over the requests sent: an overloaded process that finishes
//   timed-out requests later is charged for them), ratio (their quotient),
//   cpuMsPerOk (the service's CPU over the requests answered correctly: an overloaded service
//   skips some requests whose sender gave up, so per request sent understates a turn's cost),
//   sendWindowCpuMsPerTurn / bareSendWindowCpuMsPerTurn (the same over the sending window only;
//   equal to the above when the process keeps up, capacity / rate when it does not),
//   backgroundCpuMsPerSecond (the service before the turn, no requests coming), bareP50/bareP99/
//   bareErrors, loadAvg (1/5/15 min at the turn's start), checks (answer turns: answers the
//   survey run recorded, against the answers that succeeded, warm-up included), sendLateMaxMs
//   (the most a request left after its scheduled time: the load process keeping up), and with
//   --campaign campaignRatio (Bot Connector requests per second of the campaign over the window
//   / 50) and campaignRequests. With --campaign the CPU figures are the turns' own: the
//   campaign's requests in the window times its CPU per request (campaignCpuMsPerRequest,
//   measured for 3 s with no turns before and after the turn, the lower of the two) are taken out; grossCpuMsPerTurn
//   and grossRatio keep them in.
// With --campaign, a 10,000-person campaign (delivery/campaigns.ts) is created before each turn
// and the service's own delivery worker sends it to a Bot Connector stand-in that enforces the
// Teams limits and injects 5% 429 / 1% 5xx as bench:fanout does; what is left of it is removed
// after the turn.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../core/db.ts';
import { BotConnectorStandin, TEAMS_CONNECTOR_LIMITS } from '../test/standins/bot-connector.ts';
import { DEFAULT_SLACK_TOKEN, SlackApiStandin } from '../test/standins/slack-api.ts';
import { Client, cpuMs, cpuRate, cpuWhenSettled, type Outcome, openLoop, percentile, round, SLOW_MS, TIMEOUT_MS } from './interactive-load.ts';
import { benchServices, campaignFields, campaignShare, createBenchCampaign, launchBenchSurvey, SLACK_TEAM, seedDirectory, TENANT } from './interactive-seed.ts';
import {
  ANSWER_TURNS,
  benchCards,
  buildRequest,
  marksOf,
  missingEffects,
  type Side,
  SLACK_SECRET,
  slackBlocks,
  TURNS,
  type TurnName,
  type TurnRequest,
} from './interactive-turns.ts';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    turn: { type: 'string', multiple: true },
    campaign: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const rate = Number(args.rate);
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const turns = (args.turn?.length ? args.turn : [...TURNS]) as TurnName[];
for (const t of turns) if (!TURNS.includes(t)) throw new Error(`unknown turn ${t}; turns: ${TURNS.join(', ')}`);
const CAMPAIGN_PEOPLE = 10_000;
const root = join(import.meta.dirname, '..');
const say = (msg: string) => process.stderr.write(`[bench:interactive] ${msg}\n`);

const warmN = Math.ceil(rate * warmup);
const windowN = Math.ceil(rate * seconds);
const perTurn = warmN + windowN;
const answerTurns = turns.filter((t) => ANSWER_TURNS.includes(t));
// Every answer comes from a different recipient; the other turns rotate through everyone.
const interactive = Math.max(2000, perTurn * answerTurns.length);

const dir = mkdtempSync(join(tmpdir(), 'dmps-bench-interactive-'));
const url = `file:${join(dir, 'bench.db')}`;
const children: ChildProcess[] = [];
const standins: { close(): Promise<void> }[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void cleanup().finally(() => process.exit(1));
  });
async function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  await Promise.all(standins.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
}

async function main() {
  // Each side has its own stand-ins. Interactive replies are limited per conversation as Teams
  // does; the tenant-wide 50/s is the campaign's (its own stand-in, as in bench:fanout).
  const perConversation = { perConversation: TEAMS_CONNECTOR_LIMITS.perConversation };
  const service: Side = {
    bare: false,
    slack: new SlackApiStandin(),
    connector: new BotConnectorStandin({ limits: perConversation }),
    pickerTs: new Map(),
    surveyTs: new Map(),
  };
  const bare: Side = {
    bare: true,
    slack: new SlackApiStandin(),
    connector: new BotConnectorStandin({ limits: perConversation }),
    pickerTs: new Map(),
    surveyTs: new Map(),
  };
  const campaignConnector = args.campaign ? new BotConnectorStandin({ faults: { rate429: 0.05, rate5xx: 0.01, seed: 42, retryAfterSec: 1 } }) : undefined;
  for (const s of [service.slack, service.connector, bare.slack, bare.connector, ...(campaignConnector ? [campaignConnector] : [])]) {
    await s.start();
    standins.push(s);
  }

  say(`seeding ${interactive} people (Slack + Teams)${args.campaign ? ` and ${CAMPAIGN_PEOPLE} campaign people (Teams)` : ''} in ${dir}`);
  await migrateDatabase(url);
  const database = await openDatabase(url, { migrate: false });
  const { db } = database;
  const services = benchServices(db, database.kind);
  const people = await seedDirectory(
    db,
    dir,
    { interactive, campaign: args.campaign ? CAMPAIGN_PEOPLE : 0 },
    {
      teamsInteractive: service.connector.url,
      teamsCampaign: campaignConnector?.url ?? service.connector.url,
      slack: [service.slack, bare.slack],
      connectors: [service.connector, bare.connector],
    },
  );
  const survey = await launchBenchSurvey(services);
  const cards = benchCards(services.catalog, survey.cardData);

  // Who sends request i of each turn: answers from a fresh recipient each, the rest rotating.
  const senders = new Map<TurnName, typeof people>();
  turns.forEach((t, k) => {
    const a = answerTurns.indexOf(t);
    senders.set(
      t,
      Array.from({ length: perTurn }, (_, i) => (a >= 0 ? people[a * perTurn + i]! : people[(k * 977 + i) % people.length]!)),
    );
  });
  // The messages the person clicks on, in each side's Slack (as the service would have sent them).
  for (const side of [service, bare]) {
    const seeds: [Map<number, string>, number, Record<string, unknown>[]][] = [];
    for (const t of turns) {
      if (t === 'slack-button' || t === 'slack-modal') for (const p of senders.get(t)!) seeds.push([side.pickerTs, p.index, slackBlocks(cards.picker).blocks]);
      if (t === 'slack-answer') for (const p of senders.get(t)!) seeds.push([side.surveyTs, p.index, slackBlocks(cards.survey).blocks]);
    }
    await postAll(side.slack, seeds, people);
  }

  const servicePort = await freePort();
  const barePort = await freePort();
  const log = openSync(join(dir, 'service.log'), 'a');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['MicrosoftAppId', 'MicrosoftAppPassword', 'DATABASE_URL', 'SURVEY_SEAL_KEY']) delete env[k];
  // --cpu-prof DIR: the service and the bare app write V8 CPU profiles there when they exit (open them in Chrome's DevTools).
  const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']] : [];
  const serviceProcess = spawn(process.execPath, [...profile, '--import', 'tsx', 'service/main.ts'], {
    cwd: root,
    stdio: ['ignore', log, log],
    env: {
      ...env,
      DATABASE_URL: url,
      PORT: String(servicePort),
      HOST: '127.0.0.1',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: DEFAULT_SLACK_TOKEN,
      SLACK_API_URL: service.slack.apiUrl,
      SLACK_TEAM_IDS: SLACK_TEAM,
      TEAMS_SERVICE_URL: service.connector.url,
      TEAMS_TENANT_IDS: TENANT,
    },
  });
  const bareProcess = spawn(process.execPath, [...profile, '--import', 'tsx', 'test/standins/bare-sdk-child.ts'], {
    cwd: root,
    stdio: ['ignore', log, log],
    env: { ...env, PORT: String(barePort), SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: DEFAULT_SLACK_TOKEN, SLACK_API_URL: bare.slack.apiUrl },
  });
  children.push(serviceProcess, bareProcess);
  await Promise.all([healthy(servicePort, serviceProcess), healthy(barePort, bareProcess)]);
  say(`service pid ${serviceProcess.pid} on ${servicePort}, bare pid ${bareProcess.pid} on ${barePort}; log ${join(dir, 'service.log')}`);

  const serviceClient = new Client(new URL(`http://127.0.0.1:${servicePort}`));
  const bareClient = new Client(new URL(`http://127.0.0.1:${barePort}`));
  const pids = [serviceProcess.pid!, bareProcess.pid!];
  const idle = await Promise.all(pids.map((pid) => cpuRate(pid, 2000)));
  for (const turn of turns) {
    // The previous turn's backlog (requests an overloaded process still works on) is done first.
    await Promise.all(pids.map((pid, k) => cpuWhenSettled(pid, idle[k]!, 60_000)));
    const who = senders.get(turn)!;
    const serviceRequests = who.map((p) => buildRequest(turn, service, p, cards, service.connector.url));
    const bareRequests = who.map((p) => buildRequest(turn, bare, p, cards, bare.connector.url));
    let campaignId: string | undefined;
    if (campaignConnector) {
      campaignId = await createBenchCampaign(db);
      const before = campaignConnector.requests.length;
      const until = Date.now() + 20_000;
      while (campaignConnector.requests.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      // A campaign that never sends (a card that no longer renders, a wrong service URL) would
      // measure turns beside nothing: say so instead.
      if (campaignConnector.requests.length === before) {
        const failed = await db.delivery.groupBy({ by: ['status', 'reason'], where: { campaignId }, _count: true });
        throw new Error(`the campaign sent nothing within 20 s (deliveries: ${JSON.stringify(failed)})`);
      }
    }
    const answeredBefore = ANSWER_TURNS.includes(turn) ? await answered(db, survey.runId) : 0;
    const marks = [marksOf(service), marksOf(bare)];
    const streams = [
      { client: serviceClient, prepared: serviceRequests, phaseMs: 0 },
      { client: bareClient, prepared: bareRequests, phaseMs: 500 / rate },
    ];
    // The campaign's own CPU per request, before the turn and again after it (below).
    const share = campaignConnector ? await campaignShare(campaignConnector, pids[0]!, idle[0]!) : undefined;
    // What each process uses with no turns coming in (the campaign's sending, with --campaign).
    const background = await Promise.all(pids.map((pid) => cpuRate(pid)));
    const loadAvg = loadavg().map((x) => Math.round(x * 100) / 100);
    say(`${turn}: warm-up ${warmup} s`);
    const warm = await Promise.all(await openLoop(streams, 0, warmN, rate));
    await Promise.all(pids.map((pid, k) => cpuWhenSettled(pid, background[k]!, 20_000)));
    say(`${turn}: ${seconds} s at ${rate}/s`);
    const cpu0 = pids.map(cpuMs);
    const windowStart = Date.now();
    const sending = await openLoop(streams, warmN, perTurn, rate);
    const cpuAtLastSend = pids.map(cpuMs);
    const lastSend = Date.now();
    // CPU until each process is done with the window's requests, including those it was still
    // working on when their 10 s ran out.
    const cpu1: { cpu: number; at: number }[] = [];
    const results = await Promise.all(
      sending.map(async (p, k) => {
        const r = await p;
        cpu1[k] = await cpuWhenSettled(pids[k]!, background[k]!, 20_000);
        return r;
      }),
    );
    if (share) await share.measureAgain();
    else await new Promise((r) => setTimeout(r, 200));
    // The service's CPU from `from` to `to`, less the campaign's with --campaign.
    const own = (cpu: number, from: number, to: number) => share?.own(cpu, from, to) ?? cpu;
    const [serviceOut, bareOut] = results as [Outcome[], Outcome[]];
    const judged = [judge(service, marks[0]!, serviceRequests, [...warm[0]!, ...serviceOut]), judge(bare, marks[1]!, bareRequests, [...warm[1]!, ...bareOut])];
    const inWindow = (j: ReturnType<typeof judge>) => j.slice(warmN);
    const s = summarize(inWindow(judged[0]!));
    const b = summarize(inWindow(judged[1]!));
    const serviceCpu = own(cpu1[0]!.cpu - cpu0[0]!, windowStart, cpu1[0]!.at);
    const cpuMsPerTurn = serviceCpu / windowN;
    const bareCpuMsPerTurn = (cpu1[1]!.cpu - cpu0[1]!) / windowN;
    const line: Record<string, unknown> = {
      turn,
      campaign: Boolean(campaignConnector),
      rate,
      seconds,
      sent: windowN,
      ok: s.ok,
      errors: windowN - s.ok,
      errorKinds: s.kinds,
      over3s: s.over3s,
      p50: s.p50,
      p99: s.p99,
      max: s.max,
      cpuMsPerTurn: round(cpuMsPerTurn, 2),
      bareCpuMsPerTurn: round(bareCpuMsPerTurn, 2),
      ratio: round(cpuMsPerTurn / bareCpuMsPerTurn, 2),
      bareP50: b.p50,
      bareP99: b.p99,
      bareErrors: windowN - b.ok,
      cpuMsPerOk: s.ok ? round(serviceCpu / s.ok, 2) : null,
      sendWindowCpuMsPerTurn: round(own(cpuAtLastSend[0]! - cpu0[0]!, windowStart, lastSend) / windowN, 2),
      bareSendWindowCpuMsPerTurn: round((cpuAtLastSend[1]! - cpu0[1]!) / windowN, 2),
      backgroundCpuMsPerSecond: round(background[0]!, 1),
      loadAvg,
      sendLateMaxMs: round(Math.max(...serviceOut.map((o) => o.late), ...bareOut.map((o) => o.late)), 1),
    };
    if (ANSWER_TURNS.includes(turn)) {
      // Each answer counted once: what the run recorded equals the answers that succeeded.
      const okAnswers = judged[0]!.filter((j) => !j.error).length;
      line.checks = { answersSent: perTurn, answersRecorded: (await answered(db, survey.runId)) - answeredBefore, answersOk: okAnswers };
    }
    if (campaignConnector && campaignId) {
      Object.assign(line, campaignFields(campaignConnector, windowStart, lastSend, turn), {
        grossCpuMsPerTurn: round((cpu1[0]!.cpu - cpu0[0]!) / windowN, 2),
        grossRatio: round((cpu1[0]!.cpu - cpu0[0]!) / windowN / bareCpuMsPerTurn, 2),
        campaignCpuMsPerRequest: share?.costs(),
      });
      await db.delivery.deleteMany({ where: { campaignId, status: 'pending' } });
    }
    process.stdout.write(`${JSON.stringify(line)}\n`);
    // What the stand-ins recorded is judged: forgotten, so that this process's heap (the load
    // generator's) does not grow turn after turn. At 600-800 MB by the sixth turn, its own
    // collections paused it up to 264 ms, which showed as the service's latency.
    for (const side of [service, bare]) {
      side.slack.forgetCalls();
      side.connector.forgetRequests();
    }
    campaignConnector?.forgetRequests();
  }
  serviceClient.close();
  bareClient.close();
  await database.close();
}

function judge(side: Side, since: ReturnType<typeof marksOf>, requests: TurnRequest[], outcomes: Outcome[]) {
  const missing = missingEffects(
    side,
    since,
    outcomes.map((o) => ({ sentAt: o.sentAt, effect: requests[o.i]!.effect })),
  );
  return outcomes.map((o, k) => {
    const error = requests[o.i]!.judge(o) ?? (missing[k] ? 'platform work missing' : undefined);
    return { ms: o.failure === 'timeout' ? TIMEOUT_MS : o.ms, error };
  });
}

function summarize(js: { ms: number; error?: string }[]) {
  const ms = js.map((j) => j.ms).sort((a, b) => a - b);
  const kinds: Record<string, number> = {};
  for (const j of js) if (j.error) kinds[j.error] = (kinds[j.error] ?? 0) + 1;
  return {
    ok: js.filter((j) => !j.error).length,
    kinds,
    over3s: ms.filter((x) => x > SLOW_MS).length,
    p50: round(percentile(ms, 0.5), 1),
    p99: round(percentile(ms, 0.99), 1),
    max: round(ms.at(-1) ?? 0, 1),
  };
}

async function answered(db: Awaited<ReturnType<typeof openDatabase>>['db'], runId: string): Promise<number> {
  return (await db.surveyRun.findUniqueOrThrow({ where: { id: runId } })).answeredCount;
}

/** Posts the seeded messages through the stand-in's Web API; records each message's ts. */
async function postAll(slack: SlackApiStandin, seeds: [Map<number, string>, number, Record<string, unknown>[]][], people: { index: number; dm: string }[]) {
  const byIndex = new Map(people.map((p) => [p.index, p]));
  let next = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const [into, index, blocks] = seeds[next++]!;
      if (into.has(index)) continue;
      const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_SLACK_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: byIndex.get(index)!.dm, text: 'DMPS Connect', blocks }),
      });
      const body = (await res.json()) as { ok: boolean; ts?: string; error?: string };
      if (!body.ok || !body.ts) throw new Error(`seeding a Slack message failed: ${body.error ?? res.status}`);
      into.set(index, body.ts);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function healthy(port: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`a measured process exited with ${child.exitCode} (see its log)`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nothing answered on port ${port} within 60 s`);
}

try {
  await main();
} finally {
  await cleanup();
}
