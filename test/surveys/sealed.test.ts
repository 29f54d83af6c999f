// Issue 8, through the database: an insider who can read the database (on their own
// connection, after every single submit; PostgreSQL's old row versions; a copy of the SQLite
// file and its write-ahead log) must not link a response to a person better than chance allows.
// While a run is open they see who answered (the bitmap, as reminders need) and one more sealed
// box of one fixed size per answer, nothing readable; at close every answer is released at once,
// shuffled, with fresh ids and the same date, so their best guess is right about 1 time in N.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlitePath } from '../../prisma/driver.ts';
import { hasAnswered } from '../../workflows/surveys/domain/answered-slots.ts';
import { closeRun, type SurveyDeps, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { sealKeyFrom } from '../../workflows/surveys/domain/seal.ts';
import { changedTables, type Insider, openInsider, type Row, rawTuples, type Snapshot, sqliteFiles, textOf, walTransactions } from './insider.ts';
import { addPeople, createDatabase, goodValues, isPostgres, launchedSurvey, TestClock, type TestDatabase } from './support.ts';

const N = 30;
/** With N answers released in random order, a fixed guess (k-th in some order = k-th to submit)
 *  matches about once (fixed points of a random permutation: Poisson(1)); 8 or more of 30
 *  happens about once in 100,000 runs. */
const MAX_LUCKY = 7;

let t: TestDatabase;
let deps: SurveyDeps;
let insider: Insider;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));
const tag = randomBytes(6).toString('hex');
/** A distinctive comment per submit, so the test knows which response came from which submit. */
const planted = (i: number) => `planted-${tag}-comment-${String(i).padStart(2, '0')}`;
let runId: string;
let people: string[];
/** What the insider saw after each submit, in submit order. */
const seen: { person: string; snapshot: Snapshot }[] = [];
let atLaunch: Snapshot;
let walAtOpen: Buffer[][] = [];
let filesAtOpen: Buffer = Buffer.alloc(0);
let tuplesAtOpen: { relation: string; xmin: string; data: Buffer }[] = [];

const rowsOf = (s: Snapshot, table: string): Row[] => s.get(table) ?? [];
const ofRun = (s: Snapshot, table: string) => rowsOf(s, table).filter((r) => r.runId === runId);

beforeAll(async () => {
  t = await createDatabase();
  deps = { db: t.db, clock, sealKey: sealKeyFrom(randomBytes(32)) };
  // Everyone in one group, so that groups tell nobody apart.
  people = await addPeople(
    t.db,
    Array.from({ length: N }, () => ({ building: 'Hoover High', region: 'North', jobCategory: 'teacher' })),
  );
  runId = (await launchedSurvey(deps)).run.id;
  // PostgreSQL compresses large values, which would hide plaintext from a byte search; stored
  // uncompressed, whatever is in a page is there to find.
  if (isPostgres(t))
    for (const [table, column] of [
      ['SurveySealed', 'box'],
      ['SurveyAnswer', 'comment'],
    ])
      await t.db.$executeRawUnsafe(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET STORAGE EXTERNAL`);
  insider = await openInsider(t.url);
  atLaunch = await insider.snapshot();
  for (const [i, person] of people.entries()) {
    clock.set(new Date(Date.parse('2026-11-23T15:00:00Z') + i * 4 * 3_600_000));
    const comment = i % 3 === 0 ? `${planted(i)} ${'x'.repeat(1500)}` : planted(i);
    expect(
      await submitResponse(deps, { runId, personId: person, values: { ...goodValues(String(1 + (i % 5)), String(i % 11)), 'open.comment': comment } }),
    ).toMatchObject({ status: 'recorded' });
    seen.push({ person, snapshot: await insider.snapshot() });
  }
  if (isPostgres(t)) tuplesAtOpen = await rawTuples(t.url);
  else {
    walAtOpen = walTransactions(sqlitePath(t.url));
    filesAtOpen = sqliteFiles(sqlitePath(t.url));
  }
  await closeRun(deps, { runId });
}, 120_000);
afterAll(async () => {
  await insider?.close();
  await t?.close();
});

describe('an insider polling the database while a run is open', () => {
  it('sees after each submit one bit set and one sealed box, and nothing else changed', () => {
    let before = atLaunch;
    for (const { person, snapshot } of seen) {
      expect(changedTables(before, snapshot)).toEqual(['SurveyRun', 'SurveySealed']);
      // What the poller learns: who answered (the bit of their slot) and which box appeared.
      const slot = rowsOf(snapshot, 'SurveyParticipation').find((p) => p.personId === person)?.slot;
      const bits = rowsOf(snapshot, 'SurveyRun').find((r) => r.id === runId)?.answeredSlots as Uint8Array;
      expect(hasAnswered(new Uint8Array(bits), Number(slot))).toBe(true);
      before = snapshot;
    }
  });

  it('reads nothing of any answer: no response, answer or tally row, no comment, boxes of one size', () => {
    const last = seen.at(-1)!.snapshot;
    expect(ofRun(last, 'SurveySealed')).toHaveLength(N);
    for (const { snapshot } of seen) {
      for (const table of ['SurveyResponse', 'SurveyAnswer', 'SurveyTally']) expect(ofRun(snapshot, table), table).toEqual([]);
      expect(textOf([...snapshot.values()]).includes(tag), 'a planted comment is readable').toBe(false);
      // A sealed row holds its id, the run and the box: no person, group, date or answer.
      for (const r of ofRun(snapshot, 'SurveySealed'))
        expect(
          Object.keys(r)
            .filter((k) => !k.startsWith('_'))
            .sort(),
        ).toEqual(['box', 'id', 'runId']);
      const sizes = new Set(ofRun(snapshot, 'SurveySealed').map((r) => (r.box as Uint8Array).length));
      expect(sizes.size).toBe(1);
    }
  });
});

describe('the same insider after the run closed', () => {
  let released: Snapshot;
  /** Submit index of each released response, from its planted comment (what the test knows). */
  let truth: Map<string, number>;
  beforeAll(async () => {
    released = await insider.snapshot();
    truth = new Map(
      ofRun(released, 'SurveyAnswer')
        .filter((a) => typeof a.comment === 'string')
        .map((a) => [String(a.responseId), Number(/comment-(\d+)/.exec(String(a.comment))?.[1])]),
    );
  });

  it('finds every answer released and the sealed boxes gone', () => {
    expect(ofRun(released, 'SurveyResponse')).toHaveLength(N);
    expect(truth.size).toBe(N);
    expect(ofRun(released, 'SurveySealed')).toEqual([]);
  });

  it('finds no id, date or transaction that tells when a response was submitted', () => {
    const responses = ofRun(released, 'SurveyResponse');
    const sealedIds = new Set(seen.flatMap((s) => ofRun(s.snapshot, 'SurveySealed').map((r) => r.id)));
    expect(responses.filter((r) => sealedIds.has(r.id))).toEqual([]);
    // Answers came in over five days; every response carries the run's opening date.
    expect(new Set(responses.map((r) => r.date))).toEqual(new Set(['2026-11-23']));
    if (isPostgres(t)) {
      const xmins = new Set(['SurveyResponse', 'SurveyAnswer', 'SurveyTally'].flatMap((table) => ofRun(released, table).map((r) => r._xmin)));
      expect(xmins.size).toBe(1);
    }
  });

  it('links no better than chance by any order it can observe (physical, id, answers)', () => {
    const responses = ofRun(released, 'SurveyResponse');
    const physical = (rows: Row[]) => [...rows].sort((a, b) => (isPostgres(t) ? ctidOrder(String(a._pos), String(b._pos)) : Number(a._pos) - Number(b._pos)));
    const firstSeen = (rows: Row[]) => [...new Set(physical(rows).map((a) => String(a.responseId)))];
    const orders: Record<string, string[]> = {
      'response rows': physical(responses).map((r) => String(r.id)),
      'response ids': responses.map((r) => String(r.id)).sort(),
      'answer rows': firstSeen(ofRun(released, 'SurveyAnswer')),
    };
    for (const [name, order] of Object.entries(orders)) {
      expect(order, name).toHaveLength(N);
      // The linker's best guess: the k-th response in this order came from the k-th submit.
      const right = order.filter((id, k) => truth.get(id) === k).length;
      expect(right, `${name}: ${right} of ${N} linked`).toBeLessThanOrEqual(MAX_LUCKY);
    }
  });
});

describe('an insider with a copy of the files taken while the run is open', () => {
  it('SQLite: the file and its WAL hold no answer, and the WAL has no state with some answers readable and others not', (ctx) => {
    if (isPostgres(t)) ctx.skip();
    expect(walAtOpen.length).toBeGreaterThan(0);
    expect(filesAtOpen.includes(Buffer.from(tag))).toBe(false);
    // After close, replaying the WAL transaction by transaction: the first one that shows any
    // planted comment shows all of them.
    const txs = walTransactions(sqlitePath(t.url));
    const shows = (tx: Buffer[], i: number) => tx.some((page) => page.includes(Buffer.from(planted(i))));
    const first = txs.findIndex((tx) => people.some((_, i) => shows(tx, i)));
    expect(first).toBeGreaterThanOrEqual(0);
    const tx = txs[first]!;
    expect(people.filter((_, i) => !shows(tx, i))).toEqual([]);
  });

  it('PostgreSQL: no row version on any page (dead ones too) holds an answer while open; after close only the release does', async (ctx) => {
    if (!isPostgres(t)) ctx.skip();
    expect(tuplesAtOpen.length).toBeGreaterThan(0);
    expect(tuplesAtOpen.filter((x) => x.data.includes(Buffer.from(tag))).map((x) => x.relation)).toEqual([]);
    const after = await rawTuples(t.url);
    const holding = after.filter((x) => x.data.includes(Buffer.from(tag)));
    expect(holding.length).toBeGreaterThanOrEqual(N);
    // Every version that holds a comment was written by the one release transaction.
    expect(new Set(holding.map((x) => x.xmin)).size).toBe(1);
    // The old versions of the run row (one per submit) hold the bitmap and counts only.
    expect(after.some((x) => x.relation === '"SurveyRun"')).toBe(true);
  });
});

/** PostgreSQL ctid "(block,offset)" in physical order. */
function ctidOrder(a: string, b: string): number {
  const p = (s: string) => s.replace(/[()]/g, '').split(',').map(Number) as [number, number];
  const [ab, ao] = p(a);
  const [bb, bo] = p(b);
  return ab - bb || ao - bo;
}
