// The audit trail HR reads when a hiring decision is challenged: who did what, and when. Details
// hold ids, codes and counts only (never candidate names, answers or comments).
import type { Db, Prisma } from '../../../core/db.ts';

export type AuditAction =
  | 'process.opened'
  | 'panel.set'
  | 'rules.evaluated'
  | 'exception.recorded'
  | 'interview.added'
  | 'checklist.submitted'
  | 'reminder.sent'
  | 'process.closed'
  | 'verification.answered'
  | 'rule.changed'
  | 'item.changed';

type Tx = Pick<Db, 'hiringAudit'> | Prisma.TransactionClient;

export async function audit(db: Tx, entry: { processId?: string | null; actorId?: string | null; action: AuditAction; detail?: object; at: Date }) {
  await db.hiringAudit.create({
    data: { processId: entry.processId ?? null, actorId: entry.actorId ?? null, action: entry.action, detail: (entry.detail ?? {}) as object, at: entry.at },
  });
}
