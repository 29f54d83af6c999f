// One data model, two providers: the provider schemas are exactly models.prisma with their
// headers, and the committed migrations, applied in order to an empty database, give the same
// tables, columns and indexes as the schema itself. Either drifting fails here.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../core/db.ts';
import { readMigrations } from '../../core/migrate.ts';
import { PROVIDERS, type Provider, renderSchema, schemaPath } from '../../prisma/build-schemas.ts';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');
const serverUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
const tag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

function schemaSql(provider: Provider, url: string): string {
  return execFileSync(process.execPath, [prismaCli, 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', schemaPath(provider), '--script'], {
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

function sqliteCatalog(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '\\_prisma%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { name: string }[];
    return tables.map(({ name }) => ({
      name,
      columns: db.prepare(`PRAGMA table_info("${name}")`).all(),
      indexes: (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
        .map((i) => ({ unique: i.unique, columns: (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name) }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      foreignKeys: db
        .prepare(`PRAGMA foreign_key_list("${name}")`)
        .all()
        .map((f) => ({ ...(f as object), id: 0, seq: 0 })),
    }));
  } finally {
    db.close();
  }
}

async function pgCatalog(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows;
    return {
      columns: await q(
        `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema='public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`,
      ),
      indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname='public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
      enums: await q(`SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY 1, e.enumsortorder`),
      constraints: await q(
        `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`,
      ),
    };
  } finally {
    await c.end();
  }
}

describe('the data model', () => {
  it.each(PROVIDERS)('prisma/%s/schema.prisma is models.prisma with its provider header', (provider) => {
    expect(readFileSync(schemaPath(provider), 'utf8')).toBe(renderSchema(provider));
  });

  it('has migrations for both providers with the same names, in order', () => {
    const names = (p: Provider) => readMigrations(p).map((m) => m.name);
    expect(names('sqlite')).toEqual(names('postgresql'));
    expect(names('sqlite').length).toBeGreaterThan(0);
  });

  it.runIf(!serverUrl)('SQLite: applying every migration gives exactly the schema', async () => {
    const a = join(tmpdir(), `dmps-drift-a-${tag()}.db`);
    const b = join(tmpdir(), `dmps-drift-b-${tag()}.db`);
    try {
      await migrateDatabase(`file:${a}`);
      const direct = new Database(b);
      direct.exec(schemaSql('sqlite', `file:${b}`));
      direct.close();
      expect(sqliteCatalog(a)).toEqual(sqliteCatalog(b));
    } finally {
      for (const f of [a, b]) for (const s of ['', '-wal', '-shm']) rmSync(f + s, { force: true });
    }
  });

  it.runIf(serverUrl)('PostgreSQL: applying every migration gives exactly the schema', async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const run = process.env.DMPS_TEST_RUN ?? 'local';
    const names = [`dmps_drift_r${run}_a${tag()}`, `dmps_drift_r${run}_b${tag()}`];
    const urlOf = (n: string) => Object.assign(new URL(serverUrl!), { pathname: `/${n}` }).toString();
    try {
      for (const n of names) await admin.query(`CREATE DATABASE "${n}"`);
      await migrateDatabase(urlOf(names[0]!));
      const direct = new pg.Client({ connectionString: urlOf(names[1]!) });
      await direct.connect();
      await direct.query(schemaSql('postgresql', urlOf(names[1]!)));
      await direct.end();
      expect(await pgCatalog(urlOf(names[0]!))).toEqual(await pgCatalog(urlOf(names[1]!)));
    } finally {
      for (const n of names) await admin.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
