// The database: a Prisma client for SQLite (embedded default) or PostgreSQL, chosen by
// DATABASE_URL, with migrations applied before first use. Both generated clients come from the
// same models (prisma/models.prisma; a test keeps them identical), so one type serves both.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaClient as SqliteClient } from '../prisma/sqlite/generated/client.ts';
import { PrismaClient as PostgresClient } from '../prisma/postgresql/generated/client.ts';
import { adapterFor, databaseKind, sqlitePath, type DatabaseKind } from '../prisma/driver.ts';
import { applyMigrations, type SqlSession } from './migrate.ts';
import { AppError, ErrorCode } from './errors.ts';

export type Db = SqliteClient;
export type { DatabaseKind };
export { Prisma } from '../prisma/sqlite/generated/client.ts';
export type { Person, PlatformAccount, Role, Platform } from '../prisma/sqlite/generated/client.ts';
import type { Role } from '../prisma/sqlite/generated/client.ts';

/** Every role, in the order people read them; `satisfies` fails to compile when the data
 *  model's enum gains or loses one. */
const ROLE_ORDER = { staff: 1, hiring_manager: 2, communications: 3, hr: 4, leader: 5, admin: 6 } as const satisfies Record<Role, number>;
export const ROLES = Object.keys(ROLE_ORDER) as (keyof typeof ROLE_ORDER)[];

export interface Database_ {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
}

async function withSqlSession<T>(url: string, kind: DatabaseKind, fn: (s: SqlSession) => Promise<T>): Promise<T> {
  if (kind === 'sqlite') {
    const file = resolve(sqlitePath(url));
    mkdirSync(dirname(file), { recursive: true });
    const conn = new Database(file);
    conn.pragma('journal_mode = WAL');
    try {
      return await fn({
        exec: async (script) => void conn.exec(script),
        query: async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => {
          const stmt = conn.prepare(sql);
          return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as R[];
        },
      });
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn({
      exec: async (script) => void (await client.query(script)),
      query: async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
        (await client.query(sql, params)).rows as R[],
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

export async function openDatabase(url: string, opts: { migrate?: boolean } = {}): Promise<Database_> {
  const kind = databaseKind(url);
  if (opts.migrate !== false) await migrateDatabase(url);
  const adapter = adapterFor(url);
  const db = (kind === 'sqlite'
    ? new SqliteClient({ adapter })
    : (new PostgresClient({ adapter }) as unknown as SqliteClient));
  if (kind === 'sqlite') {
    // Several writers (HTTP turns, the delivery engine) share one file: wait instead of failing.
    await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  }
  return { db, kind, close: () => db.$disconnect() };
}

/** True when the database answers a trivial query (for /healthz). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** Prisma's unique-constraint violation, as thrown by either provider. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}
