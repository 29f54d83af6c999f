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

/** HR reads a process's trail: when, who (their directory email), what, with its details. */
export async function auditTrail(db: Db, processId: string) {
  const rows = await db.hiringAudit.findMany({ where: { processId }, orderBy: { id: 'asc' } });
  const ids = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const people = await db.person.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  const email = new Map(people.map((p) => [p.id, p.email]));
  return rows.map((r) => ({ at: r.at, actor: r.actorId ? (email.get(r.actorId) ?? r.actorId) : 'system', action: r.action, detail: r.detail }));
}

/** The trail as CSV lines (chat and CLI print the same). */
export const auditCsv = (trail: Awaited<ReturnType<typeof auditTrail>>) => [
  'at,actor,action,detail',
  ...trail.map((r) => [r.at.toISOString(), r.actor, r.action, JSON.stringify(JSON.stringify(r.detail))].join(',')),
];
