// `npm run bench:training`: 5,000 people × 12 required courses (60,000 assignments: about half
// completed, a third due, the rest overdue, with the reminder steps already taken) in a throwaway
// database; times the daily planning of a reminder round (planRound: every open assignment, the
// steps already taken, what each person and manager is owed) and a full compliance report by
// building (complianceReport). Prints one JSON line: people, assignments, planMs, reportMs (and
// reconcileMs: matching every course's audience to the directory, which the round also runs).
//
// Database: a temp SQLite file; or, when DATABASE_URL is a postgres URL, a temporary database
// created on that server and dropped afterwards. Options (env): BENCH_PEOPLE (default 5000).
import { randomUUID } from 'node:crypto';
import { localDate } from '../cards/dates.ts';
import type { Db } from '../core/db.ts';
import { addDays } from '../scheduler/school-days.ts';
import { reconcileAssignments } from '../workflows/training/domain/assignments.ts';
import { complianceReport } from '../workflows/training/domain/compliance.ts';
import { planRound } from '../workflows/training/domain/reminders.ts';
import { throwawayDatabase } from './throwaway-database.ts';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 5000);
const COURSES = 12;
const TZ = 'America/Chicago';

let state = 42;
const rand = () => {
  state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
  return state / 2_147_483_648;
};

async function seed(db: Db, today: string) {
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    id: randomUUID(),
    employeeId: `B${i}`,
    name: `Person ${i}`,
    email: `p${i}@dmschools.example`,
    building: `Building ${i % 60}`,
    region: `Region ${i % 5}`,
    jobCategory: i % 3 === 0 ? 'Teacher' : 'Support',
    hireDate: new Date(`${addDays(today, -Math.floor(rand() * 3000))}T00:00:00Z`),
    managerEmail: `p${i - (i % 20)}@dmschools.example`,
  }));
  for (let i = 0; i < people.length; i += 1000) {
    await db.person.createMany({ data: people.slice(i, i + 1000) });
    await db.personRole.createMany({ data: people.slice(i, i + 1000).map((p) => ({ personId: p.id, role: 'staff' as const })) });
  }
  const courses = [];
  for (let c = 0; c < COURSES; c++)
    courses.push(
      await db.trainingCourse.create({
        data: {
          key: `course-${c}`,
          titleEn: `Course ${c}`,
          titleEs: `Curso ${c}`,
          url: `https://learn.dmschools.example/course-${c}`,
          audience: {},
          dueKind: 'fixed',
          dueDate: addDays(today, -30 + c * 7),
          reminderDays: [14, 7, 1],
        },
      }),
    );
  let assignments = 0;
  for (const c of courses) {
    const rows = people.map((p) => {
      const done = rand() < 0.5;
      return {
        id: randomUUID(),
        courseId: c.id,
        personId: p.id,
        cycle: '',
        dueDate: c.dueDate as string,
        completedAt: done ? new Date() : null,
        completedBy: done ? 'csv' : null,
      };
    });
    for (let i = 0; i < rows.length; i += 1000) await db.trainingAssignment.createMany({ data: rows.slice(i, i + 1000) });
    const open = rows.filter((r) => !r.completedAt);
    const steps = open.filter(() => rand() < 0.8).map((r) => ({ assignmentId: r.id, step: 'assigned' }));
    for (let i = 0; i < steps.length; i += 1000) await db.trainingReminderStep.createMany({ data: steps.slice(i, i + 1000) });
    assignments += rows.length;
  }
  return assignments;
}

async function main() {
  const { db, kind, dispose } = await throwawayDatabase('training');
  try {
    const now = new Date();
    const today = localDate(TZ, now);
    const assignments = await seed(db, today);
    const deps = { db, timeZone: TZ, clock: { now: () => now } };
    await planRound(db, today); // warm-up: statements prepared, pages cached
    let t = performance.now();
    const plan = await planRound(db, today);
    const planMs = performance.now() - t;
    t = performance.now();
    const report = await complianceReport(deps, { today, scope: { kind: 'all' }, by: 'building' });
    const reportMs = performance.now() - t;
    t = performance.now();
    const reconciled = await reconcileAssignments(deps);
    const reconcileMs = performance.now() - t;
    console.log(
      JSON.stringify({
        db: kind,
        people: PEOPLE,
        assignments,
        planMs: Math.round(planMs),
        reportMs: Math.round(reportMs),
        reconcileMs: Math.round(reconcileMs),
        personCards: plan.people.length,
        escalations: plan.escalations.length,
        reportRows: report.rows.length,
        reconcileCreated: reconciled.created,
      }),
    );
  } finally {
    await dispose();
  }
}

await main();
