// The delivery engine's statement written through Prisma's raw SQL (the lease renewal, on
// PostgreSQL), where what differs between SQLite and PostgreSQL is how an enum value is written.
// (The claim, the batch's reads and the writes per sent message go straight on the driver:
// claim.ts, load.ts, outcome.ts.)
import { type DatabaseKind, Prisma } from '../core/db.ts';

type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** A DeliveryStatus literal (a fixed value, never input). */
export const statusSql = (kind: DatabaseKind, s: DeliveryStatus): Prisma.Sql => Prisma.raw(kind === 'postgresql' ? `'${s}'::"DeliveryStatus"` : `'${s}'`);
