// Pulse surveys in chat: `survey new|list|close|results|export` for HR / communications /
// leaders, the staff card's answer verb (anonymous: the router records nothing naming the
// person), and the jobs `survey.launch` and `survey.sweep`. The domain is ../surveys.
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { Role } from '../../core/db.ts';
import { RESERVED_DATA_KEYS } from '../../cards/ids.ts';
import { saveSchedule, type Job } from '../../scheduler/index.ts';
import type { Reply, SubmitEvent } from '../../kernel/events.ts';
import type { Workflow } from '../../kernel/registry.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import {
  BREAKDOWNS,
  closeRun,
  createSurvey,
  exportResultsCsv,
  getSurvey,
  listItems,
  listSurveys,
  resultScope,
  seedItemBank,
  submitResponse,
  surveyLocale,
  surveyResultsView,
  SurveyNotice,
  type BreakdownBy,
  type CreateSurveyInput,
  type ResultsTarget,
} from '../surveys/domain/index.ts';
import { dateIn } from '../surveys/domain/model.ts';
import { cardData, closeRunCards, launchSurvey, sweepSurveys, type SurveyChatDeps } from './launch.ts';

export { launchSurvey, sweepSurveys, closeRunCards, type SurveyChatDeps } from './launch.ts';

export const SURVEY_MANAGERS: Role[] = ['hr', 'communications', 'admin'];
export const RESULT_VIEWERS: Role[] = ['hr', 'admin', 'leader', 'communications'];
export const SWEEP_SCHEDULE = 'survey:sweep';
export const SWEEP_CRON = '*/5 * * * *';
export const JOB_LAUNCH = 'survey.launch';
export const JOB_SWEEP = 'survey.sweep';
export const VERB_ANSWER = 'survey.answer';
export const VERB_CREATE = 'survey.create';
export const VERB_LAUNCH = 'survey.launch';

const usage = (text: string) => new AppError(ErrorCode.InvalidInput, `usage: ${text}`, { details: { notice: 'surveyUsage', noticeParams: { usage: text } } });
const invalid = (message: string) => new AppError(ErrorCode.InvalidInput, message, { details: { notice: SurveyNotice.invalidDefinition } });
const reply = (ctx: TurnContext, name: string, data: object): Reply => ({ messages: [{ card: ctx.card(name, data) }] });

/** A survey id or a run id, as typed: a run id names that run, a survey id its latest run. */
async function targetOf(ctx: TurnContext, id: string | undefined, usageText: string): Promise<ResultsTarget & { surveyId: string; runId?: string }> {
  if (!id) throw usage(usageText);
  const run = await ctx.db.surveyRun.findUnique({ where: { id }, select: { id: true, surveyId: true } });
  if (run) return { runId: run.id, surveyId: run.surveyId };
  await getSurvey(ctx, id); // refuses with surveyNotFound
  return { surveyId: id };
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
  if (ctx.conversationKind === 'personal') return;
  const typed = `${command} ${(id ?? '<id>').slice(0, 64)}`;
  throw new AppError(ErrorCode.Forbidden, `${command} asked in a ${ctx.conversationKind} conversation`, {
    details: { notice: SurveyNotice.resultsPrivateOnly, noticeParams: { command: typed } },
  });
}

const scopeOf = (ctx: TurnContext) => resultScope({ roles: ctx.roles, building: ctx.person.building, region: ctx.person.region });

// ---------- survey new → survey.create ----------

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function surveyInputFromForm(values: Record<string, string>, createdById: string): CreateSurveyInput {
  const titleEn = (values.titleEn ?? '').trim();
  const titleEs = (values.titleEs ?? '').trim() || titleEn;
  const items = list(values.items);
  const kind = values.audienceKind || 'everyone';
  const targets = list(values.audienceValue);
  let audience: CreateSurveyInput['audience'];
  if (kind === 'everyone') audience = {};
  else {
    if (targets.length === 0) throw invalid('the audience needs at least one value');
    if (kind === 'role') audience = { roles: targets.map((r) => r.toLowerCase()) as Role[] };
    else if (kind === 'building') audience = { buildings: targets };
    else if (kind === 'region') audience = { regions: targets };
    else if (kind === 'jobCategory') audience = { jobCategories: targets };
    else throw invalid('unknown audience kind');
  }
  const recurring = values.schedule === 'recurring';
  const windowDays = Number((values.windowDays ?? '').trim() || '7');
  const reminderRaw = values.reminderDays === undefined ? '3,5' : values.reminderDays;
  const reminderDays = list(reminderRaw).map(Number);
  if (!Number.isInteger(windowDays) || reminderDays.some((d) => !Number.isInteger(d))) throw invalid('window and reminder days must be whole numbers');
  return {
    title: { en: titleEn, es: titleEs },
    audience,
    schedule: recurring ? { kind: 'cron', cron: (values.cron ?? '').trim() } : { kind: 'once' },
    windowDays,
    reminderDays,
    questions: items.map((itemKey) => ({ itemKey })),
    createdById,
  };
}

export function createSurveyChat(deps: SurveyChatDeps) {
  let reloadSchedules: () => Promise<void> = async () => undefined;

  async function answer(ctx: TurnContext, event: SubmitEvent): Promise<Reply> {
    const values: Record<string, string> = {};
    let runId: string | undefined;
    for (const [k, v] of Object.entries(event.values ?? {})) {
      if (k === 'runId') runId = typeof v === 'string' ? v : undefined;
      else if (!RESERVED_DATA_KEYS.includes(k)) values[k] = v;
    }
    if (!runId) throw new AppError(ErrorCode.InvalidInput, 'survey submit without a run', { details: { notice: SurveyNotice.malformed } });
    // Never log values: refusals name the question only.
    const outcome = await submitResponse(ctx, { runId, personId: ctx.person.id, values });
    const run = await ctx.db.surveyRun.findUnique({ where: { id: runId }, include: { survey: { select: { titleEn: true, titleEs: true } } } });
    const title = { en: run?.survey.titleEn ?? '', es: run?.survey.titleEs ?? '' };
    return { update: ctx.card('survey-thanks', { title, already: outcome.status === 'already_recorded' }) };
  }

  async function create(ctx: TurnContext, event: SubmitEvent): Promise<Reply> {
    const input = surveyInputFromForm(event.values, ctx.person.id);
    const survey = await createSurvey(ctx, input);
    const messages: Reply['messages'] = [{ card: ctx.card('survey', await cardData(ctx, survey, { preview: true })) }];
    if (survey.schedule.kind === 'cron') {
      await saveSchedule(ctx.db, { name: `survey:${survey.id}`, cron: survey.schedule.cron, timeZone: survey.timeZone, job: JOB_LAUNCH, params: { surveyId: survey.id } });
      await reloadSchedules();
      messages.push({ card: ctx.card('survey-ack', { message: 'scheduled', params: { title: survey.title[surveyLocale(ctx.locale)], cron: survey.schedule.cron, id: survey.id } }) });
    }
    ctx.log.info({ surveyId: survey.id, by: ctx.person.id }, 'survey created');
    return { messages };
  }

  async function launch(ctx: TurnContext, event: SubmitEvent): Promise<Reply> {
    const surveyId = event.values.surveyId;
    if (!surveyId) throw new AppError(ErrorCode.InvalidInput, 'launch without a survey', { details: { notice: SurveyNotice.notFound } });
    const { run, survey, recipients } = await launchSurvey({ ...deps, db: ctx.db, clock: ctx.clock }, surveyId, ctx.person.id);
    const l = surveyLocale(ctx.locale);
    return reply(ctx, 'survey-ack', { message: 'launched', params: { title: survey.title[l], recipients, closes: dateIn(survey.timeZone, run.closesAt), id: run.id } });
  }

  const workflow: Workflow = {
    name: 'surveys',
    commands: [
      {
        name: 'survey new',
        helpIds: ['survey.new'],
        roles: SURVEY_MANAGERS,
        run: async (ctx) => {
          const items = (await listItems(ctx)).map((i) => ({ key: i.key, text: i.text }));
          return { form: ctx.card('survey-new', { items }) };
        },
      },
      {
        name: 'survey list',
        helpIds: ['survey.list'],
        roles: SURVEY_MANAGERS,
        run: async (ctx) => {
          const surveys = await listSurveys(ctx);
          const rows = [];
          for (const s of surveys) {
            const run = await ctx.db.surveyRun.findFirst({ where: { surveyId: s.id }, orderBy: { seq: 'desc' } });
            rows.push({
              id: s.id,
              title: s.title,
              cron: s.schedule.kind === 'cron' ? s.schedule.cron : null,
              run: run ? { id: run.id, seq: run.seq, status: run.status, sent: run.sentCount, closes: dateIn(s.timeZone, run.closesAt) } : null,
            });
          }
          return reply(ctx, 'survey-list', { surveys: rows });
        },
      },
      {
        name: 'survey close',
        helpIds: ['survey.close'],
        roles: SURVEY_MANAGERS,
        run: async (ctx, [id]) => {
          const target = await targetOf(ctx, id, 'survey close <id>');
          const before = target.runId
            ? await ctx.db.surveyRun.findUnique({ where: { id: target.runId } })
            : await ctx.db.surveyRun.findFirst({ where: { surveyId: target.surveyId }, orderBy: { seq: 'desc' } });
          const run = await closeRun(ctx, target.runId ? { runId: target.runId } : { surveyId: target.surveyId });
          const survey = await getSurvey(ctx, run.surveyId);
          const title = survey.title[surveyLocale(ctx.locale)];
          if (before?.status === 'closed') return reply(ctx, 'survey-ack', { message: 'alreadyClosed', params: { title, id: run.id } });
          await closeRunCards({ ...deps, db: ctx.db, clock: ctx.clock }, run);
          return reply(ctx, 'survey-ack', { message: 'closed', params: { title, id: run.id } });
        },
      },
      {
        name: 'survey results',
        helpIds: ['survey.results'],
        roles: RESULT_VIEWERS,
        run: async (ctx, [id, by]) => {
          const text = 'survey results <id> [building|region|role|job]';
          privateOnly(ctx, 'survey results', id);
          const target = await targetOf(ctx, id, text);
          const breakdownBy = breakdownOf(by, text);
          const results = await surveyResultsView(ctx, target.runId ? { runId: target.runId } : { surveyId: target.surveyId }, scopeOf(ctx), {
            ...(breakdownBy ? { breakdownBy } : {}),
            locale: surveyLocale(ctx.locale),
          });
          return reply(ctx, 'survey-results', results);
        },
      },
      {
        name: 'survey export',
        helpIds: ['survey.export'],
        roles: RESULT_VIEWERS,
        run: async (ctx, [id, by]) => {
          const text = 'survey export <id> [building|region|role|job]';
          privateOnly(ctx, 'survey export', id);
          const target = await targetOf(ctx, id, text);
          const breakdownBy = breakdownOf(by, text);
          const csv = await exportResultsCsv(ctx, target.runId ? { runId: target.runId } : { surveyId: target.surveyId }, scopeOf(ctx), {
            ...(breakdownBy ? { breakdownBy } : {}),
            locale: surveyLocale(ctx.locale),
          });
          return { messages: [{ text: '```\n' + csv.trimEnd() + '\n```' }] };
        },
      },
    ],
    verbs: [
      { verb: VERB_ANSWER, anonymous: true, run: answer },
      { verb: VERB_CREATE, roles: SURVEY_MANAGERS, run: create },
      { verb: VERB_LAUNCH, roles: SURVEY_MANAGERS, run: launch },
    ],
  };

  const jobs: Record<string, Job> = {
    [JOB_LAUNCH]: async (params) => {
      const surveyId = typeof params.surveyId === 'string' ? params.surveyId : '';
      await launchSurvey(deps, surveyId);
    },
    [JOB_SWEEP]: async () => {
      await sweepSurveys(deps);
    },
  };

  return {
    workflow,
    jobs,
    /** Seeds the item bank and makes sure the sweep is scheduled (run before the scheduler starts). */
    async prepare(): Promise<void> {
      const added = await seedItemBank(deps);
      if (added.length) deps.log.info({ items: added.length }, 'survey item bank seeded');
      const existing = await deps.db.schedule.findUnique({ where: { name: SWEEP_SCHEDULE } });
      if (!existing) await saveSchedule(deps.db, { name: SWEEP_SCHEDULE, cron: SWEEP_CRON, job: JOB_SWEEP });
    },
    /** Lets `survey.create` reload the scheduler after saving a recurring survey's schedule. */
    onSchedulesChanged(reload: () => Promise<void>): void {
      reloadSchedules = reload;
    },
  };
}

export type SurveyChat = ReturnType<typeof createSurveyChat>;
