// Sending a survey: launch a run and hand its card to delivery; reminders; and closing (every
// sent card turns to "closed", reminder delivery rows are deleted since they name who had not
// answered by then).
import { createCampaign, updateCampaignCards } from '../../delivery/index.ts';
import type { PlatformName } from '../../kernel/events.ts';
import type { OutboundPort } from '../../kernel/ports.ts';
import type { Services } from '../../kernel/turn.ts';
import {
  closeDueRuns,
  dueReminders,
  getSurvey,
  launchRun,
  markReminded,
  surveyQuestions,
  type Recipient,
  type RunInfo,
  type SurveySummary,
} from '../surveys/domain/index.ts';
import { dateIn } from '../surveys/domain/model.ts';
import type { SurveyCardData } from '../../cards/survey/index.ts';

export const SURVEY_CARD = 'survey';
export const SURVEY_CLOSED_CARD = 'survey-closed';

export type Ports = Partial<Record<PlatformName, OutboundPort>>;
export interface SurveyChatDeps extends Services {
  /** The outbound ports (a getter: they are built after the router). */
  ports: () => Ports;
}

export const runPurpose = (runId: string) => `survey-run:${runId}`;
const REMINDER_PURPOSE = 'survey-reminder:';
export const reminderPurposePrefix = (runId: string) => `${REMINDER_PURPOSE}${runId}:`;

/** The staff card's data for a run (all languages: the card renders in the recipient's). */
export async function cardData(deps: Pick<Services, 'db'>, survey: SurveySummary, opts: { run?: RunInfo; reminder?: boolean; preview?: boolean }): Promise<SurveyCardData> {
  const questions = await surveyQuestions(deps, survey.id);
  return {
    ...(opts.run ? { runId: opts.run.id, closes: dateIn(survey.timeZone, opts.run.closesAt) } : {}),
    ...(opts.preview ? { preview: true, surveyId: survey.id } : {}),
    ...(opts.reminder ? { reminder: true } : {}),
    title: survey.title,
    windowDays: survey.windowDays,
    threshold: survey.thresholds.scores,
    questions: questions.map((q) => ({ key: q.key, kind: q.kind, required: q.required, text: q.text, choices: q.choices.map((c) => ({ key: c.key, en: c.en, es: c.es })) })),
  };
}

async function sendToRecipients(deps: SurveyChatDeps, survey: SurveySummary, run: RunInfo, recipients: Recipient[], purpose: string, reminder: boolean, createdBy?: string) {
  const data = await cardData(deps, survey, { run, reminder });
  return createCampaign(
    deps.db,
    {
      name: `${reminder ? 'Survey reminder' : 'Survey'}: ${survey.title.en} #${run.seq}`.slice(0, 200),
      template: SURVEY_CARD,
      data: data as unknown as Record<string, unknown>,
      audience: { personIds: recipients.map((r) => r.personId) },
      purpose,
      ...(createdBy ? { createdBy } : {}),
    },
    deps.clock.now(),
  );
}

/** Launches a run of a survey now and queues its card for every recipient. */
export async function launchSurvey(deps: SurveyChatDeps, surveyId: string, createdBy?: string) {
  const { run, recipients, closedRuns } = await launchRun(deps, surveyId);
  for (const r of closedRuns) await closeRunCards(deps, r);
  const survey = await getSurvey(deps, surveyId);
  const campaign = await sendToRecipients(deps, survey, run, recipients, runPurpose(run.id), false, createdBy);
  deps.log.info({ surveyId, runId: run.id, campaignId: campaign.id, recipients: campaign.recipients }, 'survey run sent to delivery');
  return { run, survey, recipients: recipients.length, campaignId: campaign.id };
}

/** After a run closed: every sent card (run and reminders) shows "closed"; the reminders'
 *  delivery rows are deleted and their campaigns' audience emptied (they tell who had not
 *  answered on a given day). */
export async function closeRunCards(deps: SurveyChatDeps, run: Pick<RunInfo, 'id' | 'surveyId'>): Promise<{ updated: number; failed: number }> {
  const { db, log } = deps;
  const survey = await getSurvey(deps, run.surveyId);
  const campaigns = await db.campaign.findMany({
    where: { OR: [{ purpose: runPurpose(run.id) }, { purpose: { startsWith: reminderPurposePrefix(run.id) } }] },
    select: { id: true, purpose: true },
  });
  let updated = 0;
  let failed = 0;
  for (const c of campaigns) {
    const r = await updateCampaignCards(db, c.id, deps.ports(), (locale) => deps.renderCard(SURVEY_CLOSED_CARD, { title: survey.title }, locale), log);
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
export async function sweepSurveys(deps: SurveyChatDeps): Promise<{ closed: number; reminders: number }> {
  let closed = 0;
  for (const run of await closeDueRuns(deps)) {
    await closeRunCards(deps, run);
    closed += 1;
  }
  // A run closed without its cards closed (the process died in between, or after a hand
  // close): its reminder rows still name who had not answered.
  const leftovers = await deps.db.campaign.findMany({ where: { purpose: { startsWith: REMINDER_PURPOSE }, deliveries: { some: {} } }, select: { purpose: true } });
  const runIds = new Set(leftovers.map((c) => c.purpose?.slice(REMINDER_PURPOSE.length).split(':')[0] ?? ''));
  for (const run of await deps.db.surveyRun.findMany({ where: { id: { in: [...runIds] }, status: 'closed' } })) await closeRunCards(deps, run);
  let reminders = 0;
  for (const due of await dueReminders(deps)) {
    const recipients = await markReminded(deps, due);
    if (!recipients || recipients.length === 0) continue;
    const survey = await getSurvey(deps, due.surveyId);
    const run = await deps.db.surveyRun.findUniqueOrThrow({ where: { id: due.runId } });
    await sendToRecipients(
      deps,
      survey,
      { id: run.id, surveyId: run.surveyId, seq: run.seq, opensAt: run.opensAt, closesAt: run.closesAt, status: run.status, sentCount: run.sentCount, answeredCount: run.answeredCount },
      recipients,
      `${reminderPurposePrefix(due.runId)}${due.reminder}`,
      true,
    );
    reminders += recipients.length;
  }
  return { closed, reminders };
}
