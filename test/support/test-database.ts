// A fresh, migrated database for one test file: a temporary SQLite file by default, or a new
// database on the PostgreSQL server that DATABASE_URL names. Migrations run once per process
// into a template, which each test database copies (file copy / CREATE DATABASE ... TEMPLATE).
import { randomBytes } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateDatabase, openDatabase, type Db, type DatabaseKind } from '../../core/db.ts';

export interface TestDatabase {
  url: string;
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
}

/** Names carry the run's tag (set by global-setup) so the run can drop what it made. */
const suffix = () => `r${process.env.DMPS_TEST_RUN ?? 'local'}_${randomBytes(5).toString('hex')}`;
let sqliteTemplate: Promise<string> | undefined;
let pgTemplate: Promise<string> | undefined;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function makePgTemplate(serverUrl: string): Promise<string> {
  const name = `dmps_tpl_${process.pid}_${suffix()}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  await migrateDatabase(withDatabase(serverUrl, name));
  return name;
}

/** Opens a copied (already migrated) database; `discard` removes it after disconnecting. */
async function openCopy(url: string, discard: () => Promise<void> | void): Promise<TestDatabase> {
  const { db, kind, close } = await openDatabase(url, { migrate: false });
  return {
    url,
    db,
    kind,
    async close() {
      await close();
      await discard();
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.DATABASE_URL;
  if (server?.startsWith('postgres')) {
    pgTemplate ??= makePgTemplate(server);
    const template = await pgTemplate;
    const name = `dmps_test_${suffix()}`;
    await admin(server, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
    return openCopy(withDatabase(server, name), () => admin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined));
  }
  sqliteTemplate ??= (async () => {
    const file = join(tmpdir(), `dmps-template-${process.pid}-${suffix()}.db`);
    await migrateDatabase(`file:${file}`);
    return file;
  })();
  const file = join(tmpdir(), `dmps-test-${suffix()}.db`);
  copyFileSync(await sqliteTemplate, file);
  return openCopy(`file:${file}`, () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  });
}
