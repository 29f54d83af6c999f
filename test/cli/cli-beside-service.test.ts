// HR runs `npm run cli -- survey launch` while the service is busy on the same database: on
// SQLite the two processes share one file, so the CLI must wait its turn for the write lock
// rather than fail with "database is locked". Here the test process plays the busy service
// (read-then-write transactions and single writes, without pause, through the same database
// code the service uses) while separate CLI processes launch surveys.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { createSurvey, seedItemBank } from '../../workflows/surveys/domain/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const root = join(import.meta.dirname, '..', '..');
const LAUNCHES = 4;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url, DEFAULT_LOCALE: 'en', LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The service at work: a claim-like read-then-write transaction and a single write, again and again. */
function busyService(): { stop(): Promise<number> } {
  let running = true;
  let writes = 0;
  const loop = (async () => {
    while (running) {
      await t.db.$transaction(async (tx) => {
        const n = await tx.processedEvent.count();
        await tx.processedEvent.create({ data: { key: `busy:${n}:${writes}:${Math.random()}` } });
      });
      await t.db.processedEvent.create({ data: { key: `busy:single:${writes}:${Math.random()}` } });
      writes += 2;
      await new Promise((r) => setImmediate(r));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return writes;
    },
  };
}

describe('`survey launch` from the CLI while the service writes to the same database', () => {
  it('launches every time (never "database is locked")', async () => {
    const deps = { db: t.db, clock: systemClock };
    await seedItemBank(deps);
    for (let i = 0; i < 12; i++)
      await t.db.person.create({
        data: { employeeId: `B${i}`, name: `Busy ${i}`, email: `busy${i}@dmschools.example`, roles: { create: [{ role: 'staff' }] } },
      });
    const surveys = [];
    for (let i = 0; i < LAUNCHES; i++)
      surveys.push(await createSurvey(deps, { title: { en: `Pulse ${i}`, es: `Pulso ${i}` }, questions: [{ itemKey: 'care.whole_person' }] }));

    const service = busyService();
    const outcomes: { status: number | null; stdout: string; stderr: string }[] = [];
    try {
      // Two at a time: CLI processes also compete with each other.
      for (let i = 0; i < LAUNCHES; i += 2) outcomes.push(...(await Promise.all(surveys.slice(i, i + 2).map((s) => cli('survey', 'launch', s.id)))));
    } finally {
      const writes = await service.stop();
      expect(writes).toBeGreaterThan(LAUNCHES);
    }
    for (const o of outcomes) {
      expect(o.stderr).not.toMatch(/locked|busy/i);
      expect(o.status, o.stderr).toBe(0);
    }
    expect(await t.db.surveyRun.count()).toBe(LAUNCHES);
    expect(await t.db.delivery.count()).toBe(LAUNCHES * 12);
  }, 120_000);
});
