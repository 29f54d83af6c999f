// Someone who left the district (inactive in the directory) and writes to the bot, through Teams
// and through Slack over real HTTP: a clear card in their language saying so, and no command runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../support/catalog.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { type ChatDriver, PLATFORMS } from './drivers.ts';

describe.each(PLATFORMS)('an inactive person writing through %s', (_name, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  beforeAll(async () => {
    h = await startHarness();
    chat = makeDriver(h);
  });
  afterAll(async () => h?.close());

  it('is told their account is no longer active, in their language, and their command does not run', async () => {
    const p = await h.addPerson({ name: 'Rosa Leaving', language: 'es', roles: ['staff'] });
    await h.db.person.update({ where: { id: p.id }, data: { inactiveAt: new Date('2026-11-30T00:00:00Z') } });
    await chat.say(p, 'language');
    const shown = chat.seen(p).at(-1);
    expect(shown?.text).toContain(translate('es', 'notice.inactive').slice(0, 40));
    expect(shown?.text).not.toContain(translate('es', 'language-picker.title'));
  });
});
