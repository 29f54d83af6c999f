// Slack Block Kit limits (https://api.slack.com/reference/block-kit). Whatever the translator
// has to cut to respect them is reported as an Omission, never silently lost.
export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  inputLabel: 2000,
  placeholder: 150,
  inputMaxLength: 3000,
  imageAltText: 2000,
  imageUrl: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  fallbackText: 3000,
} as const;

export interface Omission {
  /** Where in the card, e.g. "body[3].columns[1].items[0]". */
  path: string;
  /** The card element or action type. */
  element: string;
  reason: string;
  kind: 'dropped' | 'truncated';
}

export class Report {
  readonly items: Omission[] = [];
  drop(path: string, element: string, reason: string): void {
    this.items.push({ path, element, reason, kind: 'dropped' });
  }
  /** Truncates `text` to `max` characters with an ellipsis, reporting it when it had to. */
  fit(text: string, max: number, path: string, element: string, what: string): string {
    if (text.length <= max) return text;
    this.items.push({ path, element, reason: `${what} longer than ${max} characters`, kind: 'truncated' });
    return `${text.slice(0, max - 1)}…`;
  }
}
