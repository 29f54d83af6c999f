// Sealed answers and their release at close, as a staff member who answered would need them to
// behave: an answer the bot acknowledged is counted whatever crashes, a close that fails halfway
// leaves everything as it was and can be done again, a run with too few answers never shows
// them, and the box gives away nothing about what was typed, not even its length.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.ts';
import { createLogger } from '../../core/log.ts';
import { closeDueRuns, closeRun, resultScope, type SurveyDeps, submitResponse, surveyQuestions, surveyResults } from '../../workflows/surveys/domain/index.ts';
import { decodeSealKey, loadSealKey, openAnswer, paddedSize, sealAnswer, sealKeyFrom, sealKeyPath } from '../../workflows/surveys/domain/seal.ts';
import { addPeople, createDatabase, goodValues, launchedSurvey, TestClock, type TestDatabase } from './support.ts';

let t: TestDatabase;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));
const keyBytes = randomBytes(32);
let deps: SurveyDeps;
const HR = resultScope({ roles: ['hr'] });

beforeAll(async () => {
  t = await createDatabase();
  deps = { db: t.db, clock, sealKey: sealKeyFrom(keyBytes), log: createLogger({ level: 'silent' }) };
});
afterAll(() => t?.close());

async function runWith(n: number) {
  const people = await addPeople(
    t.db,
    Array.from({ length: n }, () => ({ building: 'East High', region: 'South' })),
  );
  const { run } = await launchedSurvey(deps, { audience: { buildings: ['East High'] } });
  await t.db.person.updateMany({ where: { id: { in: people } }, data: { building: 'East High (done)' } });
  return { runId: run.id, people };
}

const counts = async (runId: string) => ({
  answered: (await t.db.surveyRun.findUniqueOrThrow({ where: { id: runId } })).answeredCount,
  sealed: await t.db.surveySealed.count({ where: { runId } }),
  responses: await t.db.surveyResponse.count({ where: { runId } }),
});

describe('an acknowledged answer is never lost', () => {
  it('survives the service being killed (SIGKILL) between answers, and is released at close', async () => {
    const { runId, people } = await runWith(12);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'submit-child.ts')], {
      env: {
        ...process.env,
        CHILD_DB_URL: t.url,
        CHILD_RUN: runId,
        CHILD_PEOPLE: people.join(','),
        CHILD_AT: clock.now().toISOString(),
        CHILD_KEY: keyBytes.toString('base64'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acked = 0;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.startsWith('ack ')) acked = Number(line.slice(4));
      if (acked >= 7 || line === 'done') {
        child.kill('SIGKILL');
        break;
      }
    }
    expect(await exited).toBe('SIGKILL');
    expect(acked).toBeGreaterThanOrEqual(7);
    // Every acknowledged answer is counted and sealed; one in flight at the kill may be too.
    const after = await counts(runId);
    expect(after.answered).toBeGreaterThanOrEqual(acked);
    expect(after.sealed).toBe(after.answered);
    expect(after.responses).toBe(0);
    await closeRun(deps, { runId });
    expect(await counts(runId)).toEqual({ answered: after.answered, sealed: 0, responses: after.answered });
  }, 60_000);

  it('keeps everything as it was when a close fails halfway, and releases once when done again', async () => {
    const { runId, people } = await runWith(6);
    for (const p of people) await submitResponse(deps, { runId, personId: p, values: goodValues() });
    const before = await counts(runId);
    // A box that opens but cannot be stored (the same answer twice) makes the release fail
    // after it has begun writing responses.
    const run = await t.db.surveyRun.findUniqueOrThrow({ where: { id: runId } });
    const questions = await surveyQuestions(deps, run.surveyId);
    const twice = { questionKey: 'care.whole_person', choice: '', value: 3, comment: null };
    const bad = sealAnswer(
      deps.sealKey!,
      runId,
      { groups: { building: null, region: null, role: null, jobCategory: null }, answers: [twice, twice] },
      paddedSize(questions),
    );
    await t.db.surveySealed.create({ data: { id: 'ffffffff-ffff-4fff-8fff-ffffffffffff', runId, box: bad } });
    await expect(closeRun(deps, { runId })).rejects.toThrow();
    expect((await t.db.surveyRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe('open');
    expect(await counts(runId)).toEqual({ ...before, sealed: before.sealed + 1 });
    expect(await t.db.surveyTally.count({ where: { runId } })).toBe(0);

    await t.db.surveySealed.delete({ where: { id: 'ffffffff-ffff-4fff-8fff-ffffffffffff' } });
    await closeRun(deps, { runId });
    await closeRun(deps, { runId });
    expect(await closeDueRuns(deps)).toEqual([]);
    expect(await counts(runId)).toEqual({ answered: 6, sealed: 0, responses: 6 });
    const r = await surveyResults(deps, { runId }, HR);
    expect(r.overall.responses).toBe(6);
  });

  it('leaves a run open with its answers when they were sealed with another key, and says so', async () => {
    const { runId, people } = await runWith(5);
    for (const p of people) await submitResponse(deps, { runId, personId: p, values: goodValues() });
    const other = { ...deps, sealKey: sealKeyFrom(randomBytes(32)) };
    const refusal = await closeRun(other, { runId }).catch((e: unknown) => e);
    expect(isAppError(refusal) && refusal.message).toMatch(/sealed with another key/);
    clock.advanceDays(8);
    try {
      expect(await closeDueRuns(other)).toEqual([]);
      expect(await counts(runId)).toEqual({ answered: 5, sealed: 5, responses: 0 });
      expect((await closeDueRuns(deps)).map((r) => r.id)).toContain(runId);
    } finally {
      clock.advanceDays(-8);
    }
    expect(await counts(runId)).toEqual({ answered: 5, sealed: 0, responses: 5 });
  });

  it('refuses at submit a comment a database cannot store (NUL, a lone surrogate), so no sealed box can stop the release', async () => {
    const { runId, people } = await runWith(5);
    const [first = '', ...rest] = people;
    const refused = await submitResponse(deps, { runId, personId: first, values: { ...goodValues(), 'open.comment': 'odd\u0000one \ud800out' } }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(refused) && refused.notice?.key).toBe('surveyUnreadableComment');
    expect(await counts(runId)).toEqual({ answered: 0, sealed: 0, responses: 0 });
    await submitResponse(deps, { runId, personId: first, values: { ...goodValues(), 'open.comment': 'odd one out' } });
    for (const [i, p] of rest.entries()) await submitResponse(deps, { runId, personId: p, values: { ...goodValues(), 'open.comment': `fine ${i}` } });
    await closeRun(deps, { runId });
    expect(await counts(runId)).toEqual({ answered: 5, sealed: 0, responses: 5 });
    const comments = (await t.db.surveyAnswer.findMany({ where: { runId, comment: { not: null } } })).map((a) => a.comment);
    expect(comments).toContain('odd one out');
  });
});

describe('a run that closes with fewer answers than its threshold', () => {
  it('counts them but never releases them: their content is destroyed and results say too few', async () => {
    const { runId, people } = await runWith(8);
    for (const p of people.slice(0, 4)) await submitResponse(deps, { runId, personId: p, values: { ...goodValues(), 'open.comment': 'only four of us' } });
    await closeRun(deps, { runId });
    expect(await counts(runId)).toEqual({ answered: 4, sealed: 0, responses: 0 });
    expect(await t.db.surveyAnswer.count({ where: { runId } })).toBe(0);
    const r = await surveyResults(deps, { runId }, HR);
    expect(r.responseRate).toMatchObject({ sent: 8, answered: null });
    expect(r.overall.responses).toBeNull();
  });
});

describe('a sealed box', () => {
  it('has one size for every answer to a survey, whatever its comment, and opens to what was sealed', async () => {
    const { runId } = await runWith(1);
    const run = await t.db.surveyRun.findUniqueOrThrow({ where: { id: runId } });
    const questions = await surveyQuestions(deps, run.surveyId);
    const size = paddedSize(questions);
    const key = deps.sealKey!;
    const expected = sealAnswer(key, runId, { groups: { building: null, region: null, role: null, jobCategory: null }, answers: [] }, size).length;
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '"', '\\', '\u0001', '😀', '\ud800', ' '), maxLength: 2000 });
    const group = fc.option(fc.string({ maxLength: 120 }), { nil: null });
    fc.assert(
      fc.property(text, group, group, fc.integer({ min: 1, max: 5 }), (comment, building, jobCategory, value) => {
        const answer = {
          groups: { building, region: 'South', role: 'staff', jobCategory },
          answers: [
            { questionKey: 'care.whole_person', choice: '', value, comment: null },
            { questionKey: 'comms.sources', choice: 'email', value: null, comment: null },
            { questionKey: 'open.comment', choice: '', value: null, comment },
          ],
        };
        const box = sealAnswer(key, runId, answer, size);
        expect(box.length).toBe(expected);
        expect(openAnswer(key, runId, box)).toEqual(answer);
      }),
      { numRuns: 60 },
    );
  });

  it('never shares its nonce with another box under the same key', () => {
    // GCM's secrecy rests on it. 3,000 boxes span several refills of the nonce pool.
    const key = deps.sealKey!;
    const answer = { groups: { building: 'X', region: null, role: null, jobCategory: null }, answers: [] };
    const nonces = new Set<string>();
    for (let i = 0; i < 3_000; i++) nonces.add(Buffer.from(sealAnswer(key, 'run-a', answer, 1024).subarray(9, 21)).toString('hex'));
    expect(nonces.size).toBe(3_000);
  });

  it('cannot be opened for another run, nor after a byte was changed', async () => {
    const key = deps.sealKey!;
    const box = sealAnswer(key, 'run-a', { groups: { building: 'X', region: null, role: null, jobCategory: null }, answers: [] }, 4096);
    expect(() => openAnswer(key, 'run-b', box)).toThrow(/failed authentication/);
    const changed = new Uint8Array(box);
    changed[40] = (changed[40] ?? 0) ^ 1;
    expect(() => openAnswer(key, 'run-a', changed)).toThrow(/failed authentication/);
  });
});

describe('the seal key', () => {
  it('comes from SURVEY_SEAL_KEY (base64, 32 bytes) and refuses anything else, naming the variable', () => {
    const k = randomBytes(32).toString('base64');
    expect(loadSealKey({ SURVEY_SEAL_KEY: k }).key.equals(Buffer.from(k, 'base64'))).toBe(true);
    for (const bad of ['short', randomBytes(16).toString('base64'), `${k}x`]) expect(() => loadSealKey({ SURVEY_SEAL_KEY: bad })).toThrow(/SURVEY_SEAL_KEY/);
    expect(decodeSealKey(` ${k}\n`)?.length).toBe(32);
  });

  it('is otherwise made once in a file only its owner can read, outside the database, and kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmps-seal-'));
    const env = { DATABASE_URL: `file:${join(dir, 'db', 'dmps-connect.db')}` };
    expect(sealKeyPath(env)).toBe(join(dir, 'db', 'survey-seal.key'));
    expect(sealKeyPath({ SURVEY_SEAL_KEY_FILE: join(dir, 'k') })).toBe(join(dir, 'k'));
    expect(sealKeyPath({ DATABASE_URL: 'postgresql://x@h/db' })).toBe(join(process.cwd(), 'data', 'survey-seal.key'));
    try {
      const first = loadSealKey(env);
      const file = sealKeyPath(env);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(decodeSealKey(readFileSync(file, 'utf8'))?.equals(first.key)).toBe(true);
      // Named by SURVEY_SEAL_KEY_FILE, the same file gives the same key.
      expect(loadSealKey({ SURVEY_SEAL_KEY_FILE: file }).key.equals(first.key)).toBe(true);
      // A place where no file can be made is a configuration error that says what to set.
      expect(() => loadSealKey({ SURVEY_SEAL_KEY_FILE: join(file, 'below-a-file') })).toThrow(/SURVEY_SEAL_KEY_FILE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
