// Claiming due deliveries with a lease, one statement per batch. PostgreSQL: several instances
// share the work, and `FOR UPDATE SKIP LOCKED` guarantees no row is claimed twice while its
// lease holds. SQLite: one process (the embedded default); the statement is atomic.
import { type DatabaseKind, type Db, Prisma } from '../core/db.ts';
import { statusSql } from './sql.ts';

export async function claimDue(db: Db, kind: DatabaseKind, now: Date, leaseMs: number, limit: number): Promise<string[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const [sending, pending] = [statusSql(kind, 'sending'), statusSql(kind, 'pending')];
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Delivery" SET "status" = ${sending}, "leaseUntil" = ${leaseUntil}, "attempts" = "attempts" + 1,
           "firstTriedAt" = COALESCE("firstTriedAt", ${now}), "updatedAt" = ${now}
     WHERE "id" IN (SELECT "id" FROM "Delivery"
                     WHERE ("status" = ${pending} AND "dueAt" <= ${now}) OR ("status" = ${sending} AND "leaseUntil" < ${now})
                     ORDER BY "dueAt" LIMIT ${limit} ${kind === 'postgresql' ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty})
     RETURNING "id"`;
  return rows.map((r) => r.id);
}

/** Rows still due or in flight (for drain and status). */
export async function openCount(db: Db): Promise<number> {
  return db.delivery.count({ where: { status: { in: ['pending', 'sending'] } } });
}
