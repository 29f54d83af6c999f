// Reaching directory people ahead of time on Slack: members linked by email over the Slack Web
// API stand-in (users.list paged, users.lookupByEmail), deactivated members recorded and never
// chosen by delivery, and `people reach` counting who is reachable where, with each reason.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackMembers } from '../../bots/index.ts';
import { expandPeople } from '../../delivery/audience.ts';
import { linkSlackMembers } from '../../directory/link-slack.ts';
import { directoryReach } from '../../directory/reach.ts';
import { SlackApiStandin } from '../standins/slack-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
let slack: SlackApiStandin;
const NOW = new Date('2026-12-01T12:00:00Z');
const TEAM = 'T0DMPS0001';

beforeEach(async () => {
  t = await createTestDatabase();
  slack = new SlackApiStandin({ limits: false });
  await slack.start();
  for (let i = 1; i <= 6; i++)
    await t.db.person.create({ data: { employeeId: `E${i}`, name: `Person ${i}`, email: `p${i}@dmschools.example`, roles: { create: [{ role: 'staff' }] } } });
});
afterEach(async () => {
  await slack.close();
  await t.close();
});

const members = () => slackMembers({ botToken: 'xoxb-standin-token', apiUrl: slack.apiUrl });

describe('linking Slack members by email ahead of time', () => {
  it('links every member of the workspace, page by page, records the deactivated one, and leaves bots and strangers out', async () => {
    // 250 strangers make users.list take two pages of 200.
    for (let i = 0; i < 250; i++) slack.addUser({ id: `UX${String(i).padStart(4, '0')}`, teamId: TEAM, name: `x${i}`, email: `x${i}@elsewhere.example` });
    for (let i = 1; i <= 4; i++) slack.addUser({ id: `U${i}`, teamId: TEAM, name: `p${i}`, email: `P${i}@DMSchools.example` });
    slack.addUser({ id: 'U5', teamId: TEAM, name: 'p5', email: 'p5@dmschools.example', deleted: true });
    slack.addUser({ id: 'UBOT', teamId: TEAM, name: 'bot', isBot: true });

    const first = await linkSlackMembers(t.db, members().all(), NOW);
    expect(first).toEqual({ members: 255, linked: 5, updated: 0, deactivated: 1, notInDirectory: 250 });
    expect(slack.calls.filter((c) => c.method === 'users.list')).toHaveLength(2);
    const p1 = await t.db.platformAccount.findFirstOrThrow({ where: { userId: 'U1' }, include: { person: true } });
    expect(p1).toMatchObject({ platform: 'slack', workspaceId: TEAM, deactivatedAt: null, dmChannelId: null, person: { employeeId: 'E1' } });
    // Linked ahead, never seen: an account the person really uses stays delivery's choice.
    expect(p1.lastSeenAt.getTime()).toBe(0);

    // Idempotent: a second run changes nothing.
    expect(await linkSlackMembers(t.db, members().all(), NOW)).toMatchObject({ linked: 0, updated: 0 });

    const reach = await directoryReach(t.db);
    expect(reach).toMatchObject({
      people: 6,
      slackOnly: 4,
      teamsOnly: 0,
      both: 0,
      none: 2,
      byReason: { slack_deactivated: 1, no_account: 1, inactive: 0, app_blocked: 0 },
    });
    expect(reach.unreachable.map((u) => [u.employeeId, u.reason])).toEqual([
      ['E5', 'slack_deactivated'],
      ['E6', 'no_account'],
    ]);
    // Delivery never picks the deactivated member's account.
    const recipients = await expandPeople(t.db, { everyone: true });
    expect(recipients.filter((r) => r.platform === 'slack')).toHaveLength(4);
  });

  it('links a few by email with users.lookupByEmail, and a member who comes back is active again', async () => {
    slack.addUser({ id: 'U2', teamId: TEAM, name: 'p2', email: 'p2@dmschools.example', deleted: true });
    const m = members();
    const some = async function* () {
      for (const email of ['p2@dmschools.example', 'nobody@dmschools.example']) {
        const found = await m.byEmail(email);
        if (found) yield found;
      }
    };
    expect(await linkSlackMembers(t.db, some(), NOW)).toMatchObject({ members: 1, linked: 1, deactivated: 1 });
    expect((await t.db.platformAccount.findFirstOrThrow({ where: { userId: 'U2' } })).deactivatedAt).toEqual(NOW);
    slack.addUser({ id: 'U2', teamId: TEAM, name: 'p2', email: 'p2@dmschools.example' });
    expect(await linkSlackMembers(t.db, some(), NOW)).toMatchObject({ linked: 0, updated: 1, deactivated: 0 });
    expect((await t.db.platformAccount.findFirstOrThrow({ where: { userId: 'U2' } })).deactivatedAt).toBeNull();
  });

  it('counts an inactive person as not reachable, whatever their accounts', async () => {
    slack.addUser({ id: 'U1', teamId: TEAM, name: 'p1', email: 'p1@dmschools.example' });
    await linkSlackMembers(t.db, members().all(), NOW);
    await t.db.person.update({ where: { employeeId: 'E1' }, data: { inactiveAt: NOW } });
    const reach = await directoryReach(t.db);
    expect(reach).toMatchObject({ slackOnly: 0, none: 6, byReason: { inactive: 1, no_account: 5 } });
  });
});
