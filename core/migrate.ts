// Applies the committed Prisma migrations of the database's provider at start.
//
// Why not spawn `prisma migrate deploy`: on these machines the CLI needs a driver-adapter
// workaround on PostgreSQL (prisma/orm#27403) and takes about 11 s to exit there; the service
// and every test database would pay it. This applies the same migration.sql files in order and
// records them in Prisma's own `_prisma_migrations` table (same columns, sha256 checksums), so
// `prisma migrate status` / `deploy` on a district server agree with what the service did.
// On PostgreSQL, instances starting together serialize on Prisma's advisory lock key.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseKind } from '../prisma/driver.ts';
import { AppError, ErrorCode } from './errors.ts';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** A minimal SQL session: run a script of several statements, or one query with parameters. */
export interface SqlSession {
  exec(script: string): Promise<void>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

const PRISMA_ADVISORY_LOCK = 72707369;

export function migrationsDir(kind: DatabaseKind): string {
  return join(import.meta.dirname, '..', 'prisma', kind, 'migrations');
}

export function readMigrations(kind: DatabaseKind): Migration[] {
  const dir = migrationsDir(kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const placeholders = (kind: DatabaseKind) => (n: number) => (kind === 'sqlite' ? '?' : `$${n}`);
/** Prisma's SQLite adapter stores DateTime as Unix milliseconds; PostgreSQL takes ISO text. */
const timestamp = (kind: DatabaseKind, d: Date) => (kind === 'sqlite' ? d.getTime() : d.toISOString());

const createTable = (kind: DatabaseKind) =>
  kind === 'postgresql'
    ? `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL,
        "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT,
        "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`
    : `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
        "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
        "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
        "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

/** Applies pending migrations; returns the names applied. Refuses to run over a database
 *  whose applied migrations were edited or that holds migrations this code does not know. */
export async function applyMigrations(kind: DatabaseKind, session: SqlSession): Promise<string[]> {
  const migrations = readMigrations(kind);
  if (kind === 'postgresql') await session.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK})`);
  try {
    await session.exec(createTable(kind));
    const rows = await session.query<{ migration_name: string; checksum: string; finished_at: unknown }>(
      `SELECT "migration_name", "checksum", "finished_at" FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    for (const row of rows) {
      if (!row.finished_at)
        throw new AppError(
          ErrorCode.MigrationFailed,
          `migration ${row.migration_name} started earlier but did not finish; repair the database before starting`,
        );
      const known = migrations.find((m) => m.name === row.migration_name);
      if (!known)
        throw new AppError(
          ErrorCode.MigrationFailed,
          `the database has migration ${row.migration_name}, which this version does not know (is it older than the database?)`,
        );
      if (known.checksum !== row.checksum) throw new AppError(ErrorCode.MigrationFailed, `migration ${row.migration_name} was changed after it was applied`);
    }
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      const id = randomUUID();
      const p = placeholders(kind);
      await session.query(
        `INSERT INTO "_prisma_migrations" ("id","checksum","migration_name","started_at","applied_steps_count") VALUES (${p(1)},${p(2)},${p(3)},${p(4)},0)`,
        [id, m.checksum, m.name, timestamp(kind, new Date())],
      );
      try {
        await session.exec(`BEGIN;\n${m.sql}\nCOMMIT;`);
      } catch (cause) {
        await session.exec('ROLLBACK').catch(() => undefined);
        await session.query(`DELETE FROM "_prisma_migrations" WHERE "id" = ${p(1)}`, [id]);
        throw new AppError(ErrorCode.MigrationFailed, `migration ${m.name} failed`, { cause });
      }
      await session.query(`UPDATE "_prisma_migrations" SET "finished_at" = ${p(1)}, "applied_steps_count" = 1 WHERE "id" = ${p(2)}`, [
        timestamp(kind, new Date()),
        id,
      ]);
      done.push(m.name);
    }
    return done;
  } finally {
    if (kind === 'postgresql') await session.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK})`);
  }
}
