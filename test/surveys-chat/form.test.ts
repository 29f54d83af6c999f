// The survey creation form as a busy HR person meets it, through Teams and through Slack: no cron
// and no typed names; the pickers give the same schedule and audience the old typed form gave
// ("0 9 1-7 * 2", buildings "Hoover, Lincoln"); the preview says when in words, whom it reaches
// and on which platform, who cannot be reached and why, and what has no Spanish; "Launch now"
// works without answering the preview's questions, and the acknowledgement gives the true reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItem } from '../../workflows/surveys/domain/index.ts';
import { type ChatDriver, PLATFORMS, type Seen } from '../behaviour/drivers.ts';
import { translate } from '../support/catalog.ts';
import { type Harness, startHarness, type TestPerson } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';

const t = (key: string, params?: Record<string, unknown>) => translate('en', key, params);

describe.each(PLATFORMS)('the survey form through %s', (_name, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  const clock = new ManualClock();
  let hr: TestPerson;
  let preview: Seen;
  const mine = (p: TestPerson) => chat.seen(p).filter((s) => (s.form as { kind?: string } | undefined)?.kind !== 'modal');
  /** What the person was shown while `fn` ran (Teams lists invoke answers after messages). */
  const shownBy = async (p: TestPerson, fn: () => Promise<unknown>): Promise<Seen[]> => {
    const left = chat.seen(p).map((s) => s.text);
    await fn();
    return chat.seen(p).filter((s) => {
      const i = left.indexOf(s.text);
      if (i === -1) return true;
      left.splice(i, 1);
      return false;
    });
  };
  const act = async (p: TestPerson, fn: () => Promise<unknown>): Promise<string> => (await shownBy(p, fn)).map((s) => s.text).join('\n');

  beforeAll(async () => {
    h = await startHarness({ clock });
    chat = makeDriver(h);
    hr = await h.addPerson({ name: 'Grace Miller', roles: ['staff', 'hr'], language: 'en' });
    const linked = [
      await h.addPerson({ name: 'Hoover Person A', building: 'Hoover', region: 'North' }),
      await h.addPerson({ name: 'Lincoln Person A', building: 'Lincoln', region: 'South' }),
    ];
    // Two more who never wrote to the bot: no Teams or Slack account is linked to them.
    await h.addPerson({ name: 'Hoover Person B', building: 'Hoover', region: 'North' });
    await h.addPerson({ name: 'Lincoln Person B', building: 'Lincoln', region: 'South' });
    await h.addPerson({ name: 'Roosevelt Person', building: 'Roosevelt', region: 'South' });
    for (const p of [hr, ...linked]) await chat.say(p, 'help');
  }, 60_000);
  afterAll(async () => h?.close());

  it('`survey new` offers choices, not syntax: frequency buttons, questions by topic with their answer type, the directory’s buildings with head counts', async () => {
    await chat.say(hr, 'survey new');
    const form = mine(hr).at(-1)!;
    expect(form.text).toContain(t('survey-new.howOften', { frequency: t('survey-new.frequencies.once') }));
    expect(form.text).toContain(t('survey-new.switchTo.monthly'));
    expect(form.text).toContain(t('survey-new.itemsOf', { topic: t('survey-new.topics.wellbeing') }));
    expect(form.text).toContain(`${t('survey-new.kinds.scale0to10')}: `);
    expect(form.text).toContain(t('survey-new.option', { name: 'Hoover', count: 2 }));
    expect(form.text).toContain(t('survey-new.option', { name: 'Roosevelt', count: 1 }));
    // Once needs no weekday or time, and nothing asks for cron.
    expect(form.text).not.toContain(t('survey-new.weekday'));
    expect(form.text).not.toMatch(/cron/i);
  });

  it('a monthly survey picked as "first Tuesday at 9:00" for Hoover and Lincoln is stored as the old typed form stored it', async () => {
    const form = mine(hr).at(-1)!;
    // The frequency button needs no inputs: nothing has to be filled in before it.
    const monthly = await chat.submit(hr, form.form, {}, { verb: 'survey.frequency', title: t('survey-new.switchTo.monthly') });
    const redrawn = monthly ?? mine(hr).at(-1)!;
    expect(redrawn.text).toContain(t('survey-new.weekday'));
    expect(redrawn.text).toContain(t('survey-new.week'));
    const shown = await act(hr, () =>
      chat.submit(
        hr,
        redrawn.form,
        {
          titleEn: 'Winter pulse',
          'items.wellbeing': 'care.whole_person,place.recommend',
          'items.communication': 'comms.clear',
          buildings: 'Hoover,Lincoln',
          weekday: '2',
          week: 'first',
          time: '9:00',
          windowDays: '7',
          reminderDays: '3,5',
        },
        { verb: 'survey.create' },
      ),
    );
    const survey = await h.db.survey.findFirstOrThrow({ where: { titleEn: 'Winter pulse' } });
    expect({
      schedule: survey.schedule,
      cron: survey.cron,
      audience: survey.audience,
      windowDays: survey.windowDays,
      reminderDays: survey.reminderDays,
    }).toEqual({
      schedule: 'cron',
      cron: '0 9 1-7 * 2',
      audience: { buildings: ['Hoover', 'Lincoln'] },
      windowDays: 7,
      reminderDays: [3, 5],
    });
    expect((await h.db.schedule.findUniqueOrThrow({ where: { name: `survey:${survey.id}` } })).cron).toBe('0 9 1-7 * 2');
    expect(shown).toContain(t('survey.schedule', { when: 'every month on the first Tuesday at 9:00' }));
    expect(shown).toContain('every month on the first Tuesday at 9:00');
    expect(shown).not.toContain('0 9 1-7 * 2');
  });

  it('the preview says whom it reaches, on which platform, that 2 cannot be reached and why, and that the title has no Spanish', async () => {
    preview = mine(hr).find((s) => s.text.includes(t('survey.previewBanner')))!;
    expect(preview).toBeDefined();
    expect(preview.text).toContain(t('survey.reachPeople', { count: 4 }));
    expect(preview.text).toMatch(new RegExp(`${t('survey.onTeams')}\\*?\\n${chat.platform === 'teams' ? 2 : 0}`));
    expect(preview.text).toMatch(new RegExp(`${t('survey.onSlack')}\\*?\\n${chat.platform === 'slack' ? 2 : 0}`));
    expect(preview.text).toContain(t('survey.unreachableNote', { count: 2 }));
    expect(preview.text).toContain(t('survey.noSpanishTitle'));
  });

  it('"Launch now" works without answering the preview’s required questions, and the acknowledgement gives the true reach', async () => {
    // The preview's questions are required, as staff will see them: launching must not need them.
    await expect(chat.submit(hr, preview.form, {}, { verb: 'survey.answer' }).catch((e: Error) => e.message)).resolves.toMatch(/no|required/);
    const shown = await act(hr, () => chat.submit(hr, preview.form, {}, { verb: 'survey.launchNow' }));
    expect(shown).toContain(t('survey-ack.heading.launched'));
    const onTeams = chat.platform === 'teams' ? 2 : 0;
    expect(shown).toContain(t('survey-ack.reach', { teams: onTeams, slack: 2 - onTeams }));
    expect(shown).toContain(t('survey-ack.unreachable', { count: 2 }));
    const run = await h.db.surveyRun.findFirstOrThrow();
    expect(run.sentCount).toBe(4);
    await h.service.delivery!.drain();
    const campaign = await h.db.campaign.findFirstOrThrow({ where: { purpose: `survey-run:${run.id}` } });
    expect(await h.db.delivery.count({ where: { campaignId: campaign.id, reason: 'no_account' } })).toBe(2);
  });

  it('a chosen question with no Spanish text of its own is flagged before launch', async () => {
    await createItem(
      { db: h.db },
      {
        key: 'safety.new_entrance',
        kind: 'likert5',
        topic: 'safety',
        text: { en: 'The new entrance feels safe.', es: 'The new entrance feels safe.' },
      },
    );
    const form = (await shownBy(hr, () => chat.say(hr, 'survey new'))).find((s) => s.text.includes(t('survey-new.title')));
    const shown = await act(hr, () =>
      chat.submit(
        hr,
        form!.form,
        { titleEn: 'Entrance check', titleEs: 'Revisión de la entrada', 'items.safety': 'safety.new_entrance', windowDays: '5', reminderDays: '3' },
        { verb: 'survey.create' },
      ),
    );
    expect(shown).toContain(t('survey.noSpanishItems', { items: '“The new entrance feels safe.”' }));
    expect(shown).not.toContain(t('survey.noSpanishTitle'));
    expect(shown).toContain(t('survey.schedule', { when: t('survey-new.when.once') }));
    expect(shown).toContain(t('survey.reachPeople', { count: 6 }));
  });

  it('a form sent without a question comes back in place with what to fix and what was entered, and can be sent again', async () => {
    const form = (await shownBy(hr, () => chat.say(hr, 'survey new'))).find((s) => s.text.includes(t('survey-new.title')))!;
    const before = await h.db.survey.count();
    const values = { titleEn: 'Spring pulse', titleEs: 'Pulso de primavera', buildings: 'Roosevelt', windowDays: '7', reminderDays: '3,5' };
    const redrawn = await chat.submit(hr, form.form, values, { verb: 'survey.create' });
    expect(redrawn?.text).toContain(t('survey-new.problems.noItems'));
    // What was entered is there again (Slack keeps it as the input's initial value).
    expect(JSON.stringify(redrawn?.form)).toContain('Spring pulse');
    expect(await h.db.survey.count()).toBe(before);
    const shown = await act(hr, () => chat.submit(hr, redrawn!.form, { ...values, 'items.safety': 'safety.safe_at_work' }, { verb: 'survey.create' }));
    expect(shown).toContain(t('survey.previewBanner'));
    expect(shown).toContain(t('survey.reachPeople', { count: 1 }));
    expect((await h.db.survey.findFirstOrThrow({ where: { titleEn: 'Spring pulse' } })).audience).toEqual({ buildings: ['Roosevelt'] });
  });
});
