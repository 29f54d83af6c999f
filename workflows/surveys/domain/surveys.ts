// Creating and reading survey definitions: questions from the bank, audience, schedule,
// response window, reminders and anonymity thresholds.

import { validate as isCron } from 'node-cron';
import { z } from 'zod';
import { hotStatements, type Prisma } from '../../../core/db.ts';
import { parseChoices } from './item-bank.ts';
import { Audience, DEFAULTS, type ItemKind, isTimeZone, LIMITS, type QuestionSpec, ReminderDays, type SurveyDeps, type SurveyLocale } from './model.ts';
import { ErrorCode, refuse, SurveyNotice } from './refusals.ts';

const threshold = (fallback: number) => z.int().min(LIMITS.minThreshold).max(LIMITS.maxThreshold).default(fallback);
const title = z.string().trim().min(1).max(200);

export const CreateSurveyInput = z
  .object({
    title: z.object({ en: title, es: title }),
    audience: Audience.default({}),
    schedule: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('once') }),
        z.object({
          kind: z.literal('cron'),
          cron: z
            .string()
            .trim()
            .refine((c) => isCron(c), 'not a valid cron expression'),
        }),
      ])
      .default({ kind: 'once' }),
    timeZone: z.string().refine(isTimeZone, 'unknown time zone').default(DEFAULTS.timeZone),
    windowDays: z.int().min(1).max(LIMITS.maxWindowDays).default(DEFAULTS.windowDays),
    /** Default: days 3 and 5, keeping those inside the window. */
    reminderDays: ReminderDays.optional(),
    thresholds: z
      .object({ scores: threshold(DEFAULTS.minScores), comments: threshold(DEFAULTS.minComments) })
      .default({ scores: DEFAULTS.minScores, comments: DEFAULTS.minComments }),
    questions: z
      .array(z.object({ itemKey: z.string(), required: z.boolean().optional() }))
      .min(1)
      .max(LIMITS.maxQuestions),
    createdById: z.string().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const days = s.reminderDays ?? [];
    if (new Set(days).size !== days.length) ctx.addIssue({ code: 'custom', path: ['reminderDays'], message: 'reminder days must differ' });
    if (days.some((d) => d >= s.windowDays))
      ctx.addIssue({ code: 'custom', path: ['reminderDays'], message: 'reminders must fall inside the response window' });
    const keys = s.questions.map((q) => q.itemKey);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: 'an item can be asked once per survey' });
  });
export type CreateSurveyInput = z.input<typeof CreateSurveyInput>;

export interface SurveySummary {
  id: string;
  title: Record<SurveyLocale, string>;
  schedule: { kind: 'once' } | { kind: 'cron'; cron: string };
  timeZone: string;
  windowDays: number;
  reminderDays: number[];
  thresholds: { scores: number; comments: number };
  audience: Audience;
  archived: boolean;
}

type SurveyRow = Prisma.SurveyGetPayload<object>;

export function toSummary(s: SurveyRow): SurveySummary {
  return {
    id: s.id,
    title: { en: s.titleEn, es: s.titleEs },
    schedule: s.schedule === 'cron' && s.cron ? { kind: 'cron', cron: s.cron } : { kind: 'once' },
    timeZone: s.timeZone,
    windowDays: s.windowDays,
    reminderDays: ReminderDays.parse(s.reminderDays),
    // Stored values are validated on the way in; the floor is enforced again on the way out.
    thresholds: { scores: Math.max(LIMITS.minThreshold, s.minScores), comments: Math.max(LIMITS.minThreshold, s.minComments) },
    audience: Audience.parse(s.audience),
    archived: s.archivedAt !== null,
  };
}

export async function createSurvey({ db }: SurveyDeps, input: CreateSurveyInput): Promise<SurveySummary> {
  const parsed = CreateSurveyInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
    throw refuse(ErrorCode.InvalidInput, SurveyNotice.invalidDefinition, `invalid survey: ${issues.join('; ')}`, undefined, { issues });
  }
  const s = parsed.data;
  const items = await db.surveyItem.findMany({ where: { key: { in: s.questions.map((q) => q.itemKey) }, active: true } });
  const byKey = new Map(items.map((i) => [i.key, i]));
  const chosen = s.questions.map((q) => ({ q, item: byKey.get(q.itemKey) }));
  const missing = chosen.find((c) => !c.item);
  if (missing) throw refuse(ErrorCode.InvalidInput, SurveyNotice.unknownItem, `no active item ${missing.q.itemKey} in the bank`, { item: missing.q.itemKey });
  const reminderDays = s.reminderDays ?? DEFAULTS.reminderDays.filter((d) => d < s.windowDays);
  const row = await db.survey.create({
    data: {
      titleEn: s.title.en,
      titleEs: s.title.es,
      audience: s.audience,
      schedule: s.schedule.kind,
      cron: s.schedule.kind === 'cron' ? s.schedule.cron : null,
      timeZone: s.timeZone,
      windowDays: s.windowDays,
      reminderDays: [...reminderDays].sort((a, b) => a - b),
      minScores: s.thresholds.scores,
      minComments: s.thresholds.comments,
      createdById: s.createdById ?? null,
      questions: {
        create: chosen.flatMap(({ q, item }, position) =>
          // A comment is always optional: nobody is made to write.
          item ? [{ itemId: item.id, position, required: item.kind === 'comment' ? false : (q.required ?? true) }] : [],
        ),
      },
    },
  });
  return toSummary(row);
}

export async function getSurvey({ db }: Pick<SurveyDeps, 'db'>, surveyId: string): Promise<SurveySummary> {
  const row = await db.survey.findUnique({ where: { id: surveyId } });
  if (!row) throw refuse(ErrorCode.NotFound, SurveyNotice.notFound, `no survey ${surveyId}`);
  return toSummary(row);
}

export async function listSurveys({ db }: Pick<SurveyDeps, 'db'>, opts: { includeArchived?: boolean } = {}): Promise<SurveySummary[]> {
  const rows = await db.survey.findMany({ where: opts.includeArchived ? {} : { archivedAt: null }, orderBy: { createdAt: 'desc' } });
  return rows.map(toSummary);
}

/** The survey's questions in order, as the card (and the preview) show them. One statement on
 *  the driver (core/hot.ts): every survey answer reads these (the compiled findMany with its
 *  include was two statements and about 1 ms of CPU per answer, a raw one through Prisma 0.2 ms). */
export async function surveyQuestions({ db }: Pick<SurveyDeps, 'db'>, surveyId: string): Promise<QuestionSpec[]> {
  const rows = await hotStatements(db).surveyQuestions(surveyId);
  return rows.map((q) => ({
    key: q.key,
    kind: q.kind as ItemKind,
    required: Boolean(q.required),
    text: { en: q.textEn, es: q.textEs },
    choices: parseChoices(typeof q.choices === 'string' ? JSON.parse(q.choices) : q.choices),
  }));
}
