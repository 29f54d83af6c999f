// Adaptive Card 1.5 → Slack Block Kit, and Slack's answers back to the values Teams gives.
export { cardToMessage } from './message.ts';
export { cardToModal, type SlackModal } from './modal.ts';
export { valuesFromState } from './values.ts';
export { parseButtonValue, primarySubmit } from './actions.ts';
export { SLACK_LIMITS, type Omission } from './limits.ts';
