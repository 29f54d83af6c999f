// Pulse surveys in chat: `survey new|list|close|results|export` for HR / communications /
// leaders, and the verbs of the survey cards (the staff card's answer is anonymous: the router
// records nothing naming the person). Each step parses, calls operations.ts, and formats.
import { z } from 'zod';
import { RESERVED_DATA_KEYS } from '../../cards/ids.ts';
import { isRole, type Role } from '../../core/db.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { Reply } from '../../kernel/events.ts';
import { type CommandSpec, defineVerb } from '../../kernel/module.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import { RUN_ID_INPUT, SURVEY_ANSWER_VERB, SURVEY_ID_INPUT, SURVEY_LAUNCH_VERB, card as surveyCard } from './cards/survey/index.ts';
import { card as surveyAck } from './cards/survey-ack/index.ts';
import { card as surveyList } from './cards/survey-list/index.ts';
import { SURVEY_CREATE_VERB, SURVEY_NEW_INPUTS, card as surveyNew } from './cards/survey-new/index.ts';
import { card as surveyResultsCard } from './cards/survey-results/index.ts';
import { card as surveyThanks } from './cards/survey-thanks/index.ts';
import {
  BREAKDOWNS,
  type BreakdownBy,
  type CreateSurveyInput,
  exportResultsCsv,
  listItems,
  type ResultsTarget,
  resultScope,
  SurveyNotice,
  submitResponse,
  surveyLocale,
  surveyResultsView,
} from './domain/index.ts';
import { dateIn } from './domain/model.ts';
import { refuse } from './domain/refusals.ts';
import { cardData, closeSurveyRun, createSurveyWithSchedule, launchSurvey, surveyOverview, targetOf } from './operations.ts';

export const SURVEY_MANAGERS: readonly Role[] = ['hr', 'communications', 'admin'];
export const RESULT_VIEWERS: readonly Role[] = ['hr', 'admin', 'leader', 'communications'];

const usage = (text: string) => refuse(ErrorCode.InvalidInput, SurveyNotice.usage, `usage: ${text}`, { usage: text });
const invalid = (message: string) => refuse(ErrorCode.InvalidInput, SurveyNotice.invalidDefinition, message);

async function typedTarget(ctx: TurnContext, id: string | undefined, usageText: string): Promise<ResultsTarget> {
  if (!id) throw usage(usageText);
  return targetOf(ctx, id);
}

const BREAKDOWN_WORDS: Record<string, BreakdownBy> = { building: 'building', region: 'region', role: 'role', job: 'jobCategory', jobcategory: 'jobCategory' };
function breakdownOf(word: string | undefined, usageText: string): BreakdownBy | undefined {
  if (!word) return undefined;
  const by = BREAKDOWN_WORDS[word.toLowerCase()];
  if (!by || !BREAKDOWNS.includes(by)) throw usage(usageText);
  return by;
}

/** Results, comments and exports are answered only in a 1:1 chat: in a channel or group chat
 *  everyone there would read them. There the bot says where to ask instead. */
function privateOnly(ctx: TurnContext, command: string, id: string | undefined): void {
  if (ctx.conversation.kind === 'personal') return;
  const typed = `${command} ${(id ?? '<id>').slice(0, 64)}`;
  throw refuse(ErrorCode.Forbidden, SurveyNotice.resultsPrivateOnly, `${command} asked in a ${ctx.conversation.kind} conversation`, { command: typed });
}

const scopeOf = (ctx: TurnContext) => resultScope({ roles: ctx.roles, building: ctx.person.building, region: ctx.person.region });

// ---------- survey new → survey.create ----------

const I = SURVEY_NEW_INPUTS;
/** The create form's values: every input optional (Teams omits empty ones), at most a page each. */
export const SurveyForm = z.object({
  [I.titleEn]: z.string().max(1000).optional(),
  [I.titleEs]: z.string().max(1000).optional(),
  [I.items]: z.string().max(5000).optional(),
  [I.audienceKind]: z.string().max(100).optional(),
  [I.audienceValue]: z.string().max(5000).optional(),
  [I.schedule]: z.string().max(100).optional(),
  [I.cron]: z.string().max(200).optional(),
  [I.windowDays]: z.string().max(20).optional(),
  [I.reminderDays]: z.string().max(200).optional(),
});
export type SurveyForm = z.infer<typeof SurveyForm>;

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const AUDIENCE_KEYS = { building: 'buildings', region: 'regions', jobCategory: 'jobCategories' } as const;

export function surveyInputFromForm(values: SurveyForm, createdById: string): CreateSurveyInput {
  const titleEn = (values.titleEn ?? '').trim();
  const titleEs = (values.titleEs ?? '').trim() || titleEn;
  const kind = values.audienceKind || 'everyone';
  const targets = list(values.audienceValue);
  let audience: CreateSurveyInput['audience'];
  if (kind === 'everyone') audience = {};
  else {
    if (targets.length === 0) throw invalid('the audience needs at least one value');
    if (kind === 'role') {
      const roles = targets.map((r) => r.toLowerCase());
      if (!roles.every(isRole)) throw invalid('unknown role in the audience');
      audience = { roles };
    } else if (kind === 'building' || kind === 'region' || kind === 'jobCategory') audience = { [AUDIENCE_KEYS[kind]]: targets };
    else throw invalid('unknown audience kind');
  }
  const windowDays = Number((values.windowDays ?? '').trim() || '7');
  const reminderDays = list(values.reminderDays === undefined ? '3,5' : values.reminderDays).map(Number);
  if (!Number.isInteger(windowDays) || reminderDays.some((d) => !Number.isInteger(d))) throw invalid('window and reminder days must be whole numbers');
  return {
    title: { en: titleEn, es: titleEs },
    audience,
    schedule: values.schedule === 'recurring' ? { kind: 'cron', cron: (values.cron ?? '').trim() } : { kind: 'once' },
    windowDays,
    reminderDays,
    questions: list(values.items).map((itemKey) => ({ itemKey })),
    createdById,
  };
}

const reply = (card: Reply['messages']): Reply => ({ messages: card });

export const surveyCommands: readonly CommandSpec[] = [
  {
    name: 'survey new',
    helpIds: ['survey.new'],
    roles: SURVEY_MANAGERS,
    run: async (ctx) => {
      const items = (await listItems(ctx)).map((i) => ({ key: i.key, text: i.text }));
      return { form: ctx.card(surveyNew, { items }) };
    },
  },
  {
    name: 'survey list',
    helpIds: ['survey.list'],
    roles: SURVEY_MANAGERS,
    run: async (ctx) => {
      const surveys = (await surveyOverview(ctx)).map(({ survey: s, run }) => ({
        id: s.id,
        title: s.title,
        cron: s.schedule.kind === 'cron' ? s.schedule.cron : null,
        run: run ? { id: run.id, seq: run.seq, status: run.status, sent: run.sentCount, closes: dateIn(s.timeZone, run.closesAt) } : null,
      }));
      return reply([{ card: ctx.card(surveyList, { surveys }) }]);
    },
  },
  {
    name: 'survey close',
    helpIds: ['survey.close'],
    roles: SURVEY_MANAGERS,
    run: async (ctx, [id]) => {
      const closed = await closeSurveyRun(ctx, await typedTarget(ctx, id, 'survey close <id>'));
      const title = closed.survey.title[surveyLocale(ctx.locale)];
      return reply([{ card: ctx.card(surveyAck, { message: closed.alreadyClosed ? 'alreadyClosed' : 'closed', params: { title, id: closed.run.id } }) }]);
    },
  },
  {
    name: 'survey results',
    helpIds: ['survey.results'],
    roles: RESULT_VIEWERS,
    run: async (ctx, [id, by]) => {
      const text = 'survey results <id> [building|region|role|job]';
      privateOnly(ctx, 'survey results', id);
      const target = await typedTarget(ctx, id, text);
      const breakdownBy = breakdownOf(by, text);
      const results = await surveyResultsView(ctx, target, scopeOf(ctx), { ...(breakdownBy ? { breakdownBy } : {}), locale: surveyLocale(ctx.locale) });
      return reply([{ card: ctx.card(surveyResultsCard, results) }]);
    },
  },
  {
    name: 'survey export',
    helpIds: ['survey.export'],
    roles: RESULT_VIEWERS,
    run: async (ctx, [id, by]) => {
      const text = 'survey export <id> [building|region|role|job]';
      privateOnly(ctx, 'survey export', id);
      const target = await typedTarget(ctx, id, text);
      const breakdownBy = breakdownOf(by, text);
      const csv = await exportResultsCsv(ctx, target, scopeOf(ctx), { ...(breakdownBy ? { breakdownBy } : {}), locale: surveyLocale(ctx.locale) });
      return { messages: [{ text: `\`\`\`\n${csv.trimEnd()}\n\`\`\`` }] };
    },
  },
];

/** The staff card's answer: the run id, and one value per question (keyed by question key). */
const AnswerInput = z.object({ [RUN_ID_INPUT]: z.string().min(1).max(100) }).catchall(z.string());

export const surveyVerbs = [
  defineVerb({
    verb: SURVEY_ANSWER_VERB,
    input: AnswerInput,
    anonymous: true,
    run: async (ctx, input) => {
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(input)) if (k !== RUN_ID_INPUT && !RESERVED_DATA_KEYS.includes(k)) values[k] = v;
      const runId = input[RUN_ID_INPUT];
      // Never log values: refusals name the question only.
      const outcome = await submitResponse(ctx, { runId, personId: ctx.person.id, values });
      // Raw: one statement on every answer, at a fraction of the CPU of the compiled findUnique + include.
      const [run] = await ctx.db.$queryRaw<{ titleEn: string; titleEs: string }[]>`
        SELECT s."titleEn", s."titleEs" FROM "SurveyRun" r JOIN "Survey" s ON s."id" = r."surveyId" WHERE r."id" = ${runId}`;
      const title = { en: run?.titleEn ?? '', es: run?.titleEs ?? '' };
      return { update: ctx.card(surveyThanks, { title, already: outcome.status === 'already_recorded' }) };
    },
  }),
  defineVerb({
    verb: SURVEY_CREATE_VERB,
    input: SurveyForm,
    roles: SURVEY_MANAGERS,
    run: async (ctx, form) => {
      const survey = await createSurveyWithSchedule(ctx, surveyInputFromForm(form, ctx.person.id));
      const messages: Reply['messages'] = [{ card: ctx.card(surveyCard, await cardData(ctx, survey, { preview: true })) }];
      if (survey.schedule.kind === 'cron')
        messages.push({
          card: ctx.card(surveyAck, {
            message: 'scheduled',
            params: { title: survey.title[surveyLocale(ctx.locale)], cron: survey.schedule.cron, id: survey.id },
          }),
        });
      return { messages };
    },
  }),
  defineVerb({
    verb: SURVEY_LAUNCH_VERB,
    input: z.object({ [SURVEY_ID_INPUT]: z.string().max(100).optional() }),
    roles: SURVEY_MANAGERS,
    run: async (ctx, input) => {
      const surveyId = input[SURVEY_ID_INPUT];
      if (!surveyId) throw new AppError(ErrorCode.InvalidInput, 'launch without a survey', { notice: { key: SurveyNotice.notFound } });
      const { run, survey, recipients } = await launchSurvey(ctx, surveyId, ctx.person.id);
      const title = survey.title[surveyLocale(ctx.locale)];
      return reply([
        { card: ctx.card(surveyAck, { message: 'launched', params: { title, recipients, closes: dateIn(survey.timeZone, run.closesAt), id: run.id } }) },
      ]);
    },
  }),
];
