// The database: a Prisma client for SQLite (embedded default) or PostgreSQL, chosen by
// DATABASE_URL, with migrations applied before first use. Both generated clients come from the
// same models (prisma/models.prisma; a test keeps them identical), so one type serves both.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { adapterFor, type DatabaseKind, type DatabaseTimeouts, databaseKind, databaseTimeouts, sqlitePath } from '../prisma/driver.ts';
import { PrismaClient as PostgresClient } from '../prisma/postgresql/generated/client.ts';
import { PrismaClient as SqliteClient } from '../prisma/sqlite/generated/client.ts';
import { AppError, ErrorCode } from './errors.ts';
import { applyMigrations, type SqlSession } from './migrate.ts';

export type Db = SqliteClient;
export type { Person, Platform, PlatformAccount, Role } from '../prisma/sqlite/generated/client.ts';
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
  close(): Promise<void>;
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
  const adapter = adapterFor(url, { timeouts });
  const db = kind === 'sqlite' ? new SqliteClient({ adapter }) : (new PostgresClient({ adapter }) as unknown as SqliteClient);
  // SQLite: several writers (HTTP turns, the delivery engine, the CLI in another process) share
  // one file; the adapter waits for their locks up to timeouts.busyMs (prisma/driver.ts).
  return { db, kind, close: () => db.$disconnect() };
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
// due to connection timeout", "timeout exceeded when trying to connect").
const UNAVAILABLE_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  'ECONNREFUSED',
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
const UNAVAILABLE_TEXT =
  /timeout exceeded when trying to connect|query read timeout|connection terminated|canceling statement due to statement timeout|database is locked|server closed the connection|Can't reach database server|Timed out fetching a new connection|Unable to start a transaction in the given time/i;

/** True when the error (or anything in its cause chain) says the database is unavailable. An
 *  AppError already classified otherwise (a platform refusal, bad input) stays what it is. */
export function isDatabaseUnavailable(e: unknown): boolean {
  let c: unknown = e;
  for (let i = 0; c && i < 8; i++) {
    if (c instanceof AppError && c.code === ErrorCode.DatabaseUnavailable) return true;
    if (c instanceof AppError && c.code !== ErrorCode.Internal) return false;
    const o = c as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
    if (typeof o.code === 'string' && UNAVAILABLE_CODES.has(o.code)) return true;
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
