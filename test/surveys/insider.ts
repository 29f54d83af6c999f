// The insider of issue 8: someone with read access to the database, on a connection of their own
// (not the service's), who reads every table with its physical row identity (SQLite rowid;
// PostgreSQL ctid and xmin), reads PostgreSQL's pages raw (pageinspect: old row versions too),
// and copies the SQLite file and its write-ahead log.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sqlitePath } from '../../prisma/driver.ts';

export type Row = Record<string, unknown>;
export type Snapshot = Map<string, Row[]>;

export interface Insider {
  kind: 'sqlite' | 'postgresql';
  tables(): Promise<string[]>;
  /** Every row of a table, with `_pos` (rowid or ctid) and, on PostgreSQL, `_xmin`. */
  rows(table: string): Promise<Row[]>;
  snapshot(): Promise<Snapshot>;
  close(): Promise<void>;
}

export async function openInsider(url: string): Promise<Insider> {
  if (url.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = async () =>
      (await client.query<{ t: string }>(`SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.t);
    const rows = async (table: string) => (await client.query<Row>(`SELECT ctid::text AS "_pos", xmin::text AS "_xmin", t.* FROM "${table}" t`)).rows;
    return { kind: 'postgresql', tables, rows, snapshot: () => snapshotOf(tables, rows), close: () => client.end() };
  }
  const conn = new Database(sqlitePath(url), { readonly: true, fileMustExist: true });
  const tables = async () => (conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1`).all() as { name: string }[]).map((r) => r.name);
  const rows = async (table: string) => conn.prepare(`SELECT rowid AS "_pos", * FROM "${table}"`).all() as Row[];
  return {
    kind: 'sqlite',
    tables,
    rows,
    snapshot: () => snapshotOf(tables, rows),
    close: async () => void conn.close(),
  };
}

async function snapshotOf(tables: () => Promise<string[]>, rows: (t: string) => Promise<Row[]>): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const t of await tables()) out.set(t, await rows(t));
  return out;
}

/** Everything a snapshot shows, as text to search (bytes as latin1, so ASCII shows through). */
export function textOf(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return String(v);
    if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data))
      return Buffer.from((v as { data: number[] }).data).toString('latin1');
    return v;
  });
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(a: Snapshot, b: Snapshot): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((t) => textOf(a.get(t) ?? []) !== textOf(b.get(t) ?? [])).sort();
}

// ---- PostgreSQL pages, dead row versions included ----

export interface RawTuple {
  relation: string;
  xmin: string;
  /** The tuple's bytes as stored (live or dead). */
  data: Buffer;
}

/** Every tuple on every page of every table of the public schema and of their TOAST tables,
 *  read with pageinspect (the extension is created if missing; needs a superuser). */
export async function rawTuples(url: string): Promise<RawTuple[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pageinspect');
    const rels = await client.query<{ rel: string }>(`
      SELECT c.oid::regclass::text AS rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      UNION ALL
      SELECT t.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class t ON t.oid = c.reltoastrelid
      WHERE n.nspname = 'public' AND c.relkind = 'r'`);
    const out: RawTuple[] = [];
    for (const { rel } of rels.rows) {
      const { rows } = await client.query<{ xmin: string; data: Buffer | null }>(
        `SELECT i.t_xmin::text AS xmin, i.t_data AS data
         FROM generate_series(0, (pg_relation_size($1::text::regclass) / current_setting('block_size')::int) - 1) AS b,
              LATERAL heap_page_items(get_raw_page($1::text, b::int)) AS i
         WHERE i.t_data IS NOT NULL`,
        [rel],
      );
      for (const r of rows) if (r.data) out.push({ relation: rel, xmin: r.xmin, data: r.data });
    }
    return out;
  } finally {
    await client.end();
  }
}

// ---- the SQLite write-ahead log ----

/** The WAL's committed transactions, in order: the page images each one wrote (frames of the
 *  current generation only, as SQLite would replay them). */
export function walTransactions(dbFile: string): Buffer[][] {
  let wal: Buffer;
  try {
    wal = readFileSync(`${dbFile}-wal`);
  } catch {
    return [];
  }
  if (wal.length < 32) return [];
  const pageSize = wal.readUInt32BE(8);
  const salt = wal.subarray(16, 24);
  const out: Buffer[][] = [];
  let current: Buffer[] = [];
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    const header = wal.subarray(at, at + 24);
    if (!header.subarray(8, 16).equals(salt)) break;
    current.push(wal.subarray(at + 24, at + 24 + pageSize));
    if (header.readUInt32BE(4) !== 0) {
      out.push(current);
      current = [];
    }
  }
  return out;
}

/** The raw bytes an insider copies: the SQLite file and its WAL (and shm). */
export function sqliteFiles(dbFile: string): Buffer {
  const parts: Buffer[] = [];
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
    try {
      parts.push(readFileSync(f));
    } catch {
      // not there
    }
  }
  return Buffer.concat(parts);
}
