// Runs once before the suite: on PostgreSQL, checks the server answers so a misconfigured run
// fails with one clear message instead of every file timing out.
import pg from 'pg';

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith('postgres')) return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(`DATABASE_URL points at PostgreSQL, but it does not answer: ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
