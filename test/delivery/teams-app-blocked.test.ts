// A Teams send the Bot Connector refuses with 403 because the person blocked the app
// (MessageWritesBlocked, ConversationBlockedByUser), over real HTTP through the Bot Connector
// stand-in: the delivery fails with the reason app_blocked, the account is recorded as app
// blocked, `people reach` and the campaign status name it, and the next campaign does not try
// them again. Another 403 (the bot not in the conversation) keeps its own reason and blocks nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignStatus, createCampaign } from '../../delivery/index.ts';
import { directoryReach } from '../../directory/reach.ts';
import { personalConversationOf, teamsDriver } from '../behaviour/drivers.ts';
import { connectorError } from '../standins/connector-routes.ts';
import { type Harness, startHarness, type TestPerson } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';

const BUILDING = 'Blocked Test School';

describe('a Teams user who blocked the app', () => {
  let h: Harness;
  const clock = new ManualClock();
  let ok: TestPerson;
  let writesBlocked: TestPerson;
  let userBlocked: TestPerson;
  let notInRoster: TestPerson;

  beforeAll(async () => {
    h = await startHarness({ clock });
    const chat = teamsDriver(h);
    ok = await h.addPerson({ name: 'Olga Ok', building: BUILDING });
    writesBlocked = await h.addPerson({ name: 'Wes Blocked', building: BUILDING });
    userBlocked = await h.addPerson({ name: 'Uma Blocked', building: BUILDING });
    notInRoster = await h.addPerson({ name: 'Nico Roster', building: BUILDING });
    // Each wrote to the bot once, so the bot has their 1:1 conversation.
    for (const p of [ok, writesBlocked, userBlocked, notInRoster]) await chat.say(p, 'help');
    h.connector.blockWrites(personalConversationOf(h, writesBlocked));
    h.connector.script({
      conversationId: personalConversationOf(h, userBlocked),
      status: 403,
      body: connectorError('ConversationBlockedByUser', 'User blocked the conversation with the bot.'),
    });
    h.connector.script({
      conversationId: personalConversationOf(h, notInRoster),
      status: 403,
      body: connectorError('BotNotInConversationRoster', 'The bot is not part of the conversation roster.'),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const campaign = async (name: string) => {
    const c = await createCampaign(
      h.db,
      { name, template: 'help', data: { mode: 'help', name: 'colleague', commands: [{ id: 'help' }], buttons: [] }, audience: { buildings: [BUILDING] } },
      clock.now(),
    );
    await h.service.delivery!.drain();
    return campaignStatus(h.db, c.id);
  };
  const sendsTo = (p: TestPerson) => h.connector.requests.filter((r) => r.operation === 'send' && r.conversationId === personalConversationOf(h, p)).length;
  const account = (p: TestPerson) => h.db.platformAccount.findFirstOrThrow({ where: { personId: p.id, platform: 'teams' } });

  it('fails the delivery as app_blocked and records the account as app blocked', async () => {
    const start = clock.now();
    const status = await campaign('first');
    // Recorded when the send was refused (the campaign's pacing moves the test's clock).
    const during = (d: Date | null) => d !== null && d >= start && d <= clock.now();
    expect(status).toMatchObject({ total: 4, sent: 1, failed: { app_blocked: 2, BotNotInConversationRoster: 1 } });
    expect(during((await account(writesBlocked)).appBlockedAt)).toBe(true);
    expect(during((await account(userBlocked)).appBlockedAt)).toBe(true);
    expect((await account(notInRoster)).appBlockedAt).toBeNull();
    expect((await account(ok)).appBlockedAt).toBeNull();
  });

  it('people reach names them with their reason', async () => {
    const reach = await directoryReach(h.db);
    expect(reach.byReason.app_blocked).toBe(2);
    expect(reach.unreachable.filter((u) => u.reason === 'app_blocked').map((u) => u.name)).toEqual(['Uma Blocked', 'Wes Blocked']);
  });

  it('the next campaign reports them as app blocked without sending to them again', async () => {
    const before = { wes: sendsTo(writesBlocked), uma: sendsTo(userBlocked) };
    expect(Math.min(before.wes, before.uma)).toBeGreaterThan(0);
    const status = await campaign('second');
    expect(status).toMatchObject({ total: 4, failed: { app_blocked: 2 } });
    expect({ wes: sendsTo(writesBlocked), uma: sendsTo(userBlocked) }).toEqual(before);
  });
});
