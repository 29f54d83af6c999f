// The panel's verification survey at close: each panel member answers once (yes / no to four
// questions and an optional comment). The hiring manager never sees these; HR reads them per
// process; leaders only read aggregates (report.ts).
import { audit } from './audit.ts';
import {
  type Actor,
  ErrorCode,
  type HiringDeps,
  HiringNotice,
  isHr,
  MAX_COMMENT,
  refuse,
  VERIFY_COMMENT,
  VERIFY_QUESTIONS,
  type VerifyQuestion,
  YES_NO,
} from './model.ts';
import { findProcess } from './processes.ts';

export type VerifyAnswers = Record<VerifyQuestion, 'yes' | 'no'> & { comment?: string };

export function readVerification(values: Record<string, string>): VerifyAnswers {
  const out: Partial<Record<VerifyQuestion, 'yes' | 'no'>> = {};
  for (const q of VERIFY_QUESTIONS) {
    const v = (values[q] ?? '').trim();
    if (!YES_NO.includes(v as 'yes')) throw refuse(ErrorCode.InvalidInput, HiringNotice.missingAnswer, 'verification question unanswered');
    out[q] = v as 'yes' | 'no';
  }
  const comment = (values[VERIFY_COMMENT] ?? '').trim();
  if (comment.length > MAX_COMMENT) throw refuse(ErrorCode.InvalidInput, HiringNotice.commentTooLong, 'comment too long', { max: MAX_COMMENT });
  return { ...(out as Record<VerifyQuestion, 'yes' | 'no'>), ...(comment ? { comment } : {}) };
}

export async function submitVerification(deps: HiringDeps, actor: Actor, processId: string, values: Record<string, string>) {
  const process = await findProcess(deps, processId);
  const row = await deps.db.hiringVerification.findUnique({ where: { processId_personId: { processId: process.id, personId: actor.id } } });
  if (!row) throw refuse(ErrorCode.Forbidden, HiringNotice.notOnProcess, 'not on this panel');
  if (row.answeredAt) return { status: 'already_recorded' as const, process };
  const a = readVerification(values);
  const now = deps.clock.now();
  const recorded = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.hiringVerification.updateMany({
      where: { processId: process.id, personId: actor.id, answeredAt: null },
      data: {
        answeredAt: now,
        receivedAhead: a.receivedAhead,
        scoredIndependently: a.scoredIndependently,
        sameQuestions: a.sameQuestions,
        feltPressure: a.feltPressure,
        comment: a.comment ?? null,
      },
    });
    if (count === 0) return false;
    await audit(tx, { processId: process.id, actorId: actor.id, action: 'verification.answered', detail: {}, at: now });
    return true;
  });
  return { status: recorded ? ('recorded' as const) : ('already_recorded' as const), process };
}

/** HR only: each panel member's answers for one process (they investigate fidelity). */
export async function verificationAnswers(deps: HiringDeps, actor: Actor, refOrId: string) {
  if (!isHr(actor)) throw refuse(ErrorCode.Forbidden, HiringNotice.forbidden, 'only HR reads verification answers');
  const process = await findProcess(deps, refOrId);
  const rows = await deps.db.hiringVerification.findMany({ where: { processId: process.id }, orderBy: { personId: 'asc' } });
  const people = await deps.db.person.findMany({ where: { id: { in: rows.map((r) => r.personId) } }, select: { id: true, email: true } });
  const email = new Map(people.map((p) => [p.id, p.email]));
  return { process, rows: rows.map((r) => ({ ...r, email: email.get(r.personId) ?? '' })) };
}
