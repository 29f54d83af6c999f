// Every way a story operation can say no: an AppError with a code and a notice key (the words
// are under notice.* in the workflow's strings, en es ar). Refusals never carry story text.
import { AppError, ErrorCode } from '../../../core/errors.ts';

export const StoryNotice = {
  empty: 'storiesEmpty',
  tooLong: 'storiesTooLong',
  titleTooLong: 'storiesTitleTooLong',
  photoNotHttps: 'storiesPhotoNotHttps',
  photoNeedsAlt: 'storiesPhotoNeedsAlt',
  noConsent: 'storiesNoConsent',
  notFound: 'storiesNotFound',
  alreadyDecided: 'storiesAlreadyDecided',
  noteRequired: 'storiesNoteRequired',
  notYours: 'storiesNotYours',
  notSentBack: 'storiesNotSentBack',
  notApproved: 'storiesNotApproved',
  usage: 'storiesUsage',
  noBuildingReach: 'storiesNoBuildingReach',
} as const;
export type StoryNotice = (typeof StoryNotice)[keyof typeof StoryNotice];

export function refuse(code: ErrorCode, notice: StoryNotice, message: string, params?: Record<string, string | number>): AppError {
  return new AppError(code, message, { notice: { key: notice, ...(params ? { params } : {}) } });
}

export { ErrorCode };
