// The survey use cases that chat commands, CLI commands and jobs all call (they only format):
// create (with its schedule), list, launch a run and hand its card to delivery, remind, close
// (every sent card turns to "closed", reminder delivery rows are deleted since they name who
// had not answered by then), and find what an id a person typed names.
import { localDateTime } from '../../cards/dates.ts';
import { createCampaign, NO_ACCOUNT, type Reach, reachOf, updateCampaignCards } from '../../delivery/index.ts';
import type { Services } from '../../kernel/turn.ts';
import { saveSchedule } from '../../scheduler/index.ts';
import { type SurveyCardData, card as surveyCard } from './cards/survey/index.ts';
import { card as surveyClosedCard } from './cards/survey-closed/index.ts';
import {
  type CreateSurveyInput,
  closeDueRuns,
  closeRun,
  createSurvey,
  dueReminders,
  getSurvey,
  launchRun,
  listSurveys,
  markReminded,
  type Recipient,
  type ResultsTarget,
  type RunInfo,
  type SurveySummary,
  surveyQuestions,
} from './domain/index.ts';
import { type Audience, SHORT_REF_LENGTH } from './domain/model.ts';
import { recurrenceOf } from './domain/recurrence.ts';
import { ErrorCode, refuse, SurveyNotice } from './domain/refusals.ts';
import { toRunInfo } from './domain/runs.ts';

/** The job that launches a run of a recurring survey (its schedule is `survey:<survey id>`). */
export const JOB_LAUNCH = 'survey.launch';
export const scheduleNameOf = (surveyId: string) => `survey:${surveyId}`;

export const runPurpose = (runId: string) => `survey-run:${runId}`;
const REMINDER_PURPOSE = 'survey-reminder:';
export const reminderPurposePrefix = (runId: string) => `${REMINDER_PURPOSE}${runId}:`;

/** The staff card's data for a run (all languages: the card renders in the recipient's). */
export async function cardData(
  deps: Pick<Services, 'db'>,
  survey: SurveySummary,
  opts: { run?: RunInfo; reminder?: boolean; preview?: boolean },
): Promise<SurveyCardData> {
  const questions = await surveyQuestions(deps, survey.id);
  return {
    ...(opts.run ? { runId: opts.run.id, closes: localDateTime(survey.timeZone, opts.run.closesAt) } : {}),
    ...(opts.preview ? { preview: true, surveyId: survey.id } : {}),
    ...(opts.reminder ? { reminder: true } : {}),
    title: survey.title,
    windowDays: survey.windowDays,
    threshold: survey.thresholds.scores,
    ...(opts.preview
      ? {
          previewInfo: {
            recurrence: recurrenceOf(survey.schedule.kind === 'cron' ? survey.schedule.cron : null),
            reach: await reachOf(deps.db, peopleAudienceOf(survey.audience)),
            // Stored with the English title (or text) when none was given in Spanish.
            noSpanishTitle: survey.title.es.trim() === survey.title.en.trim(),
            noSpanishItems: questions.filter((q) => !q.text.es.trim() || q.text.es.trim() === q.text.en.trim()).map((q) => q.text.en),
          },
        }
      : {}),
    questions: questions.map((q) => ({
      key: q.key,
      kind: q.kind,
      required: q.required,
      text: q.text,
      choices: q.choices.map((c) => ({ key: c.key, en: c.en, es: c.es })),
    })),
  };
}

async function sendToRecipients(
  deps: Services,
  survey: SurveySummary,
  run: RunInfo,
  recipients: Recipient[],
  purpose: string,
  reminder: boolean,
  createdBy?: string,
) {
  const data = await cardData(deps, survey, { run, reminder });
  return createCampaign(
    deps.db,
    {
      name: `${reminder ? 'Survey reminder' : 'Survey'}: ${survey.title.en} #${run.seq}`.slice(0, 200),
      template: surveyCard.name,
      data: data as unknown as Record<string, unknown>,
      audience: { personIds: recipients.map((r) => r.personId) },
      purpose,
      ...(createdBy ? { createdBy } : {}),
    },
    deps.clock.now(),
  );
}

/** A survey's audience as delivery reads it ({} is everyone). */
export const peopleAudienceOf = (a: Audience) => (Object.keys(a).length === 0 ? { everyone: true } : a);

/** Launches a run of a survey now and queues its card for every recipient. `reach` says how
 *  many of them get it on Teams, on Slack, and how many cannot be messaged yet. */
export async function launchSurvey(deps: Services, surveyId: string, createdBy?: string) {
  const { run, recipients, closedRuns } = await launchRun(deps, surveyId);
  for (const r of closedRuns) await closeRunCards(deps, r);
  const survey = await getSurvey(deps, surveyId);
  const campaign = await sendToRecipients(deps, survey, run, recipients, runPurpose(run.id), false, createdBy);
  const reach: Reach = await reachOf(deps.db, { personIds: recipients.map((r) => r.personId) });
  deps.log.info(
    { surveyId, runId: run.id, campaignId: campaign.id, recipients: campaign.recipients, noAccount: campaign.noAccount },
    'survey run sent to delivery',
  );
  return { run, survey, recipients: recipients.length, reach, campaignId: campaign.id };
}

/** After a run closed: every sent card (run and reminders) shows "closed"; the reminders'
 *  delivery rows are deleted and their campaigns' audience emptied (they tell who had not
 *  answered on a given day). */
export async function closeRunCards(deps: Services, run: Pick<RunInfo, 'id' | 'surveyId'>): Promise<{ updated: number; failed: number }> {
  const { db, log } = deps;
  const survey = await getSurvey(deps, run.surveyId);
  const campaigns = await db.campaign.findMany({
    where: { OR: [{ purpose: runPurpose(run.id) }, { purpose: { startsWith: reminderPurposePrefix(run.id) } }] },
    select: { id: true, purpose: true },
  });
  let updated = 0;
  let failed = 0;
  for (const c of campaigns) {
    const r = await updateCampaignCards(db, c.id, deps.ports, (locale) => deps.catalog.render(surveyClosedCard.name, { title: survey.title }, locale), log);
    updated += r.updated;
    failed += r.failed;
  }
  const reminderIds = campaigns.filter((c) => c.purpose?.startsWith(reminderPurposePrefix(run.id))).map((c) => c.id);
  if (reminderIds.length)
    await db.$transaction([
      db.delivery.deleteMany({ where: { campaignId: { in: reminderIds } } }),
      // The reminder campaigns' audience is the list of who had not answered that day.
      db.campaign.updateMany({ where: { id: { in: reminderIds } }, data: { audience: { personIds: [] }, data: {} } }),
    ]);
  log.info({ runId: run.id, updated, failed, reminderCampaigns: reminderIds.length }, 'survey cards closed');
  return { updated, failed };
}

/** The periodic sweep: close runs whose window ended (cards → closed), then send due reminders
 *  to the people who have not answered. */
export async function sweepSurveys(deps: Services): Promise<{ closed: number; reminders: number }> {
  let closed = 0;
  for (const run of await closeDueRuns(deps)) {
    await closeRunCards(deps, run);
    closed += 1;
  }
  // A run closed without its cards closed (the process died in between, or after a hand
  // close): its reminder rows still name who had not answered.
  const leftovers = await deps.db.campaign.findMany({
    where: { purpose: { startsWith: REMINDER_PURPOSE }, deliveries: { some: {} } },
    select: { purpose: true },
  });
  const runIds = new Set(leftovers.map((c) => c.purpose?.slice(REMINDER_PURPOSE.length).split(':')[0] ?? ''));
  for (const run of await deps.db.surveyRun.findMany({ where: { id: { in: [...runIds] }, status: 'closed' } })) await closeRunCards(deps, run);
  let reminders = 0;
  for (const due of await dueReminders(deps)) {
    const recipients = await markReminded(deps, due);
    if (!recipients || recipients.length === 0) continue;
    const survey = await getSurvey(deps, due.surveyId);
    const run = await deps.db.surveyRun.findUniqueOrThrow({ where: { id: due.runId } });
    await sendToRecipients(deps, survey, toRunInfo(run), recipients, `${reminderPurposePrefix(due.runId)}${due.reminder}`, true);
    reminders += recipients.length;
  }
  return { closed, reminders };
}

/** Creates a survey; a recurring one gets its launch schedule at once. */
export async function createSurveyWithSchedule(deps: Services, input: CreateSurveyInput): Promise<SurveySummary> {
  const survey = await createSurvey(deps, input);
  if (survey.schedule.kind === 'cron') {
    await saveSchedule(deps.db, {
      name: scheduleNameOf(survey.id),
      cron: survey.schedule.cron,
      timeZone: survey.timeZone,
      job: JOB_LAUNCH,
      params: { surveyId: survey.id },
    });
    await deps.schedulesChanged();
  }
  deps.log.info({ surveyId: survey.id }, 'survey created');
  return survey;
}

export interface SurveyOverview {
  survey: SurveySummary;
  /** The runs a list shows, newest first: the latest, and when it is still open the one closed
   *  before it (whose results are ready). Empty when the survey was never launched. */
  runs: RunInfo[];
}

/** Every survey (newest first) with its latest run(s), in two queries. */
export async function surveyOverview(deps: Pick<Services, 'db'>): Promise<SurveyOverview[]> {
  const surveys = await listSurveys(deps);
  const runs = await deps.db.surveyRun.findMany({
    where: { surveyId: { in: surveys.map((s) => s.id) } },
    orderBy: [{ surveyId: 'asc' }, { seq: 'desc' }],
  });
  const bySurvey = new Map<string, RunInfo[]>();
  for (const r of runs) bySurvey.set(r.surveyId, [...(bySurvey.get(r.surveyId) ?? []), toRunInfo(r)]);
  return surveys.map((survey) => {
    const [latest, ...older] = bySurvey.get(survey.id) ?? [];
    if (!latest) return { survey, runs: [] };
    const lastClosed = latest.status === 'open' ? older.find((r) => r.status === 'closed') : undefined;
    return { survey, runs: lastClosed ? [latest, lastClosed] : [latest] };
  });
}

/** Who a run's card reached, from its delivery rows: `sent` only when the platform took it. */
export interface RunDelivery {
  /** People the run was for (its participation rows). */
  audience: number;
  sent: number;
  /** In the directory but with no Teams or Slack account the bot knows: never sent. */
  noAccount: number;
  /** The platform refused it, or every retry failed. */
  failed: number;
  /** Queued or being sent (including a campaign not yet expanded into rows). */
  pending: number;
}

/** The run cards' delivery outcomes, for many runs in two queries. */
export async function runDeliveries(deps: Pick<Services, 'db'>, runs: readonly Pick<RunInfo, 'id' | 'sentCount'>[]): Promise<Map<string, RunDelivery>> {
  const campaigns = await deps.db.campaign.findMany({ where: { purpose: { in: runs.map((r) => runPurpose(r.id)) } }, select: { id: true, purpose: true } });
  const runOf = new Map(campaigns.map((c) => [c.id, (c.purpose ?? '').slice(runPurpose('').length)]));
  const groups = campaigns.length
    ? await deps.db.delivery.groupBy({
        by: ['campaignId', 'status', 'reason'],
        where: { campaignId: { in: campaigns.map((c) => c.id) } },
        _count: { _all: true },
      })
    : [];
  const out = new Map<string, RunDelivery>(runs.map((r) => [r.id, { audience: r.sentCount, sent: 0, noAccount: 0, failed: 0, pending: 0 }]));
  for (const g of groups) {
    const d = out.get(runOf.get(g.campaignId) ?? '');
    if (!d) continue;
    const n = g._count._all;
    if (g.status === 'sent') d.sent += n;
    else if (g.status === 'failed' && g.reason === NO_ACCOUNT) d.noAccount += n;
    else if (g.status === 'failed') d.failed += n;
    else d.pending += n;
  }
  for (const d of out.values()) d.pending += Math.max(0, d.audience - d.sent - d.noAccount - d.failed - d.pending);
  return out;
}

/** What an id a person typed names: a run id names that run, a survey id its latest run. A
 *  short reference (the first characters of either, at least SHORT_REF_LENGTH) names the one run
 *  or survey it starts; one that starts several names none. */
export async function targetOf(deps: Pick<Services, 'db'>, id: string): Promise<ResultsTarget> {
  const run = await deps.db.surveyRun.findUnique({ where: { id }, select: { id: true } });
  if (run) return { runId: run.id };
  const ref = id.toLowerCase();
  if (ref.length >= SHORT_REF_LENGTH && ref.length < 36 && /^[0-9a-f-]+$/.test(ref)) {
    const runs = await deps.db.surveyRun.findMany({ where: { id: { startsWith: ref } }, select: { id: true }, take: 2 });
    const surveys = await deps.db.survey.findMany({ where: { id: { startsWith: ref } }, select: { id: true }, take: 2 });
    const [onlyRun] = runs;
    const [onlySurvey] = surveys;
    if (runs.length + surveys.length === 1) return onlyRun ? { runId: onlyRun.id } : { surveyId: onlySurvey?.id ?? '' };
    if (runs.length + surveys.length > 1) throw refuse(ErrorCode.NotFound, SurveyNotice.notFound, 'that reference starts more than one id');
  }
  await getSurvey(deps, id); // refuses with surveyNotFound
  return { surveyId: id };
}

/** Closes a run now and turns every card it sent to "closed" (one meaning, in chat and CLI). */
export async function closeSurveyRun(
  deps: Services,
  target: ResultsTarget,
): Promise<{ run: RunInfo; survey: SurveySummary; alreadyClosed: boolean; cards: { updated: number; failed: number } }> {
  const before =
    'runId' in target
      ? await deps.db.surveyRun.findUnique({ where: { id: target.runId }, select: { status: true } })
      : await deps.db.surveyRun.findFirst({ where: { surveyId: target.surveyId }, orderBy: { seq: 'desc' }, select: { status: true } });
  if (!before) throw refuse(ErrorCode.NotFound, SurveyNotice.notFound, 'that survey was never launched');
  const run = await closeRun(deps, target);
  const survey = await getSurvey(deps, run.surveyId);
  if (before.status === 'closed') return { run, survey, alreadyClosed: true, cards: { updated: 0, failed: 0 } };
  return { run, survey, alreadyClosed: false, cards: await closeRunCards(deps, run) };
}
