// The item bank, survey definitions and who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.ts';
import {
  type CreateSurveyInput,
  canManageSurveys,
  createItem,
  createSurvey,
  DEFAULT_ITEMS,
  launchRun,
  listItems,
  resultScope,
  type SurveyDeps,
  SurveyNotice,
  seedItemBank,
  surveyQuestions,
  updateItem,
} from '../../workflows/surveys/domain/index.ts';
import { addPeople, createDatabase, SAMPLE_QUESTIONS, TestClock, type TestDatabase } from './support.ts';

let t: TestDatabase;
let deps: SurveyDeps;
beforeAll(async () => {
  t = await createDatabase();
  deps = { db: t.db, clock: new TestClock(new Date('2026-11-23T15:00:00Z')) };
});
afterAll(() => t?.close());

const base: CreateSurveyInput = { title: { en: 'Pulse', es: 'Encuesta' }, questions: SAMPLE_QUESTIONS };
async function refused(input: unknown) {
  try {
    await createSurvey(deps, input as CreateSurveyInput);
  } catch (e) {
    if (isAppError(e)) return { code: e.code, notice: e.notice?.key, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the item bank', () => {
  it('covers the themes the strategic plan tracks, in English and Spanish, with stable keys', () => {
    const topics = new Set(DEFAULT_ITEMS.map((i) => i.topic));
    for (const topic of ['wellbeing', 'safety', 'communication', 'information', 'professional_learning']) expect(topics).toContain(topic);
    expect(DEFAULT_ITEMS.some((i) => /cultur/i.test(i.en) && /cultur/i.test(i.es))).toBe(true);
    expect(DEFAULT_ITEMS.some((i) => /intranet/i.test(i.en))).toBe(true);
    expect(new Set(DEFAULT_ITEMS.map((i) => i.kind))).toEqual(new Set(['likert5', 'scale0to10', 'single', 'multi', 'comment']));
    expect(new Set(DEFAULT_ITEMS.map((i) => i.key)).size).toBe(DEFAULT_ITEMS.length);
    for (const i of DEFAULT_ITEMS) {
      expect(i.es).not.toBe(i.en);
      expect(i.es).not.toMatch(/\btú\b|\btu\b|\bte\b/i); // usted throughout
    }
  });

  it('seeds once, keeps edits on the next seed, and accepts new items', async () => {
    expect(await seedItemBank(deps)).toHaveLength(DEFAULT_ITEMS.length);
    await updateItem(deps, 'comms.intranet', { text: { en: 'The intranet helps me do my job.' } });
    expect(await seedItemBank(deps)).toEqual([]);
    const items = await listItems(deps);
    expect(items).toHaveLength(DEFAULT_ITEMS.length);
    expect(items.find((i) => i.key === 'comms.intranet')!.text.en).toBe('The intranet helps me do my job.');
    const added = await createItem(deps, {
      key: 'safety.building_access',
      kind: 'single',
      topic: 'safety',
      text: { en: 'How often is your building entrance secured?', es: '¿Con qué frecuencia está asegurada la entrada de su edificio?' },
      choices: [
        { key: 'rarely', en: 'Rarely', es: 'Rara vez' },
        { key: 'always', en: 'Always', es: 'Siempre', favourable: true },
      ],
    });
    expect(added.builtIn).toBe(false);
  });

  it('lets choice labels change but not remove a choice key a survey uses', async () => {
    await createSurvey(deps, base);
    const item = (await listItems(deps)).find((i) => i.key === 'learning.applied')!;
    await updateItem(deps, 'learning.applied', { choices: item.choices.map((c) => ({ ...c, en: c.en.toUpperCase() })) });
    await expect(updateItem(deps, 'learning.applied', { choices: item.choices.slice(1) })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('creating a survey', () => {
  it('applies the defaults: 7-day window, reminders on days 3 and 5, thresholds 5 and 10', async () => {
    const s = await createSurvey(deps, base);
    expect(s).toMatchObject({
      windowDays: 7,
      reminderDays: [3, 5],
      thresholds: { scores: 5, comments: 10 },
      timeZone: 'America/Chicago',
      schedule: { kind: 'once' },
    });
    const questions = await surveyQuestions(deps, s.id);
    expect(questions.map((q) => q.key)).toEqual(SAMPLE_QUESTIONS.map((q) => q.itemKey));
    expect(questions.find((q) => q.kind === 'comment')!.required).toBe(false);
    expect(questions[0]!.text.es).toMatch(/persona/);
  });

  it('keeps default reminders inside a short window', async () => {
    expect((await createSurvey(deps, { ...base, windowDays: 4 })).reminderDays).toEqual([3]);
  });

  it('takes a monthly schedule with a time zone', async () => {
    const s = await createSurvey(deps, { ...base, schedule: { kind: 'cron', cron: '0 9 1-7 * 2' }, timeZone: 'America/Chicago' });
    expect(s.schedule).toEqual({ kind: 'cron', cron: '0 9 1-7 * 2' });
  });

  it('refuses thresholds below 3, too many or misplaced reminders, unknown items and bad schedules', async () => {
    expect(await refused({ ...base, thresholds: { scores: 2 } })).toMatchObject({ code: 'invalid_input', notice: SurveyNotice.invalidDefinition });
    expect(await refused({ ...base, thresholds: { comments: 1 } })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ ...base, reminderDays: [1, 2, 3, 4] })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ ...base, reminderDays: [7] })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ ...base, questions: [{ itemKey: 'no.such_item' }] })).toMatchObject({ code: 'invalid_input', notice: SurveyNotice.unknownItem });
    expect(await refused({ ...base, schedule: { kind: 'cron', cron: 'every tuesday' } })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ ...base, timeZone: 'Mars/Olympus' })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ ...base, audience: { roles: ['wizard'] } })).toMatchObject({ code: 'invalid_input' });
    expect(await refused({ ...base, questions: [] })).toMatchObject({ code: 'invalid_input' });
  });

  it('launches to the audience only, once for a one-off survey', async () => {
    const [teacher, para, other] = await addPeople(t.db, [
      { building: 'Hoover High', jobCategory: 'teacher', language: 'es' },
      { building: 'Hoover High', jobCategory: 'paraeducator' },
      { building: 'East High', jobCategory: 'teacher' },
    ]);
    const s = await createSurvey(deps, { ...base, audience: { buildings: ['Hoover High'], jobCategories: ['teacher', 'paraeducator'] } });
    const { recipients, run } = await launchRun(deps, s.id);
    expect(recipients.map((r) => r.personId).sort()).toEqual([teacher!, para!].sort());
    expect(recipients.find((r) => r.personId === teacher)!.locale).toBe('es');
    expect(recipients.map((r) => r.personId)).not.toContain(other);
    expect(run).toMatchObject({ seq: 1, sentCount: 2, status: 'open' });
    await expect(launchRun(deps, s.id)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('who may do what', () => {
  it('lets HR, communications and admins manage surveys', () => {
    expect(canManageSurveys(['hr'])).toBe(true);
    expect(canManageSurveys(['communications'])).toBe(true);
    expect(canManageSurveys(['admin'])).toBe(true);
    expect(canManageSurveys(['leader', 'staff'])).toBe(false);
  });

  it('scopes results: HR all, leaders their building or region, communications district totals only', () => {
    expect(resultScope({ roles: ['hr'] })).toEqual({ kind: 'all', breakdowns: true, comments: true });
    expect(resultScope({ roles: ['leader'], building: 'Hoover High', region: 'North' })).toEqual({
      kind: 'building',
      building: 'Hoover High',
      breakdowns: true,
      comments: true,
    });
    expect(resultScope({ roles: ['leader'], region: 'North' })).toEqual({ kind: 'region', region: 'North', breakdowns: true, comments: true });
    expect(resultScope({ roles: ['communications'] })).toEqual({ kind: 'all', breakdowns: false, comments: false });
    expect(resultScope({ roles: ['staff'] })).toEqual({ kind: 'none' });
    expect(resultScope({ roles: ['leader'] })).toEqual({ kind: 'none' });
  });
});
