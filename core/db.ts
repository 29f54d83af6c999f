// The database: a Prisma client for SQLite (embedded default) or PostgreSQL, chosen by
// DATABASE_URL, with migrations applied before first use. Both generated clients come from the
// same models (prisma/models.prisma; a test keeps them identical), so one type serves both.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  adapterFor,
  type DatabaseKind,
  type DatabaseTimeouts,
  databaseKind,
  databaseTimeouts,
  servicePool,
  sqlitePath,
  sqliteSynchronous,
} from '../prisma/driver.ts';
import { PrismaClient as PostgresClient } from '../prisma/postgresql/generated/client.ts';
import { PrismaClient as SqliteClient } from '../prisma/sqlite/generated/client.ts';
import { AppError, ErrorCode } from './errors.ts';
import { type HotStatements, pgHotStatements, sqliteHotStatements } from './hot.ts';
import { applyMigrations, type SqlSession } from './migrate.ts';

export type Db = SqliteClient;
export type { Person, Platform, Role } from '../prisma/sqlite/generated/client.ts';
export { Prisma } from '../prisma/sqlite/generated/client.ts';
export type { DatabaseKind, DatabaseTimeouts };

import type { Role } from '../prisma/sqlite/generated/client.ts';

/** Every role, in the order people read them; `satisfies` fails to compile when the data
 *  model's enum gains or loses one. */
const ROLE_ORDER = { staff: 1, hiring_manager: 2, communications: 3, hr: 4, leader: 5, admin: 6 } as const satisfies Record<Role, number>;
export const ROLES = Object.keys(ROLE_ORDER) as (keyof typeof ROLE_ORDER)[];
export const isRole = (role: string): role is Role => Object.hasOwn(ROLE_ORDER, role);

/** SQLite refuses a statement with more than 999 bound values (Prisma P2029). A read by a list of
 *  ids that can be long (a run's recipients, a region's people: thousands) goes in slices. */
const IDS_PER_STATEMENT = 500;
export async function readInSlices<T>(ids: readonly string[], read: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) out.push(...(await read(ids.slice(i, i + IDS_PER_STATEMENT))));
  return out;
}

export interface Database_ {
  db: Db;
  kind: DatabaseKind;
  /** The per-turn statements straight on the driver (core/hot.ts); also `hotStatements(db)`. */
  hot: HotStatements;
  close(): Promise<void>;
}

// Kept on the client itself (not in a WeakMap), so that a wrapper that passes reads through to
// the client (a test's fault-injecting Proxy) still reaches them.
const HOT = Symbol('hot statements');

/** The hot statements of a client opened by openDatabase (every client in this project is). */
export function hotStatements(db: Db): HotStatements {
  const hot = (db as unknown as { [HOT]?: HotStatements })[HOT];
  if (!hot) throw new Error('hotStatements: this Prisma client was not opened by openDatabase');
  return hot;
}

async function withSqlSession<T>(url: string, kind: DatabaseKind, fn: (s: SqlSession) => Promise<T>): Promise<T> {
  if (kind === 'sqlite') {
    const file = resolve(sqlitePath(url));
    mkdirSync(dirname(file), { recursive: true });
    const conn = new Database(file, { timeout: databaseTimeouts().busyMs });
    conn.pragma('journal_mode = WAL');
    try {
      return await fn({
        exec: async (script) => void conn.exec(script),
        query: async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => {
          const stmt = conn.prepare(sql);
          if (stmt.reader) return stmt.all(...params) as R[];
          stmt.run(...params);
          return [];
        },
      });
    } finally {
      conn.close();
    }
  }
  // A server that never answers must not hang the start for ever; migrations themselves may run long.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: databaseTimeouts().connectMs });
  await client.connect();
  try {
    return await fn({
      exec: async (script) => void (await client.query(script)),
      query: async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[],
    });
  } finally {
    await client.end();
  }
}

/** Creates (for SQLite) and migrates the database; returns the migrations it applied. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const kind = databaseKind(url);
  try {
    return await withSqlSession(url, kind, (s) => applyMigrations(kind, s));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(ErrorCode.DatabaseUnavailable, `cannot reach the ${kind} database`, { cause: e });
  }
}

export async function openDatabase(url: string, opts: { migrate?: boolean; timeouts?: Partial<DatabaseTimeouts> } = {}): Promise<Database_> {
  const kind = databaseKind(url);
  const timeouts = { ...databaseTimeouts(), ...opts.timeouts };
  if (opts.migrate !== false) await migrateDatabase(url);
  // SQLite: several writers (HTTP turns, the delivery engine, the CLI in another process) share
  // one file; the adapter and the hot statements wait for their locks up to timeouts.busyMs
  // (prisma/driver.ts). PostgreSQL: Prisma and the hot statements share one pool.
  let db: Db;
  let hot: HotStatements;
  let pool: pg.Pool | undefined;
  if (kind === 'sqlite') {
    db = new SqliteClient({ adapter: adapterFor(url, { timeouts }) });
    hot = sqliteHotStatements(url, timeouts.busyMs, sqliteSynchronous());
  } else {
    pool = servicePool(url, timeouts);
    db = new PostgresClient({ adapter: adapterFor(url, { timeouts, pool }) }) as unknown as SqliteClient;
    hot = pgHotStatements(pool);
  }
  Object.defineProperty(db, HOT, { value: hot });
  return {
    db,
    kind,
    hot,
    close: async () => {
      hot.close();
      await db.$disconnect(); // ends the pg pool too, once Prisma has connected
      if (pool && !pool.ended) await pool.end(); // only the hot statements used it
    },
  };
}

/** True when the database answers a trivial query within `withinMs` (for /healthz, which must
 *  answer whatever the database does: a database that never answers counts as down). */
export async function databaseAnswers(db: Db, withinMs = 1500): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), withinMs);
  });
  try {
    return await Promise.race([
      db.$queryRawUnsafe('SELECT 1').then(
        () => true,
        () => false,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// What the pg pool, the pg client, Prisma and SQLite say when the database cannot be reached,
// does not answer in time, or is held by another writer: the service is busy, not broken.
// Prisma passes the pg errors through as they are ("Query read timeout", "Connection terminated
// due to connection timeout", "timeout exceeded when trying to connect"); the hot statements
// (core/hot.ts) meet them, and better-sqlite3's SqliteError codes, without Prisma between.
const UNAVAILABLE_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  '53300',
  '57P02',
  '57014',
  '57P01',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);
/** SQLite's extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE, …) as their primary. */
const primaryCode = (code: string): string => (code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code);
const UNAVAILABLE_TEXT =
  /timeout exceeded when trying to connect|query read timeout|connection terminated|Client has encountered a connection error|canceling statement due to statement timeout|database is locked|server closed the connection|Can't reach database server|Timed out fetching a new connection|Unable to start a transaction in the given time/i;

/** True when the error (or anything in its cause chain) says the database is unavailable. An
 *  AppError already classified otherwise (a platform refusal, bad input) stays what it is. */
export function isDatabaseUnavailable(e: unknown): boolean {
  let c: unknown = e;
  for (let i = 0; c && i < 8; i++) {
    if (c instanceof AppError && c.code === ErrorCode.DatabaseUnavailable) return true;
    if (c instanceof AppError && c.code !== ErrorCode.Internal) return false;
    const o = c as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
    if (typeof o.code === 'string' && UNAVAILABLE_CODES.has(primaryCode(o.code))) return true;
    if (typeof o.message === 'string' && UNAVAILABLE_TEXT.test(o.message)) return true;
    c = o.cause;
  }
  return false;
}

/** The error as AppError(database_unavailable) when the database is unavailable, else as it was. */
export function asDatabaseFault(e: unknown): unknown {
  if (e instanceof AppError && e.code === ErrorCode.DatabaseUnavailable) return e;
  return isDatabaseUnavailable(e) ? new AppError(ErrorCode.DatabaseUnavailable, 'the database did not answer in time', { cause: e }) : e;
}

/** Prisma's unique-constraint violation, as thrown by either provider. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}
