// The delivery engine's statements written through Prisma's raw SQL (the claim per batch, the
// lease renewal), because Prisma's query building costs more CPU than the statement itself. What
// differs between SQLite and PostgreSQL is how an enum value is written. (The writes per sent
// message go straight on the driver: outcome.ts.)
import { type DatabaseKind, Prisma } from '../core/db.ts';

type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** A DeliveryStatus literal (a fixed value, never input). */
export const statusSql = (kind: DatabaseKind, s: DeliveryStatus): Prisma.Sql => Prisma.raw(kind === 'postgresql' ? `'${s}'::"DeliveryStatus"` : `'${s}'`);
