// The behaviour every platform must give a person, run through Teams and through Slack over
// real HTTP: help, language, a form answered and submitted, and duplicate delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../support/catalog.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { type ChatDriver, PLATFORMS } from './drivers.ts';

describe.each(PLATFORMS)('through %s', (_name, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  beforeAll(async () => {
    h = await startHarness();
    chat = makeDriver(h);
  });
  afterAll(async () => h?.close());

  const last = (p: Parameters<ChatDriver['seen']>[0]) => chat.seen(p).at(-1);

  it('answers `help` with a card listing what this person can do, in their language', async () => {
    const ana = await h.addPerson({ name: 'Ana Torres', language: 'es', roles: ['staff'] });
    await chat.say(ana, 'help');
    const card = last(ana)!;
    expect(card.text).toContain('Ana');
    expect(card.text).toContain(translate('es', 'help.commands.language.description'));
    expect(card.text).not.toContain(translate('es', 'help.commands.survey.new.description'));
  });

  it('shows HR the survey commands that staff do not get', async () => {
    const hr = await h.addPerson({ name: 'Grace Miller', roles: ['staff', 'hr'] });
    await chat.say(hr, 'help');
    expect(last(hr)!.text).toContain(translate('en', 'help.commands.survey.new.description'));
  });

  it('answers text it does not understand by saying so and offering buttons, not silence', async () => {
    const p = await h.addPerson({ name: 'Ben Carter' });
    await chat.say(p, 'what is for lunch?');
    expect(last(p)!.text).toContain(translate('en', 'help.unknown'));
    expect(last(p)!.text).toContain(translate('en', 'help.commands.help.button'));
  });

  it('`language es` switches every later card to Spanish', async () => {
    const p = await h.addPerson({ name: 'Carla Diaz', language: 'en' });
    await chat.say(p, 'language es');
    expect(last(p)!.text).toContain(translate('es', 'language-changed.body'));
    const stored = await h.db.person.findUniqueOrThrow({ where: { id: p.id } });
    expect(stored.language).toBe('es');
    await chat.say(p, 'help');
    expect(last(p)!.text).toContain(translate('es', 'help.commands.help.description'));
  });

  it('refuses a language it does not support, and changes nothing', async () => {
    const p = await h.addPerson({ name: 'Dana Fox', language: 'en' });
    await chat.say(p, 'language klingon');
    expect(last(p)!.text).toContain(translate('en', 'notice.unknownLanguage', { languages: 'en, es, ar' }).slice(0, 20));
    expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('en');
  });

  it('round-trips a form: the picker is answered, the card is replaced by the confirmation', async () => {
    const p = await h.addPerson({ name: 'Eli Brooks', language: 'en' });
    await chat.say(p, 'language');
    const picker = last(p)!;
    expect(picker.form).toBeDefined();
    const replaced = await chat.submit(p, picker.form, { language: 'es' });
    expect(replaced?.text).toContain(translate('es', 'language-changed.body'));
    expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('es');
  });

  it('a refused submit changes nothing and the same card can be corrected and sent again', async () => {
    const p = await h.addPerson({ name: 'Ivy Chen', language: 'en' });
    await chat.say(p, 'language');
    const picker = last(p)!;
    await chat.submit(p, picker.form, { language: 'klingon' });
    expect(last(p)!.text).toContain(translate('en', 'notice.unknownLanguage', { languages: 'en, es, ar' }).slice(0, 20));
    expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('en');
    const replaced = await chat.submit(p, picker.form, { language: 'es' });
    expect(replaced?.text).toContain(translate('es', 'language-changed.body'));
    expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('es');
  });

  it('processes a submit delivered twice only once', async () => {
    const p = await h.addPerson({ name: 'Fay Nguyen', language: 'en' });
    await chat.say(p, 'language');
    await chat.submit(p, last(p)!.form, { language: 'es' });
    // Someone changes it back in between; a replayed submit must not undo that.
    await h.db.person.update({ where: { id: p.id }, data: { language: 'en' } });
    const before = chat.seen(p).length;
    await chat.redeliverLastSubmit();
    expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('en');
    expect(chat.seen(p).length).toBe(before);
  });

  it('tells someone outside the directory so politely, and stores nothing about them', async () => {
    const stranger = h.addStranger('Sam Outsider');
    const accountsBefore = await h.db.platformAccount.count();
    await chat.say(stranger, 'help');
    expect(last(stranger)!.text).toContain(translate('en', 'not-in-directory.body'));
    expect(await h.db.platformAccount.count()).toBe(accountsBefore);
    expect(await h.db.person.count({ where: { email: stranger.email } })).toBe(0);
  });

  it('links the platform account to the directory person by email, keeping how to reach them', async () => {
    const p = await h.addPerson({ name: 'Gus Patel' });
    await chat.say(p, 'help');
    const account = await h.db.platformAccount.findFirstOrThrow({ where: { personId: p.id } });
    expect(account.email).toBe(p.email);
    if (chat.platform === 'teams') expect(account.conversationRef).toMatchObject({ conversation: expect.anything() });
    else expect(account.dmChannelId).toBe(h.slackApi.dmIdFor(p.slackId));
  });

  it('keeps the newest way to reach a person: a message from them replaces a stale address (a Teams reference a campaign stored, a Slack DM channel)', async () => {
    const p = await h.addPerson({ name: 'Ines Moreau' });
    await chat.say(p, 'help');
    const fresh = await h.db.platformAccount.findFirstOrThrow({ where: { personId: p.id } });
    await h.db.platformAccount.update({
      where: { id: fresh.id },
      data:
        chat.platform === 'teams'
          ? { conversationRef: { ...(fresh.conversationRef as object), serviceUrl: 'https://smba.stale.example/amer/' } }
          : { dmChannelId: 'DSTALE0001' },
    });
    await chat.say(p, 'help');
    const after = await h.db.platformAccount.findUniqueOrThrow({ where: { id: fresh.id } });
    // The reference names the message it came from; the rest is how to reach the person.
    const reach = (ref: unknown) => ref && { ...(ref as object), activityId: undefined };
    expect(reach(after.conversationRef)).toEqual(reach(fresh.conversationRef));
    expect(after.dmChannelId).toBe(fresh.dmChannelId);
    expect(after.personId).toBe(p.id);
  });
});
