// Runs once around the suite. On PostgreSQL: checks the server answers (one clear message
// instead of every file timing out), tags this run's databases, and drops them at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const adminUrl = (url: string) => {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
};

export default async function setup(): Promise<(() => Promise<void>) | void> {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith('postgres')) return;
  const run = randomBytes(3).toString('hex');
  process.env.DMPS_TEST_RUN = run;
  const client = new pg.Client({ connectionString: adminUrl(url) });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(`DATABASE_URL points at PostgreSQL, but it does not answer: ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return async () => {
    const c = new pg.Client({ connectionString: adminUrl(url) });
    await c.connect();
    try {
      const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`dmps\\_%\\_r${run}\\_%`]);
      for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    } finally {
      await c.end();
    }
  };
}
