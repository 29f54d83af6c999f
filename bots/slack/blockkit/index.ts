export { cardToMessage, cardToModal, OPEN_FORM_ACTION_ID, FORM_CALLBACK_ID, type MessageTranslation, type ModalOptions } from './translate.ts';
export { valuesFromState } from './values.ts';
export { parseButtonValue } from './actions.ts';
export { SLACK_LIMITS, type Omission } from './limits.ts';
