// Slack's published Block Kit limits (docs.slack.dev/reference/block-kit, checked per field) and
// the report of what the translator had to drop or cut to respect them: never silently lost.
import { cut } from './text.ts';

export const SLACK_LIMITS = {
  /** chat.postMessage / chat.update: blocks per message. */
  messageBlocks: 50,
  /** View object: blocks per modal. */
  modalBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  /** Any text object (context elements use it). */
  textObject: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 150,
  /** static_select / multi_static_select. */
  selectOptions: 100,
  /** radio_buttons / checkboxes. */
  groupOptions: 10,
  inputLabel: 2000,
  placeholder: 150,
  /** plain_text_input max_length accepts 1..3000. */
  textInputLength: 3000,
  imageAltText: 2000,
  imageUrl: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  /** Our own cap for the message's notification text (Slack's `text` takes far more). */
  notificationText: 3000,
} as const;

export interface Omission {
  /** Where in the card, e.g. "body[3].columns[1].items[0]". */
  path: string;
  /** The card element or action type, e.g. "Input.Text". */
  element: string;
  reason: string;
  kind: 'dropped' | 'truncated';
}

export class Report {
  readonly items: Omission[] = [];

  drop(path: string, element: string, reason: string): void {
    this.items.push({ path, element, reason, kind: 'dropped' });
  }

  truncated(path: string, element: string, reason: string): void {
    this.items.push({ path, element, reason, kind: 'truncated' });
  }

  /** `value` cut to `max` characters with an ellipsis (reported) when it is longer. In mrkdwn
   *  the cut never splits an entity (&amp;) or a control sequence (<url|text>). */
  fit(value: string, max: number, at: { path: string; element: string; what: string }, format: 'plain' | 'mrkdwn' = 'plain'): string {
    if (value.length <= max) return value;
    this.truncated(at.path, at.element, `${at.what} longer than Slack's ${max} characters: cut with an ellipsis`);
    return cut(value, max, format);
  }
}
