// The database a bench seeds and measures: a temporary SQLite file; or, when DATABASE_URL is a
// postgres URL, a temporary database created on that server and dropped afterwards (the
// database named in the URL is not touched). Statements may run long (seeding, ANALYZE).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, openDatabase } from '../core/db.ts';

export interface ThrowawayDatabase {
  db: Db;
  kind: 'sqlite' | 'postgresql';
  dispose(): Promise<void>;
}

/** `label` names the temporary database or folder (e.g. "survey" → bench_survey_…). */
export async function throwawayDatabase(label: string): Promise<ThrowawayDatabase> {
  const base = process.env.DATABASE_URL;
  if (base?.startsWith('postgres')) {
    const name = `bench_${label}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(sql);
      await c.end();
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const { db, close } = await openDatabase(url.toString(), { timeouts: { statementMs: 600_000 } });
    return {
      db,
      kind: 'postgresql',
      dispose: async () => {
        await close();
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `bench-${label}-`));
  const { db, close } = await openDatabase(`file:${join(dir, 'bench.db')}`);
  return {
    db,
    kind: 'sqlite',
    dispose: async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
