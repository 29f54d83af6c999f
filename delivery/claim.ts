// Claiming due deliveries with a lease, one statement per batch, straight on the driver (core/hot.ts
// `query`; through Prisma's raw SQL its query building cost more CPU than the statement).
// PostgreSQL: several instances share the work, and `FOR UPDATE SKIP LOCKED` guarantees no row
// is claimed twice while its lease holds. SQLite: one process (the embedded default); the
// statement is atomic.
import { type DatabaseKind, type Db, hotStatements } from '../core/db.ts';
import { sqlText } from '../core/hot.ts';

// Values: the lease's end, then now four times, then the batch's size. A quoted status is an
// enum literal on PostgreSQL, text on SQLite.
const claimText = (lock: string) =>
  sqlText(`UPDATE "Delivery" SET "status" = 'sending', "leaseUntil" = ?, "attempts" = "attempts" + 1,
                  "firstTriedAt" = COALESCE("firstTriedAt", ?), "updatedAt" = ?
            WHERE "id" IN (SELECT "id" FROM "Delivery"
                            WHERE ("status" = 'pending' AND "dueAt" <= ?) OR ("status" = 'sending' AND "leaseUntil" < ?)
                            ORDER BY "dueAt" LIMIT ? ${lock})
            RETURNING "id"`);
const CLAIM: Record<DatabaseKind, TemplateStringsArray> = { sqlite: claimText(''), postgresql: claimText('FOR UPDATE SKIP LOCKED') };

export async function claimDue(db: Db, kind: DatabaseKind, now: Date, leaseMs: number, limit: number): Promise<string[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await hotStatements(db).query<{ id: string }>(CLAIM[kind], leaseUntil, now, now, now, now, limit);
  return rows.map((r) => r.id);
}

/** Rows still due or in flight (for drain and status). */
export async function openCount(db: Db): Promise<number> {
  return db.delivery.count({ where: { status: { in: ['pending', 'sending'] } } });
}
