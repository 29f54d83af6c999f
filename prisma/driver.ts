// Builds Prisma's driver adapter for a database URL: better-sqlite3 for `file:` URLs, pg for
// `postgres://` and `postgresql://`. Shared by the service (core/db.ts) and the Prisma CLI
// (prisma.config.ts), so the two never disagree about which database a URL means.
import pg from 'pg';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

export type DatabaseKind = 'sqlite' | 'postgresql';

export function databaseKind(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgresql';
  if (/^file:/i.test(url)) return 'sqlite';
  throw new Error(`DATABASE_URL must start with file:, postgres:// or postgresql:// (got "${url.split(':')[0]}:")`);
}

/** The path of a `file:` URL, relative to the working directory as Prisma resolves it. */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/i, '').replace(/\?.*$/, '');
}

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

type FieldLike = { dataTypeID: number };
function nameAsText<T>(result: T): T {
  const r = result as unknown as { fields?: FieldLike[] } | undefined;
  for (const field of r?.fields ?? []) if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
  return result;
}

/**
 * A pg client that reports catalog type `name` as `text`. Prisma 6.19's schema engine cannot
 * deserialize `name` columns over the pg driver adapter (prisma/orm#27403), which breaks
 * `migrate deploy` on PostgreSQL. Only the CLI uses it; the service reads no catalog columns.
 */
class NameAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, res: unknown) => last(err, nameAsText(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args) as Promise<unknown> | undefined;
    return out && typeof out.then === 'function' ? out.then(nameAsText) : out;
  }
}

export function adapterFor(url: string, opts: { forMigrations?: boolean } = {}) {
  if (databaseKind(url) === 'sqlite') return new PrismaBetterSQLite3({ url: sqlitePath(url) });
  // Migrations run on one connection so that Prisma's advisory lock is taken and released on
  // the same session (with a pool the release lands elsewhere and the CLI waits 10 s to exit).
  const pool = opts.forMigrations
    ? new pg.Pool({ connectionString: url, max: 1, Client: NameAsTextClient, allowExitOnIdle: true, idleTimeoutMillis: 50 })
    : new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  return new PrismaPg(pool, { disposeExternalPool: true });
}
