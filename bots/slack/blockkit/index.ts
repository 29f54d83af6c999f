// Adaptive Card 1.5 → Slack Block Kit, and Slack's answers back to the values Teams gives.
export { cardToMessage, notificationText, OPEN_FORM_ACTION_ID, type MessageOptions, type MessageTranslation } from './message.ts';
export { cardToModal, FORM_CALLBACK_ID, type ModalOptions, type ModalTranslation, type SlackModal } from './modal.ts';
export { valuesFromState } from './values.ts';
export { parseButtonValue, primarySubmit, type ButtonTarget, type PrimarySubmit } from './actions.ts';
export { SLACK_LIMITS, type Omission } from './limits.ts';
