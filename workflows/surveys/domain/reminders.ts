// Reminders go to the people who have not answered, on the survey's reminder days (default
// days 3 and 5 of the window, at most 3). They are counted per run, in rounds: round k goes out
// once, to everyone who had not answered when it was claimed. A sweep that missed a day sends
// one reminder, not several. Nothing per person is written, so reminders leave no trace that
// could be set beside a response's date.
import { readInSlices } from '../../../core/db.ts';
import { hasAnswered } from './answered-slots.ts';
import { DAY_MS, ReminderDays, type SurveyDeps, surveyLocale } from './model.ts';
import type { Recipient } from './runs.ts';

export interface DueReminder {
  runId: string;
  surveyId: string;
  /** Which reminder this is: 1, 2 or 3 (the number of reminder days reached). */
  reminder: number;
  recipients: Recipient[];
}

/** How many of the reminder days have been reached at `now`. */
export const remindersReached = (opensAt: Date, reminderDays: readonly number[], now: Date) =>
  reminderDays.filter((d) => opensAt.getTime() + d * DAY_MS <= now.getTime()).length;

async function waiting(db: SurveyDeps['db'], run: { id: string; answeredSlots: Uint8Array }): Promise<Recipient[]> {
  const participations = await db.surveyParticipation.findMany({ where: { runId: run.id }, select: { personId: true, slot: true } });
  const ids = participations.filter((p) => !hasAnswered(run.answeredSlots, p.slot)).map((p) => p.personId);
  const people = await readInSlices([...ids].sort(), (slice) =>
    db.person.findMany({ where: { id: { in: slice } }, select: { id: true, language: true }, orderBy: { id: 'asc' } }),
  );
  return people.map((p) => ({ personId: p.id, locale: surveyLocale(p.language) }));
}

/** Open runs with a reminder round due, each with the people who have not answered. Reads
 *  only: claim a round with markReminded before sending it. */
export async function dueReminders({ db, clock }: SurveyDeps): Promise<DueReminder[]> {
  const now = clock.now();
  const runs = await db.surveyRun.findMany({
    where: { status: 'open', opensAt: { lte: now }, closesAt: { gt: now } },
    include: { survey: { select: { reminderDays: true } } },
  });
  const due: DueReminder[] = [];
  for (const run of runs) {
    const reached = remindersReached(run.opensAt, ReminderDays.parse(run.survey.reminderDays), now);
    if (reached <= run.remindersSent || run.answeredCount >= run.sentCount) continue;
    due.push({ runId: run.id, surveyId: run.surveyId, reminder: reached, recipients: await waiting(db, run) });
  }
  return due;
}

/** Claims reminder round `reminder` of a run. Exactly one caller (across instances) gets the
 *  recipients, read again after the claim so that anyone who answered meanwhile is left out;
 *  the others get null. Hand the recipients to delivery (durable) right away. */
export async function markReminded({ db, log }: SurveyDeps, due: Pick<DueReminder, 'runId' | 'reminder'>): Promise<Recipient[] | null> {
  const { count } = await db.surveyRun.updateMany({
    where: { id: due.runId, status: 'open', remindersSent: { lt: due.reminder } },
    data: { remindersSent: due.reminder },
  });
  if (count !== 1) return null;
  const run = await db.surveyRun.findUniqueOrThrow({ where: { id: due.runId }, select: { id: true, answeredSlots: true } });
  const recipients = await waiting(db, run);
  log?.info({ runId: due.runId, reminder: due.reminder, recipients: recipients.length }, 'survey reminder round claimed');
  return recipients;
}
