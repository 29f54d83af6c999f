// Builds Prisma's driver adapter for a database URL: better-sqlite3 for `file:` URLs, pg for
// `postgres://` and `postgresql://`. Shared by the service (core/db.ts) and the Prisma CLI
// (prisma.config.ts), so the two never disagree about which database a URL means.

import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

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
  // pg.Client.query has many overloads; this one forwards them all.
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, res: unknown) => last(err, nameAsText(res));
      return (super.query as (...a: unknown[]) => unknown)(...args) as never;
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args) as Promise<unknown> | undefined;
    return (out && typeof out.then === 'function' ? out.then(nameAsText) : out) as never;
  }
}

/**
 * How long the service waits on the database before saying it is unavailable. A database that
 * accepts connections and never answers must not hang a chat turn past the platform's deadline
 * (Slack 3 s), nor /healthz: pg gets a connect timeout (also the wait for a pooled connection),
 * a client-side query timeout and the same server-side statement_timeout; SQLite gets a busy
 * timeout, so that two processes on one file (the service and the CLI) wait their turn.
 */
export interface DatabaseTimeouts {
  /** DATABASE_CONNECT_TIMEOUT_MS: connecting, or waiting for a free pooled connection (pg). */
  connectMs: number;
  /** DATABASE_STATEMENT_TIMEOUT_MS: one statement, client side and server side (pg). */
  statementMs: number;
  /** DATABASE_BUSY_TIMEOUT_MS: waiting for another process's write lock (SQLite). */
  busyMs: number;
}

const TIMEOUT_VARIABLES = {
  connectMs: ['DATABASE_CONNECT_TIMEOUT_MS', 2000],
  statementMs: ['DATABASE_STATEMENT_TIMEOUT_MS', 1000],
  busyMs: ['DATABASE_BUSY_TIMEOUT_MS', 5000],
} as const;

/** The timeouts from the environment (defaults above); a bad value throws naming the variable. */
export function databaseTimeouts(env: NodeJS.ProcessEnv = process.env): DatabaseTimeouts {
  const read = ([name, fallback]: readonly [string, number]): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 600_000)
      throw new Error(`${name} must be a whole number of milliseconds between 1 and 600000 (got "${raw.slice(0, 20)}")`);
    return n;
  };
  return { connectMs: read(TIMEOUT_VARIABLES.connectMs), statementMs: read(TIMEOUT_VARIABLES.statementMs), busyMs: read(TIMEOUT_VARIABLES.busyMs) };
}

/** How hard a SQLite commit waits for the disk (PRAGMA synchronous), on every connection the
 *  service opens: DATABASE_SQLITE_SYNCHRONOUS, NORMAL by default, SQLite's advice for WAL mode.
 *  With NORMAL a committed transaction survives the process being killed, and the file stays
 *  consistent whatever happens; after a power loss or an operating-system crash the last
 *  moments' commits may be rolled back. FULL also waits for the disk at every commit: durable
 *  through a power loss, at about 0.1–0.3 ms of CPU per commit measured here (an answer or a
 *  click commits once or twice). */
export type SqliteSynchronous = 'NORMAL' | 'FULL' | 'EXTRA';
const SYNCHRONOUS_LEVELS: readonly SqliteSynchronous[] = ['NORMAL', 'FULL', 'EXTRA'];

export function sqliteSynchronous(env: NodeJS.ProcessEnv = process.env): SqliteSynchronous {
  const raw = env.DATABASE_SQLITE_SYNCHRONOUS?.trim().toUpperCase();
  if (!raw) return 'NORMAL';
  const level = SYNCHRONOUS_LEVELS.find((l) => l === raw);
  if (!level) throw new Error(`DATABASE_SQLITE_SYNCHRONOUS must be NORMAL, FULL or EXTRA (got "${String(env.DATABASE_SQLITE_SYNCHRONOUS).slice(0, 20)}")`);
  return level;
}

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;

/**
 * SQLite shared by two processes (the service and the CLI) on one file. Two things go wrong
 * with Prisma's adapter as it is: every transaction opens with a deferred BEGIN, so a transaction
 * that reads and then writes after the other process committed fails at once with "database is
 * locked" (the busy timeout does not apply to that case); and better-sqlite3 waits for a lock
 * synchronously, freezing the whole process (every chat turn) while it waits. So here write
 * transactions take the write lock first (BEGIN IMMEDIATE), and a statement that finds the
 * database locked is tried again asynchronously, with a short growing pause, until the busy
 * timeout has passed (SQLITE_BUSY means the statement did nothing, so trying again is safe).
 */
class SharedFileSqlite {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  private readonly inner: PrismaBetterSQLite3;
  constructor(
    path: string,
    private readonly busyMs: number,
    private readonly synchronous: SqliteSynchronous,
  ) {
    // The driver itself never waits (timeout 0): waiting is done below, without blocking.
    this.inner = new PrismaBetterSQLite3({ url: path, timeout: 0 });
    this.adapterName = this.inner.adapterName;
  }
  async connect(): Promise<SqliteAdapter> {
    const adapter = await this.inner.connect();
    await adapter.executeScript(`PRAGMA synchronous = ${this.synchronous}`);
    return waitForLocks(adapter, this.busyMs);
  }
  async connectToShadowDb(): Promise<SqliteAdapter> {
    return waitForLocks(await this.inner.connectToShadowDb(), this.busyMs);
  }
}

const statement = (sql: string) => ({ sql, args: [], argTypes: [] });

/** The adapter reports SQLITE_BUSY as a DriverAdapterError whose cause keeps the SQLite code;
 *  better-sqlite3 itself throws a SqliteError with the code. */
const isBusy = (e: unknown): boolean => {
  const o = e as { code?: unknown; cause?: { originalCode?: unknown } } | null;
  const code = o?.cause?.originalCode ?? o?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

/** Runs `run` again, after a short growing pause that does not block the process, while it finds
 *  the database locked by another writer, until `busyMs` has passed. */
export async function whenUnlocked<T>(busyMs: number, run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + busyMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 25)) {
    try {
      return await run();
    } catch (e) {
      if (!isBusy(e) || Date.now() >= deadline) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

function waitForLocks(adapter: SqliteAdapter, busyMs: number): SqliteAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const start = adapter.startTransaction.bind(adapter);
  adapter.queryRaw = (query) => whenUnlocked(busyMs, () => queryRaw(query));
  adapter.executeRaw = (query) => whenUnlocked(busyMs, () => executeRaw(query));
  adapter.startTransaction = async (isolationLevel) => {
    const tx = await start(isolationLevel);
    try {
      // End the adapter's empty deferred transaction and take the write lock instead.
      await tx.executeRaw(statement('ROLLBACK'));
      await whenUnlocked(busyMs, () => tx.executeRaw(statement('BEGIN IMMEDIATE')));
    } catch (e) {
      await tx.rollback();
      throw e;
    }
    return tx;
  };
  return adapter;
}

/** The service's pg pool: Prisma's adapter and the hot statements (core/hot.ts) share it. */
export function servicePool(url: string, timeouts: DatabaseTimeouts): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    connectionTimeoutMillis: timeouts.connectMs,
    query_timeout: timeouts.statementMs,
    statement_timeout: timeouts.statementMs,
  });
}

export function adapterFor(url: string, opts: { forMigrations?: boolean; timeouts?: DatabaseTimeouts; pool?: pg.Pool } = {}) {
  const timeouts = opts.timeouts ?? databaseTimeouts();
  if (databaseKind(url) === 'sqlite') return new SharedFileSqlite(sqlitePath(url), timeouts.busyMs, sqliteSynchronous());
  // Migrations run on one connection so that Prisma's advisory lock is taken and released on
  // the same session (with a pool the release lands elsewhere and the CLI waits 10 s to exit).
  // They keep no statement timeout: a migration may rightly take longer than a chat turn.
  const pool = opts.forMigrations
    ? new pg.Pool({
        connectionString: url,
        max: 1,
        Client: NameAsTextClient,
        allowExitOnIdle: true,
        idleTimeoutMillis: 50,
        connectionTimeoutMillis: timeouts.connectMs,
      })
    : (opts.pool ?? servicePool(url, timeouts));
  return new PrismaPg(pool, { disposeExternalPool: true });
}
