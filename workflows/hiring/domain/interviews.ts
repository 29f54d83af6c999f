// Candidate interviews and their checklist. The hiring manager (or HR) records each interview by
// candidate code and time, and completes the checklist once: each item yes / no / not
// applicable, a comment required for "no". A second submit (double click, platform retry) is
// counted once; a submit after close, by someone not on the process, or naming an item the
// checklist does not have is refused and stores nothing.
import { nextSchoolTime, type SchoolHours } from '../../../scheduler/school-days.ts';
import { audit } from './audit.ts';
import {
  type Actor,
  ANSWERS,
  CANDIDATE_CODE,
  type ChecklistAnswer,
  ErrorCode,
  type HiringDeps,
  HiringNotice,
  HOUR_MS,
  isHr,
  MAX_COMMENT,
  refuse,
} from './model.ts';
import { findProcess, type ProcessRow } from './processes.ts';

export const schoolHours = (timeZone: string): SchoolHours => ({ timeZone, startHour: 7, endHour: 17 });

/** When the first checklist reminder is due: an hour after the interview, within school hours. */
export const firstReminderAt = (deps: HiringDeps, interviewAt: Date) =>
  nextSchoolTime(deps.db, new Date(interviewAt.getTime() + HOUR_MS), schoolHours(deps.timeZone));

export async function addInterview(deps: HiringDeps, actor: Actor, refOrId: string, candidateCode: string, interviewAt: Date) {
  const process = await findProcess(deps, refOrId);
  if (process.managerId !== actor.id && !isHr(actor)) throw refuse(ErrorCode.Forbidden, HiringNotice.forbidden, 'not the hiring manager or HR');
  if (process.status === 'closed') throw refuse(ErrorCode.Conflict, HiringNotice.closed, 'process closed', { ref: process.ref });
  if (process.status !== 'ready') throw refuse(ErrorCode.Conflict, HiringNotice.notReady, 'process not ready', { ref: process.ref });
  const code = candidateCode.trim().toUpperCase();
  if (!CANDIDATE_CODE.test(code)) throw refuse(ErrorCode.InvalidInput, HiringNotice.badCandidate, 'candidate code refused');
  if (Number.isNaN(interviewAt.getTime())) throw refuse(ErrorCode.InvalidInput, HiringNotice.badDate, 'interview time refused');
  const now = deps.clock.now();
  const existing = await deps.db.hiringInterview.findUnique({ where: { processId_candidateCode: { processId: process.id, candidateCode: code } } });
  if (existing) throw refuse(ErrorCode.Conflict, HiringNotice.duplicateCandidate, 'candidate already interviewed', { code });
  const nextReminderAt = await firstReminderAt(deps, interviewAt);
  const interview = await deps.db.$transaction(async (tx) => {
    const row = await tx.hiringInterview.create({ data: { processId: process.id, candidateCode: code, interviewAt, createdBy: actor.id, nextReminderAt } });
    await audit(tx, { processId: process.id, actorId: actor.id, action: 'interview.added', detail: { interviewId: row.id, candidateCode: code }, at: now });
    return row;
  });
  return { process, interview };
}

export interface ChecklistItemRow {
  key: string;
  textEn: string;
  textEs: string;
}

export const checklistItems = (deps: Pick<HiringDeps, 'db'>): Promise<ChecklistItemRow[]> =>
  deps.db.hiringChecklistItem.findMany({ where: { enabled: true }, orderBy: { sortOrder: 'asc' }, select: { key: true, textEn: true, textEs: true } });

/** The interview with its process, for its hiring manager or HR only. */
export async function interviewFor(deps: HiringDeps, actor: Actor, interviewId: string) {
  const interview = await deps.db.hiringInterview.findUnique({ where: { id: interviewId }, include: { process: { include: { panel: true } } } });
  if (!interview) throw refuse(ErrorCode.NotFound, HiringNotice.notOnProcess, 'no such interview');
  if (interview.process.managerId !== actor.id && !isHr(actor)) throw refuse(ErrorCode.Forbidden, HiringNotice.notOnProcess, 'not the hiring manager or HR');
  return interview;
}

export const answerKey = (item: string) => `item.${item}`;
export const commentKey = (item: string) => `comment.${item}`;

/** Reads the checklist form: every enabled item answered, a comment for each "no", nothing else. */
export function readChecklist(items: readonly ChecklistItemRow[], values: Record<string, string>) {
  const known = new Set(items.map((i) => i.key));
  for (const k of Object.keys(values)) {
    const m = /^(item|comment)\.(.+)$/.exec(k);
    if (m && !known.has(m[2] ?? '')) throw refuse(ErrorCode.InvalidInput, HiringNotice.unknownItem, 'unknown checklist item');
  }
  return items.map((item) => {
    const answer = (values[answerKey(item.key)] ?? '').trim() as ChecklistAnswer;
    if (!ANSWERS.includes(answer)) throw refuse(ErrorCode.InvalidInput, HiringNotice.missingAnswer, 'checklist item unanswered');
    const comment = (values[commentKey(item.key)] ?? '').trim();
    if (comment.length > MAX_COMMENT) throw refuse(ErrorCode.InvalidInput, HiringNotice.commentTooLong, 'comment too long', { max: MAX_COMMENT });
    if (answer === 'no' && !comment) throw refuse(ErrorCode.InvalidInput, HiringNotice.commentRequired, 'comment required for no');
    return { itemKey: item.key, answer, comment: comment || null };
  });
}

export async function submitChecklist(
  deps: HiringDeps,
  actor: Actor,
  interviewId: string,
  values: Record<string, string>,
): Promise<{ status: 'recorded' | 'already_recorded'; process: ProcessRow; candidateCode: string }> {
  const interview = await interviewFor(deps, actor, interviewId);
  const { process } = interview;
  if (interview.checklistAt) return { status: 'already_recorded', process, candidateCode: interview.candidateCode };
  if (process.status === 'closed') throw refuse(ErrorCode.Conflict, HiringNotice.closed, 'process closed', { ref: process.ref });
  const answers = readChecklist(await checklistItems(deps), values);
  const now = deps.clock.now();
  const recorded = await deps.db.$transaction(async (tx) => {
    // The claim: only the first submit turns checklistAt from null; a retry finds it set.
    const { count } = await tx.hiringInterview.updateMany({
      where: { id: interview.id, checklistAt: null },
      data: { checklistAt: now, checklistBy: actor.id, nextReminderAt: null },
    });
    if (count === 0) return false;
    await tx.hiringChecklistAnswer.createMany({ data: answers.map((a) => ({ interviewId: interview.id, ...a })) });
    await audit(tx, {
      processId: process.id,
      actorId: actor.id,
      action: 'checklist.submitted',
      detail: { interviewId: interview.id, no: answers.filter((a) => a.answer === 'no').length },
      at: now,
    });
    return true;
  });
  return { status: recorded ? 'recorded' : 'already_recorded', process, candidateCode: interview.candidateCode };
}

/** The instant a wall-clock date ("2026-11-24") and time ("10:00") name in a time zone. */
export function fromLocal(timeZone: string, date: string, time: string): Date {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!d || !t || Number(t[1]) > 23 || Number(t[2]) > 59) return new Date(Number.NaN);
  const target = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const p = Object.fromEntries(f.formatToParts(new Date(guess)).map((x) => [x.type, Number(x.value)]));
    guess += target - Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
  }
  return new Date(guess);
}
