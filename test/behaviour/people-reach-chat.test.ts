// `people reach` in chat, through Teams and through Slack over real HTTP: an admin sees the
// same counts and reasons as the CLI's `people reach` (Teams only, Slack only, both, none; no
// account found, app blocked, Slack user deactivated, inactive), from the same operation; anyone
// else gets the refusal card and learns nothing about the directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryReach } from '../../directory/reach.ts';
import { translate } from '../support/catalog.ts';
import { type Harness, SLACK_TEAM, startHarness, TENANT_ID, type TestPerson } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { type ChatDriver, PLATFORMS } from './drivers.ts';

describe.each(PLATFORMS)('people reach through %s', (_platform, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  let admin: TestPerson;
  let staff: TestPerson;
  const clock = new ManualClock();

  beforeAll(async () => {
    h = await startHarness({ clock });
    chat = makeDriver(h);
    admin = await h.addPerson({ name: 'Ada Admin', roles: ['staff', 'admin'] });
    staff = await h.addPerson({ name: 'Sam Staff', roles: ['staff'] });
    const person = async (employeeId: string, name: string, inactive = false) =>
      (
        await h.db.person.create({
          data: {
            employeeId,
            name,
            email: `${employeeId.toLowerCase()}@dmschools.example`,
            ...(inactive ? { inactiveAt: clock.now() } : {}),
            roles: { create: [{ role: 'staff' }] },
          },
        })
      ).id;
    const account = (personId: string, platform: 'teams' | 'slack', extra: { appBlockedAt?: Date; deactivatedAt?: Date } = {}) =>
      h.db.platformAccount.create({
        data: { personId, platform, workspaceId: platform === 'teams' ? TENANT_ID : SLACK_TEAM, userId: `${platform}-${personId}`, ...extra },
      });
    await account(await person('T1', 'Teams Only'), 'teams');
    await account(await person('S1', 'Slack Only'), 'slack');
    const both = await person('B1', 'On Both');
    await account(both, 'teams');
    await account(both, 'slack');
    await account(await person('D1', 'Deactivated In Slack'), 'slack', { deactivatedAt: clock.now() });
    await account(await person('X1', 'Blocked The App'), 'teams', { appBlockedAt: clock.now() });
    await person('N1', 'Never Linked');
    await account(await person('I1', 'Gone Inactive', true), 'teams');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows an admin the counts and reasons the CLI prints', async () => {
    await chat.say(admin, 'people reach');
    // Slack shows a fact's title in bold (*title*); the words and figures are the same.
    const shown = (chat.seen(admin).at(-1)?.text ?? '').replaceAll('*', '');
    // Computed after the admin wrote, so the admin's (and only the admin's) new account counts.
    const r = await directoryReach(h.db);
    expect(r).toMatchObject({ people: 9, none: 5, byReason: { no_account: 2, app_blocked: 1, slack_deactivated: 1, inactive: 1 } });
    const t = (key: string) => translate('en', `people-reach.${key}`);
    expect(shown).toContain(t('title'));
    expect(shown).toContain(translate('en', 'people-reach.summary', { count: 9 }));
    for (const [label, n] of [
      ['teamsOnly', r.teamsOnly],
      ['slackOnly', r.slackOnly],
      ['both', r.both],
      ['none', 5],
      ['reason.no_account', 2],
      ['reason.app_blocked', 1],
      ['reason.slack_deactivated', 1],
      ['reason.inactive', 1],
    ] as const)
      expect(shown).toContain(`${t(label)}\n${n}`);
    for (const name of ['Deactivated In Slack', 'Blocked The App', 'Never Linked', 'Gone Inactive', 'Sam Staff']) expect(shown).toContain(name);
    expect(shown).not.toContain('Teams Only\n');
  });

  it('refuses anyone who is not an admin, naming nobody in the directory', async () => {
    await chat.say(staff, 'people reach');
    const shown = chat.seen(staff).at(-1)?.text ?? '';
    expect(shown).toContain(translate('en', 'notice.forbidden'));
    expect(shown).not.toContain('Never Linked');
    expect(shown).not.toContain(translate('en', 'people-reach.title'));
  });

  it('answers in Spanish to the Spanish words', async () => {
    await h.db.person.update({ where: { id: admin.id }, data: { language: 'es' } });
    await chat.say(admin, 'personas alcance');
    expect(chat.seen(admin).at(-1)?.text).toContain(translate('es', 'people-reach.title'));
  });
});
