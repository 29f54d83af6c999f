// Selection-team parameters: typed checks HR keeps as data, evaluated from the directory (and
// training records) when the panel is set and again when it changes. A rule that cannot be
// evaluated fails and says why; nothing passes silently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProcess, processFor, recordException, setPanel } from '../../workflows/hiring/domain/processes.ts';
import { changeRule, evaluateRules } from '../../workflows/hiring/domain/rules.ts';
import { productionTrainingRecords } from '../../workflows/hiring/domain/training-records.ts';
import { fakeTraining, refusal, type World, world } from './support.ts';

const trained = new Set<string>();
let w: World;
beforeAll(async () => {
  w = await world({ training: fakeTraining(() => trained) });
});
afterAll(() => w?.close());

const base = { position: 'Math teacher', building: 'Hoover High', jobCategory: 'Teacher', requisitionId: 'R-1042' };
const reasons = (v: { results: { key: string; pass: boolean; reason: { key: string } }[] }) =>
  Object.fromEntries(v.results.map((r) => [r.key, r.pass ? 'pass' : r.reason.key]));

describe('selection-team parameters', () => {
  it('shows at once which parameters pass and which fail, and why; ready only when all pass', async () => {
    const manager = await w.person({ email: 'manager@dm.example', roles: ['staff', 'hiring_manager'] });
    const a = await w.person({ email: 'a@dm.example' });
    const b = await w.person({ email: 'b@dm.example' });
    for (const p of [a, b]) trained.add(p.id);
    const view = await openProcess(w.deps, manager, { ...base, panel: [a.email, b.email] });
    expect(reasons(view)).toEqual({
      min_members: 'tooFewMembers',
      job_categories: 'tooFewJobCategories',
      outside_building: 'tooFewOutside',
      selection_training: 'pass',
    });
    expect(view.process.status).toBe('draft');

    const c = await w.person({ email: 'c@dm.example', building: 'Central Office', jobCategory: 'Administrator' });
    trained.add(c.id);
    const fixed = await setPanel(w.deps, manager, view.process.ref, [a.email, b.email, c.email]);
    expect(reasons(fixed)).toEqual({ min_members: 'pass', job_categories: 'pass', outside_building: 'pass', selection_training: 'pass' });
    expect(fixed.process.status).toBe('ready');

    // Changing the panel again evaluates again: an untrained member makes it not ready.
    const d = await w.person({ email: 'd@dm.example' });
    const again = await setPanel(w.deps, manager, view.process.ref, [a.email, b.email, c.email, d.email]);
    expect(reasons(again).selection_training).toBe('notTrained');
    expect(again.results.find((r) => r.key === 'selection_training')!.reason).toEqual({ key: 'notTrained', params: { emails: 'd@dm.example' } });
    expect(again.process.status).toBe('draft');
  });

  it('a panel member the directory does not have makes every rule fail with that reason, never pass', async () => {
    const manager = await w.person({ email: 'm2@dm.example', roles: ['hiring_manager'] });
    const x = await w.person({ email: 'x@dm.example', building: 'Central Office', jobCategory: 'Administrator' });
    const y = await w.person({ email: 'y@dm.example' });
    trained.add(x.id).add(y.id);
    const view = await openProcess(w.deps, manager, { ...base, panel: [x.email, y.email, 'stranger@elsewhere.example'] });
    for (const r of view.results) {
      expect(r.pass).toBe(false);
      expect(r.reason).toEqual({ key: 'notInDirectory', params: { emails: 'stranger@elsewhere.example' } });
    }
  });

  it('someone who left the district (inactive) counts as not in the directory', async () => {
    const manager = await w.person({ email: 'm3@dm.example', roles: ['hiring_manager'] });
    const gone = await w.person({ email: 'gone@dm.example' });
    await w.t.db.person.update({ where: { id: gone.id }, data: { inactiveAt: w.clock.now() } });
    const view = await openProcess(w.deps, manager, { ...base, panel: [gone.email] });
    expect(reasons(view).min_members).toBe('notInDirectory');
  });

  it('a member without a job category or building fails the rule that needs it, saying whose is missing', async () => {
    const results = await evaluateRules(
      (await w.t.db.hiringRule.findMany({ orderBy: { sortOrder: 'asc' } })).filter((r) => r.kind !== 'training_completed'),
      [
        { email: 'p@x', person: { id: 'p', building: null, jobCategory: 'Teacher' } },
        { email: 'q@x', person: { id: 'q', building: 'Hoover High', jobCategory: null } },
        { email: 'r@x', person: { id: 'r', building: 'Lincoln', jobCategory: 'Teacher' } },
      ],
      'Hoover High',
      fakeTraining(() => []),
    );
    expect(results.map((r) => [r.key, r.pass, r.reason])).toEqual([
      ['min_members', true, { key: 'members', params: { count: 3, min: 3 } }],
      ['job_categories', false, { key: 'noJobCategory', params: { emails: 'q@x' } }],
      ['outside_building', false, { key: 'noBuilding', params: { emails: 'p@x' } }],
    ]);
  });

  it('in production the training rule reads the training workflow: a member without a valid completion is named, and it fails', async () => {
    const rules = await w.t.db.hiringRule.findMany({ where: { kind: 'training_completed' } });
    const panel = [
      { email: 'a@x', person: { id: 'pa', building: 'A', jobCategory: 'Teacher' } },
      { email: 'b@x', person: { id: 'pb', building: 'B', jobCategory: 'Teacher' } },
    ];
    const now = new Date('2026-12-01T15:00:00Z');
    const records = productionTrainingRecords(w.t.db, { now: () => now });
    // No course with the rule's key yet: nobody has completed it.
    expect((await evaluateRules(rules, panel, 'B', records))[0]).toMatchObject({ pass: false, reason: { key: 'notTrained' } });
    const course = await w.t.db.trainingCourse.create({
      data: {
        key: 'selection-process',
        titleEn: 'Selection',
        titleEs: 'Selección',
        url: 'https://lms.example/sel',
        audience: {},
        dueKind: 'fixed',
        dueDate: '2027-01-15',
        reminderDays: [14, 7, 1],
      },
    });
    await w.t.db.trainingCompletion.create({ data: { courseId: course.id, personId: 'pa', completedAt: new Date('2026-11-20T12:00:00Z'), source: 'csv' } });
    const one = (await evaluateRules(rules, panel, 'B', records))[0];
    expect(one).toMatchObject({ pass: false, reason: { key: 'notTrained', params: { emails: expect.stringContaining('b@x') } } });
    expect(String(one?.reason.params.emails)).not.toContain('a@x');
    await w.t.db.trainingCompletion.create({ data: { courseId: course.id, personId: 'pb', completedAt: new Date('2026-11-21T12:00:00Z'), source: 'xapi' } });
    expect((await evaluateRules(rules, panel, 'B', records))[0]).toMatchObject({ pass: true, reason: { key: 'trained' } });
  });

  it('HR changes a parameter as data and it takes effect at the next evaluation; bad values change nothing', async () => {
    const hr = await w.person({ email: 'hr@dm.example', roles: ['hr'] });
    await changeRule(w.t.db, hr.id, 'min_members', { min: 5 }, w.clock.now());
    const manager = await w.person({ email: 'm4@dm.example', roles: ['hiring_manager'] });
    const view = await openProcess(w.deps, manager, { ...base, panel: ['a@dm.example', 'b@dm.example', 'c@dm.example'] });
    expect(view.results.find((r) => r.key === 'min_members')!.reason).toEqual({ key: 'tooFewMembers', params: { count: 3, min: 5 } });
    expect(await refusal(() => changeRule(w.t.db, hr.id, 'min_members', { min: 0 }, w.clock.now()))).toBe('hiringBadRule');
    expect(await refusal(() => changeRule(w.t.db, hr.id, 'no_such_rule', { enabled: false }, w.clock.now()))).toBe('hiringBadRule');
    expect((await w.t.db.hiringRule.findUniqueOrThrow({ where: { key: 'min_members' } })).params).toEqual({ min: 5 });
    expect(await w.t.db.hiringAudit.count({ where: { action: 'rule.changed', actorId: hr.id } })).toBe(1);
    await changeRule(w.t.db, hr.id, 'min_members', { min: 3 }, w.clock.now());
  });

  it('HR (only) records an exception with a reason, which makes the process ready and stays in the record', async () => {
    const manager = await w.person({ email: 'm5@dm.example', roles: ['hiring_manager'] });
    const hr = await w.person({ email: 'hr2@dm.example', roles: ['hr'] });
    const view = await openProcess(w.deps, manager, { ...base, panel: ['a@dm.example'] });
    expect(view.process.status).toBe('draft');
    expect(await refusal(() => recordException(w.deps, manager, view.process.ref, 'small building'))).toBe('hiringForbidden');
    const ok = await recordException(w.deps, hr, view.process.ref, 'Only two staff in this building');
    expect(ok.process).toMatchObject({ status: 'ready', exceptionReason: 'Only two staff in this building', exceptionBy: hr.id, rulesPass: false });
    expect(await w.t.db.hiringAudit.findMany({ where: { processId: view.process.id }, select: { action: true, actorId: true } })).toEqual(
      expect.arrayContaining([
        { action: 'process.opened', actorId: manager.id },
        { action: 'exception.recorded', actorId: hr.id },
      ]),
    );
  });

  it("nobody but the process's hiring manager or HR sees or changes it", async () => {
    const manager = await w.person({ email: 'm6@dm.example', roles: ['hiring_manager'] });
    const other = await w.person({ email: 'other@dm.example', roles: ['hiring_manager'] });
    const view = await openProcess(w.deps, manager, { ...base, panel: ['a@dm.example'] });
    expect(await refusal(() => processFor(w.deps, other, view.process.ref))).toBe('hiringForbidden');
    expect(await refusal(() => setPanel(w.deps, other, view.process.ref, ['b@dm.example']))).toBe('hiringForbidden');
    expect((await w.t.db.hiringPanelMember.findMany({ where: { processId: view.process.id } })).map((m) => m.email)).toEqual(['a@dm.example']);
  });

  it('a form without a panel, or a requisition id that is not an id, is refused and stores nothing', async () => {
    const manager = await w.person({ email: 'm7@dm.example', roles: ['hiring_manager'] });
    const before = await w.t.db.hiringProcess.count();
    expect(await refusal(() => openProcess(w.deps, manager, { ...base, panel: [] }))).toBe('hiringBadForm');
    expect(await refusal(() => openProcess(w.deps, manager, { ...base, requisitionId: 'Jane Doe résumé', panel: ['a@dm.example'] }))).toBe('hiringBadForm');
    expect(await w.t.db.hiringProcess.count()).toBe(before);
  });
});
