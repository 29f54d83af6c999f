// The quarterly review: HR sees every figure in the district; a leader sees their scope, with the
// verification figures of any group below the pulse surveys' minimum hidden; the export carries
// the same figures, one row per process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ITEMS } from '../../workflows/hiring/domain/defaults.ts';
import { exportCsv, hiringExport } from '../../workflows/hiring/domain/export.ts';
import { answerKey, commentKey, submitChecklist } from '../../workflows/hiring/domain/interviews.ts';
import { type Actor, HOUR_MS, parseQuarter } from '../../workflows/hiring/domain/model.ts';
import { openProcess, recordException } from '../../workflows/hiring/domain/processes.ts';
import { hiringReport, MIN_GROUP } from '../../workflows/hiring/domain/report.ts';
import { submitVerification } from '../../workflows/hiring/domain/verification.ts';
import { closeAndVerify, recordInterview } from '../../workflows/hiring/operations.ts';
import { DEFAULTS as SURVEY_DEFAULTS } from '../../workflows/surveys/domain/model.ts';
import { fakeTraining, refusal, type World, world } from './support.ts';

const Q3 = parseQuarter('2026-Q3')!;
const everyone = new Set<string>();
let w: World;
let hr: Actor;
let leader: Actor;
let manager: Actor;

const yes = { receivedAhead: 'yes', scoredIndependently: 'yes', sameQuestions: 'yes', feltPressure: 'no' };
const allYes = () => Object.fromEntries(DEFAULT_ITEMS.map((i) => [answerKey(i.key), 'yes']));

/** A closed process in `building` with `panelSize` members, of whom `answering` answer. */
async function processIn(building: string, panelSize: number, answering: number, opts: { exception?: boolean } = {}) {
  const panel = [];
  for (let i = 0; i < panelSize; i++) {
    const p = await w.person({
      email: `${building.replace(/\W/g, '').toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@dm.example`,
      building: i === 0 ? 'Central' : building,
      jobCategory: i === 1 ? 'Counselor' : 'Teacher',
    });
    everyone.add(p.id);
    panel.push(p);
  }
  const small = opts.exception ? panel.slice(0, 1) : panel;
  const view = await openProcess(w.deps, manager, {
    position: 'Teacher',
    building,
    jobCategory: 'Teacher',
    requisitionId: 'R-1',
    panel: small.map((p) => p.email),
  });
  if (view.process.status !== 'ready' && !opts.exception) throw new Error(JSON.stringify(view.results));
  if (opts.exception) await recordException(w.deps, hr, view.process.ref, 'One-person panel approved by HR');
  const { interview } = await recordInterview(w.deps, manager, view.process.ref, 'R-1-C1', w.clock.now());
  w.clock.advance(2 * HOUR_MS);
  await submitChecklist(w.deps, manager, interview.id, { ...allYes(), [answerKey('same_questions')]: 'no', [commentKey('same_questions')]: 'Order changed' });
  await closeAndVerify(w.deps, manager, view.process.ref);
  for (const p of small.slice(0, answering)) await submitVerification(w.deps, p, view.process.id, yes);
}

beforeAll(async () => {
  w = await world({ training: fakeTraining(() => everyone) });
  hr = await w.person({ email: 'hr@dm.example', roles: ['hr'], building: null, region: null });
  leader = await w.person({ email: 'leader@dm.example', roles: ['leader'], building: null, region: 'North' });
  manager = await w.person({ email: 'manager@dm.example', roles: ['hiring_manager'] });
  // Hoover High (North): 6 answers over two processes; Roosevelt (North): 3 answers; Lincoln (South): 5.
  await w.t.db.person.create({ data: { employeeId: 'R1', name: 'R', email: 'r@dm.example', building: 'Roosevelt', region: 'North' } });
  await w.t.db.person.create({ data: { employeeId: 'L1', name: 'L', email: 'l@dm.example', building: 'Lincoln', region: 'South' } });
  await processIn('Hoover High', 4, 3);
  await processIn('Hoover High', 3, 3);
  await processIn('Roosevelt', 4, 3);
  await processIn('Lincoln', 5, 5);
  await processIn('Lincoln', 3, 0, { exception: true });
});
afterAll(() => w?.close());

describe('the quarterly hiring report', () => {
  it('uses the pulse surveys’ minimum group', () => {
    expect(MIN_GROUP).toBe(SURVEY_DEFAULTS.minScores);
  });

  it('gives HR every figure, district-wide and by building', async () => {
    const r = await hiringReport(w.deps, hr, Q3, 'building');
    expect(r.total).toMatchObject({ processes: 5, meetingParameters: 4, exceptions: 1, interviews: 5, checklists: 5, medianDelayHours: 2 });
    expect(r.total.verification).toEqual({ sent: 4 + 3 + 4 + 5 + 1, answered: 14, agree: 14 * 2, compared: 14 * 3, pressure: 0 });
    expect(r.total.items.find((i) => i.key === 'same_questions')).toMatchObject({ yes: 0, answered: 5 });
    expect(r.groups.map((g) => [g.label, g.figures.processes, g.figures.verification?.answered])).toEqual([
      ['Hoover High', 2, 6],
      ['Lincoln', 2, 5],
      ['Roosevelt', 1, 3],
    ]);
    expect(r.previous).toMatchObject({ quarter: '2026-Q2', total: { processes: 0 } });
  });

  it('shows a leader only their region, and hides the verification of a building below the minimum, and the one beside it that would give it away', async () => {
    const r = await hiringReport(w.deps, leader, Q3, 'building');
    expect(r.scope).toEqual({ kind: 'region', region: 'North' });
    expect(r.total.processes).toBe(3);
    expect(r.total.verification?.answered).toBe(9);
    const by = Object.fromEntries(r.groups.map((g) => [g.label, g.figures.verification]));
    expect(Object.keys(by)).toEqual(['Hoover High', 'Roosevelt']);
    expect(by.Roosevelt).toBeNull();
    // Hoover's 6 shown beside the region's 9 would give away Roosevelt's 3: hidden too.
    expect(by['Hoover High']).toBeNull();
    // Process and checklist figures stay visible.
    expect(r.groups.find((g) => g.label === 'Roosevelt')!.figures.checklists).toBe(1);
  });

  it('is refused to staff and hiring managers', async () => {
    expect(await refusal(() => hiringReport(w.deps, manager, Q3))).toBe('hiringForbidden');
  });

  it('and the export carry the same figures: the rows add up to the report', async () => {
    const x = await hiringExport(w.deps, hr, Q3);
    expect(x.processes).toHaveLength(x.report.total.processes);
    const sum = (f: (p: (typeof x.processes)[number]) => number) => x.processes.reduce((s, p) => s + f(p), 0);
    expect(sum((p) => (p.rulesPass ? 1 : 0))).toBe(x.report.total.meetingParameters);
    expect(sum((p) => (p.exception ? 1 : 0))).toBe(x.report.total.exceptions);
    expect(sum((p) => p.figures.checklists)).toBe(x.report.total.checklists);
    expect(sum((p) => p.figures.verification!.answered)).toBe(x.report.total.verification!.answered);
    const csv = exportCsv(x).trimEnd().split('\n');
    expect(csv).toHaveLength(1 + x.processes.length);
    expect(csv[0]).toContain('verification_answered');
    expect(csv.slice(1).every((l) => l.startsWith('2026-Q3,H-'))).toBe(true);
    // No candidate codes, names or comments in the export.
    expect(csv.join('\n')).not.toMatch(/R-1-C1|Order changed/);
    expect(await refusal(() => hiringExport(w.deps, leader, Q3))).toBe('hiringForbidden');
  });
});
