// End to end over real HTTP: 12 people in the directory, none of whom ever wrote to the bot, 6
// on Slack and 6 on Teams. Slack members are linked by email (users.list), Entra ID users are
// synced from the Graph stand-in and the Teams app installed for each of them through Graph;
// a campaign then reaches all 12 (Slack: conversations.open; Teams: the 1:1 conversation
// created with the Bot Connector stand-in, its reference kept). Later one Slack member is
// deactivated and one Teams user's policy blocks the app: `people reach` and the next
// campaign's status report both, each with its reason.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackMembers } from '../../bots/index.ts';
import { campaignStatus, createCampaign } from '../../delivery/index.ts';
import { graphClient } from '../../directory/graph.ts';
import { syncGraph } from '../../directory/graph-sync.ts';
import { linkSlackMembers } from '../../directory/link-slack.ts';
import { directoryReach } from '../../directory/reach.ts';
import { installTeamsApp } from '../../directory/teams-install.ts';
import { GRAPH_CLIENT, GraphStandin } from '../standins/graph.ts';
import { DEFAULT_SLACK_TOKEN } from '../standins/slack-api.ts';
import { type Harness, SLACK_TEAM, startHarness, TENANT_ID } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';

const TEAMS_APP = 'dmps-connect-catalog-id';

describe('every person reachable before they ever write to the bot', () => {
  let h: Harness;
  const graph = new GraphStandin({ pageSize: 4 });
  const clock = new ManualClock();
  const aad = new Map<string, string>(); // employee id → Entra object id
  beforeAll(async () => {
    h = await startHarness({ clock });
    await graph.start();
    for (let i = 1; i <= 12; i++) {
      const employeeId = `R${i}`;
      const email = `reach${i}@dmschools.example`;
      await h.db.person.create({ data: { employeeId, name: `Reach ${i}`, email, building: 'Reach School', roles: { create: [{ role: 'staff' }] } } });
      if (i <= 6) h.slackApi.addUser({ id: `UR${i}`, teamId: SLACK_TEAM, name: `reach${i}`, email });
      else {
        const id = randomUUID();
        aad.set(employeeId, id);
        graph.setUser({ id, displayName: `Reach ${i}`, mail: email, employeeId, accountEnabled: true });
        h.connector.addMember({ id: `29:${id}`, aadObjectId: id, name: `Reach ${i}`, email, userPrincipalName: email, tenantId: TENANT_ID });
      }
    }
  });
  afterAll(async () => {
    await graph.close();
    await h?.close();
  });

  const api = () =>
    graphClient({ ...GRAPH_CLIENT, authorityHost: graph.url, graphBaseUrl: graph.url }, { now: () => clock.now().getTime(), sleep: async () => {} });
  const prepare = async () => {
    await linkSlackMembers(h.db, slackMembers({ botToken: DEFAULT_SLACK_TOKEN, apiUrl: h.slackApi.apiUrl }).all(), clock.now());
    await syncGraph(h.db, api(), { now: clock.now(), defaultLocale: 'en' });
    return installTeamsApp(h.db, api(), { teamsAppId: TEAMS_APP, tenantId: TENANT_ID, graphBaseUrl: graph.url, now: clock.now() });
  };
  const campaign = async (name: string) => {
    const c = await createCampaign(
      h.db,
      { name, template: 'help', data: { mode: 'help', name: 'colleague', commands: [{ id: 'help' }], buttons: [] }, audience: { buildings: ['Reach School'] } },
      clock.now(),
    );
    await h.service.delivery!.drain();
    return campaignStatus(h.db, c.id);
  };

  it('a campaign reaches all 12 after linking Slack by email and installing the Teams app through Graph', async () => {
    expect((await directoryReach(h.db)).byReason.no_account).toBe(12);
    const installs = await prepare();
    expect(installs).toMatchObject({ candidates: 6, installed: 6, blocked: 0, failed: 0 });
    expect([...graph.installed.values()].map((apps) => [...apps.values()])).toEqual(Array(6).fill([TEAMS_APP]));
    expect(await directoryReach(h.db)).toMatchObject({ slackOnly: 6, teamsOnly: 6, none: 0 });

    const status = await campaign('first');
    expect(status).toMatchObject({ total: 12, sent: 12, failed: {} });
    // Slack DMs opened for people who never wrote; Teams 1:1 conversations created and kept.
    expect(h.slackApi.calls.filter((c) => c.method === 'conversations.open')).toHaveLength(6);
    const created = h.connector.requests.filter((r) => r.operation === 'createConversation');
    expect(created).toHaveLength(6);
    expect(new Set(h.connector.activities.map((a) => a.conversationId)).size).toBe(6);
    const teams = await h.db.platformAccount.findMany({ where: { platform: 'teams', personId: { not: null } } });
    expect(teams.every((a) => a.conversationRef !== null)).toBe(true);
    // Kept as JSON objects a later send reads back (not as text), and Slack's DM channels kept too.
    const conversations = new Set(h.connector.activities.map((a) => a.conversationId));
    for (const a of teams) expect(conversations.has((a.conversationRef as { conversation?: { id?: string } }).conversation?.id ?? '')).toBe(true);
    const slack = await h.db.platformAccount.findMany({ where: { platform: 'slack', personId: { not: null } } });
    expect(slack.filter((a) => a.dmChannelId)).toHaveLength(6);
  });

  it('reports a deactivated Slack member and a Teams user whose policy blocks the app, with their reasons, in people reach and in the campaign status', async () => {
    h.slackApi.addUser({ id: 'UR1', teamId: SLACK_TEAM, name: 'reach1', email: 'reach1@dmschools.example', deleted: true });
    const blocked = aad.get('R7') as string;
    graph.installed.delete(blocked);
    graph.setUser({ id: blocked, appBlocked: true });
    await h.db.platformAccount.deleteMany({ where: { userId: blocked } });
    await prepare();

    const reach = await directoryReach(h.db);
    expect(reach).toMatchObject({ slackOnly: 5, teamsOnly: 5, none: 2, byReason: { slack_deactivated: 1, app_blocked: 1, no_account: 0 } });
    expect(reach.unreachable.map((u) => [u.employeeId, u.reason])).toEqual([
      ['R1', 'slack_deactivated'],
      ['R7', 'app_blocked'],
    ]);
    const status = await campaign('second');
    expect(status).toMatchObject({ total: 12, sent: 10, failed: { slack_deactivated: 1, app_blocked: 1 }, noAccount: 0 });
  });
});
