// "A survey answer can never be traced to a person", checked on the structure itself: what the
// response tables can hold, what they are linked to, what a submit writes and what is logged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log.ts';
import { closeRun, dueReminders, markReminded, type SurveyDeps, submitResponse, surveyResults } from '../../workflows/surveys/domain/index.ts';
import { addPeople, createDatabase, goodValues, isPostgres, launchedSurvey, TestClock, type TestDatabase } from './support.ts';

const root = join(import.meta.dirname, '..', '..');
const ANSWER_SIDE = {
  SurveyResponse: ['id', 'runId', 'date', 'building', 'region', 'role', 'jobCategory'],
  SurveyAnswer: ['responseId', 'runId', 'questionKey', 'choice', 'value', 'comment'],
  SurveyTally: ['runId', 'dim', 'region', 'building', 'groupValue', 'questionKey', 'answerKey', 'n'],
} as const;
const PERSON_SIDE = ['SurveyParticipation', 'Person', 'PersonRole', 'PlatformAccount'];

/** Columns, column types and foreign keys of a table, read from a migration's CREATE TABLE. */
function tableIn(sql: string, table: string) {
  const body = new RegExp(`CREATE TABLE "${table}" \\(([\\s\\S]*?)\\n\\);`).exec(sql)?.[1];
  if (!body) throw new Error(`no CREATE TABLE "${table}"`);
  const columns = [...body.matchAll(/^\s+"(\w+)" ([A-Z]+)/gm)].map((m) => ({ name: m[1]!, type: m[2]! }));
  const references = [
    ...sql.matchAll(new RegExp(`(?:ALTER TABLE "${table}" ADD CONSTRAINT [^\\n]*|CONSTRAINT "${table}_\\w+_fkey"[^\\n]*)REFERENCES "(\\w+)"`, 'g')),
  ].map((m) => m[1]!);
  return { columns, references };
}

describe('the stored shape of a response', () => {
  for (const provider of ['sqlite', 'postgresql'] as const) {
    const sql = readFileSync(join(root, 'prisma', provider, 'migrations', '20261122200000_surveys', 'migration.sql'), 'utf8');

    it(`holds no person, platform or time of day, and links to nothing about people (${provider})`, () => {
      for (const [table, allowed] of Object.entries(ANSWER_SIDE)) {
        const { columns, references } = tableIn(sql, table);
        expect(columns.map((c) => c.name).sort()).toEqual([...allowed].sort());
        expect(columns.filter((c) => /DATE|TIME/.test(c.type))).toEqual([]);
        expect(columns.map((c) => c.type)).not.toContain('SERIAL');
        for (const other of PERSON_SIDE) expect(references).not.toContain(other);
      }
      const participation = tableIn(sql, 'SurveyParticipation');
      expect(participation.references).toEqual(['SurveyRun']);
      expect(participation.columns.map((c) => c.name).sort()).toEqual(['personId', 'runId', 'sentAt', 'slot']);
      expect(sql).not.toMatch(/REFERENCES "SurveyParticipation"/);
      expect(sql).not.toMatch(/AUTOINCREMENT|SERIAL|SEQUENCE/i);
    });
  }

  it('is what the migrated database holds', async () => {
    const t = await createDatabase();
    try {
      for (const [table, allowed] of Object.entries(ANSWER_SIDE)) {
        const rows = isPostgres(t)
          ? await t.db.$queryRawUnsafe<{ name: string }[]>(
              `SELECT column_name::text AS name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()`,
              table,
            )
          : await t.db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pragma_table_info('${table}')`);
        expect(rows.map((r) => r.name).sort()).toEqual([...allowed].sort());
      }
    } finally {
      await t.close();
    }
  });
});

describe('what answering writes', () => {
  let t: TestDatabase;
  let deps: SurveyDeps;
  const logs: string[] = [];
  const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));
  let people: string[];
  let runId: string;

  beforeAll(async () => {
    t = await createDatabase();
    const destination = new Writable({
      write: (chunk, _enc, done) => {
        logs.push(String(chunk));
        done();
      },
    });
    deps = { db: t.db, clock, log: createLogger({ level: 'debug', destination }) };
    people = await addPeople(
      t.db,
      Array.from({ length: 8 }, () => ({ building: 'Hoover High', region: 'North' })),
    );
    runId = (await launchedSurvey(deps)).run.id;
  });
  afterAll(() => t?.close());

  it('leaves participation rows exactly as launched, through answers, reminders and close', async () => {
    const snapshot = async () => JSON.stringify(await t.db.surveyParticipation.findMany({ where: { runId }, orderBy: { personId: 'asc' } }));
    const atLaunch = await snapshot();
    for (const [i, p] of people.slice(0, 6).entries())
      await submitResponse(deps, { runId, personId: p, values: { ...goodValues(String(1 + (i % 5))), 'open.comment': `Secret remark number ${i}` } });
    clock.advanceDays(3);
    for (const due of await dueReminders(deps)) await markReminded(deps, due);
    // Closing releases the sealed answers into the response tables the next tests read.
    await closeRun(deps, { runId });
    expect(await snapshot()).toBe(atLaunch);
  });

  it('gives each response a random id and a date only', async () => {
    const responses = await t.db.surveyResponse.findMany({ where: { runId } });
    expect(responses).toHaveLength(6);
    for (const r of responses) {
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('writes no row naming the person in the transaction that stores the answer (PostgreSQL xmin)', async (ctx) => {
    if (!isPostgres(t)) ctx.skip();
    const txOf = async (table: string) =>
      (await t.db.$queryRawUnsafe<{ x: string }[]>(`SELECT xmin::text AS x FROM "${table}" WHERE "runId" = $1`, runId)).map((r) => r.x);
    const responseTx = new Set(await txOf('SurveyResponse'));
    const participationTx = await txOf('SurveyParticipation');
    expect(participationTx.filter((x) => responseTx.has(x))).toEqual([]);
  });

  it('logs neither answers nor who answered', async () => {
    await submitResponse(deps, { runId, personId: people[6]!, values: { ...goodValues(), 'open.comment': 'y'.repeat(3000) } }).catch(() => undefined);
    // Results are of closed runs only: close it, then read them (comments included).
    await closeRun(deps, { runId });
    await surveyResults(deps, { runId }, { kind: 'all', breakdowns: true, comments: true }, { breakdownBy: 'building' });
    const output = logs.join('');
    expect(output).toContain('survey response recorded');
    expect(output).not.toMatch(/Secret remark|yyyy/);
    for (const p of people) expect(output).not.toContain(p);
  });
});
