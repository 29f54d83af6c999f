// `npm run bench:hiring`: a year of structured hiring for a district (400 processes in 60
// buildings of 5 regions, 1,600 interviews with their checklists, 2,000 verification answers)
// in a throwaway database, then times the quarterly report (2026-Q3, by building, HR's view,
// with the quarter before) and a leader's view. Prints one JSON line.
//
// Database: a temp SQLite file; or, when DATABASE_URL is a postgres URL, a temporary database
// created on that server and dropped afterwards (the database named in the URL is not touched).
import { randomUUID } from 'node:crypto';
import { systemClock } from '../core/clock.ts';
import type { Db } from '../core/db.ts';
import { DEFAULT_ITEMS, seedHiring } from '../workflows/hiring/domain/defaults.ts';
import { type Actor, parseQuarter } from '../workflows/hiring/domain/model.ts';
import { hiringReport } from '../workflows/hiring/domain/report.ts';
import { throwawayDatabase } from './throwaway-database.ts';

const PROCESSES = 400;
const INTERVIEWS_PER_PROCESS = 4;
const PANEL = 5;

/** A deterministic sequence, so every run seeds the same year. */
let state = 42;
const rand = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};

async function seed(db: Db) {
  await seedHiring({ db });
  const rules = [
    { key: 'min_members', labelEn: 'At least 3 members', labelEs: 'Al menos 3 miembros', pass: true, reason: { key: 'members', params: { count: 5, min: 3 } } },
  ];
  const yearStart = Date.UTC(2026, 0, 5);
  const processes = [];
  const panel = [];
  const interviews = [];
  const answers = [];
  const verifications = [];
  for (let i = 0; i < PROCESSES; i++) {
    const id = randomUUID();
    const b = i % 60;
    const createdAt = new Date(yearStart + Math.floor((i / PROCESSES) * 355) * 86_400_000);
    const pass = rand() < 0.85;
    processes.push({
      id,
      ref: `H-${String(i + 1).padStart(4, '0')}`,
      position: 'Teacher',
      building: `Building ${b}`,
      region: `Region ${b % 5}`,
      jobCategory: ['Teacher', 'Counselor', 'Administrator', 'Support'][i % 4] as string,
      requisitionId: `R-${1000 + i}`,
      managerId: `manager-${i % 80}`,
      status: 'closed',
      ruleResults: rules,
      rulesPass: pass,
      exceptionReason: pass ? null : rand() < 0.5 ? 'Small building' : null,
      createdAt,
      readyAt: createdAt,
      closedAt: new Date(createdAt.getTime() + 20 * 86_400_000),
    });
    for (let m = 0; m < PANEL; m++) {
      const personId = `panel-${(i * PANEL + m) % 900}`;
      panel.push({ processId: id, email: `${personId}-${i}@dm.example`, personId: `${personId}-${i}` });
      verifications.push({
        processId: id,
        personId: `${personId}-${i}`,
        sentAt: new Date(createdAt.getTime() + 20 * 86_400_000),
        answeredAt: new Date(createdAt.getTime() + 21 * 86_400_000),
        receivedAhead: rand() < 0.9 ? 'yes' : 'no',
        scoredIndependently: rand() < 0.85 ? 'yes' : 'no',
        sameQuestions: rand() < 0.95 ? 'yes' : 'no',
        feltPressure: rand() < 0.05 ? 'yes' : 'no',
      });
    }
    for (let k = 0; k < INTERVIEWS_PER_PROCESS; k++) {
      const interviewId = randomUUID();
      const interviewAt = new Date(createdAt.getTime() + (5 + k) * 86_400_000);
      const done = rand() < 0.92;
      interviews.push({
        id: interviewId,
        processId: id,
        candidateCode: `R-${1000 + i}-C${k + 1}`,
        interviewAt,
        createdBy: `manager-${i % 80}`,
        checklistAt: done ? new Date(interviewAt.getTime() + Math.floor(rand() * 48) * 3_600_000) : null,
      });
      if (done)
        for (const item of DEFAULT_ITEMS)
          answers.push({ interviewId, itemKey: item.key, answer: rand() < 0.88 ? 'yes' : rand() < 0.5 ? 'no' : 'na', comment: null });
    }
  }
  const chunked = async <T>(rows: T[], write: (slice: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
  };
  await chunked(processes, (data) => db.hiringProcess.createMany({ data }));
  await chunked(panel, (data) => db.hiringPanelMember.createMany({ data }));
  await chunked(interviews, (data) => db.hiringInterview.createMany({ data }));
  await chunked(answers, (data) => db.hiringChecklistAnswer.createMany({ data }));
  await chunked(verifications, (data) => db.hiringVerification.createMany({ data }));
  return { processes: processes.length, interviews: interviews.length, checklistAnswers: answers.length, verificationAnswers: verifications.length };
}

const { db, kind, dispose } = await throwawayDatabase('hiring');
try {
  const seedStart = performance.now();
  const seeded = await seed(db);
  const seedMs = Math.round(performance.now() - seedStart);
  if (kind === 'postgresql') await db.$executeRawUnsafe('ANALYZE');
  const deps = { db, clock: systemClock, timeZone: 'America/Chicago' };
  const hr: Actor = { id: 'hr', roles: ['hr'], building: null, region: null };
  const leader: Actor = { id: 'leader', roles: ['leader'], building: null, region: 'Region 2' };
  const q3 = parseQuarter('2026-Q3')!;
  const time = async (actor: Actor) => {
    const times: number[] = [];
    let groups = 0;
    let hidden = 0;
    for (let i = 0; i < 6; i++) {
      const start = performance.now();
      const r = await hiringReport(deps, actor, q3, 'building');
      times.push(performance.now() - start);
      groups = r.groups.length;
      hidden = r.groups.filter((g) => g.figures.verification === null).length;
    }
    const [first, ...rest] = times;
    const sorted = [...rest].sort((a, b) => a - b);
    return { ms: Math.round(sorted[Math.floor(sorted.length / 2)]!), msFirst: Math.round(first!), msMax: Math.round(sorted.at(-1)!), groups, hidden };
  };
  const hrView = await time(hr);
  const leaderView = await time(leader);
  console.log(
    JSON.stringify({
      bench: 'hiring-report',
      database: kind,
      ...seeded,
      quarter: q3.label,
      breakdown: 'building',
      ms: hrView.ms,
      msFirst: hrView.msFirst,
      msMax: hrView.msMax,
      groups: hrView.groups,
      leaderMs: leaderView.ms,
      leaderGroups: leaderView.groups,
      leaderHiddenGroups: leaderView.hidden,
      goalMs: 500,
      seedMs,
    }),
  );
} finally {
  await dispose();
}
