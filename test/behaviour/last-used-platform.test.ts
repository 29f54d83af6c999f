// A person with both Teams and Slack gets proactive messages on the one they used last (unless
// the directory names a primary platform). The turn keeps that true without writing the account
// on every message: switching platforms is recorded at once, staying on one is recorded at most
// hourly, and a new way to reach the person (another DM channel) is kept at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandPeople } from '../../delivery/audience.ts';
import type { Actor, InboundEvent } from '../../kernel/events.ts';
import { createRouter } from '../../kernel/router.ts';
import { product, testServices } from '../support/catalog.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
let personId = '';
beforeAll(async () => {
  t = await createTestDatabase();
  personId = (
    await t.db.person.create({ data: { employeeId: 'L1', name: 'Lena Ortiz', email: 'lena@dmschools.example', roles: { create: [{ role: 'staff' }] } } })
  ).id;
});
afterAll(async () => t?.close());

const teams: Actor = { platform: 'teams', workspaceId: 'tenant-1', userId: 'aad-lena', channelUserId: '29:lena' };
const slack: Actor = { platform: 'slack', workspaceId: 'T1', userId: 'U1' };
let n = 0;
const message = (actor: Actor, clock: ManualClock, dm = 'D1'): InboundEvent => {
  n += 1;
  const conversation =
    actor.platform === 'teams'
      ? { id: 'a:lena', kind: 'personal' as const, ref: { conversation: { id: 'a:lena' }, serviceUrl: 'http://127.0.0.1:1/', activityId: `act-${n}` } }
      : { id: dm, kind: 'personal' as const, ref: { channel: dm } };
  return { kind: 'message', text: 'help', dedupeKey: `test:${n}`, actor, conversation, receivedAt: clock.now() };
};
const lastUsed = async () => (await expandPeople(t.db, { personIds: [personId] }))[0]?.platform;
const seenAt = async (a: Actor) =>
  (
    await t.db.platformAccount.findUniqueOrThrow({
      where: { platform_workspaceId_userId: { platform: a.platform, workspaceId: a.workspaceId, userId: a.userId } },
    })
  ).lastSeenAt;

describe('the platform a person used last', () => {
  it('follows every switch, however quick, and keeps the newest DM channel', async () => {
    const clock = new ManualClock();
    const router = createRouter(testServices(t.db, { clock }), product.modules);
    const lookup = async () => 'lena@dmschools.example';
    const say = async (actor: Actor, dm?: string) => {
      clock.advance(60_000);
      expect((await router.handle(message(actor, clock, dm), lookup)).status).toBe('handled');
    };

    await say(teams);
    await say(slack);
    expect(await lastUsed()).toBe('slack');
    await say(teams);
    expect(await lastUsed()).toBe('teams');
    // Another Teams message (a new activity in the same conversation) has nothing new to keep.
    const onTeams = await seenAt(teams);
    await say(teams);
    expect(await seenAt(teams)).toEqual(onTeams);
    await say(slack);
    expect(await lastUsed()).toBe('slack');

    // Staying on Slack: recorded at most hourly, and still the one used last.
    const first = await seenAt(slack);
    await say(slack);
    expect(await seenAt(slack)).toEqual(first);
    clock.advance(3_600_000);
    await say(slack);
    expect((await seenAt(slack)).getTime()).toBeGreaterThan(first.getTime());
    expect(await lastUsed()).toBe('slack');

    // A new DM channel is kept at once.
    await say(slack, 'D2');
    const account = await t.db.platformAccount.findUniqueOrThrow({
      where: { platform_workspaceId_userId: { platform: 'slack', workspaceId: 'T1', userId: 'U1' } },
    });
    expect(account.dmChannelId).toBe('D2');
  });
});
