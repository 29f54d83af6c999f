// The survey creation form's two sides: what it offers (the bank's items by topic, the
// directory's real buildings, regions, roles and job categories with how many people each
// reaches) and what its values mean (a CreateSurveyInput: the same audience and schedule the
// typed cron and free-text audience used to give).
import { z } from 'zod';
import { isRole, type Role } from '../../core/db.ts';
import type { Services } from '../../kernel/turn.ts';
import {
  AUDIENCE_DIMENSIONS,
  type AudienceDimension,
  DEFAULTS,
  type FormProblem,
  FREQUENCIES,
  type Frequency,
  SURVEY_NEW_INPUTS as I,
  ITEMS_INPUT_PREFIX,
  type SurveyNewData,
} from './cards/survey-new/index.ts';
import { type CreateSurveyInput, listItems, SurveyNotice } from './domain/index.ts';
import { cronOf, type Recurrence, WEEKS, type Week } from './domain/recurrence.ts';
import { ErrorCode, refuse } from './domain/refusals.ts';

const field = (max: number) => z.string().max(max).optional();
/** The create form's values: every input optional (Teams omits empty ones), at most a page
 *  each; one `items.<topic>` multi-select per topic. */
export const SurveyForm = z
  .object({
    [I.frequency]: z.enum(FREQUENCIES).optional(),
    [I.titleEn]: field(1000),
    [I.titleEs]: field(1000),
    [I.buildings]: field(20_000),
    [I.regions]: field(20_000),
    [I.roles]: field(1000),
    [I.jobCategories]: field(20_000),
    [I.weekday]: field(10),
    [I.week]: field(20),
    [I.time]: field(10),
    [I.windowDays]: field(20),
    [I.reminderDays]: field(100),
  })
  .catchall(z.string().max(5000));
export type SurveyForm = z.infer<typeof SurveyForm>;

const invalid = (message: string) => refuse(ErrorCode.InvalidInput, SurveyNotice.invalidDefinition, message);

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A picked value (URI-encoded by the card) or a typed name (when the list was too long to offer). */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value).trim();
  } catch {
    return value;
  }
}

const AUDIENCE_KEYS = { buildings: 'buildings', regions: 'regions', jobCategories: 'jobCategories' } as const;

function audienceOf(values: SurveyForm): CreateSurveyInput['audience'] {
  const audience: NonNullable<CreateSurveyInput['audience']> = {};
  for (const d of AUDIENCE_DIMENSIONS) {
    const picked = [...new Set(list(values[I[d]]).map(decoded).filter(Boolean))];
    if (picked.length === 0) continue;
    if (d === 'roles') {
      const roles = picked.map((r) => r.toLowerCase());
      if (!roles.every(isRole)) throw invalid('unknown role in the audience');
      audience.roles = roles as Role[];
    } else audience[AUDIENCE_KEYS[d]] = picked;
  }
  return audience;
}

function recurrenceOf(values: SurveyForm): Recurrence {
  const frequency: Frequency = values.frequency ?? 'once';
  if (frequency === 'once') return { kind: 'once' };
  const weekday = Number(values.weekday ?? DEFAULTS.weekday);
  const time = values.time ?? DEFAULTS.time;
  if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) throw invalid('the weekday is not one of the choices');
  if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) throw invalid('the time is not one of the choices');
  if (frequency === 'weekly') return { kind: 'weekly', weekday, time };
  const week = (values.week ?? DEFAULTS.week) as Week;
  if (!WEEKS.includes(week)) throw invalid('the week of the month is not one of the choices');
  return { kind: 'monthly', week, weekday, time };
}

/** What the form's values mean: the survey to create. */
export function surveyInputFromForm(values: SurveyForm, createdById: string): CreateSurveyInput {
  const titleEn = (values.titleEn ?? '').trim();
  // A survey is stored with a Spanish title; the preview flags one that is only the English.
  const titleEs = (values.titleEs ?? '').trim() || titleEn;
  const windowDays = Number((values.windowDays ?? '').trim() || DEFAULTS.windowDays);
  const reminderRaw = values.reminderDays ?? DEFAULTS.reminderDays;
  const reminderDays = reminderRaw === 'none' ? [] : list(reminderRaw).map(Number);
  if (!Number.isInteger(windowDays) || reminderDays.some((d) => !Number.isInteger(d))) throw invalid('window and reminder days must be whole numbers');
  const items = Object.entries(values)
    .filter(([k]) => k.startsWith(ITEMS_INPUT_PREFIX))
    .flatMap(([, v]) => list(v));
  const cron = cronOf(recurrenceOf(values));
  return {
    title: { en: titleEn, es: titleEs },
    audience: audienceOf(values),
    schedule: cron ? { kind: 'cron', cron } : { kind: 'once' },
    windowDays,
    reminderDays,
    questions: [...new Set(items)].map((itemKey) => ({ itemKey })),
    createdById,
  };
}

/** What a person most often gets wrong, said on the redrawn form rather than as a refusal (a
 *  refused submit could not be sent again from the same card). */
export function formProblem(input: CreateSurveyInput): FormProblem | undefined {
  if (input.questions.length === 0) return 'noItems';
  if ((input.reminderDays ?? []).some((d) => d >= (input.windowDays ?? DEFAULTS.windowDays))) return 'reminderOutsideWindow';
  return undefined;
}

/** The values a redrawn form shows again: its own inputs only. */
export function keptValues(values: SurveyForm): Record<string, string> {
  const own = new Set<string>(Object.values(I));
  return Object.fromEntries(
    Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string' && (own.has(e[0]) || e[0].startsWith(ITEMS_INPUT_PREFIX))),
  );
}

/** Topics in the order a person thinks of them; others follow by name. */
const TOPIC_ORDER = ['wellbeing', 'safety', 'communication', 'information', 'professional_learning'];
const topicRank = (t: string) => (TOPIC_ORDER.includes(t) ? TOPIC_ORDER.indexOf(t) : TOPIC_ORDER.length);

/** What the form offers: active items by topic, and the directory's values with head counts. */
export async function surveyFormData(deps: Pick<Services, 'db'>, frequency: Frequency): Promise<SurveyNewData> {
  const items = await listItems(deps);
  const byTopic = new Map<string, SurveyNewData['topics'][number]['items']>();
  for (const i of items) byTopic.set(i.topic, [...(byTopic.get(i.topic) ?? []), { key: i.key, kind: i.kind, text: i.text }]);
  const topics = [...byTopic.entries()].sort(([a], [b]) => topicRank(a) - topicRank(b) || a.localeCompare(b)).map(([topic, list]) => ({ topic, items: list }));
  return { frequency, topics, audience: await directoryValues(deps) };
}

async function directoryValues({ db }: Pick<Services, 'db'>): Promise<SurveyNewData['audience']> {
  const counted = (rows: { value: string | null; n: number }[]) =>
    rows
      .filter((r): r is { value: string; n: number } => typeof r.value === 'string' && r.value.trim() !== '')
      .map((r) => ({ value: r.value, people: r.n }))
      .sort((a, b) => a.value.localeCompare(b.value));
  const [buildings, regions, jobs, roles] = await Promise.all([
    db.person.groupBy({ by: ['building'], _count: { _all: true } }),
    db.person.groupBy({ by: ['region'], _count: { _all: true } }),
    db.person.groupBy({ by: ['jobCategory'], _count: { _all: true } }),
    db.personRole.groupBy({ by: ['role'], _count: { _all: true } }),
  ]);
  const out: Record<AudienceDimension, { value: string; people: number }[]> = {
    buildings: counted(buildings.map((r) => ({ value: r.building, n: r._count._all }))),
    regions: counted(regions.map((r) => ({ value: r.region, n: r._count._all }))),
    jobCategories: counted(jobs.map((r) => ({ value: r.jobCategory, n: r._count._all }))),
    roles: counted(roles.map((r) => ({ value: r.role, n: r._count._all }))),
  };
  return out;
}
