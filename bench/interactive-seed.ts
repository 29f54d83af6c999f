// Seeding for `npm run bench:interactive`, through the product's own code: the directory is
// imported from an HR-style CSV (directory/import.ts), each person's Slack and Teams accounts
// are written to the identity table as first contact leaves them (kernel/identity.ts), a pulse
// survey is created and launched (workflows/surveys/operations.ts), and the campaign of
// `--campaign` is created by the delivery engine (delivery/campaigns.ts) for the service's own
// delivery worker to send.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../core/clock.ts';
import type { Db } from '../core/db.ts';
import { createLogger } from '../core/log.ts';
import { createCampaign } from '../delivery/index.ts';
import { importDirectory } from '../directory/import.ts';
import { assemble } from '../kernel/assemble.ts';
import type { Services } from '../kernel/turn.ts';
import type { BotConnectorStandin } from '../test/standins/bot-connector.ts';
import type { SlackApiStandin } from '../test/standins/slack-api.ts';
import { personalConversationId, type TeamsIdentity, teamsIdentity } from '../test/standins/teams-activity.ts';
import { WORKFLOWS } from '../workflows/index.ts';
import { getSurvey, launchRun } from '../workflows/surveys/domain/index.ts';
import { cardData, createSurveyWithSchedule } from '../workflows/surveys/operations.ts';
import { cpuMs, round } from './interactive-load.ts';

export const TENANT = '7d1c0e36-0000-4000-8000-00000000be0c';
export const SLACK_TEAM = 'T0DMPS0001';
export const APP_ID = '11111111-2222-4333-8444-00000000be0c';
const INTERACTIVE_BUILDING = 'Bench Interactive';
const CAMPAIGN_BUILDING = 'Bench Campaign';
/** The pulse survey answered in the answer turns (the e2e test's questions). */
export const SURVEY_ITEMS = ['care.whole_person', 'comms.clear', 'place.recommend', 'open.comment'];

export interface BenchPerson {
  index: number;
  personId: string;
  teams: TeamsIdentity;
  /** The 1:1 conversation id on Teams. */
  conversationId: string;
  slackId: string;
  dm: string;
}

export const benchServices = (db: Db, kind: Services['kind']): Services => ({
  db,
  kind,
  log: createLogger({ level: 'warn' }),
  clock: systemClock,
  defaultLocale: 'en',
  timeZone: 'America/Chicago',
  catalog: assemble(WORKFLOWS).catalog,
  ports: {},
  schedulesChanged: async () => undefined,
  directoryChanged: async () => undefined,
});

const aad = (prefix: string, n: number) => `00000000-0000-4000-8${prefix}-${String(n).padStart(12, '0')}`;

/** Imports `interactive` people (Slack and Teams linked) and `campaign` people (Teams only) as a directory CSV. */
export async function seedDirectory(
  db: Db,
  dir: string,
  counts: { interactive: number; campaign: number },
  where: { teamsInteractive: string; teamsCampaign: string; slack: SlackApiStandin[]; connectors: BotConnectorStandin[] },
): Promise<BenchPerson[]> {
  const file = join(dir, 'staff.csv');
  const rows = ['employee_id,name,email,roles,building,region,job_category,hire_date,manager_email,language'];
  // Every first name is different, so no two people's help cards greet alike: the help card is
  // served from the one kept with its name slot marked (kernel/catalog.ts), as for real names.
  for (let i = 0; i < counts.interactive; i++)
    rows.push(`I${i},Staff${i} Interactive,i${i}@dmschools.example,staff,${INTERACTIVE_BUILDING},North,Teacher,2020-08-01,,en`);
  for (let i = 0; i < counts.campaign; i++) rows.push(`C${i},Campaign ${i},c${i}@dmschools.example,staff,${CAMPAIGN_BUILDING},South,Teacher,2020-08-01,,en`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  const summary = await importDirectory(db, file, { defaultLocale: 'en', batchSize: 1000 });
  if (summary.rejected.length) throw new Error(`directory import rejected ${summary.rejected.length} rows`);

  const ids = new Map((await db.person.findMany({ select: { id: true, employeeId: true } })).map((p) => [p.employeeId, p.id]));
  const people: BenchPerson[] = [];
  const CHUNK = 1000;
  const teamsAccount = (personId: string, t: TeamsIdentity, serviceUrl: string) => ({
    platform: 'teams' as const,
    workspaceId: TENANT,
    userId: t.aadObjectId,
    channelUserId: t.id,
    personId,
    conversationRef: {
      serviceUrl,
      channelId: 'msteams',
      conversation: { id: personalConversationId(t.id, TENANT), conversationType: 'personal', tenantId: TENANT },
      bot: { id: `28:${APP_ID}` },
      user: { id: t.id },
    },
  });
  for (let i = 0; i < counts.interactive; i += CHUNK) {
    const batch: BenchPerson[] = [];
    for (let n = i; n < Math.min(counts.interactive, i + CHUNK); n++) {
      const personId = ids.get(`I${n}`)!;
      const teams = teamsIdentity({ aadObjectId: aad('1', n), name: `Interactive ${n}` });
      const slackId = `UI${String(n).padStart(8, '0')}`;
      const dm = where.slack[0]!.dmIdFor(slackId);
      for (const s of where.slack) {
        s.addUser({ id: slackId, teamId: SLACK_TEAM, name: `Interactive ${n}`, email: `i${n}@dmschools.example` });
        s.addChannel(dm);
      }
      for (const c of where.connectors)
        c.addMember({ id: teams.id, aadObjectId: teams.aadObjectId, name: `Interactive ${n}`, email: `i${n}@dmschools.example`, tenantId: TENANT });
      batch.push({ index: n, personId, teams, conversationId: personalConversationId(teams.id, TENANT), slackId, dm });
    }
    await db.platformAccount.createMany({
      data: batch.flatMap((p) => [
        teamsAccount(p.personId, p.teams, where.teamsInteractive),
        {
          platform: 'slack' as const,
          workspaceId: SLACK_TEAM,
          userId: p.slackId,
          personId: p.personId,
          dmChannelId: p.dm,
          email: `i${p.index}@dmschools.example`,
        },
      ]),
    });
    people.push(...batch);
  }
  for (let i = 0; i < counts.campaign; i += CHUNK) {
    const data = [];
    for (let n = i; n < Math.min(counts.campaign, i + CHUNK); n++)
      data.push(teamsAccount(ids.get(`C${n}`)!, teamsIdentity({ aadObjectId: aad('2', n), name: `Campaign ${n}` }), where.teamsCampaign));
    await db.platformAccount.createMany({ data });
  }
  return people;
}

/** Creates the pulse survey for the interactive people and launches a run of it (the run and
 *  its participations, workflows/surveys/domain/runs.ts). Its cards are not queued for delivery:
 *  the benchmark posts them to the stand-ins itself, so the delivery worker has nothing of it to
 *  send during the load. */
export async function launchBenchSurvey(services: Services): Promise<{ runId: string; cardData: object }> {
  await assemble(WORKFLOWS).prepare(services);
  const survey = await createSurveyWithSchedule(services, {
    title: { en: 'Bench pulse', es: 'Pulso de prueba' },
    audience: { buildings: [INTERACTIVE_BUILDING] },
    questions: SURVEY_ITEMS.map((itemKey) => ({ itemKey })),
  });
  const { run } = await launchRun(services, survey.id);
  return { runId: run.id, cardData: await cardData(services, await getSurvey(services, survey.id), { run }) };
}

/** A campaign to every campaign person, sent by the service's delivery worker at the Teams limit. */
export async function createBenchCampaign(db: Db): Promise<string> {
  const c = await createCampaign(
    db,
    {
      name: 'bench:interactive campaign',
      template: 'help',
      data: { mode: 'help', name: 'colleague', commands: [{ id: 'help' }], buttons: [] },
      audience: { buildings: [CAMPAIGN_BUILDING] },
    },
    new Date(),
  );
  return c.id;
}

/** The Teams limit the campaign is sent at (per tenant, per second). */
const TEAMS_PER_SECOND = 50;

/** How many requests the campaign's stand-in read between two moments (Date.now()). */
const campaignRequestsBetween = (connector: BotConnectorStandin, from: number, to: number): number =>
  connector.requests.filter((r) => r.at >= from && r.at <= to).length;

/** The service's CPU ms per request of the campaign, over `ms` with no turns coming in: its CPU
 *  then, less its idle rate (measured before any campaign), over the requests the campaign's
 *  stand-in read meanwhile. A turn's own CPU beside the campaign is the window's CPU less this
 *  times the campaign's requests in the window; whatever the turns add to the campaign's cost
 *  (contention, a slower send) stays charged to the turns. */
async function campaignCpuMsPerRequest(connector: BotConnectorStandin, pid: number, idlePerSecond: number, ms = 3000): Promise<number> {
  const from = Date.now();
  const c0 = cpuMs(pid);
  await new Promise((r) => setTimeout(r, ms));
  const used = cpuMs(pid) - c0;
  const to = Date.now();
  const n = campaignRequestsBetween(connector, from, to);
  if (n === 0) throw new Error(`the campaign sent nothing in ${ms} ms`);
  return Math.max(0, used - (idlePerSecond * (to - from)) / 1000) / n;
}

/** The campaign's share of the service's CPU in a turn: its CPU per request measured 3 s after
 *  its first send (its first claims and the first run of its code cost more), and again after
 *  the turn (`measureAgain`); `own` takes the campaign's requests between two moments, at the
 *  lower of the two (a turn is never charged less than its own CPU because a measure ran high),
 *  out of the service's CPU over them. */
export async function campaignShare(connector: BotConnectorStandin, pid: number, idlePerSecond: number) {
  await new Promise((r) => setTimeout(r, 3000));
  const costs = [await campaignCpuMsPerRequest(connector, pid, idlePerSecond)];
  return {
    measureAgain: async () => void costs.push(await campaignCpuMsPerRequest(connector, pid, idlePerSecond)),
    own: (cpu: number, from: number, to: number) => cpu - campaignRequestsBetween(connector, from, to) * Math.min(...costs),
    costs: () => costs.map((c) => round(c, 2)),
  };
}

/** A turn's `--campaign` fields: what the campaign's stand-in received between `from` and `to`,
 *  and its refusals for the limits during the turn. BENCH_DEBUG=1 also prints when each refusal
 *  happened (seconds from `from`) and what the stand-in read in the second before it. */
export function campaignFields(connector: BotConnectorStandin, from: number, to: number, turn: string): Record<string, unknown> {
  const n = campaignRequestsBetween(connector, from, to);
  const byScope: Record<string, number> = {};
  for (const v of connector.violations) byScope[v.scope] = (byScope[v.scope] ?? 0) + 1;
  if (process.env.BENCH_DEBUG) {
    const all = connector.requests;
    const seen = connector.violations.map((v) => ({
      at: round((v.at - from) / 1000, 3),
      path: v.path.replace(/[^/]{20,}/g, '…'),
      secondBefore: all
        .filter((r) => r.at > v.at - 1000 && r.at <= v.at)
        .reduce<Record<string, number>>((counts, r) => {
          const k = `${r.operation}:${r.status}`;
          counts[k] = (counts[k] ?? 0) + 1;
          return counts;
        }, {}),
    }));
    console.error(JSON.stringify({ turn, violations: seen.slice(-20) }));
  }
  return {
    campaignRequests: n,
    campaignRatio: round(n / Math.max(0.001, (to - from) / 1000) / TEAMS_PER_SECOND, 3),
    campaignLimitViolations: connector.violations.length,
    campaignLimitViolationsByScope: byScope,
  };
}
