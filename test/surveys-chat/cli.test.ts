// The `survey` CLI group against a test database: new from JSON, list, launch (queues the
// card campaign), close (ends the window now), results and export.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { createLogger } from '../../core/log.ts';
import type { CliContext } from '../../kernel/cli.ts';
import { surveyCli } from '../../workflows/surveys/cli.ts';
import { seedItemBank } from '../../workflows/surveys/domain/index.ts';
import { catalog } from '../support/catalog.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
let lines: string[];
let ctx: CliContext;
const run = async (cmd: string, ...args: string[]) => {
  lines = [];
  const g = surveyCli;
  if (!('commands' in g)) throw new Error('survey is a group');
  return g.commands[cmd]!.run(ctx, args);
};

beforeAll(async () => {
  t = await createTestDatabase();
  ctx = {
    db: t.db,
    kind: t.kind,
    log: createLogger({ level: 'silent' }),
    clock: systemClock,
    defaultLocale: 'en',
    timeZone: 'America/Chicago',
    catalog,
    ports: {},
    schedulesChanged: async () => undefined,
    directoryChanged: async () => undefined,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  };
  await seedItemBank(ctx);
  for (let i = 0; i < 6; i++)
    await t.db.person.create({
      data: { employeeId: `E${i}`, name: `P ${i}`, email: `p${i}@x.example`, building: 'Lincoln', roles: { create: [{ role: 'staff' }] } },
    });
});
afterAll(async () => t?.close());

describe('npm run cli -- survey', () => {
  it('creates from JSON, lists, launches, closes, and exports', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'survey-')), 'survey.json');
    writeFileSync(
      file,
      JSON.stringify({ title: { en: 'CLI pulse', es: 'Pulso CLI' }, questions: [{ itemKey: 'care.whole_person' }], audience: { buildings: ['Lincoln'] } }),
    );
    expect(await run('new', file)).toBe(0);
    const id = /created (\S+);/.exec(lines[0]!)![1]!;
    expect(await run('list')).toBe(0);
    expect(lines.join('\n')).toContain('CLI pulse');
    expect(await run('launch', id)).toBe(0);
    expect(lines[0]).toContain('to 6 people');
    const campaign = await t.db.campaign.findFirstOrThrow({ where: { purpose: { startsWith: 'survey-run:' } } });
    expect(campaign.template).toBe('survey');
    expect(await t.db.delivery.count({ where: { campaignId: campaign.id } })).toBe(6);
    expect(await run('close', id)).toBe(0);
    // One meaning in chat and CLI: closed at once, and the sent cards turned to "closed".
    expect(lines[0]).toContain('closed now');
    expect((await t.db.surveyRun.findFirstOrThrow({ where: { surveyId: id } })).status).toBe('closed');
    expect(await run('export', id, '--by', 'building')).toBe(0);
    expect(lines.join('\n').length).toBeGreaterThan(0);
    expect(await run('results', id)).toBe(0);
    expect(JSON.parse(lines.join('\n')).responseRate.sent).toBe(6);
  });

  it('refuses a bad definition with the reason', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'survey-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ title: { en: 'x', es: 'x' }, questions: [{ itemKey: 'no.such_item' }] }));
    await expect(run('new', file)).rejects.toThrow();
  });
});
