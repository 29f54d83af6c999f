// After each interview the hiring manager completes the checklist once; reminders come an hour
// after the interview, then daily on school days for up to 10 days, recorded before each send.
// At close every panel member gets the verification survey; the hiring manager never reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ITEMS } from '../../workflows/hiring/domain/defaults.ts';
import { answerKey, commentKey, fromLocal, submitChecklist } from '../../workflows/hiring/domain/interviews.ts';
import { type Actor, DAY_MS, HOUR_MS } from '../../workflows/hiring/domain/model.ts';
import { openProcess, processFor } from '../../workflows/hiring/domain/processes.ts';
import { submitVerification, verificationAnswers } from '../../workflows/hiring/domain/verification.ts';
import { closeAndVerify, myHiringTasks, recordInterview, sweepReminders } from '../../workflows/hiring/operations.ts';
import { fakeTraining, refusal, type World, world } from './support.ts';

const everyone = new Set<string>();
let w: World;
let manager: Actor;
let hr: Actor;
let panel: Actor[];
let ref = '';
beforeAll(async () => {
  w = await world({ training: fakeTraining(() => everyone) });
  manager = await w.person({ email: 'manager@dm.example', roles: ['hiring_manager'] });
  hr = await w.person({ email: 'hr@dm.example', roles: ['hr'] });
  panel = [
    await w.person({ email: 'p1@dm.example' }),
    await w.person({ email: 'p2@dm.example', jobCategory: 'Counselor' }),
    await w.person({ email: 'p3@dm.example', building: 'Lincoln High' }),
    await w.person({ email: 'p4@dm.example' }),
  ];
  for (const p of panel) everyone.add(p.id);
  const view = await openProcess(w.deps, manager, {
    position: 'Math teacher',
    building: 'Hoover High',
    jobCategory: 'Teacher',
    requisitionId: 'R-1042',
    panel: panel.map((p) => (p as Actor & { email: string }).email),
  });
  expect(view.process.status).toBe('ready');
  ref = view.process.ref;
});
afterAll(() => w?.close());

const allYes = () => Object.fromEntries(DEFAULT_ITEMS.map((i) => [answerKey(i.key), 'yes']));
const answers = () => w.t.db.hiringChecklistAnswer.count();
const at = (local: string) => fromLocal('America/Chicago', local.slice(0, 10), local.slice(11));

describe('candidate interviews', () => {
  it('are recorded by candidate code only; a name is refused and nothing is stored', async () => {
    expect(await refusal(() => recordInterview(w.deps, manager, ref, 'Jane Doe', at('2026-08-03T10:00')))).toBe('hiringBadCandidate');
    expect(await refusal(() => recordInterview(w.deps, manager, ref, 'R-1042-C1', new Date(Number.NaN)))).toBe('hiringBadDate');
    expect(await refusal(() => recordInterview(w.deps, panel[0]!, ref, 'R-1042-C1', at('2026-08-03T10:00')))).toBe('hiringForbidden');
    expect(await w.t.db.hiringInterview.count()).toBe(0);
    const { interview, checklist } = await recordInterview(w.deps, manager, ref, 'r-1042-c1', at('2026-08-03T10:00'));
    expect(interview.candidateCode).toBe('R-1042-C1');
    expect(checklist.items.map((i) => i.key)).toEqual(DEFAULT_ITEMS.map((i) => i.key));
    expect(await refusal(() => recordInterview(w.deps, manager, ref, 'R-1042-C1', at('2026-08-03T11:00')))).toBe('hiringDuplicateCandidate');
  });

  it('remind the panel to score on their own, through delivery', async () => {
    const campaigns = await w.t.db.campaign.findMany({ where: { purpose: { startsWith: 'hiring-score:' } }, include: { deliveries: true } });
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]!.deliveries.map((d) => d.personId).sort()).toEqual(panel.map((p) => p.id).sort());
  });
});

describe('the checklist', () => {
  it('refuses an unknown item, a missing answer, or No without a comment, and stores nothing', async () => {
    const interview = await w.t.db.hiringInterview.findFirstOrThrow({ where: { candidateCode: 'R-1042-C1' } });
    expect(await refusal(() => submitChecklist(w.deps, manager, interview.id, { ...allYes(), [answerKey('bogus')]: 'yes' }))).toBe('hiringUnknownItem');
    const missing = allYes();
    delete missing[answerKey('accommodations')];
    expect(await refusal(() => submitChecklist(w.deps, manager, interview.id, missing))).toBe('hiringMissingAnswer');
    expect(await refusal(() => submitChecklist(w.deps, manager, interview.id, { ...allYes(), [answerKey('blind_task')]: 'no' }))).toBe('hiringCommentRequired');
    expect(await refusal(() => submitChecklist(w.deps, manager, interview.id, { ...allYes(), [answerKey('blind_task')]: 'maybe' }))).toBe(
      'hiringMissingAnswer',
    );
    expect(await refusal(() => submitChecklist(w.deps, panel[0]!, interview.id, allYes()))).toBe('hiringNotOnProcess');
    expect(await refusal(() => submitChecklist(w.deps, manager, 'no-such-interview', allYes()))).toBe('hiringNotOnProcess');
    expect(await answers()).toBe(0);
    expect((await w.t.db.hiringInterview.findUniqueOrThrow({ where: { id: interview.id } })).checklistAt).toBeNull();
  });

  it('submitted twice at once (double click, platform retry) is counted once', async () => {
    const interview = await w.t.db.hiringInterview.findFirstOrThrow({ where: { candidateCode: 'R-1042-C1' } });
    const values = {
      ...allYes(),
      [answerKey('blind_task')]: 'no',
      [commentKey('blind_task')]: 'The task was scored with names visible',
      [answerKey('accommodations')]: 'na',
    };
    const outcomes = await Promise.all([submitChecklist(w.deps, manager, interview.id, values), submitChecklist(w.deps, manager, interview.id, values)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already_recorded', 'recorded']);
    expect(await answers()).toBe(DEFAULT_ITEMS.length);
    expect((await submitChecklist(w.deps, manager, interview.id, allYes())).status).toBe('already_recorded');
    expect(
      await w.t.db.hiringChecklistAnswer.findUniqueOrThrow({ where: { interviewId_itemKey: { interviewId: interview.id, itemKey: 'blind_task' } } }),
    ).toMatchObject({
      answer: 'no',
      comment: 'The task was scored with names visible',
    });
    expect(await w.t.db.hiringAudit.count({ where: { action: 'checklist.submitted' } })).toBe(1);
  });
});

describe('checklist reminders', () => {
  it('come an hour after the interview, then daily on school days (not weekends), up to 10 days, each recorded once', async () => {
    // Interview Friday 2026-08-07 15:30 in Des Moines; the first reminder is due 16:30.
    const { interview } = await recordInterview(w.deps, manager, ref, 'R-1042-C2', at('2026-08-07T15:30'));
    w.clock.advance(Date.parse('2026-08-07T21:29:00Z') - w.clock.now().getTime()); // 16:29 local
    expect(await sweepReminders(w.deps)).toBe(0);
    w.clock.advance(2 * 60_000);
    expect(await sweepReminders(w.deps)).toBe(1);
    expect(await sweepReminders(w.deps)).toBe(0); // a second sweep (or instance) sends nothing more
    const next = (await w.t.db.hiringInterview.findUniqueOrThrow({ where: { id: interview.id } })).nextReminderAt!;
    // Saturday is no school day: the next is Monday 7:00 in Des Moines (12:00 UTC in August).
    expect(next.toISOString()).toBe('2026-08-10T12:00:00.000Z');
    // Sweep every hour for three weeks: at most 11 reminders in all, none on a weekend.
    for (let i = 0; i < 21 * 24; i++) {
      w.clock.advance(HOUR_MS);
      await sweepReminders(w.deps);
    }
    const rows = await w.t.db.hiringReminder.findMany({ where: { interviewId: interview.id }, orderBy: { step: 'asc' } });
    expect(rows.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const r of rows) {
      expect(r.campaignId).not.toBeNull();
      const day = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short' }).format(r.createdAt);
      expect(['Sat', 'Sun']).not.toContain(day);
    }
    const campaigns = await w.t.db.campaign.findMany({ where: { purpose: { startsWith: `hiring-reminder:${interview.id}:` } }, include: { deliveries: true } });
    expect(campaigns).toHaveLength(11);
    for (const c of campaigns) expect(c.deliveries.map((d) => d.personId)).toEqual([manager.id]);
  });

  it('stop once the checklist is done', async () => {
    const { interview } = await recordInterview(w.deps, manager, ref, 'R-1042-C3', w.clock.now());
    w.clock.advance(2 * HOUR_MS);
    await submitChecklist(w.deps, manager, interview.id, allYes());
    for (let i = 0; i < 5; i++) {
      w.clock.advance(DAY_MS);
      await sweepReminders(w.deps);
    }
    expect(await w.t.db.hiringReminder.count({ where: { interviewId: interview.id } })).toBe(0);
  });

  it("show in the manager's tasks until done", async () => {
    const tasks = await myHiringTasks(w.deps, manager.id);
    expect(tasks.checklists.map((c) => c.code)).toEqual(['R-1042-C2']);
    expect((await myHiringTasks(w.deps, panel[0]!.id)).checklists).toEqual([]);
  });
});

describe('close and the verification survey', () => {
  it('goes to every panel member once; a checklist after close is refused and stores nothing', async () => {
    const closed = await closeAndVerify(w.deps, manager, ref);
    expect(closed.alreadyClosed).toBe(false);
    expect((await closeAndVerify(w.deps, manager, ref)).alreadyClosed).toBe(true);
    const campaigns = await w.t.db.campaign.findMany({ where: { purpose: { startsWith: 'hiring-verify:' } }, include: { deliveries: true } });
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]!.deliveries.map((d) => d.personId).sort()).toEqual(panel.map((p) => p.id).sort());

    const waiting = await w.t.db.hiringInterview.findFirstOrThrow({ where: { candidateCode: 'R-1042-C2' } });
    const before = await answers();
    expect(await refusal(() => submitChecklist(w.deps, manager, waiting.id, allYes()))).toBe('hiringClosed');
    expect(await answers()).toBe(before);
    expect((await myHiringTasks(w.deps, panel[0]!.id)).verifications.map((v) => v.ref)).toEqual([ref]);
  });

  it('is answered once per panel member; others are refused', async () => {
    const process = (await processFor(w.deps, hr, ref)).process;
    const yes = { receivedAhead: 'yes', scoredIndependently: 'yes', sameQuestions: 'yes', feltPressure: 'no' };
    expect(await refusal(() => submitVerification(w.deps, manager, process.id, yes))).toBe('hiringNotOnProcess');
    expect(await refusal(() => submitVerification(w.deps, panel[0]!, process.id, { ...yes, feltPressure: '' }))).toBe('hiringMissingAnswer');
    const twice = await Promise.all([submitVerification(w.deps, panel[0]!, process.id, yes), submitVerification(w.deps, panel[0]!, process.id, yes)]);
    expect(twice.map((t) => t.status).sort()).toEqual(['already_recorded', 'recorded']);
    await submitVerification(w.deps, panel[1]!, process.id, { ...yes, feltPressure: 'yes', comment: 'Asked to raise a score' });
    expect(await w.t.db.hiringVerification.count({ where: { processId: process.id, answeredAt: { not: null } } })).toBe(2);
  });

  it('HR reads the answers per process; the hiring manager never does', async () => {
    expect(await refusal(() => verificationAnswers(w.deps, manager, ref))).toBe('hiringForbidden');
    const { rows } = await verificationAnswers(w.deps, hr, ref);
    expect(rows.filter((r) => r.answeredAt)).toHaveLength(2);
    expect(rows.find((r) => r.comment)?.comment).toBe('Asked to raise a score');
  });
});
