// In a real browser, as a district HR person would on a first try: Microsoft 365 Agents
// Playground (Microsoft's Teams emulator) against the local bot, driven by headless Chromium.
// The Playground's user (Alex Wilber, alexw@example.com) is HR in the demo directory
// (test/fixtures/staff.csv). Alex asks for help, creates a pulse survey with the form, sees the
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
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

// ── the steps ──────────────────────────────────────────────────────────────────────────────

async function askForHelp(chat: PlaygroundChat): Promise<void> {
  const card = await chat.say('help');
  await card.getByRole('heading', { name: en('help.title') }).waitFor();
  for (const id of ['help', 'survey.new', 'survey.list'])
    await card
      .getByText(en(`help.commands.${id}.usage`), { exact: true })
      .first()
      .waitFor();
  await chat.shot('help', card);
}

async function openSurveyForm(chat: PlaygroundChat): Promise<Locator> {
  await chat.say('survey new');
  const form = await chat.cardWithHeading(en('survey-new.title'));
  expect(await chat.namedControls(form)).toContain(`button "${en('survey-new.submit')}"`);
  await chat.shot('survey-form', form);
  return form;
}

/** Fills the form: the title, the questions, everyone, once (the form's defaults). */
async function fillSurveyForm(chat: PlaygroundChat, form: Locator): Promise<void> {
  await form.getByRole('textbox', { name: en('survey-new.titleEn'), exact: true }).fill(TITLE);
  for (const q of QUESTIONS) await form.getByRole('checkbox', { name: q }).check();
  await expect(form.getByRole('combobox', { name: en('survey-new.audienceKind') }).inputValue()).resolves.toBe(en('survey-new.audience.everyone'));
  await expect(form.getByRole('radio', { name: en('survey-new.schedules.once') }).isChecked()).resolves.toBe(true);
  await chat.shot('survey-form-filled', form);
}

/** Submits the form; the preview replaces it in place. */
async function submitSurveyForm(chat: PlaygroundChat, form: Locator): Promise<Locator> {
  const at = await chat.positionOf(form);
  await form.getByRole('button', { name: en('survey-new.submit') }).click();
  const preview = await chat.replacedInPlace(at, en('survey.previewBanner'));
  await preview.getByRole('heading', { name: TITLE }).waitFor();
  for (const q of QUESTIONS) await preview.getByText(q).first().waitFor();
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
    .getByRole('radiogroup', { name: new RegExp(QUESTIONS[0]!.replace(/[.?()]/g, '\\$&')) })
    .getByRole('radio', { name: 'Agree', exact: true })
    .check();
  await survey.getByRole('textbox', { name: new RegExp(QUESTIONS[1]!.replace(/[.?()]/g, '\\$&')) }).fill(COMMENT);
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

/** The list's button for this survey, when the list has buttons (else undefined). */
async function listButton(list: Locator, title: string): Promise<Locator | undefined> {
  const button = list.getByRole('button', { name: new RegExp(`^${title}`) }).first();
  return (await button.count()) > 0 ? button : undefined;
}

/** The survey's id as the list shows it, for the typed commands. */
async function surveyIdFromList(list: Locator): Promise<string> {
  const prefix = en('survey-list.id', { id: '' });
  const lines = await list.getByText(prefix).allTextContents();
  const id = lines.find((l) => l.startsWith(prefix))?.match(UUID)?.[0];
  if (!id) throw new Error(`the survey list shows no survey id: ${lines.join(' | ')}`);
  return id;
}

/** Closes the open run: the list's Close button if it has one, else `survey close <id>`;
 *  the card staff got (at `sent` in the chat) then says the survey is closed. */
async function closeRun(chat: PlaygroundChat, list: Locator, sent: number): Promise<void> {
  const button = await listButton(list, 'Close');
  if (button) await button.click();
  else await chat.say(`survey close ${await surveyIdFromList(list)}`);
  const ack = await chat.cardWithHeading(en('survey-ack.heading.closed'));
  await ack.getByText(TITLE, { exact: false }).first().waitFor();
  await chat.shot('closed', ack);
  await chat.shot('sent-card-closed', await chat.replacedInPlace(sent, en('survey-closed.body')));
}

/** Opens the results: the list's Results button if it has one, else `survey results <id>`. */
async function openResults(chat: PlaygroundChat, list: Locator): Promise<void> {
  const button = await listButton(list, 'Results');
  if (button) await button.click();
  else await chat.say(`survey results ${await surveyIdFromList(list)}`);
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
      await askForHelp(chat);
      const form = await openSurveyForm(chat);
      await fillSurveyForm(chat, form);
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
