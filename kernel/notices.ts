// Clear answers to bad input or failures, as data for the `notice` card. Every refusal a
// person can meet maps to a message in their language; nothing technical is shown.
import { ErrorCode, type AppError } from '../core/errors.ts';

export const NOTICE_CARD = 'notice';

export type NoticeTone = 'info' | 'warning' | 'error';
export interface NoticeData {
  tone: NoticeTone;
  /** Catalog key under notice.* (e.g. "formClosed"). */
  message: string;
  params?: Record<string, string | number>;
}

/** The notice for an error: the workflow's own message key when it gave one, else by code. */
export function noticeFor(err: AppError): NoticeData {
  const given = typeof err.details?.notice === 'string' ? err.details.notice : undefined;
  const params = (err.details?.noticeParams ?? undefined) as Record<string, string | number> | undefined;
  if (given) return { tone: err.code === ErrorCode.Internal ? 'error' : 'warning', message: given, ...(params ? { params } : {}) };
  switch (err.code) {
    case ErrorCode.Forbidden:
      return { tone: 'warning', message: 'forbidden' };
    case ErrorCode.NotFound:
    case ErrorCode.Conflict:
      return { tone: 'warning', message: 'formClosed' };
    case ErrorCode.InvalidInput:
    case ErrorCode.BadRequest:
      return { tone: 'warning', message: 'invalidInput' };
    case ErrorCode.DatabaseUnavailable:
      return { tone: 'warning', message: 'serviceBusy' };
    default:
      return { tone: 'error', message: 'internalError' };
  }
}
