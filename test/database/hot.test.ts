// A turn's own hot write straight on the driver (core/hot.ts `execute`): what it writes reads back
// through Prisma exactly as Prisma's own write would, on SQLite and on PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hotStatements } from '../../core/db.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('a hot write on the driver', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
    await t.db.person.createMany({
      data: [
        { id: 'p1', employeeId: 'E1', name: 'Ana Ruiz', email: 'ana@dmschools.example', language: 'en' },
        { id: 'p2', employeeId: 'E2', name: 'Ben Cho', email: 'ben@dmschools.example', language: 'en' },
      ],
    });
  });
  afterEach(async () => t.close());

  const setLanguage = (id: string, language: string, at: Date) =>
    hotStatements(t.db).execute`UPDATE "Person" SET "language" = ${language}, "updatedAt" = ${at} WHERE "id" = ${id}`;

  it('writes values and times that Prisma reads back unchanged, and says how many rows changed', async () => {
    const at = new Date('2026-12-01T15:04:05.678Z');
    expect(await setLanguage('p1', 'es', at)).toBe(1);
    // The same call site again, other values: the prepared statement is reused.
    expect(await setLanguage('p2', 'ar', new Date('2026-12-02T08:00:00.000Z'))).toBe(1);
    expect(await setLanguage('nobody', 'es', at)).toBe(0);
    const people = await t.db.person.findMany({ orderBy: { id: 'asc' } });
    expect(people.map((p) => [p.language, p.updatedAt.toISOString()])).toEqual([
      ['es', '2026-12-01T15:04:05.678Z'],
      ['ar', '2026-12-02T08:00:00.000Z'],
    ]);
  });

  it('refuses a statement the database refuses, and changes nothing', async () => {
    await expect(hotStatements(t.db).execute`UPDATE "Person" SET "language" = ${null} WHERE "id" = ${'p1'}`).rejects.toThrow();
    expect((await t.db.person.findUniqueOrThrow({ where: { id: 'p1' } })).language).toBe('en');
  });
});
