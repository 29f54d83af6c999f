// The use cases chat commands, CLI commands, jobs and (soon) the home tab all call. They read
// and change the domain (./domain) and hand proactive cards to delivery (createCampaign): the
// checklist reminders, the panel's "score on your own", and the verification survey at close.
import { localDateTime } from '../../cards/dates.ts';
import { createCampaign } from '../../delivery/index.ts';
import { nextSchoolTime } from '../../scheduler/school-days.ts';
import { type HiringAckData, card as hiringAck } from './cards/hiring-ack/index.ts';
import { type HiringChecklistData, card as hiringChecklist } from './cards/hiring-checklist/index.ts';
import type { HiringProcessData } from './cards/hiring-process/index.ts';
import type { HiringTasksData } from './cards/hiring-tasks/index.ts';
import { type HiringVerifyData, card as hiringVerify } from './cards/hiring-verify/index.ts';
import { audit } from './domain/audit.ts';
import { addInterview, checklistItems, schoolHours } from './domain/interviews.ts';
import { type Actor, DAY_MS, type HiringDeps, isHr, REMINDER_STEPS } from './domain/model.ts';
import { closeProcess, type ProcessView } from './domain/processes.ts';

export const JOB_SWEEP = 'hiring.sweep';

/** The directory's buildings and job categories, for the `hiring new` form's choices. */
export async function newProcessChoices(deps: HiringDeps): Promise<{ buildings: string[]; jobCategories: string[] }> {
  const people = await deps.db.person.findMany({
    where: { inactiveAt: null },
    distinct: ['building', 'jobCategory'],
    select: { building: true, jobCategory: true },
  });
  const sorted = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort((a, b) => a.localeCompare(b));
  return { buildings: sorted(people.map((p) => p.building)), jobCategories: sorted(people.map((p) => p.jobCategory)) };
}

/** What the process card shows this viewer. */
export async function processCardData(deps: HiringDeps, actor: Actor, { process, results }: ProcessView): Promise<HiringProcessData> {
  const interviews = await deps.db.hiringInterview.findMany({ where: { processId: process.id }, orderBy: { interviewAt: 'asc' } });
  return {
    id: process.id,
    ref: process.ref,
    position: process.position,
    building: process.building,
    jobCategory: process.jobCategory,
    requisitionId: process.requisitionId,
    status: process.status === 'closed' ? 'closed' : process.status === 'ready' ? 'ready' : 'draft',
    rules: results.map((r) => ({ label: { en: r.labelEn, es: r.labelEs }, pass: r.pass, reason: r.reason })),
    exception: process.exceptionReason,
    panel: process.panel.map((m) => m.email).join('\n'),
    interviews: interviews.map((i) => ({ code: i.candidateCode, at: localDateTime(deps.timeZone, i.interviewAt), done: i.checklistAt !== null })),
    can: { edit: process.managerId === actor.id || isHr(actor), exception: isHr(actor) },
  };
}

type InterviewRow = { id: string; candidateCode: string; interviewAt: Date };
type ProcessRef = { ref: string; position: string };

export async function checklistCardData(deps: HiringDeps, process: ProcessRef, interview: InterviewRow, reminder = false): Promise<HiringChecklistData> {
  const items = await checklistItems(deps);
  return {
    interviewId: interview.id,
    ref: process.ref,
    position: process.position,
    code: interview.candidateCode,
    at: localDateTime(deps.timeZone, interview.interviewAt),
    items: items.map((i) => ({ key: i.key, text: { en: i.textEn, es: i.textEs } })),
    ...(reminder ? { reminder: true } : {}),
  };
}

/** Records an interview, and reminds the panel to score on their own before any discussion. */
export async function recordInterview(deps: HiringDeps, actor: Actor, refOrId: string, candidateCode: string, interviewAt: Date) {
  const { process, interview } = await addInterview(deps, actor, refOrId, candidateCode, interviewAt);
  const panelIds = process.panel.flatMap((m) => (m.personId ? [m.personId] : []));
  if (panelIds.length) {
    const data: HiringAckData = {
      message: 'scoreOnYourOwn',
      params: { code: interview.candidateCode, position: process.position, ref: process.ref, at: localDateTime(deps.timeZone, interview.interviewAt) },
    };
    await createCampaign(
      deps.db,
      {
        name: `Hiring ${process.ref}: score on your own`,
        template: hiringAck.name,
        data: { ...data },
        audience: { personIds: panelIds },
        purpose: `hiring-score:${interview.id}`,
        createdBy: actor.id,
      },
      deps.clock.now(),
    );
  }
  return { process, interview, checklist: await checklistCardData(deps, process, interview) };
}

/**
 * Checklist reminders due now: an hour after the interview, then daily on school days for up to
 * 10 days, until the checklist is done or the process closes. Each (interview, step) is
 * recorded before its card is handed to delivery, so a second sweep or instance never sends it twice.
 */
export async function sweepReminders(deps: HiringDeps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.hiringInterview.findMany({
    where: { checklistAt: null, nextReminderAt: { lte: now }, remindersSent: { lt: REMINDER_STEPS }, process: { status: { not: 'closed' } } },
    include: { process: { select: { id: true, ref: true, position: true, managerId: true } } },
    take: 500,
  });
  let sent = 0;
  for (const interview of due) {
    const step = interview.remindersSent;
    const next = step + 1 < REMINDER_STEPS ? await nextSchoolTime(deps.db, new Date(now.getTime() + DAY_MS), schoolHours(deps.timeZone)) : null;
    const { count } = await deps.db.hiringInterview.updateMany({
      where: { id: interview.id, remindersSent: step, checklistAt: null },
      data: { remindersSent: step + 1, nextReminderAt: next },
    });
    if (count !== 1) continue;
    await deps.db.hiringReminder.create({ data: { interviewId: interview.id, step, createdAt: now } });
    const data = await checklistCardData(deps, interview.process, interview, true);
    const campaign = await createCampaign(
      deps.db,
      {
        name: `Hiring ${interview.process.ref}: checklist reminder`,
        template: hiringChecklist.name,
        data: { ...data },
        audience: { personIds: [interview.process.managerId] },
        purpose: `hiring-reminder:${interview.id}:${step}`,
      },
      now,
    );
    await deps.db.hiringReminder.update({ where: { interviewId_step: { interviewId: interview.id, step } }, data: { campaignId: campaign.id } });
    await audit(deps.db, { processId: interview.process.id, action: 'reminder.sent', detail: { interviewId: interview.id, step }, at: now });
    sent++;
  }
  if (sent) deps.log?.info({ reminders: sent }, 'hiring checklist reminders queued');
  return sent;
}

/** Closes a process and sends every panel member in the directory the verification survey. */
export async function closeAndVerify(deps: HiringDeps, actor: Actor, refOrId: string) {
  const closed = await closeProcess(deps, actor, refOrId);
  const { process } = closed.view;
  if (!closed.alreadyClosed && closed.panelIds.length) {
    const data: HiringVerifyData = { processId: process.id, ref: process.ref, position: process.position };
    await createCampaign(
      deps.db,
      {
        name: `Hiring ${process.ref}: verification survey`,
        template: hiringVerify.name,
        data: { ...data },
        audience: { personIds: closed.panelIds },
        purpose: `hiring-verify:${process.id}`,
        createdBy: actor.id,
      },
      deps.clock.now(),
    );
  }
  return closed;
}

/** What one person has waiting in hiring (the home tab's list, and `hiring tasks`). */
export async function myHiringTasks(deps: HiringDeps, personId: string): Promise<HiringTasksData> {
  const interviews = await deps.db.hiringInterview.findMany({
    where: { checklistAt: null, process: { managerId: personId, status: { not: 'closed' } } },
    include: { process: { select: { ref: true, position: true } } },
    orderBy: { interviewAt: 'asc' },
  });
  const verifications = await deps.db.hiringVerification.findMany({
    where: { personId, answeredAt: null },
    include: { process: { select: { id: true, ref: true, position: true } } },
    orderBy: { sentAt: 'asc' },
  });
  return {
    checklists: interviews.map((i) => ({
      interviewId: i.id,
      ref: i.process.ref,
      position: i.process.position,
      code: i.candidateCode,
      at: localDateTime(deps.timeZone, i.interviewAt),
    })),
    verifications: verifications.map((v) => ({ processId: v.process.id, ref: v.process.ref, position: v.process.position })),
  };
}
