// The Playground's chat page as a person uses it: type in the compose box, press Send, read the
// bot's cards. Facts about the page (Agents Playground 0.2.28, found by dumping its DOM):
// - each bot card is rendered by the Adaptive Cards JS renderer as `.ac-adaptiveCard`, in
//   message order; a card answered in place (an Action.Execute reply) keeps its position;
// - a TextBlock with style "heading" is `role="heading"`; inputs are labelled by their card
//   `label` (getByLabel / getByRole name); buttons are `role="button"` named by their title;
// - the compose box is a Lexical editor: `[contenteditable][role="textbox"]` with no
//   accessible name (its "Type a message..." placeholder is a sibling span); Send is the button
//   named "Send Message".
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** How long one step may wait for the bot (the machine is shared): a limit, not a goal. */
export const STEP_LIMIT_MS = 60_000;

export class PlaygroundChat {
  private shots = 0;

  constructor(
    readonly page: Page,
    private readonly screenshots: string,
  ) {
    page.setDefaultTimeout(STEP_LIMIT_MS);
  }

  /** Every bot card on the page, in message order. */
  get cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  /** Opens the chat and waits for the bot's welcome (the app is installed on open). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.cards.first().waitFor();
    await this.shot('welcome');
  }

  /** Types a message and sends it; returns the bot's first new card. */
  async say(text: string): Promise<Locator> {
    const before = await this.cards.count();
    await this.page.locator('[contenteditable="true"][role="textbox"]').click();
    await this.page.keyboard.type(text);
    await this.page.getByRole('button', { name: 'Send Message' }).click();
    const card = this.cards.nth(before);
    await card.waitFor();
    return card;
  }

  /** The newest card whose heading is `name`, once it is on the page. */
  async cardWithHeading(name: string | RegExp): Promise<Locator> {
    const card = this.cards.filter({ has: this.page.getByRole('heading', { name }) }).last();
    await card.waitFor();
    return card;
  }

  /** The card at a position, for following one card as it is answered in place. */
  async positionOf(card: Locator): Promise<number> {
    const all = await this.cards.elementHandles();
    const handle = await card.elementHandle();
    for (const [i, h] of all.entries()) if (await h.evaluate((a, b) => a === b, handle)) return i;
    throw new Error('that card is not on the page');
  }

  /** Waits until the card at `position` shows `text` (it was replaced in place). */
  async replacedInPlace(position: number, text: string): Promise<Locator> {
    const card = this.cards.nth(position);
    await card.getByText(text, { exact: false }).first().waitFor();
    return card;
  }

  /** The card's controls as a screen reader meets them: every input, choice and button has a
   *  name (from the card's labels and titles). Returns the named controls, e.g. 'textbox "Title"'. */
  async namedControls(card: Locator): Promise<string[]> {
    const snapshot = await card.ariaSnapshot();
    const controls = [...snapshot.matchAll(/^\s*- '?(textbox|combobox|spinbutton|radiogroup|radio|checkbox|button)\b(.*)$/gm)];
    const unnamed = controls.filter((m) => !/^\s*"[^"]+"|^\s*'[^']+'/.test(m[2] ?? ''));
    if (unnamed.length) throw new Error(`controls without an accessible name:\n${unnamed.map((m) => m[0]).join('\n')}\nin:\n${snapshot}`);
    return controls.map((m) => `${m[1]}${m[2]}`.trim().replace(/'$/, ''));
  }

  /** A screenshot of the page with `card` scrolled into view, numbered in step order. */
  async shot(step: string, card?: Locator): Promise<void> {
    this.shots += 1;
    await card?.scrollIntoViewIfNeeded();
    await this.page.screenshot({ path: join(this.screenshots, `${String(this.shots).padStart(2, '0')}-${step}.png`), fullPage: true });
  }
}
