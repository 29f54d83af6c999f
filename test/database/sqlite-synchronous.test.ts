// How hard a SQLite commit waits for the disk: NORMAL by default (SQLite's advice in WAL mode;
// a commit survives the process being killed), FULL or EXTRA when an operator asks for commits
// that survive a power loss (DATABASE_SQLITE_SYNCHRONOUS). A bad value stops the start with the
// variable's name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db.ts';
import { sqliteSynchronous } from '../../prisma/driver.ts';

const dir = mkdtempSync(join(tmpdir(), 'dmps-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SQLite's numbers for the levels. */
const LEVEL = { NORMAL: 1, FULL: 2, EXTRA: 3 } as const;

async function levelOfOpenedDatabase(value: string | undefined): Promise<number> {
  const before = process.env.DATABASE_SQLITE_SYNCHRONOUS;
  if (value === undefined) delete process.env.DATABASE_SQLITE_SYNCHRONOUS;
  else process.env.DATABASE_SQLITE_SYNCHRONOUS = value;
  try {
    const opened = await openDatabase(`file:${join(dir, `${value ?? 'default'}.db`)}`);
    try {
      const [row] = await opened.db.$queryRawUnsafe<{ synchronous: number | bigint }[]>('PRAGMA synchronous');
      return Number(row?.synchronous);
    } finally {
      await opened.close();
    }
  } finally {
    if (before === undefined) delete process.env.DATABASE_SQLITE_SYNCHRONOUS;
    else process.env.DATABASE_SQLITE_SYNCHRONOUS = before;
  }
}

describe('SQLite commits (DATABASE_SQLITE_SYNCHRONOUS)', () => {
  it('wait for the disk as configured: NORMAL unless FULL or EXTRA is asked for', async () => {
    expect(await levelOfOpenedDatabase(undefined)).toBe(LEVEL.NORMAL);
    expect(await levelOfOpenedDatabase('full')).toBe(LEVEL.FULL);
    expect(await levelOfOpenedDatabase('EXTRA')).toBe(LEVEL.EXTRA);
  });

  it('refuse a value that is not a level, naming the variable', () => {
    for (const bad of ['OFF', '0', 'fast', 'NORMAL; DROP TABLE x'])
      expect(() => sqliteSynchronous({ DATABASE_SQLITE_SYNCHRONOUS: bad })).toThrow(/DATABASE_SQLITE_SYNCHRONOUS must be NORMAL, FULL or EXTRA/);
    expect(sqliteSynchronous({ DATABASE_SQLITE_SYNCHRONOUS: '' })).toBe('NORMAL');
  });
});
