// Adaptive Card 1.5 → Slack Block Kit, and Slack's answers back to the values Teams gives.

export { parseButtonValue, primarySubmit } from './actions.ts';
export { type Omission, SLACK_LIMITS } from './limits.ts';
export { cardToMessage } from './message.ts';
export { cardToModal, type SlackModal } from './modal.ts';
export { valuesFromState } from './values.ts';
