// The vocabulary of structured hiring: what every domain function needs, candidate codes,
// quarters, the checklist answers, and every refusal (an AppError with a notice key).
import type { Clock } from '../../../core/clock.ts';
import type { Db } from '../../../core/db.ts';
import { AppError, ErrorCode } from '../../../core/errors.ts';
import type { Logger } from '../../../core/log.ts';
import type { TrainingRecords } from './training-records.ts';

/** What every hiring function needs. A TurnContext / Services object satisfies it. */
export interface HiringDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  log?: Logger;
  /** Training completion (the selection-process training rule); production wiring when absent. */
  training?: TrainingRecords;
}

/** Who is acting, as the directory knows them. */
export interface Actor {
  id: string;
  roles: readonly string[];
  building: string | null;
  region: string | null;
}

export const isHr = (a: Pick<Actor, 'roles'>) => a.roles.includes('hr') || a.roles.includes('admin');

/** A candidate is a requisition number and a candidate number, e.g. R-1042-C3; never a name. */
export const CANDIDATE_CODE = /^R-\d{1,8}-C\d{1,4}$/;

export const ANSWERS = ['yes', 'no', 'na'] as const;
export type ChecklistAnswer = (typeof ANSWERS)[number];
export const YES_NO = ['yes', 'no'] as const;

/** The verification survey's questions (yes / no) and the checklist item each one checks. */
export const VERIFY_QUESTIONS = ['receivedAhead', 'scoredIndependently', 'sameQuestions', 'feltPressure'] as const;
export type VerifyQuestion = (typeof VERIFY_QUESTIONS)[number];
export const VERIFY_CHECKS: Partial<Record<VerifyQuestion, string>> = {
  receivedAhead: 'questions_ahead',
  scoredIndependently: 'independent_scoring',
  sameQuestions: 'same_questions',
};

export const MAX_COMMENT = 1000;
/** The verification card's comment input. */
export const VERIFY_COMMENT = 'comment';
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** Checklist reminders: the first an hour after the interview, then daily for up to 10 school days. */
export const REMINDER_STEPS = 11;

export interface Quarter {
  label: string;
  start: Date;
  end: Date;
}

/** "2026-Q3" → July 1 to October 1 (UTC day bounds; processes are counted by the day they opened). */
export function parseQuarter(text: string): Quarter | undefined {
  const m = /^(\d{4})-Q([1-4])$/i.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const q = Number(m[2]);
  return { label: `${year}-Q${q}`, start: new Date(Date.UTC(year, (q - 1) * 3, 1)), end: new Date(Date.UTC(year, q * 3, 1)) };
}

export function previousQuarter(q: Quarter): Quarter {
  const [y, n] = q.label.split('-Q').map(Number) as [number, number];
  return parseQuarter(n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`) as Quarter;
}

export function quarterOf(at: Date): Quarter {
  return parseQuarter(`${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`) as Quarter;
}

export const HiringNotice = {
  notFound: 'hiringNotFound',
  forbidden: 'hiringForbidden',
  closed: 'hiringClosed',
  notOnProcess: 'hiringNotOnProcess',
  unknownItem: 'hiringUnknownItem',
  missingAnswer: 'hiringMissingAnswer',
  commentRequired: 'hiringCommentRequired',
  commentTooLong: 'hiringCommentTooLong',
  badCandidate: 'hiringBadCandidate',
  duplicateCandidate: 'hiringDuplicateCandidate',
  badDate: 'hiringBadDate',
  badForm: 'hiringBadForm',
  notReady: 'hiringNotReady',
  badQuarter: 'hiringBadQuarter',
  usage: 'hiringUsage',
  badRule: 'hiringBadRule',
  privateOnly: 'hiringPrivateOnly',
} as const;
export type HiringNotice = (typeof HiringNotice)[keyof typeof HiringNotice];

export function refuse(code: ErrorCode, notice: HiringNotice, message: string, params?: Record<string, string | number>): AppError {
  return new AppError(code, message, { notice: { key: notice, ...(params ? { params } : {}) } });
}

export { ErrorCode };
