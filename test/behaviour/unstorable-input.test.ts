// Text the database cannot hold (a NUL byte, which PostgreSQL refuses; a lone UTF-16 surrogate;
// an invisible control character), typed or submitted through Teams or Slack, is refused at the
// edge with a clear notice in the person's language, for every workflow, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurvey } from '../../workflows/surveys/domain/index.ts';
import { launchSurvey } from '../../workflows/surveys/operations.ts';
import { testServices, translate } from '../support/catalog.ts';
import { type Harness, startHarness, type TestPerson } from '../support/harness.ts';
import { type ChatDriver, PLATFORMS } from './drivers.ts';

describe.each(PLATFORMS)('unstorable text through %s', (_name, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  beforeAll(async () => {
    h = await startHarness();
    chat = makeDriver(h);
  });
  afterAll(async () => h?.close());

  const mine = (p: TestPerson) => chat.seen(p).filter((s) => (s.form as { kind?: string } | undefined)?.kind !== 'modal');
  const sawNotice = (p: TestPerson, key: string) => chat.seen(p).some((s) => s.text.includes(translate(p.language, `notice.${key}`)));

  it.each([
    ['a NUL byte', 'language\u0000 es', 'Nadia Ortiz'],
    ['a lone surrogate', 'language \uD83D', 'Nora Ortiz'],
    ['an escape sequence', 'help \u001B[2J', 'Nina Ortiz'],
  ])("a message holding %s gets a clear notice in the person's language", async (_what, text, name) => {
    const p = await h.addPerson({ name, language: 'es' });
    await chat.say(p, text);
    expect(sawNotice(p, 'unreadableText')).toBe(true);
    expect((await h.db.person.findUniqueOrThrow({ where: { id: p.id } })).language).toBe('es');
  });

  it.each([
    ['a NUL byte', 'the heating\u0000is broken', 'Pia Lund'],
    ['a lone surrogate', 'broken \uDE00 emoji', 'Paz Lund'],
  ])('a survey comment holding %s gets a clear notice, not "something went wrong", and nothing is stored', async (_what, comment, name) => {
    const p = await h.addPerson({ name, language: 'es', building: `Building ${name}` });
    await chat.say(p, 'help'); // the person has written to the bot: their account is linked
    const deps = testServices(h.db, { log: h.service.log, ports: h.service.ports });
    const survey = await createSurvey(deps, {
      title: { en: 'Comment check', es: 'Revisión de comentarios' },
      questions: [{ itemKey: 'care.whole_person' }, { itemKey: 'open.comment', required: false }],
      audience: { buildings: [`Building ${name}`] },
    });
    const { run } = await launchSurvey(deps, survey.id);
    await h.service.delivery!.drain();
    const card = mine(p).find((s) => s.text.includes(translate('es', 'survey.submit')));
    expect(card).toBeDefined();
    await chat.submit(p, card!.form, { 'care.whole_person': '4', 'open.comment': comment });
    expect(sawNotice(p, 'unreadableText')).toBe(true);
    expect(chat.seen(p).some((s) => s.text.includes(translate('es', 'notice.internalError')))).toBe(false);
    expect(await h.db.surveyResponse.count({ where: { runId: run.id } })).toBe(0);
    expect((await h.db.surveyRun.findUniqueOrThrow({ where: { id: run.id } })).answeredCount).toBe(0);
  });
});
