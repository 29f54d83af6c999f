// Pulse surveys in chat: `survey new|list|close|results|export` for HR / communications /
// leaders, and the verbs of the survey cards (the staff card's answer is anonymous: the router
// records nothing naming the person). Each step parses, calls operations.ts, and formats.
import { z } from 'zod';
import { localDateTime } from '../../cards/dates.ts';
import { RESERVED_DATA_KEYS } from '../../cards/ids.ts';
import type { Role } from '../../core/db.ts';
import { AppError, ErrorCode, isAppError } from '../../core/errors.ts';
import type { Reply } from '../../kernel/events.ts';
import { allowed, type CommandSpec, defineVerb } from '../../kernel/module.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import { RUN_ID_INPUT, SURVEY_ANSWER_VERB, SURVEY_ID_INPUT, SURVEY_LAUNCH_VERB, card as surveyCard } from './cards/survey/index.ts';
import { type SurveyAckData, card as surveyAck } from './cards/survey-ack/index.ts';
import {
  LIST_CONFIRM_INPUT,
  LIST_RUN_INPUT,
  SURVEY_CLOSE_VERB,
  SURVEY_EXPORT_VERB,
  SURVEY_LIST_VERB,
  SURVEY_RESULTS_VERB,
  type SurveyListData,
  card as surveyList,
} from './cards/survey-list/index.ts';
import { FREQUENCIES, SURVEY_CREATE_VERB, SURVEY_FREQUENCY_VERB, SURVEY_NEW_INPUTS, card as surveyNew } from './cards/survey-new/index.ts';
import { RESULTS_BY_INPUT, RESULTS_RUN_INPUT, SURVEY_BREAKDOWN_VERB, card as surveyResultsCard } from './cards/survey-results/index.ts';
import { card as surveyThanks } from './cards/survey-thanks/index.ts';
import { formProblem, keptValues, SurveyForm, surveyFormData, surveyInputFromForm } from './create-form.ts';
import {
  BREAKDOWNS,
  type BreakdownBy,
  exportResultsCsv,
  type ResultsTarget,
  resultScope,
  SurveyNotice,
  submitResponse,
  surveyLocale,
  surveyResultsView,
} from './domain/index.ts';
import { shortRef } from './domain/model.ts';
import { recurrenceInWords, recurrenceOf } from './domain/recurrence.ts';
import { refuse } from './domain/refusals.ts';
import { cardData, closeSurveyRun, createSurveyWithSchedule, launchSurvey, runDeliveries, surveyOverview, targetOf } from './operations.ts';

export const SURVEY_MANAGERS: readonly Role[] = ['hr', 'communications', 'admin'];
export const RESULT_VIEWERS: readonly Role[] = ['hr', 'admin', 'leader', 'communications'];

const usage = (text: string) => refuse(ErrorCode.InvalidInput, SurveyNotice.usage, `usage: ${text}`, { usage: text });

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

// ---------- survey list, and what its buttons do ----------

/** The list as this person may use it: Close for survey managers, Results and Export for
 *  result viewers (only in a 1:1 chat), each on the runs it applies to. */
async function listCard(ctx: TurnContext, opts: { confirmClose?: string } = {}) {
  const overview = await surveyOverview(ctx);
  const reach = await runDeliveries(
    ctx,
    overview.flatMap((o) => o.runs),
  );
  const surveys: SurveyListData['surveys'] = overview.map(({ survey: s, runs }) => ({
    title: s.title,
    cron: s.schedule.kind === 'cron' ? s.schedule.cron : null,
    runs: runs.map((r) => ({
      id: r.id,
      ref: shortRef(r.id),
      seq: r.seq,
      status: r.status,
      closes: localDateTime(s.timeZone, r.status === 'closed' ? (r.closedAt ?? r.closesAt) : r.closesAt),
      reach: reach.get(r.id) ?? { audience: r.sentCount, sent: 0, noAccount: 0, failed: 0, pending: r.sentCount },
    })),
  }));
  return ctx.card(surveyList, {
    surveys,
    can: { close: allowed(SURVEY_MANAGERS, ctx.roles), results: allowed(RESULT_VIEWERS, ctx.roles) },
    ...(ctx.conversation.kind === 'personal' ? {} : { shared: true }),
    ...(opts.confirmClose ? { confirmClose: opts.confirmClose } : {}),
  });
}

/** Refusals that leave a person nowhere to go ("we could not find that survey", a command
 *  without its id) come with a button to the list. */
const DEAD_ENDS: readonly string[] = [SurveyNotice.notFound, SurveyNotice.usage];
async function withListButton(ctx: TurnContext, run: () => Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (e) {
    if (!isAppError(e) || !e.notice || !DEAD_ENDS.includes(e.notice.key) || !allowed(RESULT_VIEWERS, ctx.roles)) throw e;
    throw new AppError(e.code, e.message, {
      cause: e.cause,
      ...(e.details ? { details: e.details } : {}),
      notice: { ...e.notice, action: { verb: SURVEY_LIST_VERB, title: 'survey-list.show' } },
    });
  }
}

type Typed = { command: 'survey results' | 'survey export'; id: string | undefined; by: string | undefined };

/** `survey results` and its button: the results card of the run in the viewer's scope. */
async function resultsCard(ctx: TurnContext, target: ResultsTarget, breakdownBy: BreakdownBy | undefined) {
  const results = await surveyResultsView(ctx, target, scopeOf(ctx), { ...(breakdownBy ? { breakdownBy } : {}), locale: surveyLocale(ctx.locale) });
  return ctx.card(surveyResultsCard, results);
}

/** `survey export` and its button: the CSV as a code block. */
async function exportText(ctx: TurnContext, target: ResultsTarget, breakdownBy: BreakdownBy | undefined) {
  const csv = await exportResultsCsv(ctx, target, scopeOf(ctx), { ...(breakdownBy ? { breakdownBy } : {}), locale: surveyLocale(ctx.locale) });
  return `\`\`\`\n${csv.trimEnd()}\n\`\`\``;
}

/** `survey close` and its button: closes the run and its cards, and says so. */
async function closeAck(ctx: TurnContext, target: ResultsTarget) {
  const closed = await closeSurveyRun(ctx, target);
  const title = closed.survey.title[surveyLocale(ctx.locale)];
  return ctx.card(surveyAck, { message: closed.alreadyClosed ? 'alreadyClosed' : 'closed', params: { title, id: shortRef(closed.run.id) } });
}

async function typedResults(ctx: TurnContext, { command, id, by }: Typed) {
  const text = `${command} <id> [building|region|role|job]`;
  privateOnly(ctx, command, id);
  const target = await typedTarget(ctx, id, text);
  return { target, breakdownBy: breakdownOf(by, text) };
}

const RunButton = z.object({ [LIST_RUN_INPUT]: z.string().min(1).max(100), [LIST_CONFIRM_INPUT]: z.literal('yes').optional() });

const reply = (card: Reply['messages']): Reply => ({ messages: card });

export const surveyCommands: readonly CommandSpec[] = [
  {
    name: 'survey new',
    helpIds: ['survey.new'],
    roles: SURVEY_MANAGERS,
    // A message, not a modal: its frequency buttons redraw it in place on both platforms.
    run: async (ctx) => reply([{ card: ctx.card(surveyNew, await surveyFormData(ctx, 'once')) }]),
  },
  {
    name: 'survey list',
    helpIds: ['survey.list'],
    roles: RESULT_VIEWERS,
    run: async (ctx) => reply([{ card: await listCard(ctx) }]),
  },
  {
    name: 'survey close',
    helpIds: ['survey.close'],
    roles: SURVEY_MANAGERS,
    run: (ctx, [id]) => withListButton(ctx, async () => reply([{ card: await closeAck(ctx, await typedTarget(ctx, id, 'survey close <id>')) }])),
  },
  {
    name: 'survey results',
    helpIds: ['survey.results'],
    roles: RESULT_VIEWERS,
    run: (ctx, [id, by]) =>
      withListButton(ctx, async () => {
        const { target, breakdownBy } = await typedResults(ctx, { command: 'survey results', id, by });
        return reply([{ card: await resultsCard(ctx, target, breakdownBy) }]);
      }),
  },
  {
    name: 'survey export',
    helpIds: ['survey.export'],
    roles: RESULT_VIEWERS,
    run: (ctx, [id, by]) =>
      withListButton(ctx, async () => {
        const { target, breakdownBy } = await typedResults(ctx, { command: 'survey export', id, by });
        return { messages: [{ text: await exportText(ctx, target, breakdownBy) }] };
      }),
  },
];

/** The staff card's answer: the run id, and one value per question (keyed by question key). */
const AnswerInput = z.object({ [RUN_ID_INPUT]: z.string().min(1).max(100) }).catchall(z.string());

export const surveyVerbs = [
  // The list's buttons: each answers what the typed command answers, as a new message, and
  // refreshes the list (the run's state and buttons change; a fresh card also takes the next click).
  defineVerb({
    verb: SURVEY_LIST_VERB,
    input: z.object({}),
    roles: RESULT_VIEWERS,
    run: async (ctx) => ({ update: await listCard(ctx) }),
  }),
  defineVerb({
    verb: SURVEY_RESULTS_VERB,
    input: RunButton,
    roles: RESULT_VIEWERS,
    run: (ctx, input) =>
      withListButton(ctx, async () => {
        const runId = input[LIST_RUN_INPUT];
        privateOnly(ctx, 'survey results', shortRef(runId));
        const card = await resultsCard(ctx, await targetOf(ctx, runId), undefined);
        return { update: await listCard(ctx), messages: [{ card }] };
      }),
  }),
  defineVerb({
    verb: SURVEY_BREAKDOWN_VERB,
    input: z.object({ [RESULTS_RUN_INPUT]: z.string().min(1).max(100), [RESULTS_BY_INPUT]: z.enum(BREAKDOWNS) }),
    roles: RESULT_VIEWERS,
    run: (ctx, input) =>
      withListButton(ctx, async () => {
        const runId = input[RESULTS_RUN_INPUT];
        privateOnly(ctx, 'survey results', shortRef(runId));
        return { update: await resultsCard(ctx, await targetOf(ctx, runId), input[RESULTS_BY_INPUT]) };
      }),
  }),
  defineVerb({
    verb: SURVEY_EXPORT_VERB,
    input: RunButton,
    roles: RESULT_VIEWERS,
    run: (ctx, input) =>
      withListButton(ctx, async () => {
        const runId = input[LIST_RUN_INPUT];
        privateOnly(ctx, 'survey export', shortRef(runId));
        const text = await exportText(ctx, await targetOf(ctx, runId), undefined);
        return { update: await listCard(ctx), messages: [{ text }] };
      }),
  }),
  defineVerb({
    verb: SURVEY_CLOSE_VERB,
    input: RunButton,
    roles: SURVEY_MANAGERS,
    run: (ctx, input) =>
      withListButton(ctx, async () => {
        const runId = input[LIST_RUN_INPUT];
        const target = await targetOf(ctx, runId);
        if (input[LIST_CONFIRM_INPUT] !== 'yes') return { update: await listCard(ctx, { confirmClose: runId }) };
        const ack = await closeAck(ctx, target);
        return { update: await listCard(ctx), messages: [{ card: ack }] };
      }),
  }),
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
      return { update: ctx.card(surveyThanks, { title: outcome.title, already: outcome.status === 'already_recorded' }) };
    },
  }),
  defineVerb({
    verb: SURVEY_FREQUENCY_VERB,
    input: z.object({ [SURVEY_NEW_INPUTS.frequency]: z.enum(FREQUENCIES) }),
    roles: SURVEY_MANAGERS,
    run: async (ctx, input) => ({ update: ctx.card(surveyNew, await surveyFormData(ctx, input.frequency)) }),
  }),
  defineVerb({
    verb: SURVEY_CREATE_VERB,
    input: SurveyForm,
    roles: SURVEY_MANAGERS,
    run: async (ctx, form) => {
      const input = surveyInputFromForm(form, ctx.person.id);
      const problem = formProblem(input);
      if (problem) return { update: ctx.card(surveyNew, { ...(await surveyFormData(ctx, form.frequency ?? 'once')), values: keptValues(form), problem }) };
      const survey = await createSurveyWithSchedule(ctx, input);
      const messages: Reply['messages'] = [{ card: ctx.card(surveyCard, await cardData(ctx, survey, { preview: true })) }];
      if (survey.schedule.kind === 'cron') {
        const when = recurrenceInWords(recurrenceOf(survey.schedule.cron), (key, params) => ctx.catalog.strings.translate(ctx.locale, key, params));
        messages.push({
          card: ctx.card(surveyAck, { message: 'scheduled', params: { title: survey.title[surveyLocale(ctx.locale)], when, id: shortRef(survey.id) } }),
        });
      }
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
      const { run, survey, reach } = await launchSurvey(ctx, surveyId, ctx.person.id);
      const title = survey.title[surveyLocale(ctx.locale)];
      const lines: SurveyAckData['lines'] = [{ key: 'reach', params: { teams: reach.teams, slack: reach.slack } }];
      if (reach.unreachable > 0) lines.push({ key: 'unreachable', params: { count: reach.unreachable } });
      const params = { title, closes: localDateTime(survey.timeZone, run.closesAt), id: shortRef(run.id) };
      return reply([{ card: ctx.card(surveyAck, { message: 'launched', params, lines }) }]);
    },
  }),
];
