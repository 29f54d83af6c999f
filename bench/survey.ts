// `npm run bench:survey`: seeds 100,000 survey responses (every default item, 60 buildings in
// 5 regions, some of them small) into a throwaway database and times surveyResults with a
// breakdown by building. Prints one JSON line.
//
// Database: a temp SQLite file; or, when DATABASE_URL is a postgres URL, a temporary database
// created on that server and dropped afterwards (the database named in the URL is not touched).
// Options (env): BENCH_RESPONSES (default 100000), BENCH_BREAKDOWN (default building).

import { randomUUID } from 'node:crypto';
import { systemClock } from '../core/clock.ts';
import { type Db, Prisma } from '../core/db.ts';
import {
  BREAKDOWNS,
  type BreakdownBy,
  createSurvey,
  DEFAULT_ITEMS,
  type QuestionSpec,
  rebuildTallies,
  seedItemBank,
  surveyQuestions,
  surveyResults,
} from '../workflows/surveys/domain/index.ts';
import { throwawayDatabase } from './throwaway-database.ts';

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 100_000);
const BREAKDOWN = (process.env.BENCH_BREAKDOWN ?? 'building') as BreakdownBy;
if (!BREAKDOWNS.includes(BREAKDOWN)) throw new Error(`BENCH_BREAKDOWN must be one of ${BREAKDOWNS.join(', ')}`);

// A small deterministic generator, so every run seeds the same data.
let state = 42;
const rand = () => {
  state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
  return state / 2_147_483_648;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

const REGIONS = ['North', 'South', 'East', 'West', 'Central'];
const BUILDINGS = REGIONS.flatMap((r) =>
  Array.from({ length: 12 }, (_, i) => ({ region: r, building: `${r} School ${i + 1}`, weight: i < 2 ? 0.01 : 1 + (i % 5) })),
);
const totalWeight = BUILDINGS.reduce((s, b) => s + b.weight, 0);
const ROLES = ['staff', 'staff', 'staff', 'leader', 'hiring_manager'];
const JOBS = ['teacher', 'paraeducator', 'custodial', 'nutrition', 'office', 'counselor', 'nurse', 'administrator'];

function building() {
  let x = rand() * totalWeight;
  for (const b of BUILDINGS) {
    x -= b.weight;
    if (x <= 0) return b;
  }
  return BUILDINGS[BUILDINGS.length - 1]!;
}

function answersFor(runId: string, responseId: string, questions: QuestionSpec[]) {
  const rows: { responseId: string; runId: string; questionKey: string; choice: string; value: number | null; comment: string | null }[] = [];
  for (const q of questions) {
    const base = { responseId, runId, questionKey: q.key, choice: '', value: null, comment: null };
    if (q.kind === 'likert5') rows.push({ ...base, value: 1 + Math.min(4, Math.floor(rand() * 5.5)) });
    else if (q.kind === 'scale0to10') rows.push({ ...base, value: Math.floor(rand() * 11) });
    else if (q.kind === 'single') rows.push({ ...base, choice: pick(q.choices).key });
    else if (q.kind === 'multi')
      for (const c of q.choices) {
        if (rand() < 0.35) rows.push({ ...base, choice: c.key });
      }
    else if (rand() < 0.1) rows.push({ ...base, comment: `Comment ${Math.floor(rand() * 1e6)}` });
  }
  return rows;
}

/** Multi-row INSERTs with bound parameters (about 10x faster here than createMany). */
async function insertRows(db: Db, table: string, rows: Record<string, string | number | null>[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.floor(30_000 / columns.length);
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `);
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows.slice(i, i + perStatement).map((r) => Prisma.sql`(${Prisma.join(columns.map((c) => r[c]))})`);
    await db.$executeRaw`${head}${Prisma.join(values)}`;
  }
}

async function seed(db: Db) {
  const deps = { db, clock: systemClock };
  await seedItemBank(deps);
  const survey = await createSurvey(deps, {
    title: { en: 'Bench pulse', es: 'Encuesta de prueba' },
    questions: DEFAULT_ITEMS.map((i) => ({ itemKey: i.key })),
  });
  const questions = await surveyQuestions(deps, survey.id);
  const now = new Date();
  const sent = Math.ceil(RESPONSES * 1.25);
  const slots = new Uint8Array(Math.ceil(sent / 8)).fill(0xff);
  const run = await db.surveyRun.create({
    // Closed: results are of closed runs only.
    data: {
      surveyId: survey.id,
      seq: 1,
      status: 'closed',
      closedAt: now,
      opensAt: now,
      closesAt: new Date(now.getTime() + 7 * 86_400_000),
      sentCount: sent,
      answeredCount: RESPONSES,
      answeredSlots: slots,
    },
  });
  let answers = 0;
  const CHUNK = 2_000;
  for (let i = 0; i < RESPONSES; i += CHUNK) {
    const responses = [];
    const rows = [];
    for (let j = i; j < Math.min(RESPONSES, i + CHUNK); j++) {
      const id = randomUUID();
      const b = building();
      responses.push({ id, runId: run.id, date: '2026-11-23', building: b.building, region: b.region, role: pick(ROLES), jobCategory: pick(JOBS) });
      rows.push(...answersFor(run.id, id, questions));
    }
    await insertRows(db, 'SurveyResponse', responses);
    await insertRows(db, 'SurveyAnswer', rows);
    answers += rows.length;
  }
  // Bulk-loaded rows bypass submitResponse, so the run's tallies are computed once from them.
  await rebuildTallies(db, run.id);
  return { surveyId: survey.id, runId: run.id, items: questions.length, answers };
}

const { db, kind, dispose } = await throwawayDatabase('survey');
try {
  const seedStart = performance.now();
  const seeded = await seed(db);
  const seedMs = Math.round(performance.now() - seedStart);
  if (kind === 'postgresql') await db.$executeRawUnsafe('ANALYZE');
  const deps = { db, clock: systemClock };
  const scope = { kind: 'all', breakdowns: true, comments: true } as const;
  const times: number[] = [];
  let groups = 0;
  let suppressed = 0;
  for (let i = 0; i < 6; i++) {
    const start = performance.now();
    const r = await surveyResults(deps, { runId: seeded.runId }, scope, { breakdownBy: BREAKDOWN });
    times.push(performance.now() - start);
    groups = r.breakdown?.groups.length ?? 0;
    suppressed = r.breakdown?.groups.filter((g) => g.suppressed).length ?? 0;
  }
  const [first, ...rest] = times;
  const sorted = [...rest].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: 'survey-results',
      database: kind,
      responses: RESPONSES,
      answers: seeded.answers,
      items: seeded.items,
      breakdown: BREAKDOWN,
      groups,
      suppressedGroups: suppressed,
      ms: Math.round(sorted[Math.floor(sorted.length / 2)]!),
      msFirst: Math.round(first!),
      msMax: Math.round(sorted[sorted.length - 1]!),
      seedMs,
    }),
  );
} finally {
  await dispose();
}
