// Issue 4 end to end over HTTP, through Teams and through Slack: HR creates and launches a pulse
// survey in chat → 12 people get the card in their language → 7 answer (one twice: counted
// once) → on day 3 reminders go to the 5 others only → the window closes and every sent card
// shows "closed" → results match the answers, and the building where 4 answered is hidden.
// Bad input (forged run, not sent to you, 50,000-char comment, unknown question, after close)
// gets a clear notice and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatDriver, PLATFORMS, type Seen } from '../behaviour/drivers.ts';
import { translate } from '../support/catalog.ts';
import { type Harness, startHarness, type TestPerson } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';

const DAY = 86_400_000;
const TITLE = { en: 'November pulse', es: 'Pulso de noviembre' };

/** A copy of a form with every occurrence of one string replaced (e.g. a forged run id). */
const forged = (form: unknown, from: string, to: string): unknown => JSON.parse(JSON.stringify(form).split(from).join(to));

/** A copy of a form with an extra input the survey does not have. */
function withExtraInput(form: unknown, id: string): unknown {
  const f = structuredClone(form) as { card?: { body: unknown[] }; blocks?: unknown[] };
  if (f.card) f.card.body.push({ type: 'Input.Text', id, label: 'extra' });
  if (f.blocks)
    f.blocks.unshift({ type: 'input', block_id: id, label: { type: 'plain_text', text: 'extra' }, element: { type: 'plain_text_input', action_id: id } });
  return f;
}

describe.each(PLATFORMS)('pulse survey end to end through %s', (_name, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  const clock = new ManualClock();
  let hr: TestPerson;
  const hoover: TestPerson[] = [];
  const lincoln: TestPerson[] = [];
  let runId = '';
  const surveyCard = new Map<string, Seen>();
  // Slack modals are listed for everyone; a person's own messages are the rest.
  const mine = (p: TestPerson) => chat.seen(p).filter((s) => (s.form as { kind?: string } | undefined)?.kind !== 'modal');
  const last = (p: TestPerson) => mine(p).at(-1)!;
  const newItems = (before: string[], after: Seen[]) => {
    const left = [...before];
    return after.filter((s) => {
      const i = left.indexOf(s.text);
      if (i === -1) return true;
      left.splice(i, 1);
      return false;
    });
  };
  // Answers stored: sealed while the run is open, released into the response tables at close.
  const responses = async () => (await h.db.surveyResponse.count()) + (await h.db.surveySealed.count());
  const sweep = async () => {
    const s = await h.db.schedule.findUniqueOrThrow({ where: { name: 'survey:sweep' } });
    expect(await h.service.scheduler!.fire(s, clock.now())).toBe(true);
    await h.service.delivery!.drain();
  };
  const answers = (i: number): Record<string, string> => ({
    'care.whole_person': i % 2 === 0 ? '4' : '5',
    'comms.clear': i < 2 ? '2' : '4',
    'place.recommend': String(Math.min(10, 4 + i)),
  });
  /** What the person was shown while `fn` ran (new items only; Teams lists invoke answers last). */
  const act = async (p: TestPerson, fn: () => Promise<unknown>): Promise<Seen[]> => {
    const before = chat.seen(p).map((s) => s.text);
    await fn();
    return newItems(before, chat.seen(p));
  };
  /** Answers a form; on Slack a form too big for a message opens as a modal first. */
  const fill = async (p: TestPerson, form: unknown, values: Record<string, string>, opts: { verb?: string } = {}) => {
    const modals = () => chat.seen(p).filter((s) => (s.form as { kind?: string } | undefined)?.kind === 'modal');
    const before = modals().length;
    const r = await chat.submit(p, form, values, opts);
    const opened = modals();
    if (chat.platform === 'slack' && opened.length > before) return chat.submit(p, opened.at(-1)!.form, values);
    return r;
  };
  const noticeText = (p: TestPerson, key: string, params: Record<string, string | number> = {}) => translate(p.language, `notice.${key}`, params);
  const sawNotice = (people: TestPerson[], text: string) => people.some((p) => chat.seen(p).some((s) => s.text.includes(text)));

  beforeAll(async () => {
    h = await startHarness({ clock });
    chat = makeDriver(h);
    hr = await h.addPerson({ name: 'Grace Miller', roles: ['staff', 'hr'], language: 'en' });
    const langs = ['en', 'es', 'en', 'es'];
    for (let i = 0; i < 4; i++) hoover.push(await h.addPerson({ name: `Hoover Person ${'ABCD'[i]}`, building: 'Hoover', region: 'North', language: langs[i] }));
    for (let i = 0; i < 8; i++)
      lincoln.push(await h.addPerson({ name: `Lincoln Person ${'ABCDEFGH'[i]}`, building: 'Lincoln', region: 'South', language: i % 3 === 0 ? 'es' : 'en' }));
    // Everyone has written to the app once, so it knows how to reach them.
    for (const p of [hr, ...hoover, ...lincoln]) await chat.say(p, 'help');
  }, 60_000);
  afterAll(async () => h?.close());

  it('HR creates a survey from the item bank in chat and sees the preview with a Launch button', async () => {
    await chat.say(hr, 'survey new');
    const form = last(hr);
    expect(form.text).toContain(translate('en', 'survey-new.title'));
    const shown = await act(hr, () =>
      fill(
        hr,
        form.form,
        {
          titleEn: TITLE.en,
          titleEs: TITLE.es,
          'items.wellbeing': 'care.whole_person,place.recommend',
          'items.communication': 'comms.clear',
          'items.open': 'open.comment',
          buildings: 'Hoover,Lincoln',
          windowDays: '7',
          reminderDays: '3,5',
        },
        { verb: 'survey.create' },
      ),
    );
    const preview = shown.find((x) => x.text.includes(translate('en', 'survey.previewBanner')))!;
    expect(preview).toBeDefined();
    expect(preview.text).toContain(translate('en', 'survey.previewBanner'));
    expect(preview.text).toContain(TITLE.en);
    expect(preview.text).toContain(translate('en', 'survey.launch'));
    expect(await h.db.survey.count()).toBe(1);
    // Launch needs none of the preview's (required) questions answered.
    const acked = await act(hr, () => chat.submit(hr, preview.form, {}, { verb: 'survey.launchNow' }));
    expect(acked.map((x) => x.text).join('\n')).toContain(translate('en', 'survey-ack.heading.launched'));
    const run = await h.db.surveyRun.findFirstOrThrow();
    runId = run.id;
    expect(run.sentCount).toBe(12);
  });

  it('12 people receive the card in their language', async () => {
    await h.service.delivery!.drain();
    for (const p of [...hoover, ...lincoln]) {
      const card = last(p);
      const l = p.language as 'en' | 'es';
      expect(card.text).toContain(TITLE[l]);
      expect(card.text).toContain(translate(l, 'survey.submit'));
      expect(card.text).toContain(l === 'es' ? 'Totalmente de acuerdo' : 'Strongly agree');
      surveyCard.set(p.id, card);
    }
    expect(chat.seen(hr).some((s) => s.text.includes(translate('en', 'survey.submit')))).toBe(false);
  });

  it('7 answer (one twice: counted once) and each card turns into a thank-you', async () => {
    const respondents = [...hoover, ...lincoln.slice(0, 3)];
    for (const [i, p] of respondents.entries()) {
      const thanks = await chat.submit(p, surveyCard.get(p.id)!.form, answers(i));
      const after = thanks ?? last(p);
      expect(after.text).toContain(translate(p.language, 'survey-thanks.recorded'));
      expect(after.text).toContain(TITLE[p.language as 'en' | 'es']);
    }
    const again = await chat.submit(hoover[0]!, surveyCard.get(hoover[0]!.id)!.form, answers(0));
    expect((again ?? last(hoover[0]!)).text).toContain(translate(hoover[0]!.language, 'survey-thanks.already'));
    expect((again ?? last(hoover[0]!)).text).toContain(TITLE[hoover[0]!.language as 'en' | 'es']);
    expect(await responses()).toBe(7);
    expect((await h.db.surveyRun.findUniqueOrThrow({ where: { id: runId } })).answeredCount).toBe(7);
  });

  it('bad input gets a clear notice and stores nothing', async () => {
    const p = lincoln[4]!; // en, has not answered
    expect(p.language).toBe('en');
    const form = surveyCard.get(p.id)!.form;
    const before = await responses();

    await chat.submit(p, forged(form, runId, 'forged-run-id'), answers(1));
    expect(sawNotice([p], noticeText(p, 'surveyNotFound'))).toBe(true);

    await chat.submit(hr, form, answers(1));
    expect(sawNotice([hr, p], noticeText(hr, 'surveyNotForYou'))).toBe(true);

    await chat.submit(p, form, { ...answers(1), 'open.comment': 'x'.repeat(50_000) });
    expect(sawNotice([p], noticeText(p, 'surveyCommentTooLong', { max: 2000, length: 50_000 }))).toBe(true);

    await chat.submit(p, withExtraInput(form, 'bogus.question'), { ...answers(1), 'bogus.question': '3' });
    expect(sawNotice([p], noticeText(p, 'surveyUnknownQuestion'))).toBe(true);

    expect(await responses()).toBe(before);
    expect((await h.db.surveyRun.findUniqueOrThrow({ where: { id: runId } })).answeredCount).toBe(7);
  });

  it('on day 3 the sweep reminds only the 5 who have not answered', async () => {
    const before = new Map([...hoover, ...lincoln].map((p) => [p.id, mine(p).map((x) => x.text)]));
    clock.advance(3 * DAY + 60_000);
    await sweep();
    const waiting = lincoln.slice(3);
    for (const p of [...hoover, ...lincoln]) {
      const fresh = newItems(before.get(p.id)!, mine(p));
      expect(fresh.length, p.name).toBe(waiting.includes(p) ? 1 : 0);
      if (waiting.includes(p)) expect(fresh[0]!.text).toContain(translate(p.language, 'survey.reminder'));
    }
  });

  it('when the window ends every sent card shows closed, and reminder rows are gone', async () => {
    clock.advance(5 * DAY);
    await sweep();
    expect((await h.db.surveyRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe('closed');
    const closed = (p: TestPerson) => translate(p.language, 'survey-closed.body');
    for (const p of [...hoover, ...lincoln]) {
      const surveyCards = mine(p).filter((s) => s.text.includes(TITLE[p.language as 'en' | 'es']));
      expect(surveyCards.length, p.name).toBeGreaterThan(0);
      // Teams keeps the invoke's thank-you as a separate view; the sent message itself is updated.
      const sent = surveyCards.filter((s) => !s.text.includes(translate(p.language, 'survey-thanks.anonymity')));
      for (const s of sent) expect(s.text, p.name).toContain(closed(p));
    }
    expect(await h.db.delivery.count({ where: { campaign: { purpose: { startsWith: 'survey-reminder:' } } } })).toBe(0);

    const p = lincoln[5]!;
    const before = await responses();
    await chat.submit(p, surveyCard.get(p.id)!.form, answers(2));
    expect(sawNotice([p], noticeText(p, 'surveyClosed'))).toBe(true);
    expect(await responses()).toBe(before);
  });

  it('results by building match the answers and hide the building where 4 answered', async () => {
    const shown = await act(hr, () => chat.say(hr, `survey results ${runId} building`));
    const text = shown.map((s) => s.text).join('\n');
    expect(text).toContain(translate('en', 'survey-results.rate', { rate: '58%', answered: 7, sent: 12 }));
    // care.whole_person: 4,5,4,5,4,5,4 → favourable 100%, mean 4.43
    expect(text).toMatch(/whole person[^\n]*n 7 · favourable 100% · mean 4\.43/);
    // comms.clear: 2,2,4,4,4,4,4 → favourable 71%, mean 3.43
    expect(text).toMatch(/clear[^\n]*n 7 · favourable 71% · mean 3\.43/);
    const hidden = translate('en', 'survey-results.hidden', { n: 5 });
    expect(text).toMatch(/whole person[^\n]*\nDistribution: 1: 0 · 2: 0 · 3: 0 · 4: 4 · 5: 3/);
    // Slack shows the group label in bold (*…*).
    expect(text).toMatch(new RegExp(`\\*?Hoover \\(North\\)\\*?\\n${hidden}`));
    expect(text).not.toMatch(/Hoover \(North\)\*?\n4 responses/);

    const shownCsv = (await act(hr, () => chat.say(hr, `survey export ${runId} building`))).map((s) => s.text).join('\n');
    // The driver reads Slack's blocks; a plain text message is read from the stand-in.
    const csv = chat.platform === 'slack' ? String(h.slackApi.messages.filter((m) => m.channel === h.slackApi.dmIdFor(hr.slackId)).at(-1)?.text) : shownCsv;
    expect(csv.startsWith('```')).toBe(true);
    expect(csv).toContain('Hoover');
  });

  it('staff cannot see results or create surveys', async () => {
    const p = lincoln[0]!;
    const shown = await act(p, () => chat.say(p, `survey results ${runId}`));
    expect(shown.map((s) => s.text).join('\n')).toContain(translate(p.language, 'notice.forbidden'));
    const shown2 = await act(p, () => chat.say(p, 'survey new'));
    expect(shown2.map((s) => s.text).join('\n')).toContain(translate(p.language, 'notice.forbidden'));
  });
});
