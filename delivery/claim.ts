// Claiming due deliveries with a lease. PostgreSQL: several instances share the work, and
// `FOR UPDATE SKIP LOCKED` guarantees no row is claimed twice while its lease holds. SQLite:
// one process (the embedded default), claimed in a transaction.
import type { DatabaseKind, Db } from '../core/db.ts';

export async function claimDue(db: Db, kind: DatabaseKind, now: Date, leaseMs: number, limit: number): Promise<string[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  if (kind === 'postgresql') {
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE "Delivery" SET "status" = 'sending'::"DeliveryStatus", "leaseUntil" = $1, "attempts" = "attempts" + 1,
              "firstTriedAt" = COALESCE("firstTriedAt", $2), "updatedAt" = $2
        WHERE "id" IN (SELECT "id" FROM "Delivery"
                        WHERE ("status" = 'pending' AND "dueAt" <= $2) OR ("status" = 'sending' AND "leaseUntil" < $2)
                        ORDER BY "dueAt" LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING "id"`,
      leaseUntil,
      now,
      limit,
    );
    return rows.map((r) => r.id);
  }
  return db.$transaction(async (tx) => {
    const due = await tx.delivery.findMany({
      where: {
        OR: [
          { status: 'pending', dueAt: { lte: now } },
          { status: 'sending', leaseUntil: { lt: now } },
        ],
      },
      orderBy: { dueAt: 'asc' },
      take: limit,
      select: { id: true, firstTriedAt: true },
    });
    for (const d of due) {
      await tx.delivery.update({
        where: { id: d.id },
        data: { status: 'sending', leaseUntil, attempts: { increment: 1 }, firstTriedAt: d.firstTriedAt ?? now },
      });
    }
    return due.map((d) => d.id);
  });
}

/** Rows still due or in flight (for drain and status). */
export async function openCount(db: Db): Promise<number> {
  return db.delivery.count({ where: { status: { in: ['pending', 'sending'] } } });
}
