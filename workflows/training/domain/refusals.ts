// Every way a training operation can say no: an AppError with a code and a notice key under
// notice.* (en, es, ar in the workflow's strings). Refusals never carry another person's status.
import { AppError, ErrorCode } from '../../../core/errors.ts';

export const TrainingNotice = {
  invalidCourse: 'trainingInvalidCourse',
  duplicateKey: 'trainingDuplicateKey',
  dueInPast: 'trainingDueInPast',
  relativeDays: 'trainingRelativeDays',
  notFound: 'trainingNotFound',
  notYours: 'trainingNotYours',
  verifiedOnly: 'trainingVerifiedOnly',
  futureDate: 'trainingFutureDate',
  noStatusAccess: 'trainingNoStatusAccess',
  privateOnly: 'trainingPrivateOnly',
  usage: 'trainingUsage',
} as const;
export type TrainingNotice = (typeof TrainingNotice)[keyof typeof TrainingNotice];

export function refuse(code: ErrorCode, notice: TrainingNotice, message: string, params?: Record<string, string | number>): AppError {
  return new AppError(code, message, { notice: { key: notice, ...(params ? { params } : {}) } });
}

export { ErrorCode };
