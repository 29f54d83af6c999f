// The few spots where the delivery engine's hot statements (one claim per batch, one write per
// sent message) are SQL of their own, because Prisma's query building costs more CPU than the
// statement itself (about 1 ms against 0.1 ms per update here). What differs between SQLite and
// PostgreSQL is only how an enum value and a JSON value are written.
import { type DatabaseKind, Prisma } from '../core/db.ts';

type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** A DeliveryStatus literal (a fixed value, never input). */
export const statusSql = (kind: DatabaseKind, s: DeliveryStatus): Prisma.Sql => Prisma.raw(kind === 'postgresql' ? `'${s}'::"DeliveryStatus"` : `'${s}'`);

/** A JSON value as a parameter. */
export const jsonSql = (kind: DatabaseKind, value: unknown): Prisma.Sql =>
  kind === 'postgresql' ? Prisma.sql`${JSON.stringify(value)}::jsonb` : Prisma.sql`${JSON.stringify(value)}`;
