// Pulse surveys on a person's home, as the module contract gives them to every surface: a
// staff member's open surveys (gone once answered), and result viewers' dashboards in their own
// scope with the chat thresholds (a hidden group is null, never 0); a leader asking for another
// building is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.ts';
import { homeOf } from '../../kernel/home.ts';
import type { PersonWithRoles } from '../../kernel/identity.ts';
import type { Services } from '../../kernel/turn.ts';
import { closeRun, createSurvey, launchRun, seedItemBank, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { product, testServices } from '../support/catalog.ts';
import { addPeople, createDatabase, goodValues, SAMPLE_QUESTIONS, TestClock, type TestDatabase } from '../surveys/support.ts';

let t: TestDatabase;
let services: Services;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));
const person = (id: string) => t.db.person.findUniqueOrThrow({ where: { id }, include: { roles: true } }) as Promise<PersonWithRoles>;
let lincoln: string[];
let hoover: string[];
let leaderId: string;
let hrId: string;
let openRunId: string;

beforeAll(async () => {
  t = await createDatabase();
  services = testServices(t.db, { clock });
  await seedItemBank(services);
  lincoln = await addPeople(
    t.db,
    Array.from({ length: 8 }, () => ({ building: 'Lincoln High', region: 'South' })),
  );
  hoover = await addPeople(
    t.db,
    Array.from({ length: 3 }, () => ({ building: 'Hoover High', region: 'North' })),
  );
  const north = await addPeople(t.db, [
    ...Array.from({ length: 6 }, () => ({ building: 'Roosevelt High', region: 'North' })),
    ...Array.from({ length: 6 }, () => ({ building: 'Grant High', region: 'North' })),
  ]);
  leaderId = (await addPeople(t.db, [{ building: 'Lincoln High', region: 'South', roles: ['leader'] }]))[0] as string;
  hrId = (await addPeople(t.db, [{ roles: ['hr'] }]))[0] as string;
  const survey = await createSurvey(services, {
    title: { en: 'Pulse', es: 'Encuesta' },
    questions: SAMPLE_QUESTIONS,
    audience: { roles: ['staff'] },
    schedule: { kind: 'cron', cron: '0 9 1-7 * 2' },
  });
  // Two closed runs (a trend), everyone answering; Hoover's three are too few to show.
  for (const likert of ['3', '5']) {
    const { run } = await launchRun(services, survey.id);
    for (const id of [...lincoln, ...hoover, ...north]) await submitResponse(services, { runId: run.id, personId: id, values: goodValues(likert) });
    await closeRun(services, { runId: run.id });
    clock.advanceDays(10);
  }
  const other = await createSurvey(services, { title: { en: 'Open <b>now</b>', es: 'Abierta' }, questions: SAMPLE_QUESTIONS, audience: { roles: ['staff'] } });
  openRunId = (await launchRun(services, other.id)).run.id;
});
afterAll(async () => t.close());

describe('tasks', () => {
  it('a staff member sees each open survey they have not answered, with the card to answer it, and it is gone once answered', async () => {
    const [me, neighbour] = lincoln as [string, string];
    const before = await homeOf(services, product.modules, await person(me));
    expect(before.tasks.map((x) => ({ key: x.key, title: x.title, status: x.status }))).toEqual([
      { key: `survey:${openRunId}`, title: 'Open <b>now</b>', status: 'open' },
    ]);
    expect(before.tasks[0]?.form?.type).toBe('AdaptiveCard');
    expect(before.dashboards).toEqual([]);
    await submitResponse(services, { runId: openRunId, personId: me, values: goodValues() });
    expect((await homeOf(services, product.modules, await person(me))).tasks).toEqual([]);
    expect((await homeOf(services, product.modules, await person(neighbour))).tasks).toHaveLength(1);
  });

  it('in Spanish the task has the Spanish title', async () => {
    const [id] = await addPeople(t.db, [{ building: 'Lincoln High', language: 'es' }]);
    await t.db.surveyParticipation.create({ data: { runId: openRunId, personId: id as string, slot: 900, sentAt: clock.now() } });
    const view = await homeOf(services, product.modules, await person(id as string));
    expect(view.locale).toBe('es');
    expect(view.tasks.map((x) => [x.title, x.kind])).toEqual([['Abierta', 'Encuesta']]);
  });
});

describe('dashboards', () => {
  it("a leader sees their building's trend and items, the same numbers as chat; a hidden value is null", async () => {
    const view = await homeOf(services, product.modules, await person(leaderId));
    const [d] = view.dashboards;
    expect(d?.scope).toBe('Lincoln High');
    const [trend, byItem] = d?.charts ?? [];
    expect(trend?.kind).toBe('line');
    expect(trend?.labels).toHaveLength(2);
    const whole = trend?.series.find((s) => s.label.startsWith('At work'))?.values;
    expect(whole).toEqual([0, 100]); // agree (4+) is favourable: 3 in the first run, 5 in the second
    expect(byItem?.kind).toBe('bar');
    expect(byItem?.series[0]?.values[0]).toBe(100);
    expect(d?.headline[0]).toEqual({ label: 'Response rate', value: '100%' });
  });

  it('HR sees the district with a building breakdown where Hoover (3 answers) is hidden, not zero', async () => {
    const view = await homeOf(services, product.modules, await person(hrId));
    const byBuilding = view.dashboards[0]?.charts.find((c) => c.title.includes('building'));
    expect(byBuilding?.labels).toEqual(expect.arrayContaining(['Hoover High', 'Lincoln High']));
    expect(byBuilding?.series[0]?.values[byBuilding.labels.indexOf('Hoover High')]).toBeNull();
    const narrowed = await homeOf(services, product.modules, await person(hrId), { query: { building: 'Hoover High' } });
    expect(narrowed.dashboards[0]?.scope).toBe('Hoover High');
    expect(narrowed.dashboards[0]?.charts[1]?.series[0]?.values.every((v) => v === null)).toBe(true);
  });

  it('a leader cannot narrow to another building: refused, nothing of it shown', async () => {
    const asked = homeOf(services, product.modules, await person(leaderId), { query: { building: 'Hoover High' } });
    await expect(asked).rejects.toSatisfy((e) => isAppError(e, 'forbidden'));
    const own = await homeOf(services, product.modules, await person(leaderId), { query: { building: 'Lincoln High' } });
    expect(own.dashboards[0]?.scope).toBe('Lincoln High');
  });

  it('staff see no dashboards', async () => {
    expect((await homeOf(services, product.modules, await person(hoover[0] as string))).dashboards).toEqual([]);
  });
});
