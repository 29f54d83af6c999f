// In a real browser, as a district HR person would on a first try: Microsoft 365 Agents
// Playground (Microsoft's Teams emulator) against the local bot, driven by headless Chromium.
// The Playground's user (Alex Wilber, alexw@example.com) is HR in the demo directory
// (test/fixtures/staff.csv). Alex is welcomed once, asks for help, types something unclear,
// creates a monthly pulse survey with the pickers (schedule and building chosen, not typed), sees the
// preview, launches it, gets the survey card (Alex is in the audience), answers it, sees the
// thank-you replace it in place, closes the run and opens its results from the list.
// Screenshots of every step are written to .tmp/browser/ (git-ignored).
//
// Needs Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium; `.ci/run` installs
// it). SKIP_BROWSER_TESTS=1 skips this file; without it, a missing Chromium fails the test.
//
// Each step is one function that locates elements by their visible labels and roles, so a step
// can follow the cards when they change.
import { existsSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../support/catalog.ts';
import { PlaygroundChat } from './chat.ts';
import { CHROMIUM, type Playground, screenshotDir, startPlayground } from './processes.ts';

const en = (key: string, params?: Record<string, unknown>) => translate('en', key, params);
const TITLE = 'Browser pulse check';
const QUESTIONS = ['The staff intranet helps me get my work done.', 'Is there anything else you would like the district to know? (Optional)'];
const COMMENT = 'More planning time, please.';

// ── the steps ──────────────────────────────────────────────────────────────────────────────

const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** The app was installed when the chat opened: one welcome, not two. */
async function welcomedOnce(chat: PlaygroundChat): Promise<void> {
  await expect(chat.cards.count()).resolves.toBe(1);
  await chat.cards
    .first()
    .getByText(en('help.welcome', { name: 'Alex' }))
    .waitFor();
}

/** `help` lists the commands as written: `<id>` and the breakdown words survive. */
async function askForHelp(chat: PlaygroundChat): Promise<void> {
  const card = await chat.say('help');
  await card.getByRole('heading', { name: en('help.title') }).waitFor();
  for (const id of ['help', 'survey.new', 'survey.list', 'survey.results'])
    await card
      .getByText(en(`help.commands.${id}.usage`), { exact: true })
      .first()
      .waitFor();
  await expect(card.getByText('survey results <id> [building | region | role | job]', { exact: true }).count()).resolves.toBe(1);
  await chat.shot('help', card);
}

/** Text the bot does not understand: it says so, and offers buttons. */
async function saySomethingUnclear(chat: PlaygroundChat): Promise<void> {
  const card = await chat.say('what is for lunch today?');
  await card.getByText(en('help.unknown')).waitFor();
  await card.getByRole('button', { name: en('help.commands.survey.list.button') }).waitFor();
  await chat.shot('unknown-text', card);
}

async function openSurveyForm(chat: PlaygroundChat): Promise<Locator> {
  await chat.say('survey new');
  const form = await chat.cardWithHeading(en('survey-new.title'));
  expect(await chat.namedControls(form)).toContain(`button "${en('survey-new.submit')}"`);
  await chat.shot('survey-form', form);
  return form;
}

/** Fills the form with its pickers: every month on the first Tuesday at 9:00 (chosen, not
 *  typed), the title, two questions from their topics, and Alex's building from the list. */
async function fillSurveyForm(chat: PlaygroundChat, form: Locator): Promise<Locator> {
  const at = await chat.positionOf(form);
  await form.getByRole('button', { name: en('survey-new.switchTo.monthly') }).click();
  const monthly = await chat.replacedInPlace(at, en('survey-new.howOften', { frequency: en('survey-new.frequencies.monthly') }));
  const picked = async (label: string) => monthly.getByRole('combobox', { name: en(label) }).inputValue();
  await expect(picked('survey-new.weekday')).resolves.toBe(en('survey-new.weekdays.2'));
  await expect(picked('survey-new.week')).resolves.toBe(en('survey-new.weeksOfMonth.first'));
  await expect(picked('survey-new.time')).resolves.toBe('9:00');
  await monthly.getByRole('textbox', { name: en('survey-new.titleEn'), exact: true }).fill(TITLE);
  for (const q of QUESTIONS) await monthly.getByRole('checkbox', { name: literal(q) }).check();
  const buildings = monthly.getByRole('combobox', { name: en('survey-new.audience.buildings') });
  await buildings.click();
  await chat.page.getByText(/^Central Office \(/).click();
  await chat.page.keyboard.press('Escape');
  await chat.shot('survey-form-filled', monthly);
  return monthly;
}

/** Submits the form; the preview comes as the next message and says, before anything is sent,
 *  the schedule in words and whom it reaches (with the scheduled acknowledgement after it). */
async function submitSurveyForm(chat: PlaygroundChat, form: Locator): Promise<Locator> {
  const before = await chat.cards.count();
  await form.getByRole('button', { name: en('survey-new.submit') }).click();
  const preview = await chat.replacedInPlace(before, en('survey.previewBanner'));
  await preview.getByRole('heading', { name: TITLE }).waitFor();
  for (const q of QUESTIONS) await preview.getByText(q).first().waitFor();
  const when = en('survey-new.when.monthly', { week: en('survey-new.weeks.first'), weekday: en('survey-new.weekdays.2'), time: '9:00' });
  await preview.getByText(en('survey.schedule', { when })).waitFor();
  await preview.getByText(en('survey.noSpanishTitle')).waitFor();
  await chat.shot('preview', preview);
  return preview;
}

/** Presses "Launch now" without answering the preview's questions; the acknowledgement
 *  replaces the preview, and the survey card itself arrives as a new message. */
async function launchFromPreview(chat: PlaygroundChat, preview: Locator): Promise<Locator> {
  const at = await chat.positionOf(preview);
  const before = await chat.cards.count();
  await preview.getByRole('button', { name: en('survey.launch') }).click();
  const ack = await chat.replacedInPlace(at, en('survey-ack.heading.launched'));
  await chat.shot('launched', ack);
  const survey = chat.cards.nth(before);
  await survey.getByRole('heading', { name: TITLE }).waitFor();
  await survey.getByRole('button', { name: en('survey.submit') }).waitFor();
  expect((await chat.namedControls(survey)).filter((c) => c.startsWith('radio '))).toHaveLength(5);
  await chat.shot('survey-received', survey);
  return survey;
}

/** Answers as staff: "Agree" and a comment; the thank-you replaces the card in place.
 *  Returns the card's position in the chat. */
async function answerSurvey(chat: PlaygroundChat, survey: Locator): Promise<number> {
  const at = await chat.positionOf(survey);
  await survey
    .getByRole('radiogroup', { name: literal(QUESTIONS[0]!) })
    .getByRole('radio', { name: 'Agree', exact: true })
    .check();
  await survey.getByRole('textbox', { name: literal(QUESTIONS[1]!) }).fill(COMMENT);
  await chat.shot('survey-answered', survey);
  const before = await chat.cards.count();
  await survey.getByRole('button', { name: en('survey.submit') }).click();
  const thanks = await chat.replacedInPlace(at, en('survey-thanks.recorded'));
  expect(await chat.cards.count()).toBe(before);
  expect(await thanks.getByRole('button').count()).toBe(0);
  await chat.shot('thanks', thanks);
  return at;
}

async function listSurveys(chat: PlaygroundChat): Promise<Locator> {
  await chat.say('survey list');
  const list = await chat.cardWithHeading(en('survey-list.title'));
  await list.getByText(TITLE, { exact: true }).first().waitFor();
  await chat.shot('list', list);
  return list;
}

/** Closes the open run from the list's buttons (Close, then the confirmation); the card staff
 *  got (at `sent` in the chat) then says the survey is closed. */
async function closeRun(chat: PlaygroundChat, list: Locator, sent: number): Promise<void> {
  const at = await chat.positionOf(list);
  await list.getByRole('button', { name: en('survey-list.close') }).click();
  const confirm = await chat.replacedInPlace(at, en('survey-list.confirmWhy'));
  await confirm.getByRole('button', { name: en('survey-list.confirmClose', { seq: 1 }) }).click();
  const ack = await chat.cardWithHeading(en('survey-ack.heading.closed'));
  await ack.getByText(TITLE, { exact: false }).first().waitFor();
  await chat.shot('closed', ack);
  await chat.shot('sent-card-closed', await chat.replacedInPlace(sent, en('survey-closed.body')));
}

/** Opens the results from the list's Results button: nobody copies an id. */
async function openResults(chat: PlaygroundChat, list: Locator): Promise<void> {
  await list
    .getByRole('button', { name: en('survey-list.results') })
    .first()
    .click();
  const results = await chat.cardWithHeading(TITLE);
  await results.getByText(en('survey-results.footer')).waitFor();
  await chat.shot('results', results);
}

// ── the run ────────────────────────────────────────────────────────────────────────────────

const skip = process.env.SKIP_BROWSER_TESTS === '1';

describe.skipIf(skip)('Agents Playground in headless Chromium: HR creates, launches, answers and reads a pulse survey', () => {
  let playground: Playground | undefined;
  let chat: PlaygroundChat;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `The browser test needs Chromium at ${CHROMIUM}: install it (Debian: apt-get install -y chromium), or set SKIP_BROWSER_TESTS=1 to skip it.`,
      );
    playground = await startPlayground();
    const page = playground.browser.pages()[0] ?? (await playground.browser.newPage());
    chat = new PlaygroundChat(page, screenshotDir());
    await chat.open(playground.url);
  }, 300_000);

  afterAll(async () => playground?.stop(), 60_000);

  it('help, then a survey from the form to its results, as a person clicks through it', { timeout: 600_000 }, async () => {
    try {
      await welcomedOnce(chat);
      await askForHelp(chat);
      await saySomethingUnclear(chat);
      const form = await fillSurveyForm(chat, await openSurveyForm(chat));
      const preview = await submitSurveyForm(chat, form);
      const survey = await launchFromPreview(chat, preview);
      const sent = await answerSurvey(chat, survey);
      await closeRun(chat, await listSurveys(chat), sent);
      await openResults(chat, await listSurveys(chat));
    } catch (e) {
      await chat.shot('failed').catch(() => undefined);
      console.error(`The page at the failure is in .tmp/browser/; the programs' last output:\n${playground?.output()}`);
      throw e;
    }
  });
});
