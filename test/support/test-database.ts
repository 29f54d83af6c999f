// A fresh, migrated database for one test (or one test file): a temporary SQLite file by
// default, or a new database named dmps_test_<random> on the PostgreSQL server that
// TEST_DATABASE_URL (or else DATABASE_URL) names when it is a postgres:// URL. `close()`
// disconnects and removes it.
//
// When global-setup has tagged the run (DMPS_TEST_RUN) and will drop the run's databases at the
// end, PostgreSQL test databases are copies of one migrated template per process (CREATE
// DATABASE ... TEMPLATE); without a tag each one is migrated itself (about 0.1 s more), so
// nothing is left on the server. SQLite files are copies of one migrated database held in
// memory.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type DatabaseKind, type Db, migrateDatabase, openDatabase } from '../../core/db.ts';

export interface TestDatabase {
  url: string;
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
}

/** The PostgreSQL server the tests use, if any: TEST_DATABASE_URL, else DATABASE_URL. */
export function testServerUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return [env.TEST_DATABASE_URL, env.DATABASE_URL].find((u) => u?.startsWith('postgres'));
}

const runTag = () => process.env.DMPS_TEST_RUN;
/** Names carry the run's tag (set by global-setup) so the run can drop what it made. */
const suffix = () => `r${runTag() ?? 'local'}_${randomBytes(5).toString('hex')}`;
/** The migrated SQLite database, kept in memory so that no template file outlives the process. */
let sqliteTemplate: Promise<Buffer> | undefined;
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

/** Opens a migrated database; `discard` removes it after disconnecting. */
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

async function createPostgres(server: string): Promise<TestDatabase> {
  const name = `dmps_test_${suffix()}`;
  const url = withDatabase(server, name);
  const drop = () => admin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  if (runTag()) {
    pgTemplate ??= makePgTemplate(server);
    const template = await pgTemplate;
    await admin(server, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  } else {
    await admin(server, (c) => c.query(`CREATE DATABASE "${name}"`));
    await migrateDatabase(url).catch(async (e) => {
      await drop();
      throw e;
    });
  }
  return openCopy(url, drop);
}

const removeSqlite = (file: string) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
};

async function createSqlite(): Promise<TestDatabase> {
  sqliteTemplate ??= (async () => {
    const file = join(tmpdir(), `dmps-template-${process.pid}-${suffix()}.db`);
    try {
      await migrateDatabase(`file:${file}`);
      return readFileSync(file);
    } finally {
      removeSqlite(file);
    }
  })();
  const file = join(tmpdir(), `dmps-test-${suffix()}.db`);
  writeFileSync(file, await sqliteTemplate);
  return openCopy(`file:${file}`, () => removeSqlite(file));
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = testServerUrl();
  return server ? createPostgres(server) : createSqlite();
}
