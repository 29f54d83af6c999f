// Every way a survey operation can say no: an AppError with a code and a message key under
// notice.* (the cards catalog holds the words, en and es). Refusals never carry answers.
import { AppError, ErrorCode } from '../../../core/errors.ts';

export const SurveyNotice = {
  invalidDefinition: 'surveyInvalidDefinition',
  unknownItem: 'surveyUnknownItem',
  notFound: 'surveyNotFound',
  audienceEmpty: 'surveyAudienceEmpty',
  alreadyOpen: 'surveyAlreadyOpen',
  alreadyLaunched: 'surveyAlreadyLaunched',
  archived: 'surveyArchived',
  malformed: 'surveyMalformedSubmit',
  notOpenYet: 'surveyNotOpenYet',
  closed: 'surveyClosed',
  notForYou: 'surveyNotForYou',
  unknownQuestion: 'surveyUnknownQuestion',
  requiredMissing: 'surveyRequiredMissing',
  invalidAnswer: 'surveyInvalidAnswer',
  commentTooLong: 'surveyCommentTooLong',
  unreadableComment: 'surveyUnreadableComment',
  empty: 'surveyEmptySubmit',
  busy: 'surveyBusy',
  noResultsAccess: 'surveyNoResultsAccess',
  noBreakdownAccess: 'surveyNoBreakdownAccess',
  groupBreakdownDistrictOnly: 'surveyGroupBreakdownDistrictOnly',
  resultsPending: 'surveyResultsPending',
  resultsPendingFew: 'surveyResultsPendingFew',
  resultsPrivateOnly: 'surveyResultsPrivateOnly',
  itemInUse: 'surveyItemInUse',
  usage: 'surveyUsage',
} as const;
export type SurveyNotice = (typeof SurveyNotice)[keyof typeof SurveyNotice];

export function refuse(
  code: ErrorCode,
  notice: SurveyNotice,
  message: string,
  params?: Record<string, string | number>,
  extra?: Record<string, unknown>,
): AppError {
  return new AppError(code, message, { notice: { key: notice, ...(params ? { params } : {}) }, ...(extra ? { details: extra } : {}) });
}

export { ErrorCode };
