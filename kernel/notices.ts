// Clear answers to bad input or failures, as data for the `notice` card. Every refusal a
// person can meet maps to a message in their language; nothing technical is shown.

import type { NoticeCardData } from '../cards/notice/index.ts';
import { type AppError, ErrorCode } from '../core/errors.ts';

/** The notice for an error: the one the error carries, else one chosen by its code. */
export function noticeFor(err: AppError): NoticeCardData {
  if (err.notice)
    return {
      tone: err.code === ErrorCode.Internal ? 'error' : 'warning',
      message: err.notice.key,
      ...(err.notice.params ? { params: err.notice.params } : {}),
      ...(err.notice.action ? { action: err.notice.action } : {}),
    };
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
