// The `hiring` CLI group against a test database: the rules as data, the quarterly report and
// the export (CSV and JSON) with the same figures, and a process's audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log.ts';
import type { CliContext } from '../../kernel/cli.ts';
import { hiringCli } from '../../workflows/hiring/cli.ts';
import { DEFAULT_ITEMS } from '../../workflows/hiring/domain/defaults.ts';
import { answerKey, submitChecklist } from '../../workflows/hiring/domain/interviews.ts';
import { openProcess } from '../../workflows/hiring/domain/processes.ts';
import { recordInterview } from '../../workflows/hiring/operations.ts';
import { catalog } from '../support/catalog.ts';
import { fakeTraining, type World, world } from './support.ts';

let w: World;
let lines: string[];
let ctx: CliContext;
const run = async (cmd: string, ...args: string[]) => {
  lines = [];
  if (!('commands' in hiringCli)) throw new Error('hiring is a group');
  return hiringCli.commands[cmd]!.run(ctx, args);
};
const everyone = new Set<string>();

beforeAll(async () => {
  w = await world({ training: fakeTraining(() => everyone) });
  ctx = {
    ...w.deps,
    kind: w.t.kind,
    log: createLogger({ level: 'silent' }),
    defaultLocale: 'en',
    catalog,
    ports: {},
    schedulesChanged: async () => undefined,
    directoryChanged: async () => undefined,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  };
  const manager = await w.person({ email: 'manager@dm.example', roles: ['hiring_manager'] });
  const panel = [
    await w.person({ email: 'a@dm.example' }),
    await w.person({ email: 'b@dm.example', jobCategory: 'Counselor' }),
    await w.person({ email: 'c@dm.example', building: 'Lincoln' }),
  ];
  for (const p of panel) everyone.add(p.id);
  const view = await openProcess(w.deps, manager, {
    position: 'Math teacher',
    building: 'Hoover High',
    jobCategory: 'Teacher',
    requisitionId: 'R-7',
    panel: panel.map((p) => p.email),
  });
  const { interview } = await recordInterview(w.deps, manager, view.process.ref, 'R-7-C1', w.clock.now());
  await submitChecklist(w.deps, manager, interview.id, Object.fromEntries(DEFAULT_ITEMS.map((i) => [answerKey(i.key), 'yes'])));
});
afterAll(() => w?.close());

describe('npm run cli -- hiring', () => {
  it('lists the rules and changes one as data; a bad value is refused', async () => {
    expect(await run('rules')).toBe(0);
    expect(lines[0]).toMatch(/^min_members\ton\tmin_members\t\{"min":3\}/);
    expect(await run('rule', 'outside_building', '2')).toBe(0);
    expect(lines[0]).toMatch(/^outside_building\ton\t\{"min":2\}\t/);
    expect(await run('rule', 'outside_building', '--en', 'One member from another school', '--es', 'Un miembro de otra escuela')).toBe(0);
    expect(lines[0]).toBe('outside_building\ton\t{"min":2}\tOne member from another school\tUn miembro de otra escuela');
    await expect(run('rule', 'outside_building', 'lots')).rejects.toThrow(/usage/);
    await run('rule', 'outside_building', '1');
  });

  it('adds a checklist item with its English and Spanish text, and turns one off; the next checklist follows', async () => {
    expect(await run('item', 'interpreter', '--en', 'An interpreter was offered', '--es', 'Se ofreció un intérprete')).toBe(0);
    expect(lines[0]).toBe('interpreter\ton\tAn interpreter was offered\tSe ofreció un intérprete');
    expect(await run('item', 'blind_task', 'off')).toBe(0);
    await expect(run('item', 'no_such', 'on')).rejects.toThrow(/no checklist item/);
    expect(await run('items')).toBe(0);
    expect(lines.at(-1)).toMatch(/^interpreter\ton/);
    const { checklist } = await recordInterview(w.deps, await w.person({ email: 'm2@dm.example', roles: ['hr'] }), 'H-0001', 'R-7-C2', w.clock.now());
    expect(checklist.items.map((i) => i.key)).toEqual([...DEFAULT_ITEMS.map((i) => i.key).filter((k) => k !== 'blind_task'), 'interpreter']);
    await run('item', 'blind_task', 'on');
  });

  it('prints the report as JSON and the export as CSV or JSON, with the same figures', async () => {
    expect(await run('report', '2026-Q3', '--by', 'building')).toBe(0);
    const report = JSON.parse(lines.join('\n'));
    expect(report.total).toMatchObject({ processes: 1, meetingParameters: 1, interviews: 2, checklists: 1 });
    expect(await run('export', '2026-Q3')).toBe(0);
    expect(lines.join('\n').split('\n')).toHaveLength(2);
    expect(await run('export', '2026-Q3', '--format', 'json')).toBe(0);
    const x = JSON.parse(lines.join('\n'));
    expect(x.report.total).toEqual(report.total);
    expect(x.processes).toHaveLength(1);
    await expect(run('report', 'Q3')).rejects.toThrow(/not a quarter/);
  });

  it("prints a process's audit trail: who did what and when", async () => {
    expect(await run('audit', 'H-0001')).toBe(0);
    expect(lines[0]).toBe('at,actor,action,detail');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual([
      'process.opened',
      'rules.evaluated',
      'interview.added',
      'checklist.submitted',
      'interview.added',
    ]);
    expect(lines[1]).toContain('manager@dm.example');
  });
});
